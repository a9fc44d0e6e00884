import { extractPath } from '../../node/extract-path';
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NetCDFReader } from 'netcdfjs';
import type { Field, FieldGroup, MetadataRecord } from '../types';
import { DEFAULT_OPTIONS } from '../types';
import { ExtractError } from '../errors';
import { BytesSource } from '../source/bytes-source';
import { BASIC, encodeNetcdf, HTML_PAYLOAD, writeFixtures, type NcSpec } from '../../../scripts/fixtures/netcdf';
import { fixtureFolder } from '../../../scripts/fixtures/fixture-folder';
import { CORPUS_DIR } from '../../testing/conformance/corpus';
import { NeedMoreBytes, parseClassicHeader, type ClassicHeader } from './header';
import { readClassicHeader } from './read';
import { corpusFacts } from '../../testing/facts/netcdf';
import { presentNetcdf } from './present';
import type { NetcdfModel } from './model';

const path = fixtureFolder('netcdf-test-', writeFixtures);

async function run(file: string, options = {}): Promise<MetadataRecord> {
  return extractPath(file, { options });
}

function group(r: MetadataRecord | FieldGroup[], id: string): FieldGroup {
  const list = Array.isArray(r) ? r : r.groups;
  const g = list.find((x) => x.id === id);
  if (!g) throw new Error(`no group ${id}`);
  return g;
}
const field = (fields: Field[], key: string) => fields.find((f) => f.key === key);

const limits = { maxObjects: 1000, maxValues: 64, maxBytes: 1 << 20 };
const ctx = (options = {}) => ({ options: { ...DEFAULT_OPTIONS, ...options }, warn: () => {} });

