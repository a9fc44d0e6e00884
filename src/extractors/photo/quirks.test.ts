/**
 * Photos written out of spec that ExifTool reads: each fixture (scripts/fixtures/photo.ts) was read
 * with `exiftool -j -G1 -n -a` (12.57), and the values expected here are ExifTool's unless a test
 * says where we differ and why.
 */
import { describe, expect, it } from 'vitest';
import { extractPath } from '../../node/extract-path';
import type { Field, MetadataRecord } from '../types';
import { findGroup } from '../fields';
import { writeFixtures, rawProfileText } from '../../../scripts/fixtures/photo';
import { fixtureFolder } from '../../../scripts/fixtures/fixture-folder';
import { corpusFacts } from '../../testing/facts/photo';
import { decodeRawProfile } from './raw-profile';

const file = fixtureFolder('photo-quirks-', writeFixtures);
const run = (name: string) => extractPath(file(name));
const summary = (r: MetadataRecord, key: string): Field | undefined => r.summary.find((f) => f.key === key);
// prettier-ignore
const field = (r: MetadataRecord, groupId: string, key: string): Field | undefined => findGroup(r.groups, groupId)?.fields.find((f) => f.key === key);

describe('EXIF tags in the wrong IFD', () => {
  it('reads IFD0 tags stored in the Exif IFD (and Exif IFD tags in IFD0) under their names, with one warning per IFD', async () => {
    const r = await run('photo-exif-misplaced.jpg');
    expect(field(r, 'exififd', 'Make')).toMatchObject({ value: 'Misplaced Optics Ltd.', comment: 'tag 0x010f, IFD0 tag stored in the Exif IFD' });
    expect(field(r, 'exififd', 'ModifyDate')?.value).toBe('2019:07:15 08:00:00');
    expect(field(r, 'exififd', 'Orientation')).toMatchObject({ value: 'Rotate 90 CW', raw: 6 });
    expect(field(r, 'exififd', 'Copyright')?.value).toBe('(c) Exif IFD');
    expect(field(r, 'ifd0', 'DateTimeOriginal')?.value).toBe('2019:07:14 12:30:00');
    expect(r.warnings).toEqual([
      expect.stringMatching(/IFD0 holds Exif IFD tags FNumber \(0x829d\), DateTimeOriginal \(0x9003\)/),
      expect.stringMatching(
        /the Exif IFD holds IFD0 tags Make \(0x010f\), Model \(0x0110\), Orientation \(0x0112\), Software \(0x0131\), ModifyDate \(0x0132\), Artist \(0x013b\), Copyright \(0x8298\)/,
      ),
    ]);
  });

  it('gives the summary and the corpus facts the misplaced values, naming where they were found', async () => {
    const r = await run('photo-exif-misplaced.jpg');
    expect(summary(r, 'Make')).toMatchObject({ value: 'Misplaced Optics Ltd.', comment: 'EXIF Exif IFD' });
    expect(summary(r, 'Software')?.value).toBe('scanner-firmware 2.1');
    expect(summary(r, 'Creator')?.value).toBe('Exif IFD Artist');
    expect(summary(r, 'DateTimeOriginal')).toMatchObject({ value: '2019:07:14 12:30:00', comment: 'EXIF IFD0' });
    expect(corpusFacts(r)).toMatchObject({ Make: 'Misplaced Optics Ltd.', Model: 'MO-7', DateTimeOriginal: '2019:07:14 12:30:00', Orientation: 6, FNumber: 5.6, ExposureTime: 0.008 });
  });
});

