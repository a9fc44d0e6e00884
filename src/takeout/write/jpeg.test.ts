/**
 * Takeout tags into JPEG copies (jpeg.ts, exif.ts, xmp.ts), on the originals of
 * scripts/fixtures/takeout-media.ts: read back with our extractor and with ExifTool (when
 * installed), ExifTool's validation against the original's, and the bytes that must not change.
 */
import { describe, expect, it } from 'vitest';
import { SAMPLE_TAGS, takeoutMedia, writeFixtures } from '../../../scripts/fixtures/takeout-media';
import { fixtureFolder } from '../../../scripts/fixtures/fixture-folder';
import { HAS_EXIFTOOL, exiftoolTags, exiftoolWarnings } from '../../testing/exiftool';
import { fixedCopy, readBack } from '../../testing/read-back';
import type { FixTags } from './tags';

const media = takeoutMedia();
const file = fixtureFolder('takeout-write-jpeg-', writeFixtures);

/** The marker segments before SOS (marker and whole bytes) and the rest from SOS on (T.81 §B.1.1.4). */
function split(bytes: Uint8Array): { segments: { marker: number; bytes: Uint8Array }[]; scan: Uint8Array } {
  const segments: { marker: number; bytes: Uint8Array }[] = [];
  let at = 2;
  while (bytes[at + 1] !== 0xda) {
    const end = at + 2 + ((bytes[at + 2] << 8) | bytes[at + 3]);
    segments.push({ marker: bytes[at + 1], bytes: bytes.subarray(at, end) });
    at = end;
  }
  return { segments, scan: bytes.subarray(at) };
}
const app1 = (bytes: Uint8Array, id: string) => split(bytes).segments.find((s) => s.marker === 0xe1 && Buffer.from(s.bytes.subarray(4, 4 + id.length)).toString('latin1') === id);
const exifTiff = (bytes: Uint8Array) => app1(bytes, 'Exif\0\0')?.bytes.subarray(10);
const xmpText = (bytes: Uint8Array) => Buffer.from(app1(bytes, 'http://ns.adobe.com/xap/1.0/\0')?.bytes.subarray(33) ?? []).toString('utf8');

const fix = (name: string, tags: FixTags = SAMPLE_TAGS) => fixedCopy(media[name], 'jpeg', tags);

/** The copy written beside the original, for ExifTool. */
async function fixOnDisk(name: string): Promise<string> {
  const path = file(`fixed-${name}`);
  await fixedCopy(media[name], 'jpeg', SAMPLE_TAGS, path);
  return path;
}