describe('netcdf classic extractor', () => {
  it('reads the CDF-1 basic fixture: format, summary, dimensions, variables, attributes', async () => {
    const r = await run(path('netcdf-basic.nc'));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.format).toEqual({ id: 'netcdf', name: 'NetCDF classic', version: 'CDF-1' });
    expect(field(r.summary, 'title')?.value).toBe('MetaExtract NetCDF test fixture');
    expect(field(r.summary, 'Conventions')?.value).toBe('CF-1.8');
    expect(field(r.summary, 'numrecs')?.value).toBe(3);
    expect(field(r.summary, 'variables')?.value).toBe(7);
    expect(field(r.summary, 'dimensions')?.value).toBe('time = UNLIMITED (3 currently), lat = 4, lon = 5, name_strlen = 8');

    const facts = corpusFacts(r);
    expect(facts.kind).toBe('classic');
    expect(facts.data_model).toBe('NETCDF3_CLASSIC');
    expect(facts.dimensions).toEqual({
      time: { size: 3, unlimited: true },
      lat: { size: 4, unlimited: false },
      lon: { size: 5, unlimited: false },
      name_strlen: { size: 8, unlimited: false },
    });
    expect((facts.variables as Record<string, unknown>).tas).toEqual({ dims: ['time', 'lat', 'lon'], type: 'short', shape: [3, 4, 5] });
    expect((facts.variables as Record<string, unknown>).count).toEqual({ dims: [], type: 'int', shape: [] });
    expect(facts.global_attributes).toMatchObject({
      comment: HTML_PAYLOAD,
      att_byte: [-128, 0, 127],
      att_short: [-32768, 32767],
      att_int: 42,
      att_float: [0.1, 2.5],
      att_double: Math.PI,
    });
    expect(facts.groups).toBeUndefined();

    const tas = group(group(r, 'variables').children ?? [], 'variable:/tas');
    expect(tas.label).toBe('short tas(time, lat, lon)');
    expect(field(tas.fields, 'scale_factor')).toMatchObject({ value: 0.01, comment: 'float' });
    expect(field(tas.fields, '_FillValue')?.value).toBe(-32767);
    const storage = group(tas.children ?? [], 'storage:/tas');
    expect(field(storage.fields, 'record')?.value).toBe(true);
    expect(field(storage.fields, 'recordBytes')?.value).toBe(40);
    expect(field(storage.fields, 'size')?.value).toBe(120);
  });

  it('computes record layout offsets that point at the written data', async () => {
    const bytes = new Uint8Array(await readFile(path('netcdf-basic.nc')));
    const r = await run(path('netcdf-basic.nc'));
    const vars = group(r, 'variables').children ?? [];
    const begin = (name: string) => field(group(group(vars, `variable:/${name}`).children ?? [], `storage:/${name}`).fields, 'begin')?.value as number;
    const dv = new DataView(bytes.buffer);
    expect(dv.getFloat32(begin('lat') + 12)).toBe(45);
    const recsize = field(group(r, 'file').fields, 'record_size')?.value as number;
    expect(recsize).toBe(8 + 40 + 4); // time double + tas 4×5 shorts + flag byte padded
    expect(dv.getFloat64(begin('time') + 2 * recsize)).toBe(2);
    expect(new TextDecoder().decode(bytes.subarray(begin('station') + 16, begin('station') + 23))).toBe('CHARLIE');
  });

  it('reads CDF-2 (64-bit offset)', async () => {
    const r = await run(path('netcdf-64bit-offset.nc'));
    expect(r.errors).toEqual([]);
    expect(r.format).toEqual({ id: 'netcdf', name: 'NetCDF 64-bit offset', version: 'CDF-2' });
    const facts = corpusFacts(r);
    expect(facts).toMatchObject({ kind: '64-bit offset', data_model: 'NETCDF3_64BIT_OFFSET', variables: { z: { dims: ['y', 'x'], type: 'double', shape: [2, 3] } } });
    expect(facts.global_attributes).toEqual({ title: '64-bit offset fixture' });
  });

  it('reads CDF-5 with the 64-bit types (which netcdfjs rejects)', async () => {
    const file = path('netcdf-cdf5.nc');
    const bytes = await readFile(file);
    expect(() => new NetCDFReader(bytes)).toThrow(/version/);
    const r = await run(file);
    expect(r.errors).toEqual([]);
    expect(r.format).toEqual({ id: 'netcdf', name: 'NetCDF CDF-5', version: 'CDF-5' });
    const facts = corpusFacts(r);
    expect(facts.kind).toBe('cdf5');
    expect(facts.data_model).toBe('NETCDF3_64BIT_DATA');
    expect(facts.dimensions).toEqual({ rec: { size: 2, unlimited: true }, n: { size: 3, unlimited: false } });
    expect(facts.variables).toEqual({
      big: { dims: ['n'], type: 'int64', shape: [3] },
      ubig: { dims: ['rec', 'n'], type: 'uint64', shape: [2, 3] },
      u8: { dims: ['rec'], type: 'ubyte', shape: [2] },
      u16: { dims: ['n'], type: 'ushort', shape: [3] },
      u32: { dims: ['rec', 'n'], type: 'uint', shape: [2, 3] },
    });
    const atts = group(r, 'global-attributes').fields;
    expect(field(atts, 'att_ubyte')?.value).toEqual([0, 255]);
    expect(field(atts, 'att_ushort')?.value).toBe(65535);
    expect(field(atts, 'att_uint')?.value).toBe(4294967295);
    expect(field(atts, 'att_int64')?.value).toEqual(['-9007199254740993', 5]);
    expect(field(atts, 'att_uint64')?.value).toBe('18446744073709551615');
    expect(field(group(r, 'file').fields, 'record_size')?.value).toBe(24 + 1 + 12 + 3); // uint64×3, ubyte (padded 4), uint×3
  });

  it('counts records from the file size when numrecs is STREAMING', async () => {
    const r = await run(path('netcdf-streaming.nc'));
    expect(r.errors).toEqual([]);
    expect(corpusFacts(r).dimensions).toEqual({ t: { size: 4, unlimited: true } });
    expect(field(group(r, 'file').fields, 'numrecs_field')?.value).toBe('STREAMING');
    expect(field(r.summary, 'numrecs')?.value).toBe(4);
  });

  it('reads only the header of a multi-megabyte file', async () => {
    const file = path('netcdf-large.nc');
    const r = await run(file);
    expect(r.errors).toEqual([]);
    expect(r.file.size).toBeGreaterThan(6 * 1024 * 1024);
    expect(corpusFacts(r).variables).toEqual({ image: { dims: ['y', 'x'], type: 'float', shape: [1024, 1536] } });
    expect(r.stats.bytesRead).toBeLessThanOrEqual(64 * 1024);
    expect(r.stats.bytesRead / r.file.size).toBeLessThan(0.02);
  });

  it('reports a truncated header as truncated and absurd counts as corrupt', async () => {
    const t = await run(path('netcdf-truncated.nc'));
    expect(t.errors.map((e) => e.code)).toEqual(['truncated']);
    const c = await run(path('netcdf-corrupt.nc'));
    expect(c.errors.map((e) => e.code)).toEqual(['corrupt']);
    expect(c.errors[0].message).toMatch(/Impossible dimension count 2147483632/);
  });

  it('warns when the data is shorter than the header describes', async () => {
    const bytes = encodeNetcdf(BASIC);
    const header = parseClassicHeader(bytes, bytes.length, limits);
    const cut = bytes.slice(0, header.headerEnd + 10);
    const warnings: string[] = [];
    const { extractor } = await import('./extract');
    const out = await extractor.extract(new BytesSource(cut, 'cut.nc'), { options: DEFAULT_OPTIONS, warn: (m) => warnings.push(m) });
    expect(out.format.id).toBe('netcdf');
    expect(warnings.join()).toMatch(/variable data is missing/);
  });
});

