import { describe, expect, it } from 'vitest';
import { decodeIptc, iptcFromPhotoshop } from './iptc';
import { formatExposure, parseXmpCoordinate } from './summary';
import { decodeXmlEntities, parseXmp } from './xmp';
import { mergeRanges } from './tiff';
import { decodeUserComment } from './exif';
import { inflateZlib } from './bytes';
import { deflateSync } from 'node:zlib';
import { humanize } from './labels';

describe('photo helpers', () => {
  it('formats exposure times as photographers write them', () => {
    expect(formatExposure(0.004)).toBe('1/250');
    expect(formatExposure(1 / 60)).toBe('1/60');
    expect(formatExposure(0.000376)).toBe('1/2660');
    expect(formatExposure(2.5)).toBe('2.5');
  });

  it('parses XMP GPS coordinates (DDD,MM.mmk and DDD,MM,SSk)', () => {
    expect(parseXmpCoordinate('50,17.976N')).toBeCloseTo(50.2996, 6);
    expect(parseXmpCoordinate('3,42,52.73W')).toBeCloseTo(-(3 + 42 / 60 + 52.73 / 3600), 9);
    expect(parseXmpCoordinate('nonsense')).toBeUndefined();
  });

  it('decodes IPTC-IIM with extended lengths, repeats and the UTF-8 declaration', () => {
    const ds = (r: number, d: number, bytes: number[]) => [0x1c, r, d, bytes.length >> 8, bytes.length & 255, ...bytes];
    const utf8 = (s: string) => [...Buffer.from(s, 'utf8')];
    const long = utf8('x'.repeat(40));
    const data = new Uint8Array([
      ...ds(1, 90, [0x1b, 0x25, 0x47]),
      ...ds(2, 25, utf8('Zürich')),
      ...ds(2, 25, utf8('b')),
      0x1c,
      2,
      120,
      0x80,
      0x02,
      0,
      long.length,
      ...long, // extended dataset length (IIM §1.5.4)
    ]);
    const { entries, warning } = decodeIptc(data);
    expect(warning).toBeUndefined();
    expect(entries.find((e) => e.name === 'Keywords')?.values).toEqual(['Zürich', 'b']);
    expect(entries.find((e) => e.name === 'Caption-Abstract')?.values).toEqual(['x'.repeat(40)]);
    expect(decodeIptc(new Uint8Array([0x1c, 2, 5, 0, 50, 65])).warning).toMatch(/runs past/);
  });

  it('finds IPTC in Photoshop resources and rejects garbage', () => {
    const iim = [0x1c, 2, 5, 0, 1, 65];
    const irb = new Uint8Array([...Buffer.from('8BIM'), 0x04, 0x04, 0, 0, 0, 0, 0, iim.length, ...iim]);
    expect(Array.from(iptcFromPhotoshop(irb) ?? [])).toEqual(iim);
    expect(iptcFromPhotoshop(new Uint8Array(20))).toBeNull();
  });

  it('decodes XML entities once, and XMP values stay text', async () => {
    expect(decodeXmlEntities('&lt;b&gt; &amp;lt; &#x263A; &#65;')).toBe('<b> &lt; ☺ A');
    const xmp = await parseXmp(
      [
        `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:ExifVersion="0221"><exif:Flag>True</exif:Flag></rdf:Description></rdf:RDF></x:xmpmeta>`,
      ],
      () => {},
    );
    expect(xmp.exif).toEqual({ ExifVersion: '0221', Flag: 'True' });
    expect(xmp.rdf).toBeUndefined();
  });

  it('decodes EXIF UserComment character codes', () => {
    const ascii = new Uint8Array([...Buffer.from('ASCII\0\0\0'), ...Buffer.from('hi  ')]);
    expect(decodeUserComment(ascii, true)).toBe('hi');
    const uni = new Uint8Array([...Buffer.from('UNICODE\0'), ...Buffer.from('hé', 'utf16le')]);
    expect(decodeUserComment(uni, true)).toBe('hé');
  });

  it('merges nearby read ranges', () => {
    expect(
      mergeRanges(
        [
          { offset: 100, length: 10 },
          { offset: 0, length: 8 },
          { offset: 5000, length: 4 },
        ],
        64,
      ),
    ).toEqual([
      { offset: 0, length: 8 },
      { offset: 100, length: 10 },
      { offset: 5000, length: 4 },
    ]);
    expect(
      mergeRanges(
        [
          { offset: 0, length: 8 },
          { offset: 20, length: 10 },
        ],
        64,
      ),
    ).toEqual([{ offset: 0, length: 30 }]);
  });

  it('inflates zlib with an output cap', async () => {
    const z = new Uint8Array(deflateSync(Buffer.alloc(100_000)));
    expect((await inflateZlib(z)).length).toBe(100_000);
    await expect(inflateZlib(z, 1000)).rejects.toMatchObject({ code: 'too-large' });
    await expect(inflateZlib(new Uint8Array([1, 2, 3, 4]))).rejects.toMatchObject({ code: 'corrupt' });
  });
});

describe('humanize', () => {
  it('splits CamelCase keys and keeps hand-written labels', () => {
    expect(humanize('GPSImgDirection')).toBe('GPS img direction');
    expect(humanize('FNumber')).toBe('Aperture (f-number)');
  });

  it('labels keys named like Object.prototype members as text (keys come from files)', () => {
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(typeof humanize(key)).toBe('string');
    expect(humanize('constructor')).toBe('Constructor');
  });
});
