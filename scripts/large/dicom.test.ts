import { describe, expect, it } from 'vitest';
import { stat } from 'node:fs/promises';
import { fieldValues, largeFileSuite } from './large-file-suite';
import { LARGE_DICOM_PIXEL_BYTES, LARGE_DICOM_TRAILER_BYTES, largeDicomHeader, writeLargeDicom } from './dicom';

const GIB4 = 2 ** 32;
/** Header length = offset of the Pixel Data value. */
const H = largeDicomHeader().length;

const large = largeFileSuite('large-dicom-', writeLargeDicom);

const values = fieldValues;
const group = (id: string) => large.record.groups.find((g) => g.id === id)!;

describe('large DICOM (multi-frame, Pixel Data of 2^32 − 1024 bytes, trailer past 4 GiB)', () => {
  it('is written sparse with the planned size', async () => {
    expect(H).toBe(1058);
    expect(LARGE_DICOM_PIXEL_BYTES).toBe(4_294_966_272);
    const st = await stat(large.path);
    expect(st.size).toBe(H + LARGE_DICOM_PIXEL_BYTES + 12 + LARGE_DICOM_TRAILER_BYTES);
    expect(st.size).toBeGreaterThan(GIB4);
    expect(st.blocks * 512).toBeLessThan(16 * 1024 * 1024);
  });

  it('extracts the header, the frames and the Pixel Data without errors', () => {
    expect(large.record.format.id).toBe('dicom');
    expect(large.record.errors).toEqual([]);
    expect(large.record.warnings).toEqual([]);
    expect(values(large.record.summary)).toMatchObject({
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
    expect(large.record.stats.bytesRead).toBeGreaterThan(0);
    expect(large.record.stats.bytesRead).toBeLessThanOrEqual(1024 * 1024);
  });
});