describe('headers that depart from the format, read as netCDF-C reads them (ncdump -h shows them)', () => {
  const dims = (r: MetadataRecord) => corpusFacts(r).dimensions;

  it('a dimension length with the sign bit set is read unsigned, with a warning', async () => {
    const r = await run(path('netcdf-unsigned.nc'));
    expect(r.errors).toEqual([]);
    expect(dims(r)).toEqual({ x: { size: 2 ** 31, unlimited: false } });
    expect(r.warnings[0]).toMatch(/Dimension "x" at offset 24: length 2147483648 has the sign bit set/);
  });

  it('CDF-5 numrecs, dimension length and begin offset past 2^53 are exact', async () => {
    const r = await run(path('netcdf-cdf5-huge.nc'));
    const huge = (2n ** 60n).toString();
    expect(r.errors).toEqual([]);
    expect(dims(r)).toEqual({ time: { size: huge, unlimited: true }, big: { size: huge, unlimited: false }, n: { size: 2, unlimited: false } });
    expect(field(group(group(r, 'variables').children!, 'variable:/t').children![0].fields, 'begin')?.value).toBe((2n ** 60n + 8n).toString());
    expect(field(group(r, 'file').fields, 'record_begin')?.value).toBe((2n ** 60n + 8n).toString());
  });

  it('of two dimensions of length 0, both have the record count and only the first is unlimited', async () => {
    const r = await run(path('netcdf-zero-dims.nc'));
    expect(r.errors).toEqual([]);
    expect(dims(r)).toEqual({ time: { size: 2, unlimited: true }, empty: { size: 2, unlimited: false }, x: { size: 2, unlimited: false } });
    expect(r.warnings[0]).toMatch(/More than one dimension of length 0 \("time", "empty"\)/);
  });

  it('an empty name and an empty list with a stray tag are read, with a warning each', async () => {
    const r = await run(path('netcdf-lax.nc'));
    expect(r.errors).toEqual([]);
    expect(dims(r)).toEqual({ '': { size: 3, unlimited: false } });
    expect(corpusFacts(r).variables).toEqual({ v: { dims: [''], type: 'int', shape: [3] } });
    expect(r.warnings.slice(0, 2)).toEqual([expect.stringMatching(/^Empty name at offset 16/), expect.stringMatching(/^Empty attribute list at offset 24 with tag 0xb/)]);
  });
});

