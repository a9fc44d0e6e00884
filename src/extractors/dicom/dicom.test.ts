import { extractPath } from '../../node/extract-path';
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Field, FieldGroup, MetadataRecord } from '../types';
import { DEFAULT_OPTIONS } from '../types';
import { ExtractError } from '../errors';
import { BytesSource } from '../source/bytes-source';
import { writeFixtures } from '../../../scripts/fixtures/dicom';
import { URL_PAYLOAD } from '../../../scripts/fixtures/payloads';
import { fixtureFolder } from '../../../scripts/fixtures/fixture-folder';
import { extractor } from './extract';
import { corpusFacts } from '../../testing/facts/dicom';
import { parsePrefix } from './parse';
import { labelFromKeyword, lookupPrivate, lookupTag } from './dictionary';

const file = fixtureFolder('dicom-fixtures-', writeFixtures);

async function record(name: string, options: Partial<typeof DEFAULT_OPTIONS> = {}): Promise<MetadataRecord> {
  return extractPath(file(name), { options });
}

function group(r: MetadataRecord, id: string): FieldGroup {
  const stack = [...r.groups];
  while (stack.length) {
    const g = stack.shift()!;
    if (g.id === id) return g;
    stack.push(...(g.children ?? []));
  }
  throw new Error(`no group ${id}`);
}

function field(g: FieldGroup | Field[], key: string): Field {
  const f = (Array.isArray(g) ? g : g.fields).find((x) => x.key === key);
  if (!f) throw new Error(`no field ${key}`);
  return f;
}

const val = (r: MetadataRecord, key: string) => field(group(r, 'dataset'), key).value;

