/**
 * Files the Takeout writers cannot safely rewrite give a typed WriteError (never another throw,
 * never a hang): cuts at every offset, lengths and offsets that lie, structures the writers
 * refuse, results past a container's limit, and seeded random damage to every original.
 */
import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { SAMPLE_TAGS, takeoutMedia } from '../../../scripts/fixtures/takeout-media';
import { ascii, asciiTag, buildTiff, chunk, concat, exifApp1, jpegWith, pngWith, riffChunk, segment, utf8, VP8_4X2, VP8L_1X1, webpFile } from '../../../scripts/fixtures/photo';
import { embedTags, type EmbedKind } from './embed';
import { WriteError, type WriteErrorCode } from './errors';

const media = takeoutMedia();
const kindOf = (name: string): EmbedKind => (name.endsWith('.jpg') ? 'jpeg' : name.endsWith('.png') ? 'png' : 'webp');

/** 'ok' when the copy is made, the WriteError's code otherwise; any other throw fails the test. */
async function outcome(bytes: Uint8Array, kind: EmbedKind): Promise<'ok' | WriteErrorCode> {
  try {
    const out = await embedTags(bytes, kind, SAMPLE_TAGS);
    expect(out).toBeInstanceOf(Uint8Array);
    return 'ok';
  } catch (e) {
    if (e instanceof WriteError) return e.code;
    throw e;
  }
}

/** `bytes` with the big-endian (or little-endian) integer of `size` bytes at `at` set to `value`. */
function patched(bytes: Uint8Array, at: number, size: 2 | 4, value: number, le = false): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  if (size === 2) view.setUint16(at, value, le);
  else view.setUint32(at, value, le);
  return out;
}

const xmpApp1 = (text: string) => segment(0xe1, concat(ascii('http://ns.adobe.com/xap/1.0/\0'), utf8(text)));
const XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""/></rdf:RDF></x:xmpmeta>';

describe('cut files', () => {
  it.each(Object.keys(media))('%s cut at every offset: a copy or a WriteError, truncated while the structure read is cut', async (name) => {
    const bytes = media[name];
    const kind = kindOf(name);
    // The part each writer reads: a JPEG up to its SOS, a PNG and a WebP all of it.
    // (The last FF DA: an EXIF thumbnail before it has its own; T.81 §F.1.2.3 stuffing keeps it out of scan data.)
    const sos = kind === 'jpeg' ? Buffer.from(bytes).lastIndexOf(Buffer.from([0xff, 0xda])) : bytes.length;
    for (let n = 0; n < bytes.length; n++) {
      const got = await outcome(bytes.subarray(0, n), kind);
      if (n >= sos + 4) expect(got, `${name} cut at ${n}`).toBe('ok');
      else expect(['truncated', `not-${kind}`], `${name} cut at ${n}`).toContain(got);
    }
  });
});

