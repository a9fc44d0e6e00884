import { extractPath } from '../../node/extract-path';
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Field, FieldGroup, MetadataRecord } from '../types';
import { DEFAULT_OPTIONS } from '../types';
import { BytesSource } from '../source/bytes-source';
import { FileHandleSource } from '../../node/file-handle-source';
import { ExtractError } from '../errors';
import { writeFixtures, BASIC_TITLE, RESERVED_BYTES } from '../../../scripts/fixtures/hdf5';
import { fixtureFolder } from '../../../scripts/fixtures/fixture-folder';
import { extractor } from './extract';
import { corpusFacts } from '../../testing/facts/hdf5';

const file = fixtureFolder('metaextract-hdf5-', writeFixtures);

async function record(name: string): Promise<MetadataRecord> {
  return extractPath(file(name));
}

function* all(groups: FieldGroup[]): Generator<FieldGroup> {
  for (const g of groups) {
    yield g;
    if (g.children) yield* all(g.children);
  }
}
function group(r: MetadataRecord, id: string): FieldGroup {
  const g = [...all(r.groups)].find((x) => x.id === id);
  if (!g) throw new Error(`no group ${id}`);
  return g;
}
function field(g: FieldGroup | Field[], key: string): Field | undefined {
  return (Array.isArray(g) ? g : g.fields).find((f) => f.key === key);
}

