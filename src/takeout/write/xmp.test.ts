/**
 * The XMP text of Takeout tags (xmp.ts): the standalone sidecar read by ExifTool and by our XMP
 * reader, escaping, the GPS and date forms, and adding properties to an existing packet.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_TAGS } from '../../../scripts/fixtures/takeout-media';
import { HAS_EXIFTOOL, exiftoolTags, exiftoolWarnings } from '../../testing/exiftool';
import { parseXmp, xmpText } from '../../extractors/photo/xmp';
import { WriteError } from './errors';
import { addToXmpPacket, newXmpPacket, xmpSidecar } from './xmp';

const EMPTY = { people: [], albums: [] };
const packet = (body: string, rdf = 'rdf') =>
  `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><${rdf}:RDF xmlns:${rdf}="http://www.w3.org/1999/02/22-rdf-syntax-ns#">${body}</${rdf}:RDF></x:xmpmeta><?xpacket end="w"?>`;

describe('xmpSidecar', () => {
  it('is read back by our XMP reader with every tag', async () => {
    const xmp = await parseXmp([xmpSidecar(SAMPLE_TAGS)], (m) => expect.fail(m));
    expect(xmp.exif).toMatchObject({ DateTimeOriginal: '2024-02-29T20:59:58-03:00', GPSLatitude: '38,42.8343N', GPSLongitude: '9,8.364W', GPSAltitude: '12500/1000', GPSAltitudeRef: '1' });
    expect(xmp.xmp.CreateDate).toBe('2024-02-29T20:59:58-03:00');
    expect(xmp.photoshop.DateCreated).toBe('2024-02-29T20:59:58-03:00');
    expect(xmpText(xmp.dc.description)).toBe('Dinner "at" Lisbon\r\nline 2');
    expect(xmpText(xmp.dc.title)).toBe('Lisbon');
    expect(xmp.dc.subject).toEqual(['Trip 2024', 'Família']);
    expect(xmp.Iptc4xmpExt.PersonInImage).toEqual(['Ana <Example>', 'Bo & Co']);
  });

  it.skipIf(!HAS_EXIFTOOL)('parses in ExifTool (exiftool -j file.xmp) with every tag and no warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'takeout-sidecar-'));
    try {
      const path = join(dir, 'IMG_0001.jpg.xmp');
      await writeFile(path, xmpSidecar(SAMPLE_TAGS));
      expect(exiftoolTags(path)).toMatchObject({
        'File:FileType': 'XMP',
        'XMP-exif:DateTimeOriginal': '2024:02:29 20:59:58-03:00',
        'XMP-xmp:CreateDate': '2024:02:29 20:59:58-03:00',
        'XMP-photoshop:DateCreated': '2024:02:29 20:59:58-03:00',
        'XMP-exif:GPSLatitude': 38.713905,
        'XMP-exif:GPSLongitude': -9.1394,
        'XMP-exif:GPSAltitude': 12.5,
        'XMP-exif:GPSAltitudeRef': 1,
        'XMP-dc:Description': 'Dinner "at" Lisbon\r\nline 2',
        'XMP-dc:Title': 'Lisbon',
        'XMP-dc:Subject': ['Trip 2024', 'Família'],
        'XMP-iptcExt:PersonInImage': ['Ana <Example>', 'Bo & Co'],
      });
      expect(exiftoolWarnings(path)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('drops characters XML cannot hold, keeps the rest; an empty tag set is an empty description', async () => {
    const text = xmpSidecar({ ...EMPTY, description: 'a\u0001b\u0008c\uFFFEd\uD800e 😀 ]]> &amp;' });
    const xmp = await parseXmp([text], (m) => expect.fail(m));
    expect(xmpText(xmp.dc.description)).toBe('abcde 😀 ]]> &amp;');
    expect(xmpSidecar(EMPTY)).toContain('<rdf:Description rdf:about=""/>');
  });

  it('writes a zone-less time as UTC with Z, and rounds GPS minutes without reaching 60', () => {
    const text = xmpSidecar({ ...EMPTY, taken: { utcSeconds: 0 }, gps: { latitude: -10.99999999999, longitude: 179.9999999999 } });
    expect(text).toContain('<exif:DateTimeOriginal>1970-01-01T00:00:00Z</exif:DateTimeOriginal>');
    expect(text).toContain('<exif:GPSLatitude>11,0S</exif:GPSLatitude>');
    expect(text).toContain('<exif:GPSLongitude>180,0E</exif:GPSLongitude>');
  });

  it.each([
    [{ latitude: 91, longitude: 0 }, undefined],
    [{ latitude: 0, longitude: NaN }, undefined],
    [undefined, { utcSeconds: 0, offsetSeconds: 90 }],
    [undefined, { utcSeconds: 0, offsetSeconds: 15 * 3600 }],
    [undefined, { utcSeconds: 1.5 }],
    [undefined, { utcSeconds: 1e15 }],
  ])('refuses out-of-range tags with bad-tags (%o, %o)', (gps, taken) => {
    expect(() => xmpSidecar({ ...EMPTY, gps, taken })).toThrow(expect.objectContaining({ name: 'WriteError', code: 'bad-tags' }));
  });
});

describe('addToXmpPacket', () => {
  it('inserts one rdf:Description before </rdf:RDF> and keeps every other character', () => {
    const original = packet('<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="3"/>');
    const merged = addToXmpPacket(original, { ...EMPTY, people: ['Ana'] })!;
    const at = original.indexOf('</rdf:RDF>');
    expect(merged.slice(0, at)).toBe(original.slice(0, at));
    expect(merged.slice(merged.length - (original.length - at))).toBe(original.slice(at));
    expect(merged.slice(at, merged.length - (original.length - at))).toMatch(/^ {2}<rdf:Description rdf:about="" xmlns:rdf="[^"]+" xmlns:Iptc4xmpExt="[^"]+">\n.*<\/rdf:Description>\n$/s);
  });

  it('adds no property the packet has, under whatever prefix, as element or attribute; null when it has them all', () => {
    const original = packet(
      '<rdf:Description rdf:about="" xmlns:d="http://purl.org/dc/elements/1.1/" xmlns:e="http://ns.adobe.com/exif/1.0/" e:DateTimeOriginal="2020-01-01T00:00:00"><d:subject><rdf:Bag><rdf:li>x</rdf:li></rdf:Bag></d:subject></rdf:Description>',
    );
    const merged = addToXmpPacket(original, { ...EMPTY, albums: ['A'], taken: { utcSeconds: 0 }, title: 'T' })!;
    expect(merged).toContain('<dc:title>');
    expect(merged).toContain('<xmp:CreateDate>');
    expect(merged).not.toContain('<dc:subject>');
    expect(merged).not.toContain('<exif:DateTimeOriginal>');
    expect(addToXmpPacket(merged, { ...EMPTY, albums: ['B'], title: 'U' })).toBeNull();
  });

  it('describes the resource the packet describes (rdf:about), under its own RDF prefix', () => {
    const original = packet(`<R:Description R:about='uuid:faf5bdd5-ba3d' xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="3"/>`, 'R');
    const merged = addToXmpPacket(original, { ...EMPTY, people: ['Ana'] })!;
    expect(merged).toMatch(/<rdf:Description rdf:about='uuid:faf5bdd5-ba3d' xmlns:rdf="http:\/\/www.w3.org\/1999\/02\/22-rdf-syntax-ns#"[^>]*>[\s\S]*<\/rdf:Description>\n<\/R:RDF>/);
  });

  it('refuses a packet without </rdf:RDF> (corrupt)', () => {
    const cut = packet('<rdf:Description rdf:about=""/>').replace('</rdf:RDF>', '');
    expect(() => addToXmpPacket(cut, SAMPLE_TAGS)).toThrow(WriteError);
    expect(() => addToXmpPacket(cut, SAMPLE_TAGS)).toThrow(expect.objectContaining({ code: 'corrupt' }));
  });

  it('a new packet has the packet wrapper; none without properties', () => {
    expect(newXmpPacket(SAMPLE_TAGS)).toMatch(/^<\?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"\?>\n<x:xmpmeta [\s\S]*<\/x:xmpmeta>\n<\?xpacket end="w"\?>$/);
    expect(newXmpPacket(EMPTY)).toBeNull();
  });
});