describe('lengths and offsets that lie', () => {
  const canon = media['canon.jpg'];
  // canon.jpg: SOI, then the Exif APP1 (length at 4), "Exif\0\0" at 6, the TIFF header at 12 (II).
  const tiff = 12;
  const ifd0 = tiff + new DataView(canon.buffer, canon.byteOffset).getUint32(tiff + 4, true);

  it.each([
    ['an APP1 length past the end', patched(canon, 4, 2, 0xffff), 'truncated'],
    ['an APP1 length below 2', patched(canon, 4, 2, 1), 'corrupt'],
    ['a TIFF header that is not one', patched(canon, tiff, 2, 0x4142), 'corrupt'],
    ['an IFD0 offset past the block', patched(canon, tiff + 4, 4, 0x7fff0000, true), 'corrupt'],
    ['an IFD0 entry count past the block', patched(canon, ifd0, 2, 0xffff, true), 'corrupt'],
    ['a byte that is no marker after a segment', patched(media['plain.jpg'], 20, 2, 0x00db), 'corrupt'],
    ['no SOF before SOS', concat(new Uint8Array([0xff, 0xd8]), segment(0xda, new Uint8Array([1, 1, 0, 0, 63, 0])), new Uint8Array([0xff, 0xd9])), 'corrupt'],
    ['EOI before any image data', new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), 'corrupt'],
    ['a PNG', media['plain.png'], 'not-jpeg'],
  ])('JPEG: %s', async (_, bytes, code) => {
    expect(await outcome(bytes, 'jpeg')).toBe(code);
  });

  it('a damaged EXIF is left unread, and the copy made, when the tags have no date or position', async () => {
    const people = { people: ['Ana'], albums: [] };
    const damaged = patched(canon, tiff + 4, 4, 0x7fff0000, true);
    const copy = await embedTags(damaged, 'jpeg', people);
    const exifSegment = damaged.subarray(2, 4 + new DataView(damaged.buffer).getUint16(4));
    expect(copy.subarray(2, 2 + exifSegment.length)).toEqual(exifSegment);
    expect(await embedTags(pngWith(chunk('eXIf', ascii('garbage!'))), 'png', people)).toBeInstanceOf(Uint8Array);
    expect(await embedTags(webpFile(riffChunk('VP8 ', VP8_4X2), riffChunk('EXIF', ascii('garbage!'))), 'webp', people)).toBeInstanceOf(Uint8Array);
  });

  it('JPEG: a segment length past the end is reported at the segment', async () => {
    await expect(embedTags(patched(canon, 4, 2, 0xffff), 'jpeg', SAMPLE_TAGS)).rejects.toMatchObject({ code: 'truncated', offset: 2 });
  });

  it('JPEG: an Exif IFD pointer past the block', async () => {
    const bytes = jpegWith(exifApp1(buildTiff(false, { ifd0: [asciiTag(0x010f, 'X')], exif: [asciiTag(0x9004, '2020:01:01 00:00:00')] })));
    // IFD0 at TIFF offset 8, its last entry (sorted) is the Exif IFD pointer; the TIFF starts at 2 + 4 + 6 + 2 (jpegWith: SOI, APP1).
    const at = 2 + 10 + 8 + 2 + 12 + 8;
    expect(new DataView(bytes.buffer).getUint16(at - 8)).toBe(0x8769);
    expect(await outcome(patched(bytes, at, 4, 60000), 'jpeg')).toBe('corrupt');
  });

  const plainPng = media['plain.png'];
  it.each([
    ['a chunk length past 2^31 − 1', patched(plainPng, 8, 4, 0xffffffff), 'corrupt'],
    ['a chunk length past the end', patched(plainPng, 8, 4, 0x10000), 'truncated'],
    ['a chunk type that is not letters', patched(plainPng, 12, 4, 0x49484400), 'corrupt'],
    ['no IHDR first', concat(plainPng.subarray(0, 8), plainPng.subarray(33)), 'corrupt'],
    ['a JPEG', media['plain.jpg'], 'not-png'],
  ])('PNG: %s', async (_, bytes, code) => {
    expect(await outcome(bytes, 'png')).toBe(code);
  });

  const lossy = media['lossy.webp'];
  it.each([
    ['a RIFF size past the end', patched(lossy, 4, 4, 0xffff, true), 'truncated'],
    ['a RIFF size that holds no chunk', patched(lossy, 4, 4, 4, true), 'corrupt'],
    ['a chunk size past the RIFF', patched(lossy, 16, 4, 0xfffffff0, true), 'truncated'],
    ['a chunk size past the RIFF, inside the file', concat(patched(lossy, 16, 4, 40, true), new Uint8Array(32)), 'corrupt'],
    ['a VP8 chunk without the key-frame start code', patched(lossy, 23, 2, 0, true), 'corrupt'],
    ['a first chunk that is no image', webpFile(riffChunk('ICCP', new Uint8Array(4))), 'corrupt'],
    ['a short VP8X', webpFile(riffChunk('VP8X', new Uint8Array(4)), riffChunk('VP8L', VP8L_1X1)), 'corrupt'],
    ['a PNG', plainPng, 'not-webp'],
  ])('WebP: %s', async (_, bytes, code) => {
    expect(await outcome(bytes, 'webp')).toBe(code);
  });
});