describe('hdf5 extractor', () => {
  it('reads the basic fixture: tree, dtypes, filters, attributes and links', async () => {
    const r = await record('hdf5-basic.h5');
    expect(r.errors).toEqual([]);
    expect(r.format).toMatchObject({ id: 'hdf5', name: 'HDF5' });
    expect(field(r.summary, 'datasets')?.value).toBe(7); // scalar_value and links/hard_to_scalar are one object
    expect(field(r.summary, 'title')?.value).toBe(BASIC_TITLE);
    const attrs = group(r, 'hdf5:attributes:/');
    expect(field(attrs, 'big_i64')).toMatchObject({ value: '-9007199254740993', comment: '<i8' });
    expect(field(attrs, 'matrix')).toMatchObject({
      value: [
        [0, 1, 2],
        [3, 4, 5],
      ],
      comment: '<f8, shape [2, 3]',
    });
    expect(field(attrs, 'tags')?.value).toEqual(['alpha', 'beta', 'γάμμα']);
    expect(field(attrs, 'fixed')).toMatchObject({ value: 'fixed-len', comment: '|S9' });
    expect(field(attrs, 'version')?.value).toBe(3);
    const image = group(r, 'hdf5:dataset:/instrument/detector/image');
    expect(field(image, 'dtype')?.value).toBe('<f4');
    expect(field(image, 'layout')?.value).toBe('chunked');
    expect(field(image, 'chunks')?.value).toEqual([16, 16]);
    expect(field(image, 'filters')?.value).toEqual(['deflate(6)']);
    expect(field(group(r, 'hdf5:dataset:/instrument/detector/shuffled'), 'filters')?.value).toEqual(['shuffle']);
    expect(field(group(r, 'hdf5:dataset:/instrument/detector/checked'), 'filters')?.value).toEqual(['fletcher32']);
    expect(field(group(r, 'hdf5:dataset:/timeseries'), 'maxshape')?.value).toEqual([null]);
    const scalar = group(r, 'hdf5:dataset:/links/hard_to_scalar');
    expect(field(scalar, 'shape')?.value).toEqual([]);
    expect(field(scalar, 'layout')?.value).toBe('contiguous');
    expect(field(group(r, 'hdf5:dataset:/tables/names'), 'dtype')?.value).toBe('vlen-str');
    expect(field(group(r, 'hdf5:dataset:/tables/points'), 'dtype')?.value).toEqual({
      compound: [
        ['id', '<i4'],
        ['x', '<f8'],
      ],
    });

    const facts = corpusFacts(r);
    expect(facts).toMatchObject({
      superblock_offset: 0,
      userblock_size: 0,
      groups: ['/instrument', '/instrument/detector', '/links', '/tables'],
      soft_links: { '/links/dangling': '/does/not/exist', '/links/soft_to_image': '/instrument/detector/image' },
      external_links: { '/links/external_values': ['hdf5-external.h5', '/data/values'] },
      hard_link_aliases: { '/scalar_value': '/links/hard_to_scalar' },
    });
    expect((facts.root_attributes as Record<string, unknown>).big_i64).toBe('-9007199254740993');
    expect((facts.root_attributes as Record<string, unknown>).ramp).toEqual({ shape: [40], dtype: '<i2' });
  });

  it('finds the superblock after a user block', async () => {
    const r = await record('hdf5-userblock.h5');
    expect(r.errors).toEqual([]);
    expect(corpusFacts(r)).toMatchObject({ superblock_offset: 512, userblock_size: 512, superblock_version: 2 });
    expect(field(group(r, 'hdf5:dataset:/instrument/detector/image'), 'filters')?.value).toEqual(['deflate(6)']);
    // contiguous data offsets are absolute (past the user block)
    const offset = field(group(r, 'hdf5:dataset:/tables/names'), 'data_offset')?.value as number;
    const plain = await record('hdf5-basic.h5');
    expect(offset - (field(group(plain, 'hdf5:dataset:/tables/names'), 'data_offset')?.value as number)).toBe(512);
  });

  it('finds the superblock after a user block larger than the sniffing head (stored base address 0)', async () => {
    const r = await record('hdf5-userblock-128k.h5');
    const plain = await record('hdf5-basic.h5');
    expect(r.format).toMatchObject({ id: 'hdf5', name: 'HDF5' });
    expect(r.errors).toEqual([]);
    expect(corpusFacts(r)).toMatchObject({ superblock_offset: 131072, userblock_size: 131072 });
    expect(r.summary.filter((f) => f.key !== 'userblock_size')).toEqual(plain.summary);
    expect(field(group(r, 'hdf5:attributes:/'), 'title')?.value).toBe(BASIC_TITLE);
  });

  it('presents a NetCDF-4 layout in NetCDF terms and keeps the HDF5 storage view', async () => {
    const r = await record('hdf5-netcdf4.nc');
    expect(r.errors).toEqual([]);
    expect(r.format).toMatchObject({ id: 'netcdf', name: 'NetCDF-4' });
    const dims = group(r, 'dimensions');
    expect(field(dims, 'time')).toMatchObject({ value: 3 });
    expect(field(dims, 'time')?.comment).toMatch(/^UNLIMITED/);
    expect(field(dims, 'lat')?.value).toBe(5);
    const temp = group(r, 'variable:/temp');
    expect(field(temp, 'type')?.value).toBe('short');
    expect(field(temp, 'dimensions')?.value).toEqual(['time', 'lat']);
    expect(field(temp, 'valid_range')?.value).toEqual([-1000, 1000]);
    expect(field(temp, 'DIMENSION_LIST')).toBeUndefined();
    expect(field(group(r, 'global-attributes'), '_NCProperties')).toBeUndefined();
    expect(field(group(r, 'hdf5:dataset:/temp'), 'filters')?.value).toEqual(['deflate(4)']);
    expect(group(r, 'hdf5:storage').children?.length).toBeGreaterThan(0);
  });

  it('reads a file whose stored end of file lies past its end (reserved space) in full, with one warning', async () => {
    const r = await record('hdf5-reserved.h5');
    const whole = await record('hdf5-basic.h5');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.stringContaining(`end of file at ${r.file.size + RESERVED_BYTES} bytes, the file has ${r.file.size}: ${RESERVED_BYTES} bytes are missing`)]);
    expect(r.summary).toEqual(whole.summary);
    expect(r.groups.slice(1)).toEqual(whole.groups.slice(1)); // all but the file group (its stored EOF differs)
    expect(r.stats.bytesRead).toBe(whole.stats.bytesRead);
  });

  it('reads a NetCDF-4 file whose stored end of file lies past its end in full, in NetCDF terms', async () => {
    const r = await record('hdf5-netcdf4-reserved.nc');
    const whole = await record('hdf5-netcdf4.nc');
    expect(r.format).toMatchObject({ id: 'netcdf', name: 'NetCDF-4' });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.stringContaining(`${RESERVED_BYTES} bytes are missing`)]);
    expect(r.summary).toEqual(whole.summary);
    const netcdfGroups = (x: MetadataRecord) => x.groups.filter((g) => g.id !== 'hdf5:storage');
    expect(netcdfGroups(r)).toEqual(netcdfGroups(whole));
    expect(field(group(r, 'variable:/temp'), 'dimensions')?.value).toEqual(['time', 'lat']);
  });

  it('fails only the object whose header lies past the end of a cut file', async () => {
    const r = await record('hdf5-cut.h5');
    expect(r.warnings).toEqual([expect.stringMatching(new RegExp(`the file has ${r.file.size}: \\d+ bytes are missing`))]);
    expect(r.errors).toEqual([{ code: 'truncated', message: expect.stringMatching(/^\/late: bytes lie past the end of the file \(.*Read failed/) }]);
    expect(field(group(r, 'hdf5:attributes:/early'), 'title')?.value).toBe('cut fixture');
    expect(field(group(r, 'hdf5:dataset:/early/values'), 'shape')?.value).toEqual([512]);
    expect(field(group(r, 'hdf5:dataset:/middle'), 'dtype')?.value).toBe('<i4');
    expect(() => group(r, 'hdf5:dataset:/late')).toThrow();
    expect(r.stats.bytesRead).toBeLessThanOrEqual(r.file.size);
  });

  it("keeps the file and root group of a file cut before the root group's links, each failure truncated", async () => {
    const r = await record('hdf5-truncated.h5');
    expect(r.warnings).toHaveLength(1);
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors.every((e) => e.code === 'truncated' && /^\/: .*past the end of the file/.test(e.message))).toBe(true);
    expect(field(group(r, 'hdf5:file'), 'superblock_version')?.value).toBe(2);
    expect(group(r, 'hdf5:group:/').fields.filter((f) => f.key === 'error')).toHaveLength(r.errors.length);
  });

  it('returns a partial tree when one object header is damaged', async () => {
    const r = await record('hdf5-corrupt.h5');
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors.every((e) => e.code === 'corrupt')).toBe(true);
    expect(field(group(r, 'hdf5:dataset:/instrument/detector/image'), 'filters')?.value).toEqual(['deflate(6)']);
  });

  it('reads a small fraction of a multi-megabyte file', async () => {
    const r = await record('hdf5-big.h5');
    expect(r.errors).toEqual([]);
    expect(field(group(r, 'hdf5:dataset:/zeros'), 'shape')?.value).toEqual([512, 1024]);
    expect(r.file.size).toBeGreaterThan(4_000_000);
    expect(r.stats.bytesRead).toBeLessThan(r.file.size / 20);
  });

  it('takes the object headers HDF5 read while walking from its blocks: the source is read only for the signature, the superblock and the head', async () => {
    const source = await FileHandleSource.open(file('hdf5-big.h5'));
    try {
      const out = await extractor.extract(source, { options: DEFAULT_OPTIONS, warn: () => {} });
      const zeros = out.groups
        .flatMap(function all(g): FieldGroup[] {
          return [g, ...(g.children ?? []).flatMap(all)];
        })
        .find((g) => g.id === 'hdf5:dataset:/zeros');
      expect(field(zeros!, 'fillvalue')).toBeDefined(); // read from the dataset's object header
      expect(source.reads).toBeLessThanOrEqual(3);
    } finally {
      await source.close();
    }
  });

  it('reads in-memory sources and counts what HDF5 reads', async () => {
    const bytes = new Uint8Array(await readFile(file('hdf5-big.h5')));
    const source = new BytesSource(bytes, 'big.h5');
    const warnings: string[] = [];
    const out = await extractor.extract(source, { options: DEFAULT_OPTIONS, warn: (m) => warnings.push(m) });
    expect(out.format.id).toBe('hdf5');
    // the whole buffer is read once to hand it to WORKERFS, plus the superblock and head reads
    expect(source.bytesRead).toBeGreaterThanOrEqual(bytes.length);
    expect(source.bytesRead).toBeLessThan(bytes.length + 200_000);
    const tooSmall = { ...DEFAULT_OPTIONS, maxMetadataBytes: 1000 };
    await expect(extractor.extract(new BytesSource(bytes, 'big.h5'), { options: tooSmall, warn: () => {} })).rejects.toMatchObject({ code: 'too-large' });
  });

  it('rejects bytes without an HDF5 signature', async () => {
    const err = await extractor.extract(new BytesSource(new Uint8Array(4096).fill(7)), { options: DEFAULT_OPTIONS, warn: () => {} }).catch((e) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect(err.code).toBe('unsupported-format');
  });
});
