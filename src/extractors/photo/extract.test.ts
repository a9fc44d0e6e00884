import { extractPath } from '../../node/extract-path';
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Field, MetadataRecord } from '../types';
import { DEFAULT_OPTIONS } from '../types';
import { extractRecord } from '../run';
import { BlobSource } from '../source/blob-source';
import { BytesSource } from '../source/bytes-source';
import { ExtractError } from '../errors';
import { statusOf } from '../status';
import { writeFixtures, HTML_PAYLOAD, SD_PARAMETERS } from '../../../scripts/fixtures/photo';
import { fixtureFolder } from '../../../scripts/fixtures/fixture-folder';
import { extractor } from './extract';
import { corpusFacts } from '../../testing/facts/photo';
import { findGroup } from '../fields';

// prettier-ignore
const file = fixtureFolder('photo-fixtures-', writeFixtures);

async function run(name: string): Promise<MetadataRecord & { size: number }> {
  const record = await extractPath(file(name));
  return { ...record, size: record.file.size };
}

function summary(r: MetadataRecord, key: string): Field | undefined {
  return r.summary.find((f) => f.key === key);
}

function field(r: MetadataRecord, groupId: string, key: string): Field | undefined {
  return findGroup(r.groups, groupId)?.fields.find((f) => f.key === key);
}

