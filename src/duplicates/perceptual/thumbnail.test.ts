import { existsSync, readFileSync } from 'node:fs';
import { CORPUS_DIR } from '../../testing/conformance/corpus';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineJpeg, buildTiff, exifApp1, jpegWith, type TiffEntry } from '../../../scripts/fixtures/photo';
import { BytesSource } from '../../extractors/source/bytes-source';
import { exifThumbnail } from './thumbnail';

const THUMB = baselineJpeg({ width: 16, height: 12, sampling: '4:2:0', quality: 80 });
const ORIENTATION_6: TiffEntry = { tag: 0x0112, type: 'SHORT', value: [6] };
const JPEG_COMPRESSION: TiffEntry = { tag: 0x0103, type: 'SHORT', value: [6] };
const source = (bytes: Uint8Array) => new BytesSource(bytes, 'photo.jpg');

describe('exifThumbnail', () => {
  it.each([true, false])('returns IFD1’s JPEG thumbnail, IFD0’s orientation and the SOF size (little-endian %s)', async (le) => {
    const file = jpegWith(exifApp1(buildTiff(le, { ifd0: [ORIENTATION_6], ifd1: [JPEG_COMPRESSION], thumbnail: THUMB })));
    const found = await exifThumbnail(source(file));
    expect(found && Array.from(found.jpeg)).toEqual(Array.from(THUMB));
    expect(found).toMatchObject({ orientation: 6, width: 16, height: 16 });
  });

  it('returns null without IFD1, for a thumbnail past the segment or not starting with SOI, and for other files', async () => {
    expect(await exifThumbnail(source(jpegWith(exifApp1(buildTiff(false, { ifd0: [ORIENTATION_6] })))))).toBeNull();
    const tiff = buildTiff(false, { ifd0: [], ifd1: [JPEG_COMPRESSION], thumbnail: THUMB });
    const cut = tiff.subarray(0, tiff.length - 10); // JPEGInterchangeFormatLength now reaches past the structure
    expect(await exifThumbnail(source(jpegWith(exifApp1(cut))))).toBeNull();
    const notJpeg = buildTiff(false, { ifd0: [], ifd1: [JPEG_COMPRESSION], thumbnail: new Uint8Array(64).fill(7) });
    expect(await exifThumbnail(source(jpegWith(exifApp1(notJpeg))))).toBeNull();
    expect(await exifThumbnail(source(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])))).toBeNull();
  });

  it('survives an IFD0 whose entry count runs past the segment', async () => {
    const tiff = buildTiff(true, { ifd0: [ORIENTATION_6], ifd1: [JPEG_COMPRESSION], thumbnail: THUMB });
    tiff[8] = 0xff;
    tiff[9] = 0x7f;
    expect(await exifThumbnail(source(jpegWith(exifApp1(tiff))))).toBeNull();
  });

  const pixel = join(CORPUS_DIR, 'photo/google_pixel_gps.jpg');
  it.skipIf(!existsSync(pixel))('finds the thumbnail of a phone photo as ExifTool does (ThumbnailImage: 253×189, 6518 bytes)', async () => {
    const found = await exifThumbnail(source(new Uint8Array(readFileSync(pixel))));
    expect(found?.jpeg.length).toBe(6518);
    expect(Array.from(found?.jpeg.subarray(-2) ?? [])).toEqual([0xff, 0xd9]);
    expect(found).toMatchObject({ orientation: 1, width: 4048, height: 3036 });
  });
});