describe('GPS coordinates out of spec', () => {
  it('reads ASCII coordinates in four notations, keeping the text in raw', async () => {
    const r = await run('photo-gps-ascii.jpg');
    expect(field(r, 'gps', 'GPSLatitude')).toMatchObject({ value: 51.5, raw: '51 30 0.0', unit: '°' });
    expect(field(r, 'gps', 'GPSLongitude')).toMatchObject({ value: expect.closeTo(0.127666666666667, 12), raw: `0 deg 7' 39.60" W` });
    expect(field(r, 'gps', 'GPSDestLatitude')).toMatchObject({ value: expect.closeTo(51.5083333333333, 12), raw: '51,30.5N' });
    // ExifTool drops the sign (0.1276); the GPS field keeps the value as written.
    expect(field(r, 'gps', 'GPSDestLongitude')).toMatchObject({ value: -0.1276, raw: '-0.1276' });
    expect(r.warnings.filter((w) => /is ASCII text .* instead of 3 RATIONALs/.test(w))).toHaveLength(4);
    expect(corpusFacts(r)).toMatchObject({ GPSLatitude: 51.5, GPSLongitude: expect.closeTo(-0.127667, 6) }); // ref "West" counts as W
  });

  it('without GPSLatitudeRef/GPSLongitudeRef: the coordinates, but no signed position (as ExifTool)', async () => {
    const r = await run('photo-gps-noref.jpg');
    expect(field(r, 'gps', 'GPSLatitude')?.value).toBeCloseTo(51.5083333333333, 12);
    expect(field(r, 'gps', 'GPSLongitude')?.value).toBeCloseTo(0.127666666666667, 12);
    expect(summary(r, 'GPSLatitude')).toBeUndefined();
    expect(corpusFacts(r)).toMatchObject({ GPSLatitude: null, GPSLongitude: null });
    expect(r.warnings).toContainEqual(expect.stringMatching(/GPSLatitude has no GPSLatitudeRef .* no signed position/));
  });

  it('negative SRATIONAL degrees without refs: read as written, no signed position', async () => {
    const r = await run('photo-gps-negative.jpg');
    // ExifTool: 50.5 (it adds the 30 minutes to -51 degrees, then drops the sign); -51°30' is -51.5.
    expect(field(r, 'gps', 'GPSLatitude')).toMatchObject({ value: -51.5, raw: [-51, 30, 0] });
    expect(summary(r, 'GPSLatitude')).toBeUndefined();
    expect(r.warnings).toContainEqual(expect.stringMatching(/GPSLatitude is negative/));
  });

  it('a zero denominator leaves the coordinate unread (ExifTool: empty), with a warning', async () => {
    const r = await run('photo-gps-zero-denominator.jpg');
    expect(field(r, 'gps', 'GPSLatitude')).toMatchObject({ value: null, raw: [51, 30, 'NaN'] });
    expect(field(r, 'gps', 'GPSLongitude')).toMatchObject({ value: null, raw: ['Infinity', 0, 0] });
    expect(summary(r, 'GPSLatitude')).toBeUndefined();
    expect(r.warnings.filter((w) => /has a zero denominator .*: not read/.test(w))).toHaveLength(2);
  });
});

describe('EXIF structure quirks', () => {
  it('an Exif IFD and IFD1 offset past the APP1 segment: a warning each, IFD0 kept', async () => {
    const r = await run('photo-exif-ifd-outside.jpg');
    expect(corpusFacts(r)).toMatchObject({ Make: 'Outside Co.', Model: 'OUT-1' });
    expect(r.warnings).toEqual([expect.stringMatching(/the Exif IFD offset 5000 lies outside the \d+ bytes of TIFF data read/), expect.stringMatching(/the IFD1 offset 6000 lies outside/)]);
  });

  it.each([
    ['photo-app1-lowercase.jpg', 'Lowercase Co.', /starts with "exif\\u0000\\u0000"/],
    ['photo-app1-prefixed.jpg', 'Prefixed Co.', /starts with "\\u0000\\u0000Exif\\u0000\\u0000"/],
  ])('%s: an APP1 Exif identifier ExifTool accepts is read, with a warning', async (name, make, warning) => {
    const r = await run(name);
    expect(summary(r, 'Make')?.value).toBe(make);
    expect(r.warnings).toEqual([expect.stringMatching(warning)]);
  });

  it('two APP1 Exif segments: both decoded, the later one wins where both have a tag (as ExifTool)', async () => {
    const r = await run('photo-two-exif.jpg');
    expect(r.groups.map((g) => g.id)).toEqual(['jpeg', 'exif', 'exif-2', 'provenance']);
    expect(corpusFacts(r)).toMatchObject({ Make: 'Second Co.', Model: 'SC-2' });
    expect(summary(r, 'Software')?.value).toBe('first-writer');
    expect(r.warnings).toEqual([expect.stringMatching(/holds 2 EXIF structures/)]);
  });

  it('an ASCII value ends at its first NUL (TIFF 6.0 §2), the whole text in raw', async () => {
    const r = await run('photo-ascii-nul.jpg');
    expect(field(r, 'ifd0', 'Model')).toMatchObject({ value: 'EOS 5', raw: 'EOS 5\0junk' });
    expect(corpusFacts(r).Model).toBe('EOS 5');
  });

  it('a TIFF file whose Exif IFD pointer is a SHORT: the Exif IFD is read', async () => {
    const r = await run('photo-tiff-short-pointer.tif');
    expect(r.warnings).toEqual([]);
    expect(summary(r, 'DateTimeOriginal')?.value).toBe('2020:01:02 03:04:05');
  });

  it('extended XMP: the parts of the GUID the main packet names, in offset order; another GUID ignored', async () => {
    const r = await run('photo-xmp-extended.jpg');
    expect(field(r, 'xmp-dc', 'dc:title')?.value).toBe('Main packet title');
    expect(field(r, 'xmp-dc', 'dc:description')?.value).toBe('Extended description '.repeat(12).trim());
    expect(field(r, 'xmp-GCamera', 'GCamera:MicroVideoOffset')?.value).toBe('4096');
    expect(r.warnings).toEqual([expect.stringMatching(/^Extended XMP [0-9A-F]{32} is not the one the main XMP names/)]);
  });
});