describe('classic header parser', () => {
  const basic = encodeNetcdf(BASIC);

  it('asks for more bytes on a short prefix, and says truncated when the file itself is short', () => {
    expect(() => parseClassicHeader(basic.subarray(0, 50), basic.length, limits)).toThrow(NeedMoreBytes);
    try {
      parseClassicHeader(basic.subarray(0, 50), 50, limits);
      expect.unreachable();
    } catch (e) {
      expect((e as ExtractError).code).toBe('truncated');
    }
  });

  function code(bytes: Uint8Array, l = limits): string {
    try {
      parseClassicHeader(bytes, bytes.length, l);
      return 'ok';
    } catch (e) {
      return e instanceof ExtractError ? e.code : String(e);
    }
  }

  it('rejects bad tags, types, dimension ids and negative counts as corrupt', () => {
    const badTag = basic.slice();
    badTag[11] = 0x0b; // dim_list tag → NC_VARIABLE
    expect(code(badTag)).toBe('corrupt');
    const cdf1With64 = encodeNetcdf({ version: 5, dims: [], attrs: [{ name: 'a', type: 'int64', value: [1n] }] });
    // Same bytes but claiming CDF-1 make every 64-bit field wrong; a CDF-1 file with nc_type 10:
    const int64InCdf1 = encodeNetcdf({ version: 1, dims: [], attrs: [{ name: 'a', type: 'int', value: [1] }] });
    int64InCdf1[int64InCdf1.length - 20 + 3] = 10; // nc_type of the attribute
    expect(code(cdf1With64)).toBe('ok');
    expect(code(int64InCdf1)).toBe('corrupt');
    const negative = encodeNetcdf({ version: 1, dims: [['x', 2]] });
    negative[12] = 0x80; // dimension count with the sign bit
    expect(code(negative)).toBe('corrupt');
    const badDimId = encodeNetcdf({ version: 1, dims: [['x', 2]], vars: [{ name: 'v', type: 'int', dims: ['x'] }] });
    const h = parseClassicHeader(badDimId, badDimId.length, limits);
    expect(h.variables[0].dimids).toEqual([0]);
    // var: tag(4) count(4) name len(4) "v"+pad(4) ndims(4) dimid(4) → dimid at 28 + 12 bytes of dims list
    const at = 8 + 8 + 4 + 4 + 4 + 8 + 8 + 4 + 4 + 4;
    badDimId[at + 3] = 9;
    expect(code(badDimId)).toBe('corrupt');
    expect(code(basic, { ...limits, maxObjects: 3 })).toBe('too-large');
    const wrongMagic = basic.slice();
    wrongMagic[0] = 0x58;
    expect(code(wrongMagic)).toBe('unsupported-format');
  });

  it('keeps a NUL-padded (renamed) name as netCDF-C does', () => {
    const b = encodeNetcdf({ version: 1, dims: [['pp\0\0\0\0\0\0', 7]] });
    expect(parseClassicHeader(b, b.length, limits).dimensions[0].name).toBe('pp');
  });

  it('grows the prefix past 64 KiB for a long header, and stops at maxMetadataBytes', async () => {
    const spec: NcSpec = {
      version: 2,
      dims: [['x', 1]],
      attrs: [
        { name: 'history', type: 'char', value: 'h'.repeat(300_000) },
        { name: 'after', type: 'int', value: [5] },
      ],
    };
    const bytes = encodeNetcdf(spec);
    const src = new BytesSource(bytes);
    const h = await readClassicHeader(src, ctx());
    expect(h.attributes[1]).toMatchObject({ name: 'after', value: [5] });
    expect((h.attributes[0].value as string).length).toBe(300_000);
    expect(src.reads).toBeLessThanOrEqual(3);
    await expect(readClassicHeader(new BytesSource(bytes), ctx({ maxMetadataBytes: 100_000 }))).rejects.toMatchObject({ code: 'too-large' });
  });

  it('cuts long numeric attributes to maxArrayItems and keeps their length', async () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const bytes = encodeNetcdf({ version: 1, dims: [], attrs: [{ name: 'many', type: 'short', value: values }] });
    const { extractor } = await import('./extract');
    const out = await extractor.extract(new BytesSource(bytes), ctx({ maxArrayItems: 10 }));
    const f = field(group(out.groups, 'global-attributes').fields, 'many');
    expect(f?.value).toEqual(values.slice(0, 10));
    expect(f?.total).toBe(100);
  });
});

/**
 * Cross-check against netcdfjs, the stack's NetCDF library: our own reader exists because
 * netcdfjs rejects CDF-5 and 64-bit-offset files whose variables start past 4 GiB and reports
 * vsize instead of sizes; on the files both can read, both must agree.
 */