describe('photo-basic.jpg', () => {
  it('has the summary a person wants first, with codes kept in raw', async () => {
    const r = await run('photo-basic.jpg');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.format).toEqual({ id: 'photo', name: 'JPEG image' });
    expect(summary(r, 'ImageWidth')?.value).toBe(16);
    expect(summary(r, 'Make')?.value).toBe('MetaExtract Camera Co.');
    expect(summary(r, 'Model')?.value).toBe('ME-1 Mark II');
    expect(summary(r, 'Orientation')).toMatchObject({ value: 'Rotate 90 CW', raw: 6 });
    expect(summary(r, 'ExposureTime')).toMatchObject({ value: '1/250', unit: 's', raw: 0.004 });
    expect(summary(r, 'FNumber')?.value).toBe(2.8);
    expect(summary(r, 'ISO')?.value).toBe(400);
    expect(summary(r, 'FocalLength')).toMatchObject({ value: 35, unit: 'mm' });
    expect(summary(r, 'LensModel')?.value).toBe('ME 35mm F2.8');
    // EXIF dates stay as written: no Date objects, no invented zone.
    expect(summary(r, 'DateTimeOriginal')?.value).toBe('2024:02:29 23:59:58');
    expect(summary(r, 'OffsetTimeOriginal')?.value).toBe('-03:00');
    // South and west are negative; altitude below sea level is negative.
    expect(summary(r, 'GPSLatitude')?.value as number).toBeCloseTo(-(22 + 57 / 60 + 6.84 / 3600), 9);
    expect(summary(r, 'GPSLongitude')?.value as number).toBeCloseTo(-(43 + 12 / 60 + 37.8 / 3600), 9);
    expect(summary(r, 'GPSAltitude')?.value).toBe(-12.5);
    expect(summary(r, 'Title')?.value).toBe('Fixture sunset');
    expect(summary(r, 'Keywords')?.value).toEqual(['beach', 'sunset', 'Zürich']);
  });

  it('keeps IFD0, Exif IFD, GPS, IFD1, XMP namespaces, IPTC and JFIF as separate groups', async () => {
    const r = await run('photo-basic.jpg');
    expect(findGroup(r.groups, 'exif')?.children?.map((g) => g.id)).toEqual(['ifd0', 'exififd', 'gps', 'ifd1']);
    expect(field(r, 'ifd0', 'Orientation')).toMatchObject({ value: 'Rotate 90 CW', raw: 6 });
    expect(field(r, 'exififd', 'ExifVersion')?.value).toBe('0232');
    expect(field(r, 'exififd', 'CreateDate')?.value).toBe('2024:02:29 23:59:58');
    expect(field(r, 'gps', 'GPSLatitude')).toMatchObject({ value: expect.closeTo(22.9519, 9), raw: [22, 57, 6.84] });
    expect(field(r, 'gps', 'GPSAltitudeRef')).toMatchObject({ value: 'Below sea level', raw: 1 });
    expect(field(r, 'gps', 'GPSTimeStamp')?.value).toBe('02:59:58');
    expect(field(r, 'ifd1', 'Compression')?.value).toBe(6);
    expect(field(r, 'xmp-dc', 'dc:title')?.value).toBe('Fixture sunset');
    expect(field(r, 'xmp-dc', 'dc:subject')?.value).toEqual(['beach', 'sunset', '007']); // text stays text
    expect(field(r, 'xmp-xmp', 'xmp:CreatorTool')?.value).toBe('0042');
    expect(field(r, 'iptc', 'By-line')?.value).toBe('Ana Example');
    expect(field(r, 'iptc', 'City')?.value).toBe('Zürich');
    expect(field(r, 'jfif', 'JFIFVersion')?.value).toBe('1.02');
    expect(field(r, 'jpeg', 'Comment')?.value).toBe('MetaExtract fixture');
  });

  it('passes HTML/script payloads through as plain text (entities decoded)', async () => {
    const r = await run('photo-basic.jpg');
    expect(field(r, 'xmp-dc', 'dc:creator')?.value).toBe(HTML_PAYLOAD);
    expect(field(r, 'ifd0', 'Artist')?.value).toBe(HTML_PAYLOAD);
    expect(field(r, 'exififd', 'UserComment')?.value).toBe('<script>alert(1)</script> fixture comment');
  });

  it('maps to corpus facts off the record', async () => {
    const facts = corpusFacts(await run('photo-basic.jpg'));
    expect(facts).toMatchObject({
      MIMEType: 'image/jpeg',
      ImageWidth: 16,
      ImageHeight: 16,
      Orientation: 6,
      ExposureTime: 0.004,
      ISO: 400,
      GPSLatitude: -22.9519,
      GPSLongitude: -43.2105,
      GPSAltitude: -12.5,
      has_exif: true,
      has_xmp: true,
      has_iptc: true,
      'XMP:Title': 'Fixture sunset',
      'XMP:Creator': HTML_PAYLOAD,
      'IPTC:ObjectName': 'Fixture sunset',
      'IPTC:By-line': 'Ana Example',
    });
  });

  it('gives the same record through a BlobSource (the browser worker path)', async () => {
    const bytes = await readFile(file('photo-basic.jpg'));
    const viaBlob = await extractRecord({ source: new BlobSource(new Blob([bytes]), 'photo-basic.jpg') });
    const viaFile = await run('photo-basic.jpg');
    expect(viaBlob.summary).toEqual(viaFile.summary);
    expect(viaBlob.groups).toEqual(viaFile.groups);
  });

  it('honours an aborted signal', async () => {
    const bytes = new Uint8Array(await readFile(file('photo-basic.jpg')));
    const ac = new AbortController();
    ac.abort();
    await expect(extractor.extract(new BytesSource(bytes, 'a.jpg'), { signal: ac.signal, options: DEFAULT_OPTIONS, warn: () => {} })).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('laziness on multi-megabyte files', () => {
  it('JPEG: reads the head and a 4 KiB tail only', async () => {
    const r = await run('photo-big.jpg');
    expect(r.size).toBeGreaterThan(6_000_000);
    expect(summary(r, 'Make')?.value).toBe('MetaExtract Camera Co.');
    expect(r.warnings).toEqual([]);
    expect(r.stats.bytesRead).toBeLessThan(r.size * 0.02);
  });

  it('PNG: finds eXIf and tEXt after 6 MB of IDAT by reading chunk headers only', async () => {
    const r = await run('photo-big.png');
    expect(summary(r, 'ImageWidth')?.value).toBe(1024);
    expect(summary(r, 'Make')?.value).toBe('MetaExtract Camera Co.');
    expect(field(r, 'png-text', 'parameters')?.value).toBe(SD_PARAMETERS);
    expect(r.stats.bytesRead).toBeLessThan(r.size * 0.02);
  });

  it('HEIC: reads the meta box and the Exif/XMP items at the end of mdat, not mdat', async () => {
    const r = await run('photo-big.heic');
    expect(r.format.name).toBe('HEIC image');
    expect(summary(r, 'MIMEType')?.value).toBe('image/heic');
    expect(summary(r, 'ImageWidth')?.value).toBe(4000);
    expect(summary(r, 'ImageHeight')?.value).toBe(3000);
    expect(summary(r, 'Model')?.value).toBe('ME-1 Mark II');
    expect(field(r, 'xmp-dc', 'dc:title')?.value).toBe('Fixture sunset');
    expect(r.stats.bytesRead).toBeLessThan(r.size * 0.02);
  });
});

describe('other containers', () => {
  it('PNG text chunks (tEXt, zTXt, iTXt) become fields; eXIf after IDAT is decoded', async () => {
    const r = await run('photo-text.png');
    expect(r.warnings).toEqual([]);
    expect(field(r, 'png-text', 'parameters')).toMatchObject({ value: SD_PARAMETERS, comment: 'tEXt' });
    expect(field(r, 'png-text', 'Comment')).toMatchObject({ value: 'compressed comment, latin-1: café', comment: 'zTXt' });
    expect(field(r, 'png-text', 'Software')).toMatchObject({ value: 'written after IDAT', comment: 'tEXt (after image data)' });
    expect(field(r, 'xmp-dc', 'dc:creator')?.value).toBe(HTML_PAYLOAD);
    expect(summary(r, 'GPSAltitude')?.value).toBe(-12.5);
    expect(field(r, 'exif', 'ExifByteOrder')?.raw).toBe('II');
  });

  it('WebP: VP8X/VP8L size, EXIF and XMP chunks', async () => {
    const r = await run('photo-basic.webp');
    expect(r.format.name).toBe('WebP image');
    expect(summary(r, 'ImageWidth')?.value).toBe(1);
    expect(summary(r, 'Orientation')?.raw).toBe(6);
    expect(field(r, 'xmp-dc', 'dc:title')?.value).toBe('Fixture sunset');
  });

  it('TIFF: IFD0, Exif IFD and XMP from tag 700', async () => {
    const r = await run('photo-basic.tif');
    expect(r.format).toEqual({ id: 'photo', name: 'TIFF image' });
    expect(summary(r, 'ImageWidth')?.value).toBe(2);
    expect(summary(r, 'Make')?.value).toBe('MetaExtract Scanner');
    expect(summary(r, 'DateTimeOriginal')?.value).toBe('2020:01:02 03:04:05');
    expect(field(r, 'ifd0', 'StripOffsets')?.value).toBeGreaterThan(8);
    expect(field(r, 'xmp-dc', 'dc:creator')?.value).toBe(HTML_PAYLOAD);
  });
});

describe('damaged files', () => {
  it('truncated JPEG image data: intact EXIF and a typed truncated error (status partial)', async () => {
    const r = await run('photo-truncated.jpg');
    expect(r.errors.map((e) => e.code)).toEqual(['truncated']);
    expect(r.errors[0].message).toMatch(/EOI/);
    expect(statusOf(r)).toBe('partial');
    expect(summary(r, 'Make')?.value).toBe('MetaExtract Camera Co.');
    expect(summary(r, 'DateTimeOriginal')?.value).toBe('2024:02:29 23:59:58');
  });

  it('a JPEG followed by other data (an appended file, a maker trailer) is not truncated: a warning says what follows', async () => {
    const jpeg = new Uint8Array(await readFile(file('photo-basic.jpg')));
    const trailer = new TextEncoder().encode('SEFH trailer text, not scan data '.repeat(200));
    const out = await extractRecord({ source: new BytesSource(new Uint8Array([...jpeg, ...trailer]), 'motion.jpg') });
    expect(out.errors).toEqual([]);
    expect(out.warnings.join(' ')).toMatch(/other data follows the image/);
    expect(statusOf(out)).toBe('done');
  });

  it('JPEG cut inside its EXIF segment: partial record (JFIF) and a truncated error naming APP1 and its offset', async () => {
    const r = await run('photo-cut-exif.jpg');
    expect(r.errors).toMatchObject([{ code: 'truncated', message: expect.stringMatching(/inside the APP1 segment/), offset: expect.any(Number) }]);
    expect(statusOf(r)).toBe('partial');
    expect(findGroup(r.groups, 'exif')).toBeUndefined();
    expect(field(r, 'jfif', 'XResolution')?.value).toBe(72);
  });

  it('corrupt JPEG: warnings, no internal error', async () => {
    const r = await run('photo-corrupt.jpg');
    expect(r.format.id).toBe('photo');
    expect(r.errors.filter((e) => e.code === 'internal')).toEqual([]);
    expect(r.warnings.some((w) => /damaged/.test(w))).toBe(true);
    expect(r.warnings.some((w) => /EXIF data .* could not be decoded/.test(w))).toBe(true);
  });

  it('empty file: typed truncated error', async () => {
    const r = await run('photo-empty.jpg');
    expect(r.errors.map((e) => e.code)).toEqual(['truncated']);
    const err = await extractor.extract(new BytesSource(new Uint8Array(0), 'e.jpg'), { options: DEFAULT_OPTIONS, warn: () => {} }).catch((e) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect(err.code).toBe('truncated');
  });

  it('a HEIF without a meta box is a typed error', async () => {
    const bytes = new Uint8Array([0, 0, 0, 16, ...Buffer.from('ftypheic'), 0, 0, 0, 0, 0, 0, 0, 8, ...Buffer.from('mdat')]);
    const err = await extractor.extract(new BytesSource(bytes, 'x.heic'), { options: DEFAULT_OPTIONS, warn: () => {} }).catch((e) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect(['corrupt', 'truncated']).toContain(err.code);
  });

  it('PNG cut in the middle of IDAT: IHDR kept, a truncated error at the cut chunk', async () => {
    const bytes = new Uint8Array(await readFile(file('photo-big.png'))).subarray(0, 100_000);
    const out = await extractor.extract(new BytesSource(bytes, 'cut.png'), { options: DEFAULT_OPTIONS, warn: () => {} });
    expect(out.summary.find((f) => f.key === 'ImageWidth')?.value).toBe(1024);
    expect(out.errors).toMatchObject([{ code: 'truncated', message: expect.stringMatching(/inside the IDAT chunk/) }]);
  });
  it('PNG ending at a chunk boundary before IEND, and WebP shorter than its RIFF size: typed truncated errors', async () => {
    const png = new Uint8Array(await readFile(file('photo-big.png')));
    const cutPng = png.subarray(0, png.length - 12); // without its 12-byte IEND chunk
    const pngOut = await extractor.extract(new BytesSource(cutPng, 'cut.png'), { options: DEFAULT_OPTIONS, warn: () => {} });
    expect(pngOut.errors).toEqual([{ code: 'truncated', message: expect.stringMatching(/without an IEND chunk/), offset: cutPng.length }]);
    const webp = new Uint8Array(await readFile(file('photo-basic.webp')));
    const webpOut = await extractor.extract(new BytesSource(webp.subarray(0, webp.length - 4), 'cut.webp'), { options: DEFAULT_OPTIONS, warn: () => {} });
    expect(webpOut.errors?.map((e) => e.code)).toContain('truncated');
    const whole = await extractor.extract(new BytesSource(png, 'whole.png'), { options: DEFAULT_OPTIONS, warn: () => {} });
    expect(whole.errors).toBeUndefined();
  });
});

describe('robustness', () => {
  it('byte-flipped and cut variants never end in an internal error', async () => {
    let x = 0x9e3779b9;
    const rnd = () => {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x;
    };
    const internal: string[] = [];
    for (const name of ['photo-basic.jpg', 'photo-text.png', 'photo-basic.webp', 'photo-basic.tif']) {
      const orig = new Uint8Array(await readFile(file(name)));
      for (let i = 0; i < 60; i++) {
        const b = orig.slice();
        for (let k = 0; k <= rnd() % 8; k++) b[rnd() % b.length] = rnd() & 255;
        const input = i % 5 === 0 ? b.subarray(0, rnd() % b.length) : b;
        const r = await extractRecord({ source: new BytesSource(input, name) });
        for (const e of r.errors) if (e.code === 'internal') internal.push(`${name}#${i}: ${e.message}`);
      }
    }
    expect(internal).toEqual([]);
  });
});
