/**
 * Takeout tags into PNG copies (png.ts, xmp.ts) on the originals of
 * scripts/fixtures/takeout-media.ts: read back with our extractor and with ExifTool (when
 * installed), the chunk layout and CRCs, and the image data that must not change.
 */
import { describe, expect, it } from 'vitest';
import { SAMPLE_TAGS, takeoutMedia, writeFixtures } from '../../../scripts/fixtures/takeout-media';
import { fixtureFolder } from '../../../scripts/fixtures/fixture-folder';
import { HAS_EXIFTOOL, exiftoolTags, exiftoolWarnings } from '../../testing/exiftool';
import { fixedCopy, readBack } from '../../testing/read-back';
import { crc32 } from '../../extractors/crc32';

const media = takeoutMedia();
const file = fixtureFolder('takeout-write-png-', writeFixtures);

interface Chunk {
  type: string;
  data: Uint8Array;
  crcOk: boolean;
}
/** The chunks after the signature (PNG 3rd edition §5.3), each with whether its CRC is right. */
function chunks(bytes: Uint8Array): Chunk[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Chunk[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = view.getUint32(at);
    out.push({
      type: Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1'),
      data: bytes.subarray(at + 8, at + 8 + length),
      crcOk: view.getUint32(at + 8 + length) === crc32(bytes.subarray(at + 4, at + 8 + length)),
    });
    at += 12 + length;
  }
  return out;
}
const idat = (bytes: Uint8Array) =>
  Buffer.concat(
    chunks(bytes)
      .filter((c) => c.type === 'IDAT')
      .map((c) => c.data),
  );
const isXmp = (c: Chunk) => c.type === 'iTXt' && Buffer.from(c.data.subarray(0, 18)).toString('latin1') === 'XML:com.adobe.xmp\0';
const xmpChunk = (bytes: Uint8Array) => chunks(bytes).find(isXmp);

/** The copy of original `name`, also written beside it (for ExifTool). */
const fix = (name: string) => fixedCopy(media[name], 'png', SAMPLE_TAGS, file(`fixed-${name}`));

describe('a PNG without XMP (plain.png)', () => {
  it('gains an uncompressed XMP iTXt chunk just before IDAT, with a right CRC; the other chunks stay byte for byte', async () => {
    const copy = await fix('plain.png');
    const after = chunks(copy);
    expect(after.map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'IDAT', 'IEND']);
    expect(after.every((c) => c.crcOk)).toBe(true);
    expect(Array.from(xmpChunk(copy)!.data.subarray(18, 22))).toEqual([0, 0, 0, 0]);
    expect(after.filter((c) => c.type !== 'iTXt')).toEqual(chunks(media['plain.png']));
    expect(idat(copy)).toEqual(idat(media['plain.png']));
  });

  it('is read by our extractor: date, position, people, description, albums (XMP)', async () => {
    const { r, summary, xmp } = await readBack(await fix('plain.png'), 'plain.png');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(summary('DateTimeOriginal')).toBe('2024-02-29T20:59:58-03:00');
    expect(summary('GPSLatitude')).toBeCloseTo(38.713905, 9);
    expect(summary('GPSLongitude')).toBeCloseTo(-9.1394, 9);
    expect(summary('GPSAltitude')).toBe(-12.5);
    expect(summary('Description')).toBe('Dinner "at" Lisbon\r\nline 2');
    expect(summary('Keywords')).toEqual(['Trip 2024', 'Família']);
    expect(xmp('Iptc4xmpExt', 'PersonInImage')).toEqual(['Ana <Example>', 'Bo & Co']);
  });

  it('is unchanged by a second pass with the same tags', async () => {
    const once = await fix('plain.png');
    expect(await fixedCopy(once, 'png', SAMPLE_TAGS)).toEqual(once);
  });

  it.skipIf(!HAS_EXIFTOOL)('is read by ExifTool, with no validation warning', async () => {
    await fix('plain.png');
    expect(exiftoolTags(file('fixed-plain.png'))).toMatchObject({
      'XMP-exif:DateTimeOriginal': '2024:02:29 20:59:58-03:00',
      'XMP-exif:GPSLatitude': 38.713905,
      'XMP-exif:GPSLongitude': -9.1394,
      'XMP-exif:GPSAltitude': 12.5,
      'XMP-exif:GPSAltitudeRef': 1,
      'XMP-iptcExt:PersonInImage': ['Ana <Example>', 'Bo & Co'],
      'XMP-dc:Subject': ['Trip 2024', 'Família'],
      'XMP-dc:Description': 'Dinner "at" Lisbon\r\nline 2',
    });
    expect(exiftoolWarnings(file('fixed-plain.png'))).toEqual(exiftoolWarnings(file('plain.png')));
  });
});

describe('PNGs with XMP', () => {
  it('photo-text.png: its XMP chunk, in place, keeps its properties and gains the others; its eXIf has a date and GPS, so XMP gets neither', async () => {
    const copy = await fix('photo-text.png');
    const before = chunks(media['photo-text.png']);
    const after = chunks(copy);
    expect(after.map((c) => c.type)).toEqual(before.map((c) => c.type));
    expect(after.every((c) => c.crcOk)).toBe(true);
    expect(after.filter((c) => !isXmp(c))).toEqual(before.filter((c) => !isXmp(c)));
    const { xmp } = await readBack(copy, 'photo-text.png');
    expect(xmp('dc', 'title')).toBe('Fixture sunset');
    expect(xmp('dc', 'subject')).toEqual(['beach', 'sunset', '007']);
    expect(xmp('Iptc4xmpExt', 'PersonInImage')).toEqual(['Ana <Example>', 'Bo & Co']);
    expect(xmp('dc', 'description')).toBe('Dinner "at" Lisbon\r\nline 2');
    expect(xmp('exif', 'DateTimeOriginal')).toBeUndefined();
    expect(xmp('exif', 'GPSLatitude')).toBeUndefined();
  });

  it('zxmp.png: a compressed XMP chunk is replaced by an uncompressed one holding its properties and the new ones', async () => {
    const copy = await fix('zxmp.png');
    expect(chunks(copy).map((c) => c.type)).toEqual(['IHDR', 'iTXt', 'IDAT', 'IEND']);
    expect(xmpChunk(copy)!.data[18]).toBe(0);
    expect(idat(copy)).toEqual(idat(media['zxmp.png']));
    const { xmp } = await readBack(copy, 'zxmp.png');
    expect(xmp('dc', 'title')).toBe('Fixture sunset');
    expect(xmp('xmp', 'Rating')).toBe('5');
    expect(xmp('exif', 'DateTimeOriginal')).toBe('2024-02-29T20:59:58-03:00');
    expect(xmp('Iptc4xmpExt', 'PersonInImage')).toEqual(['Ana <Example>', 'Bo & Co']);
  });

  it.skipIf(!HAS_EXIFTOOL)('both read in ExifTool with the old and new properties, and no new warning', async () => {
    for (const name of ['photo-text.png', 'zxmp.png']) {
      await fix(name);
      const t = exiftoolTags(file(`fixed-${name}`));
      expect(t, name).toMatchObject({ 'XMP-dc:Title': 'Fixture sunset', 'XMP-dc:Subject': ['beach', 'sunset', '007'], 'XMP-iptcExt:PersonInImage': ['Ana <Example>', 'Bo & Co'] });
      expect(exiftoolWarnings(file(`fixed-${name}`)), name).toEqual(exiftoolWarnings(file(name)));
    }
  });
});