describe('agrees with netcdfjs on classic and 64-bit offset headers', () => {
  const corpus = join(CORPUS_DIR, 'netcdf');
  const files = () => [
    path('netcdf-basic.nc'),
    path('netcdf-64bit-offset.nc'),
    path('netcdf-large.nc'),
    ...['madis-sao.nc', 'ichthyop.nc', 'model1_md2.nc', 'netcdfc_ref_nctest_classic.nc'].map((f) => join(corpus, f)).filter(existsSync),
  ];

  function same(ours: ClassicHeader, theirs: NetCDFReader) {
    // netcdfjs keeps NUL-padded names as they are; netCDF-C (and we) cut them at the NUL.
    const name = (s: string) => s.replace(/\0.*$/s, '');
    expect(ours.dimensions.map((d) => d.name)).toEqual(theirs.dimensions.map((d) => name(d.name)));
    const rec = theirs.recordDimension;
    expect(ours.dimensions.map((d) => (d.length === 0 ? rec.length : d.length))).toEqual(theirs.dimensions.map((d, i) => (i === rec.id ? rec.length : d.size)));
    const att = (a: { name: string; type: string; value: unknown }) => {
      const v = a.value;
      const list = typeof v === 'string' ? v : Array.isArray(v) ? v : [v];
      // netcdfjs reads NC_BYTE as unsigned (the spec says signed): compare bytes as signed on both sides.
      const norm = (x: unknown) => (a.type === 'float' ? Math.fround(x as number) : a.type === 'byte' ? ((x as number) << 24) >> 24 : x);
      return { name: name(a.name), type: a.type, value: Array.isArray(list) ? list.map(norm) : list };
    };
    const oursAtt = (a: { name: string; type: string; value: unknown }) => att({ ...a, value: a.value });
    expect(ours.attributes.map(oursAtt)).toEqual(theirs.globalAttributes.map(att));
    expect(ours.variables.map((v) => ({ name: v.name, dims: v.dimids, type: v.type, begin: v.begin, vsize: v.vsize, attributes: v.attributes.map(oursAtt) }))).toEqual(
      theirs.variables.map((v) => ({
        name: name(v.name),
        dims: v.dimensions,
        type: v.type,
        begin: v.offset,
        vsize: v.size,
        attributes: (v.attributes as Array<{ name: string; type: string; value: unknown }>).map(att),
      })),
    );
  }

  it('same dimensions, attributes and variables', async () => {
    const list = files();
    expect(list.length).toBeGreaterThanOrEqual(3);
    for (const f of list) {
      const bytes = new Uint8Array(await readFile(f));
      const ours = parseClassicHeader(bytes, bytes.length, { maxObjects: 100_000, maxValues: 1_000_000, maxBytes: 1 << 26 });
      same(ours, new NetCDFReader(bytes));
    }
  });
});

describe('presentNetcdf on a NetCDF-4 model (as the hdf5 extractor builds it)', () => {
  const model: NetcdfModel = {
    kind: 'netCDF-4',
    dataModel: 'NETCDF4',
    root: {
      name: '/',
      dimensions: [{ name: 'time', size: 2, unlimited: true }],
      variables: [{ name: 'time', type: 'double', dims: ['time'], shape: [2], attributes: [{ name: 'units', type: 'char', value: 'days' }], storage: { chunks: [1024] } }],
      attributes: [
        { name: 'Gf', type: 'float', value: [1.5, Number.NEGATIVE_INFINITY] },
        { name: 'Gi64', type: 'int64', value: ['9007199254740993'] },
      ],
      groups: [
        {
          name: 'forecast',
          dimensions: [{ name: 'step', size: 10, unlimited: false }],
          variables: [{ name: 'step', type: 'int', dims: ['step'], shape: [10], attributes: [] }],
          attributes: [{ name: 'model', type: 'string', value: 'GEN <b>x</b>' }],
          groups: [{ name: 'ensemble', dimensions: [], variables: [{ name: 'names', type: 'string', dims: [], shape: [], attributes: [] }], attributes: [], groups: [] }],
        },
      ],
    },
    recordCount: 2,
  };

  it('lays out nested groups that src/testing/facts/netcdf.ts reads back', () => {
    const out = presentNetcdf(model, DEFAULT_OPTIONS);
    expect(out.format).toEqual({ id: 'netcdf', name: 'NetCDF-4' });
    expect(field(out.summary, 'groups')?.value).toBe(2);
    const record = { ...out, schemaVersion: 1, file: { name: 'x', size: 1 }, warnings: [], errors: [], stats: { bytesRead: 0, reads: 0, ms: 0, extractor: '', cached: false } } as MetadataRecord;
    expect(corpusFacts(record)).toEqual({
      kind: 'netCDF-4',
      data_model: 'NETCDF4',
      dimensions: { time: { size: 2, unlimited: true } },
      variables: { time: { dims: ['time'], type: 'double', shape: [2] } },
      global_attributes: { Gf: [1.5, '-inf'], Gi64: '9007199254740993' },
      groups: {
        forecast: {
          dimensions: { step: { size: 10, unlimited: false } },
          variables: { step: { dims: ['step'], type: 'int', shape: [10] } },
          attributes: { model: 'GEN <b>x</b>' },
          groups: { ensemble: { dimensions: {}, variables: { names: { dims: [], type: 'string', shape: [] } }, attributes: {} } },
        },
      },
    });
    const g = group(out.groups, 'group:/forecast');
    expect(g.label).toBe('Group /forecast');
    expect(group(g.children ?? [], 'group:/forecast/ensemble').children?.map((c) => c.id)).toEqual(['dimensions:/forecast/ensemble', 'variables:/forecast/ensemble', 'attributes:/forecast/ensemble']);
  });
});
