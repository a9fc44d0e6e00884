import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Field, MetadataRecord } from '../../src/extractors/types';
import { extractPath } from '../../src/extractors/extract-path';
import { LARGE_DICOM_PIXEL_BYTES, LARGE_DICOM_TRAILER_BYTES, largeDicomHeader, writeLargeDicom } from './dicom';

const GIB4 = 2 ** 32;
let dir = '';
let path = '';
let record: MetadataRecord;
/** Header length = offset of the Pixel Data value. */
const H = largeDicomHeader().length;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'large-dicom-'));
  path = await writeLargeDicom(dir);
  record = await extractPath(path);
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const values = (fields: readonly Field[]) => Object.fromEntries(fields.map((f) => [f.key, f.value]));
const group = (id: string) => record.groups.find((g) => g.id === id)!;

describe('large DICOM (multi-frame, Pixel Data of 2^32 − 1024 bytes, trailer past 4 GiB)', () => {
  it('is written sparse with the planned size', async () => {
    expect(H).toBe(1058);
    expect(LARGE_DICOM_PIXEL_BYTES).toBe(4_294_966_272);
    const st = await stat(path);
    expect(st.size).toBe(H + LARGE_DICOM_PIXEL_BYTES + 12 + LARGE_DICOM_TRAILER_BYTES);
    expect(st.size).toBeGreaterThan(GIB4);
    expect(st.blocks * 512).toBeLessThan(16 * 1024 * 1024);
  });

  it('extracts the header, the frames and the Pixel Data without errors', () => {
    expect(record.format.id).toBe('dicom');
    expect(record.errors).toEqual([]);
    expect(record.warnings).toEqual([]);
    expect(values(record.summary)).toMatchObject({
      '(0010,0010)': 'Large^Multiframe',
      '(0008,0060)': 'OT',
      '(0028,0010)×(0028,0011)': '512 × 683',
      '(0028,0008)': 6141,
      '(0028,0100)': 16,
      '(7FE0,0010)': { vr: 'OW', encapsulated: false, length: 4_294_966_272, offset: H },
    });
    expect(values(group('file').fields)).toMatchObject({ TransferSyntaxUID: '1.2.840.10008.1.2.1', HeaderLength: H });
    expect(values(group('dataset').fields)).toMatchObject({ '(0028,0010)': 512, '(0028,0011)': 683, '(0028,0008)': 6141, '(0028,0009)': '(0018,1063)' });
  });

  it('lists the trailing element past 4 GiB at its exact offset', () => {
    const ds = values(group('dataset').fields);
    const trailerOffset = H + LARGE_DICOM_PIXEL_BYTES + 12;
    expect(trailerOffset).toBe(4_294_967_342);
    expect(ds['(FFFC,FFFC)']).toEqual({ length: 256, offset: trailerOffset });
    expect(trailerOffset).toBeGreaterThan(GIB4);
  });

  it('reads at most 1 MiB', () => {
    expect(record.stats.bytesRead).toBeGreaterThan(0);
    expect(record.stats.bytesRead).toBeLessThanOrEqual(1024 * 1024);
  });
});