describe('structures the writers refuse', () => {
  const exif = (make: string) => exifApp1(buildTiff(false, { ifd0: [asciiTag(0x010f, make)] }));
  it.each([
    ['JPEG: two Exif APP1 segments', jpegWith(exif('A'), exif('B')), 'jpeg', 'unsupported'],
    ['JPEG: two XMP APP1 segments', jpegWith(xmpApp1(XMP), xmpApp1(XMP)), 'jpeg', 'unsupported'],
    ['JPEG: XMP that is not UTF-8', jpegWith(segment(0xe1, concat(ascii('http://ns.adobe.com/xap/1.0/\0'), new Uint8Array([0xc3, 0x28])))), 'jpeg', 'unsupported'],
    ['JPEG: XMP without </rdf:RDF>', jpegWith(xmpApp1(XMP.replace('</rdf:RDF>', ''))), 'jpeg', 'corrupt'],
    ['JPEG: an XMP segment after an MPF segment', jpegWith(segment(0xe2, ascii('MPF\0MM\0*\0\0\0\x08')), xmpApp1(XMP)), 'jpeg', 'unsupported'],
    ['PNG: XMP in a tEXt chunk', pngWith(chunk('tEXt', ascii(`XML:com.adobe.xmp\0${XMP}`))), 'png', 'unsupported'],
    ['PNG: two XMP iTXt chunks', pngWith(...[1, 2].map(() => chunk('iTXt', concat(ascii('XML:com.adobe.xmp\0\0\0\0\0'), utf8(XMP))))), 'png', 'unsupported'],
    ['PNG: compressed XMP that is not zlib', pngWith(chunk('iTXt', concat(ascii('XML:com.adobe.xmp\0\x01\0\0\0'), ascii('not zlib')))), 'png', 'corrupt'],
    ['PNG: an XMP iTXt without its translated keyword', pngWith(chunk('iTXt', ascii('XML:com.adobe.xmp\0\0\0en'))), 'png', 'corrupt'],
    ['PNG: an eXIf chunk that is no TIFF', pngWith(chunk('eXIf', ascii('garbage!'))), 'png', 'corrupt'],
    ['WebP: two XMP chunks', webpFile(riffChunk('VP8 ', VP8_4X2), riffChunk('XMP ', utf8(XMP)), riffChunk('XMP ', utf8(XMP))), 'webp', 'unsupported'],
    ['WebP: a simple file with an ALPH chunk', webpFile(riffChunk('VP8 ', VP8_4X2), riffChunk('ALPH', new Uint8Array(2))), 'webp', 'unsupported'],
    ['WebP: an EXIF chunk that is no TIFF', webpFile(riffChunk('VP8 ', VP8_4X2), riffChunk('EXIF', ascii('garbage!'))), 'webp', 'corrupt'],
  ] as const)('%s', async (_, bytes, kind, code) => {
    expect(await outcome(bytes, kind)).toBe(code);
  });

  it('JPEG: an Exif block that would pass 65,533 bytes is too-large, and so is an XMP packet past 65,502', async () => {
    const big = buildTiff(false, { ifd0: [{ tag: 0x9c9c, type: 'BYTE', value: new Uint8Array(65400) }] });
    expect(await outcome(jpegWith(exifApp1(big)), 'jpeg')).toBe('too-large');
    const padded = XMP.replace('</x:xmpmeta>', `</x:xmpmeta>${' '.repeat(65300)}`);
    expect(await outcome(jpegWith(xmpApp1(padded)), 'jpeg')).toBe('too-large');
  });

  it('a compressed PNG XMP chunk that inflates past 16 MiB is too-large', async () => {
    const bomb = new Uint8Array(deflateSync(Buffer.alloc(17 * 1024 * 1024, 0x20)));
    expect(await outcome(pngWith(chunk('iTXt', concat(ascii('XML:com.adobe.xmp\0\x01\0\0\0'), bomb))), 'png')).toBe('too-large');
  });
});

describe('seeded random damage', () => {
  it.each(Object.keys(media))('%s with 1 to 4 bytes overwritten, 300 times: a copy or a WriteError', async (name) => {
    let seed = 0x2545f491;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / (1 << 24);
    const bytes = media[name];
    const codes = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const damaged = bytes.slice();
      const n = 1 + Math.floor(next() * 4);
      for (let k = 0; k < n; k++) damaged[Math.floor(next() * damaged.length)] = Math.floor(next() * 256);
      codes.add(await outcome(damaged, kindOf(name)));
    }
    expect(codes.has('ok')).toBe(true);
  });
});