describe('dicom extractor on generated fixtures', () => {
  it('reads the main fixture (explicit VR LE, Part 10) with names, VRs, charset and private creators', async () => {
    const r = await record('dicom-basic.dcm');
    expect(r.errors).toEqual([]);
    expect(r.format.id).toBe('dicom');
    expect(field(group(r, 'file'), 'Preamble').value).toBe(true);
    expect(field(group(r, 'file'), 'decoded_as').value).toBe('explicit VR little endian');
    expect(field(group(r, 'meta'), '(0002,0010)').value).toBe('1.2.840.10008.1.2.1');
    const name = field(group(r, 'dataset'), '(0010,0010)');
    expect(name).toMatchObject({ label: 'Patient Name', value: 'Doe^Jane', comment: 'PN · PatientName' });
    expect(val(r, '(0008,1030)')).toBe('<img src=x onerror=alert(1)>');
    expect(val(r, '(0008,0080)')).toBe('Klinik Müller'); // ISO_IR 100 byte 0xFC
    expect(val(r, '(0010,4000)')).toBe(`<script>alert("x")</script> ${URL_PAYLOAD} first\\second line`); // LT keeps backslash
    expect(val(r, '(0008,0008)')).toEqual(['ORIGINAL', 'PRIMARY', 'AXIAL']);
    expect(val(r, '(0028,0030)')).toEqual([0.5, 0.5]);
    expect(val(r, '(0020,0032)')).toEqual([-16, -16, 42.5]);
    expect(val(r, '(0020,0013)')).toBe(7);
    expect(val(r, '(0028,0010)')).toBe(64);
    expect(field(group(r, 'dataset'), '(0029,0010)')).toMatchObject({ label: 'Private Creator', value: 'ACME 1.1' });
    expect(field(group(r, 'dataset'), '(0029,1001)').comment).toContain('private, creator "ACME 1.1"');
    const csa = field(group(r, 'dataset'), '(0029,1110)');
    expect(csa.label).toBe('CSA Image Header Info');
    expect(csa.value).toEqual({ length: 300, offset: expect.any(Number) });
    expect(field(group(r, 'dataset'), '(7FE0,0010)').value).toEqual({ vr: 'OW', encapsulated: false, length: 8192, offset: 1522 });
    // Sequence: a field with the item count and a child group per item.
    expect(field(group(r, 'dataset'), '(0008,2112)')).toMatchObject({ value: 1, unit: 'item' });
    expect(field(group(r, 'dataset/(0008,2112)/1'), '(0008,1150)').value).toBe('1.2.840.10008.5.1.4.1.1.2');
    // Summary: friendly names with the UID kept as raw.
    expect(field(r.summary, '(0008,0016)')).toMatchObject({ value: 'CT Image Storage', raw: '1.2.840.10008.5.1.4.1.1.2' });
    expect(field(r.summary, '(0002,0010)').value).toBe('Explicit VR Little Endian');
    expect(field(r.summary, '(0028,0010)×(0028,0011)').value).toBe('64 × 64');
    expect(field(r.summary, '(0008,1090)').value).toBe('Fixture CT 9000');
    expect(structuredClone(r)).toEqual(r);
  });

  it('maps the record to corpus facts', async () => {
    const facts = corpusFacts(await record('dicom-basic.dcm'));
    expect(facts).toMatchObject({
      has_preamble: true,
      has_file_meta: true,
      TransferSyntaxUID: '1.2.840.10008.1.2.1',
      PatientName: 'Doe^Jane',
      NumberOfFrames: null,
      SpecificCharacterSet: 'ISO_IR 100',
      dataset_element_count: 40,
      PixelData: { vr: 'OW', encapsulated: false, length: 8192 },
    });
  });

  it('decodes implicit VR little endian with dictionary VRs, ambiguous SS and a UTF-8 PN', async () => {
    const r = await record('dicom-implicit-le.dcm');
    expect(r.errors).toEqual([]);
    expect(field(group(r, 'file'), 'decoded_as').value).toBe('implicit VR little endian');
    expect(val(r, '(0010,0010)')).toBe('Yamada^Tarou=山田^太郎=やまだ^たろう');
    const smallest = field(group(r, 'dataset'), '(0028,0106)');
    expect(smallest.value).toBe(-5);
    expect(smallest.comment).toMatch(/^SS · SmallestImagePixelValue/);
    expect(val(r, '(0018,0087)')).toBe(1.5);
    expect(group(r, 'dataset/(0008,1032)').children?.map((g) => field(g, '(0008,0104)').value)).toEqual(['MR Head', 'MR Neck']);
    expect(field(group(r, 'dataset'), '(7FE0,0010)').value).toMatchObject({ vr: 'OW', length: 32 });
  });

  it('lists the items of private undefined-length sequences in implicit VR (dicom-parser drops them)', async () => {
    const r = await record('dicom-implicit-private-sequence.dcm');
    expect(r.errors).toEqual([]);
    expect(field(group(r, 'dataset'), '(0029,1001)')).toMatchObject({ value: 2, unit: 'items' });
    expect(group(r, 'dataset/(0029,1001)').children?.map((g) => field(g, '(0029,1002)').value)).toEqual([
      { length: 10, offset: expect.any(Number) },
      { length: 12, offset: expect.any(Number) },
    ]);
    expect(field(group(r, 'dataset/(0040,0275)/1'), '(0040,1001)').value).toBe('RP-7');
    expect(field(group(r, 'dataset/(0040,0275)/1'), '(0041,1001)')).toMatchObject({ value: 1, unit: 'item' });
    expect(field(group(r, 'dataset/(0040,0275)/1/(0041,1001)/1'), '(0041,1002)').value).toEqual({ length: 6, offset: expect.any(Number) });
    expect(val(r, '(0028,0011)')).toBe(2);
  });

  it('decodes explicit VR big endian numbers', async () => {
    const r = await record('dicom-explicit-be.dcm');
    expect(r.errors).toEqual([]);
    expect(field(group(r, 'file'), 'decoded_as').value).toBe('explicit VR big endian');
    expect(val(r, '(0018,6016)')).toBe(305419896);
    expect(val(r, '(0018,602C)')).toBe(0.1234567890123);
    expect(val(r, '(0018,9089)')).toEqual([1, 0, -1]);
    expect(val(r, '(0018,1310)')).toEqual([0, 256, 256, 0]);
    expect(val(r, '(0018,937A)')).toBe(2.5);
    expect(val(r, '(0028,0010)')).toBe(2);
  });

  it('reads a bare data set (no preamble, no File Meta) and one with File Meta but no preamble', async () => {
    const bare = await record('dicom-no-preamble.dcm');
    expect(bare.format.id).toBe('dicom');
    expect(bare.errors).toEqual([]);
    const f = group(bare, 'file');
    expect([field(f, 'Preamble').value, field(f, 'FileMeta').value, field(f, 'TransferSyntaxUID').value]).toEqual([false, false, null]);
    expect(field(f, 'decoded_as').value).toBe('implicit VR little endian');
    expect(val(bare, '(0010,0020)')).toBe('NOPRE-1');
    expect(bare.groups.some((g) => g.id === 'meta')).toBe(false);
    expect(bare.warnings).toContain(
      'No preamble, "DICM" marker or File Meta Information (group 0002): read as a raw data set; transfer syntax inferred from the first data elements: Implicit VR Little Endian (1.2.840.10008.1.2).',
    );

    const meta = await record('dicom-no-preamble-meta.dcm');
    expect(meta.errors).toEqual([]);
    expect(field(group(meta, 'file'), 'Preamble').value).toBe(false);
    expect(field(group(meta, 'file'), 'FileMeta').value).toBe(true);
    expect(field(group(meta, 'meta'), '(0002,0010)').value).toBe('1.2.840.10008.1.2.1');
    expect(val(meta, '(0010,0010)')).toBe('Meta^NoPreamble');
    expect(meta.warnings).toEqual(['No 128-byte preamble and "DICM" marker: File Meta Information read from the start of the file.']);
  });

  it('follows the bytes when the transfer syntax disagrees, with a warning', async () => {
    const r = await record('dicom-ts-mismatch.dcm');
    expect(r.errors).toEqual([]);
    expect(field(group(r, 'file'), 'decoded_as').value).toBe('implicit VR little endian');
    expect(r.warnings.join(' ')).toMatch(/says explicit VR little endian, but the data set is implicit/);
    expect(val(r, '(0010,0010)')).toBe('Mis^Match');
  });

  it('nests sequences (undefined/defined lengths, empty, private) as child groups', async () => {
    const r = await record('dicom-sequence.dcm');
    expect(r.errors).toEqual([]);
    expect(field(group(r, 'dataset'), '(0008,1032)').value).toBe(2);
    expect(field(group(r, 'dataset/(0008,1032)/1/(0040,0260)/1'), '(0008,0104)').value).toBe('Nested item');
    expect(field(group(r, 'dataset/(0008,1032)/2'), '(0008,0104)').value).toBe('Outer item two');
    expect(field(group(r, 'dataset/(0040,A730)/1/(0040,A043)/1'), '(0008,0104)').value).toBe('Finding');
    expect(field(group(r, 'dataset/(0040,A730)/1'), '(0040,A160)').value).toBe('No acute findings.');
    expect(field(group(r, 'dataset'), '(0040,A375)').value).toBe(0);
    const priv = field(group(r, 'dataset'), '(0043,1001)');
    expect(priv.comment).toContain('creator "SEQ PRIVATE"');
    expect(field(group(r, 'dataset/(0043,1001)/1'), '(0043,1002)').value).toBe('inside private');
    expect(field(group(r, 'file'), 'dataset_element_count').value).toBe(9);
  });

  it('reads a multi-megabyte multi-frame file without reading its Pixel Data', async () => {
    const r = await record('dicom-multiframe-big.dcm');
    const size = r.file.size;
    expect(size).toBeGreaterThan(8_000_000);
    expect(r.errors).toEqual([]);
    expect(r.stats.bytesRead).toBeLessThan(size / 50);
    expect(field(r.summary, '(0028,0008)').value).toBe(64);
    expect(val(r, '(7FE0,0010)')).toEqual({ vr: 'OW', encapsulated: false, length: 8388608, offset: 552 });
    // The small tail after Pixel Data is read, so trailing padding is listed and counted.
    expect(field(group(r, 'dataset'), '(FFFC,FFFC)').value).toEqual({ length: 126, offset: 552 + 8388608 + 12 });
    expect(field(group(r, 'file'), 'dataset_element_count').value).toBe(16);
  });

  it('grows the prefix past the first 64 KiB when the header is larger, and stops at the budget', async () => {
    const r = await record('dicom-large-header.dcm');
    expect(r.errors).toEqual([]);
    expect(val(r, '(7FE0,0010)')).toMatchObject({ length: 524288, offset: 200532 });
    expect(r.stats.bytesRead).toBeLessThan(r.file.size / 2);
    expect(val(r, '(0028,0011)')).toBe(512);

    const limited = await record('dicom-large-header.dcm', { maxMetadataBytes: 100_000 });
    expect(limited.errors.map((e) => e.code)).toEqual(['too-large']);
    expect(limited.stats.bytesRead).toBeLessThanOrEqual(100_000);
    expect(val(limited, '(0010,0010)')).toBe('Large^Header'); // partial result kept
  });

  it('describes encapsulated Pixel Data by its items', async () => {
    const r = await record('dicom-encapsulated.dcm');
    expect(r.errors).toEqual([]);
    expect(field(r.summary, '(0002,0010)').value).toBe('JPEG Baseline (Process 1)');
    expect(val(r, '(7FE0,0010)')).toMatchObject({ vr: 'OB', encapsulated: true, length: null, basicOffsetTableEntries: 3, fragments: 3 });
    expect(corpusFacts(r).PixelData).toEqual({ vr: 'OB', encapsulated: true });
  });

  it('reads the 12-byte headers of OV and UV elements: an Extended Offset Table before Pixel Data', async () => {
    const r = await record('dicom-extended-offset-table.dcm');
    expect(r.errors).toEqual([]);
    expect(field(group(r, 'dataset'), '(7FE0,0001)')).toMatchObject({ label: 'Extended Offset Table', value: { length: 24, offset: expect.any(Number) } });
    expect(field(group(r, 'dataset'), '(7FE0,0002)').value).toMatchObject({ length: 24 });
    expect(val(r, '(7FE0,0003)')).toBe(350);
    expect(val(r, '(7FE0,0010)')).toMatchObject({ vr: 'OB', encapsulated: true, basicOffsetTableEntries: 0, fragments: 3 });
  });

  it('inflates a deflated data set', async () => {
    const r = await record('dicom-deflated.dcm');
    expect(r.errors).toEqual([]);
    expect(field(group(r, 'file'), 'Deflated').value).toBe(true);
    expect(val(r, '(0010,0010)')).toBe('Deflated^Data');
    expect(val(r, '(7FE0,0010)')).toMatchObject({ length: 32, offset: null });
  });

  it('keeps the partial header of a file truncated inside a sequence, with a truncated error', async () => {
    const r = await record('dicom-truncated.dcm');
    expect(r.errors.map((e) => e.code)).toEqual(['truncated']);
    expect(val(r, '(0008,0060)')).toBe('SR');
    expect(field(group(r, 'dataset/(0008,1032)/1/(0040,0260)/1'), '(0008,0100)').value).toBe('N1');
  });

  it('reports an element longer than the file without reading further', async () => {
    const r = await record('dicom-corrupt.dcm');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].code).toBe('truncated');
    expect(r.errors[0].message).toContain('(0010,4000) declares 2147483632 bytes');
    expect(val(r, '(0010,0010)')).toBe('Corrupt^Length');
    expect(r.stats.reads).toBe(1);
  });

  it('rejects non-DICOM input with unsupported-format', async () => {
    const bytes = new Uint8Array(await readFile(file('dicom-not-dicom.dcm')));
    const ctx = { options: DEFAULT_OPTIONS, warn: () => {} };
    await expect(extractor.extract(new BytesSource(bytes, 'x.dcm'), ctx)).rejects.toMatchObject({ code: 'unsupported-format' });
    // Bytes that start like a group-0008 element but go on as garbage.
    const garbage = new Uint8Array(256).map((_, i) => (i * 97 + 13) & 0xff);
    garbage.set([0x08, 0x00, 0x05, 0x00, 0x10, 0x00, 0x00, 0x00]);
    // Heuristic territory: either a (flagged) bare-stream record or a typed ExtractError.
    const outcome = await extractor.extract(new BytesSource(garbage, 'g.dcm'), ctx).then(
      (o) => (o.format.id === 'dicom' ? 'record' : 'other'),
      (x: unknown) => (x instanceof ExtractError ? x.code : 'untyped'),
    );
    expect(['record', 'unsupported-format', 'truncated', 'corrupt']).toContain(outcome);
    const r = await record('dicom-not-dicom.dcm');
    expect(r.errors.map((x) => x.code)).toEqual(['unsupported-format']);
  });

  it('honours an aborted signal and the maxObjects cap', async () => {
    const bytes = new Uint8Array(await readFile(file('dicom-basic.dcm')));
    const ac = new AbortController();
    ac.abort();
    await expect(extractor.extract(new BytesSource(bytes), { signal: ac.signal, options: DEFAULT_OPTIONS, warn: () => {} })).rejects.toMatchObject({ code: 'aborted' });
    const warnings: string[] = [];
    const out = await extractor.extract(new BytesSource(bytes), { options: { ...DEFAULT_OPTIONS, maxObjects: 5 }, warn: (m) => warnings.push(m) });
    const meta = out.groups.find((g) => g.id === 'meta')!;
    const ds = out.groups.find((g) => g.id === 'dataset')!;
    expect(meta.fields.length + ds.fields.length).toBeLessThanOrEqual(5);
    expect(warnings.join(' ')).toContain('More than 5 data elements');
  });
});