describe('ImageMagick raw profiles in PNG text chunks', () => {
  it('decodes "Raw profile type exif" (tEXt), "iptc" (zTXt, 8BIM wrapper) and "xmp" (zTXt) with the EXIF, IPTC and XMP readers', async () => {
    const r = await run('photo-raw-profiles.png');
    expect(r.warnings).toEqual([]);
    expect(field(r, 'exif', 'Source')?.value).toBe('PNG tEXt chunk "Raw profile type exif" at offset 33');
    expect(corpusFacts(r)).toMatchObject({
      Make: 'Raw Profile Cameras',
      Model: 'RP-2',
      DateTimeOriginal: '2021:06:01 09:15:00',
      Orientation: 8,
      has_exif: true,
      has_iptc: true,
      has_xmp: true,
      'IPTC:By-line': 'Ana Example',
      'IPTC:Keywords': ['beach', 'sunset', 'Zürich'],
      'XMP:Title': 'Fixture sunset',
    });
    expect(field(r, 'png-text', 'Raw profile type iptc')).toMatchObject({ value: 'IPTC, 108 bytes (decoded into the IPTC group)', comment: 'zTXt' });
  });

  it('decodes a compressed iTXt "Raw profile type APP1"; a bare IIM "iptc" profile with a wrong count and an odd digit, with warnings; rejects non-hex', async () => {
    const r = await run('photo-raw-app1.png');
    expect(corpusFacts(r)).toMatchObject({ Make: 'APP1 Profile Co.', 'IPTC:ObjectName': 'Bare IIM title', 'IPTC:By-line': 'IIM By-line', has_xmp: false });
    expect(r.warnings).toEqual([
      expect.stringMatching(/"Raw profile type iptc" .* has an odd number of hex digits \(71\)/),
      expect.stringMatching(/"Raw profile type iptc" .* declares 39 bytes but holds 35/),
      expect.stringMatching(/"Raw profile type xmp" .* is not an ImageMagick hex profile \(character 0x6e at offset 14 is not a hex digit\)/),
    ]);
  });

  it('sizes the output by the hex digits, not the declared count', () => {
    const bytes = new Uint8Array([0x45, 0x78, 0x69, 0x66, 0, 0, 0xff]);
    expect(decodeRawProfile(new TextEncoder().encode(rawProfileText('exif', bytes)))).toEqual({ bytes, notes: [] });
    const lying = decodeRawProfile(new TextEncoder().encode(rawProfileText('exif', bytes, 2 ** 40)));
    expect(lying.bytes).toEqual(bytes);
    expect(lying.notes).toEqual([`declares ${2 ** 40} bytes but holds 7; the 7 are read`]);
    expect(() => decodeRawProfile(new TextEncoder().encode('exif\n7\n00'))).toThrow(/header/);
  });
});
