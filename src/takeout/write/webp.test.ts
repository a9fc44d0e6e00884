/**
 * Takeout tags into WebP copies (webp.ts, xmp.ts) on the originals of
 * scripts/fixtures/takeout-media.ts: simple files made extended (VP8X canvas from the bitstream),
 * an existing XMP chunk merged, the RIFF layout, and the image data that must not change.
 */
import { describe, expect, it } from 'vitest';
import { SAMPLE_TAGS, takeoutMedia, writeFixtures } from '../../../scripts/fixtures/takeout-media';
import { fixtureFolder } from '../../../scripts/fixtures/fixture-folder';
import { HAS_EXIFTOOL, exiftoolTags, exiftoolWarnings } from '../../testing/exiftool';
import { fixedCopy, readBack } from '../../testing/read-back';
import type { FixTags } from './tags';

const media = takeoutMedia();
const file = fixtureFolder('takeout-write-webp-', writeFixtures);

/** The RIFF's chunks (RFC 9649 §2.4); fails the test when the RIFF size or a chunk's end is wrong. */
function chunks(bytes: Uint8Array): { type: string; data: Uint8Array; start: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(view.getUint32(4, true)).toBe(bytes.length - 8);
  const out = [];
  for (let at = 12; at < bytes.length;) {
    const size = view.getUint32(at + 4, true);
    out.push({ type: Buffer.from(bytes.subarray(at, at + 4)).toString('latin1'), data: bytes.subarray(at + 8, at + 8 + size), start: at });
    at += 8 + size + (size & 1);
    expect(at).toBeLessThanOrEqual(bytes.length);
  }
  return out;
}
const image = (bytes: Uint8Array) => chunks(bytes).find((c) => c.type === 'VP8 ' || c.type === 'VP8L')!.data;

/** The copy of original `name`, also written beside it (for ExifTool). */
const fix = (name: string, tags: FixTags = SAMPLE_TAGS) => fixedCopy(media[name], 'webp', tags, file(`fixed-${name}`));

describe('simple WebP files become extended', () => {
  it.each([
    ['lossless.webp', 'VP8L', 0x14, 1, 1],
    ['lossy.webp', 'VP8 ', 0x04, 4, 2],
  ])('%s: VP8X (flags XMP, and alpha from a VP8L header; canvas from the %s bitstream) first, XMP after the image, the image chunk byte for byte', async (name, type, flags, width, height) => {
    const copy = await fix(name);
    const list = chunks(copy);
    expect(list.map((c) => c.type)).toEqual(['VP8X', type, 'XMP ']);
    const vp8x = list[0].data;
    expect(vp8x[0]).toBe(flags);
    expect(vp8x[4] | (vp8x[5] << 8) | (vp8x[6] << 16)).toBe(width - 1);
    expect(vp8x[7] | (vp8x[8] << 8) | (vp8x[9] << 16)).toBe(height - 1);
    expect(image(copy)).toEqual(image(media[name]));
    const { r, summary, xmp } = await readBack(copy, name);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(summary('ImageWidth')).toBe(width);
    expect(summary('DateTimeOriginal')).toBe('2024-02-29T20:59:58-03:00');
    expect(summary('GPSLatitude')).toBeCloseTo(38.713905, 9);
    expect(summary('GPSLongitude')).toBeCloseTo(-9.1394, 9);
    expect(summary('Description')).toBe('Dinner "at" Lisbon\r\nline 2');
    expect(summary('Keywords')).toEqual(['Trip 2024', 'Família']);
    expect(xmp('Iptc4xmpExt', 'PersonInImage')).toEqual(['Ana <Example>', 'Bo & Co']);
  });

  it('is unchanged by a second pass with the same tags', async () => {
    const once = await fix('lossy.webp');
    expect(await fixedCopy(once, 'webp', SAMPLE_TAGS)).toEqual(once);
  });

  it('pads an odd-sized XMP chunk to even length and counts the pad in the RIFF size', async () => {
    const sizes = await Promise.all(['x', 'xy'].map(async (title) => chunks(await fix('lossy.webp', { ...SAMPLE_TAGS, title })).at(-1)!.data.length));
    expect(sizes.map((n) => n % 2).sort()).toEqual([0, 1]);
  });

  it.skipIf(!HAS_EXIFTOOL)('both read in ExifTool (canvas, XMP), with no validation warning', async () => {
    for (const [name, width] of [
      ['lossless.webp', 1],
      ['lossy.webp', 4],
    ] as const) {
      await fix(name);
      const t = exiftoolTags(file(`fixed-${name}`));
      expect(t, name).toMatchObject({
        'File:FileType': 'Extended WEBP',
        'RIFF:ImageWidth': width,
        'XMP-exif:DateTimeOriginal': '2024:02:29 20:59:58-03:00',
        'XMP-exif:GPSLatitude': 38.713905,
        'XMP-iptcExt:PersonInImage': ['Ana <Example>', 'Bo & Co'],
        'XMP-dc:Subject': ['Trip 2024', 'Família'],
      });
      expect(exiftoolWarnings(file(`fixed-${name}`)), name).toEqual(exiftoolWarnings(file(name)));
    }
  });
});

describe('an extended WebP with EXIF and XMP (photo-basic.webp)', () => {
  it('merges into its XMP chunk in place; keeps its flags, other chunks and image byte for byte; no date or GPS in XMP (its EXIF has them)', async () => {
    const copy = await fix('photo-basic.webp');
    const before = chunks(media['photo-basic.webp']);
    const after = chunks(copy);
    expect(after.map((c) => c.type)).toEqual(before.map((c) => c.type));
    expect(after.slice(0, 3).map((c) => c.data)).toEqual(before.slice(0, 3).map((c) => c.data));
    const { xmp } = await readBack(copy, 'photo-basic.webp');
    expect(xmp('dc', 'title')).toBe('Fixture sunset');
    expect(xmp('dc', 'subject')).toEqual(['beach', 'sunset', '007']);
    expect(xmp('Iptc4xmpExt', 'PersonInImage')).toEqual(['Ana <Example>', 'Bo & Co']);
    expect(xmp('exif', 'DateTimeOriginal')).toBeUndefined();
  });

  it.skipIf(!HAS_EXIFTOOL)('reads in ExifTool with old and new properties, and no new warning', async () => {
    await fix('photo-basic.webp');
    expect(exiftoolTags(file('fixed-photo-basic.webp'))).toMatchObject({ 'XMP-dc:Title': 'Fixture sunset', 'XMP-dc:Description': 'Dinner "at" Lisbon\r\nline 2' });
    expect(exiftoolWarnings(file('fixed-photo-basic.webp'))).toEqual(exiftoolWarnings(file('photo-basic.webp')));
  });
});