describe('parsePrefix', () => {
  it('asks for more bytes when a prefix ends exactly on an element boundary before Pixel Data', async () => {
    const bytes = new Uint8Array(await readFile(file('dicom-basic.dcm')));
    const full = parsePrefix(bytes, bytes.length);
    expect(full.pixelData?.length).toBe(8192);
    const pixelHeader = full.pixelData!.dataOffset - 12; // (7FE0,0010) OW header is 12 bytes in explicit VR
    const cut = bytes.subarray(0, pixelHeader);
    expect(parsePrefix(cut, bytes.length).status).toBe('need-more');
    const whole = parsePrefix(cut, cut.length);
    expect(whole.status).toBe('complete');
    expect(whole.pixelData).toBeNull();
  });
});

describe('dictionary', () => {
  it('names standard, repeating-group and private tags from dcmjs', () => {
    expect(lookupTag(0x0010, 0x0010)).toMatchObject({ keyword: 'PatientName', vr: 'PN' });
    expect(lookupTag(0x6002, 0x3000)).toMatchObject({ keyword: 'OverlayData' });
    expect(lookupTag(0x0008, 0x0000)?.keyword).toBe('GenericGroupLength');
    expect(lookupPrivate(0x0029, 'SIEMENS CSA HEADER', 0x1010)).toMatchObject({ keyword: 'CSAImageHeaderInfo', vr: 'OB' });
    expect(labelFromKeyword('OtherPatientIDsSequence')).toBe('Other Patient IDs Sequence');
    expect(labelFromKeyword('SOPClassUID')).toBe('SOP Class UID');
  });
});