describe('a JPEG without EXIF or XMP (plain.jpg)', () => {
  it('gains an Exif APP1 and an XMP APP1 after its APP0, which our extractor reads', async () => {
    const copy = await fix('plain.jpg');
    expect(split(copy).segments.map((s) => s.marker)).toEqual([0xe0, 0xe1, 0xe1, 0xdb, 0xc0, 0xc4, 0xc4]);
    const { r, summary, xmp } = await readBack(copy, 'plain.jpg');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(summary('DateTimeOriginal')).toBe('2024:02:29 20:59:58');
    expect(summary('OffsetTimeOriginal')).toBe('-03:00');
    expect(r.summary.find((f) => f.key === 'GPSLatitude')?.comment).toMatch(/^EXIF GPS/);
    expect(summary('GPSLatitude')).toBeCloseTo(38.713905, 9);
    expect(summary('GPSLongitude')).toBeCloseTo(-9.1394, 9);
    expect(summary('GPSAltitude')).toBe(-12.5);
    expect(summary('Description')).toBe('Dinner "at" Lisbon\r\nline 2');
    expect(summary('Title')).toBe('Lisbon');
    expect(summary('Keywords')).toEqual(['Trip 2024', 'Família']);
    expect(xmp('Iptc4xmpExt', 'PersonInImage')).toEqual(['Ana <Example>', 'Bo & Co']);
    expect(xmp('exif', 'DateTimeOriginal')).toBe('2024-02-29T20:59:58-03:00');
    expect(xmp('photoshop', 'DateCreated')).toBe('2024-02-29T20:59:58-03:00');
  });

  it('keeps every other segment and the scan data byte for byte', async () => {
    const original = split(media['plain.jpg']);
    const copy = split(await fix('plain.jpg'));
    expect(copy.scan).toEqual(original.scan);
    expect(copy.segments.filter((s) => s.marker !== 0xe1)).toEqual(original.segments);
  });

  it('writes UTC with +00:00 when the zone is unknown', async () => {
    const copy = await fix('plain.jpg', { ...SAMPLE_TAGS, taken: { utcSeconds: SAMPLE_TAGS.taken!.utcSeconds } });
    const { summary, xmp } = await readBack(copy, 'plain.jpg');
    expect(summary('DateTimeOriginal')).toBe('2024:02:29 23:59:58');
    expect(summary('OffsetTimeOriginal')).toBe('+00:00');
    expect(xmp('exif', 'DateTimeOriginal')).toBe('2024-02-29T23:59:58Z');
  });

  it('is unchanged by a second pass with the same tags', async () => {
    const once = await fix('plain.jpg');
    expect(await fixedCopy(once, 'jpeg', SAMPLE_TAGS)).toEqual(once);
  });

  it.skipIf(!HAS_EXIFTOOL)('reads in ExifTool as EXIF and XMP, with no validation warning', async () => {
    const t = exiftoolTags(await fixOnDisk('plain.jpg'));
    expect(t).toMatchObject({
      'ExifIFD:DateTimeOriginal': '2024:02:29 20:59:58',
      'ExifIFD:OffsetTimeOriginal': '-03:00',
      'GPS:GPSLatitudeRef': 'N',
      'GPS:GPSLatitude': 38.713905,
      'GPS:GPSLongitudeRef': 'W',
      'GPS:GPSLongitude': 9.1394,
      'GPS:GPSAltitudeRef': 1,
      'GPS:GPSAltitude': 12.5,
      'XMP-exif:DateTimeOriginal': '2024:02:29 20:59:58-03:00',
      'XMP-xmp:CreateDate': '2024:02:29 20:59:58-03:00',
      'XMP-exif:GPSLatitude': 38.713905,
      'XMP-exif:GPSLongitude': -9.1394,
      'XMP-iptcExt:PersonInImage': ['Ana <Example>', 'Bo & Co'],
      'XMP-dc:Subject': ['Trip 2024', 'Família'],
      'XMP-dc:Description': 'Dinner "at" Lisbon\r\nline 2',
      'XMP-dc:Title': 'Lisbon',
    });
    expect(exiftoolWarnings(file('fixed-plain.jpg'))).toEqual(exiftoolWarnings(file('plain.jpg')));
  });
});

describe('a camera JPEG whose EXIF has a date, a maker note and a GPS IFD without a position (canon.jpg)', () => {
  it('extends its TIFF block by appending: every byte but the IFD0 offset stays where it was', async () => {
    const before = exifTiff(media['canon.jpg'])!;
    const after = exifTiff(await fix('canon.jpg'))!;
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.subarray(0, 4)).toEqual(before.subarray(0, 4));
    expect(after.subarray(8, before.length)).toEqual(before.subarray(8));
    expect(split(await fix('canon.jpg')).scan).toEqual(split(media['canon.jpg']).scan);
  });

  it('gains GPS; its own date is kept (EXIF and XMP) and no OffsetTimeOriginal is invented for it', async () => {
    const { r, summary, xmp } = await readBack(await fix('canon.jpg'), 'canon.jpg');
    expect(r.errors).toEqual([]);
    expect(summary('Make')).toBe('Canon');
    expect(summary('DateTimeOriginal')).toBe('2023:06:10 14:30:00');
    expect(summary('OffsetTimeOriginal')).toBeUndefined();
    expect(xmp('exif', 'DateTimeOriginal')).toBeUndefined();
    expect(summary('GPSLatitude')).toBeCloseTo(38.713905, 9);
    expect(xmp('exif', 'GPSLatitude')).toBe('38,42.8343N');
    expect(xmp('Iptc4xmpExt', 'PersonInImage')).toEqual(['Ana <Example>', 'Bo & Co']);
  });

  it.skipIf(!HAS_EXIFTOOL)('keeps its maker note, thumbnail and tags (GPSVersionID 2.2 too) in ExifTool, gains a position, and no new warning', async () => {
    const before = exiftoolTags(file('canon.jpg'), '-a');
    const after = exiftoolTags(await fixOnDisk('canon.jpg'), '-a');
    const kept = Object.keys(before).filter((k) => /^(Canon\w*|IFD0|ExifIFD|GPS|IFD1):/.test(k));
    expect(kept.filter((k) => k.startsWith('Canon')).length).toBeGreaterThan(100);
    for (const k of kept) expect(after[k], k).toEqual(before[k]);
    expect(after['ExifIFD:OffsetTimeOriginal']).toBeUndefined();
    expect(before['GPS:GPSVersionID']).toBe('2 2 0 0');
    expect(after).toMatchObject({ 'GPS:GPSLatitude': 38.713905, 'GPS:GPSLongitudeRef': 'W', 'GPS:GPSAltitude': 12.5 });
    expect(exiftoolWarnings(file('fixed-canon.jpg'))).toEqual(exiftoolWarnings(file('canon.jpg')));
  });
});

describe('EXIF layouts', () => {
  it('IFD0 only, little-endian: gains an Exif IFD (with the mandatory tags) and a GPS IFD, in its byte order', async () => {
    const copy = await fix('ifd0-only.jpg');
    expect(Buffer.from(exifTiff(copy)!.subarray(0, 2)).toString('latin1')).toBe('II');
    const { summary } = await readBack(copy, 'ifd0-only.jpg');
    expect(summary('Make')).toBe('Scanner Co.');
    expect(summary('DateTimeOriginal')).toBe('2024:02:29 20:59:58');
    expect(summary('OffsetTimeOriginal')).toBe('-03:00');
    expect(summary('GPSLongitude')).toBeCloseTo(-9.1394, 9);
  });

  it('an Exif IFD of version 0220 gains DateTimeOriginal but not OffsetTimeOriginal (EXIF 2.31 on)', async () => {
    const { summary } = await readBack(await fix('exif-0220.jpg'), 'exif-0220.jpg');
    expect(summary('DateTimeOriginal')).toBe('2024:02:29 20:59:58');
    expect(summary('OffsetTimeOriginal')).toBeUndefined();
  });

  it.skipIf(!HAS_EXIFTOOL)('both pass ExifTool validation as their originals do', async () => {
    for (const name of ['ifd0-only.jpg', 'exif-0220.jpg']) {
      const t = exiftoolTags(await fixOnDisk(name));
      expect(t['ExifIFD:DateTimeOriginal'], name).toBe('2024:02:29 20:59:58');
      expect(t['GPS:GPSLatitude'], name).toBe(38.713905);
      expect(exiftoolWarnings(file(`fixed-${name}`)), name).toEqual(exiftoolWarnings(file(name)));
    }
  });
});

describe('a JPEG with EXIF (date, GPS) and XMP (photo-basic.jpg)', () => {
  it('leaves the EXIF alone and adds to the XMP packet only what it lacks, keeping the rest byte for byte', async () => {
    const original = media['photo-basic.jpg'];
    const copy = await fix('photo-basic.jpg');
    expect(app1(copy, 'Exif\0\0')).toEqual(app1(original, 'Exif\0\0'));
    const before = xmpText(original);
    const after = xmpText(copy);
    const added = / {2}<rdf:Description [^>]*xmlns:rdf=[\s\S]*?<\/rdf:Description>\n/.exec(after)!;
    expect(after.slice(0, added.index) + after.slice(added.index + added[0].length)).toBe(before);
    // Its dc:title and dc:subject stay; no date or position goes to XMP, as the EXIF has them.
    expect(added[0]).not.toMatch(/dc:title|dc:subject|exif:|xmp:CreateDate|photoshop:/);
    const { summary, xmp } = await readBack(copy, 'photo-basic.jpg');
    expect(xmp('dc', 'title')).toBe('Fixture sunset');
    expect(xmp('dc', 'subject')).toEqual(['beach', 'sunset', '007']);
    expect(xmp('xmp', 'Rating')).toBe('5');
    expect(xmp('dc', 'description')).toBe('Dinner "at" Lisbon\r\nline 2');
    expect(xmp('Iptc4xmpExt', 'PersonInImage')).toEqual(['Ana <Example>', 'Bo & Co']);
    expect(summary('DateTimeOriginal')).toBe('2024:02:29 23:59:58');
    expect(summary('GPSLatitude')).toBeCloseTo(-(22 + 57 / 60 + 6.84 / 3600), 9);
  });

  it.skipIf(!HAS_EXIFTOOL)('reads in ExifTool with its own properties and the added ones, and no new warning', async () => {
    const t = exiftoolTags(await fixOnDisk('photo-basic.jpg'));
    expect(t).toMatchObject({ 'XMP-dc:Title': 'Fixture sunset', 'XMP-dc:Subject': ['beach', 'sunset', '007'], 'XMP-xmp:Rating': 5, 'XMP-iptcExt:PersonInImage': ['Ana <Example>', 'Bo & Co'] });
    expect(t['XMP-exif:DateTimeOriginal']).toBeUndefined();
    expect(exiftoolWarnings(file('fixed-photo-basic.jpg'))).toEqual(exiftoolWarnings(file('photo-basic.jpg')));
  });
});
