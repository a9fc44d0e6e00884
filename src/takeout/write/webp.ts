/**
 * Takeout tags into a copy of a WebP (RFC 9649, the RIFF WebP container): XMP in an `XMP ` chunk
 * of the extended format (§2.7). A simple file (one VP8 or VP8L chunk) becomes extended: a VP8X
 * chunk first, its canvas the bitstream's size (VP8 key-frame header, RFC 6386 §9.1; VP8L header,
 * RFC 9649 §3.2.1), the alpha flag from the VP8L header. The XMP flag is set, the chunk is added
 * after the image data and EXIF (the chunk order of §2.7) or the existing one gets the properties
 * (xmp.ts), odd chunks are padded, and the RIFF size is fixed. Other chunks are copied byte for
 * byte. The date and position go into XMP only, and not when an EXIF chunk has them (exif.ts notInExif).
 */
import { exifTiffStart, fourcc, startsWithAscii, u16le, u32le } from '../../extractors/photo/bytes';
import { WriteError } from './errors';
import { notInExif } from './exif';
import type { Edit } from './splice';
import { checkTags, type FixTags } from './tags';
import { addToXmpPacket, decodePacket, newXmpPacket } from './xmp';

/** The chunk types RFC 9649 §2.7 orders; unknown chunks come after them. */
const KNOWN = new Set(['VP8X', 'ICCP', 'ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L', 'EXIF', 'XMP ']);
/** VP8X flags (§2.7): ICC profile, alpha, EXIF, XMP. */
const ICC_FLAG = 0x20;
const ALPHA_FLAG = 0x10;
const EXIF_FLAG = 0x08;
const XMP_FLAG = 0x04;

/** A chunk: type, where it starts, where its data starts, its data size, its end (padding included). */
interface Chunk {
  type: string;
  start: number;
  data: number;
  size: number;
  end: number;
}

/**
 * The chunks inside the RIFF (§2.4, §2.5) and the RIFF's end.
 * @throws WriteError `not-webp`, `truncated` (a size past the file's end), `corrupt` (a chunk past the RIFF's end, no chunk)
 */
function riffChunks(bytes: Uint8Array): { list: Chunk[]; riffEnd: number } {
  if (bytes.length < 12 || !startsWithAscii(bytes, 'RIFF') || !startsWithAscii(bytes, 'WEBP', 8)) throw new WriteError('not-webp', 'The file does not start with a RIFF WEBP header.');
  const riffEnd = 8 + u32le(bytes, 4);
  if (riffEnd > bytes.length) throw new WriteError('truncated', `The RIFF header declares ${riffEnd} bytes; the file has ${bytes.length}.`, 4);
  const list: Chunk[] = [];
  for (let at = 12; at < riffEnd;) {
    if (at + 8 > riffEnd) throw new WriteError('corrupt', `A chunk header at offset ${at} runs past the end of the RIFF.`, at);
    const size = u32le(bytes, at + 4);
    const end = at + 8 + size + (size & 1);
    if (end > riffEnd) throw new WriteError(end > bytes.length ? 'truncated' : 'corrupt', `The ${fourcc(bytes, at)} chunk at offset ${at} declares ${size} bytes, past the end of the RIFF.`, at);
    list.push({ type: fourcc(bytes, at), start: at, data: at + 8, size, end });
    at = end;
  }
  if (list.length === 0) throw new WriteError('corrupt', 'The WebP holds no chunk.');
  return { list, riffEnd };
}

/** A chunk of `type` and `data`, padded to even length (§2.4). */
function riffChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + data.length + (data.length & 1));
  for (let i = 0; i < 4; i++) out[i] = type.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}

/**
 * The VP8X chunk for a simple file whose image chunk is `c` (§2.7: flags, 3 reserved bytes, canvas
 * width − 1 and height − 1 as 24-bit integers), with the flags `extra`.
 * @throws WriteError `corrupt` when the bitstream header is not a VP8 key frame or a VP8L header
 */
function vp8x(bytes: Uint8Array, c: Chunk, extra: number): Uint8Array {
  let width = 0;
  let height = 0;
  let flags = extra;
  const d = c.data;
  if (c.type === 'VP8 ' && c.size >= 10 && (bytes[d] & 1) === 0 && bytes[d + 3] === 0x9d && bytes[d + 4] === 0x01 && bytes[d + 5] === 0x2a) {
    width = u16le(bytes, d + 6) & 0x3fff;
    height = u16le(bytes, d + 8) & 0x3fff;
  } else if (c.type === 'VP8L' && c.size >= 5 && bytes[d] === 0x2f && u32le(bytes, d + 1) >>> 29 === 0) {
    const bits = u32le(bytes, d + 1);
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
    if ((bits >>> 28) & 1) flags |= ALPHA_FLAG;
  }
  if (width === 0 || height === 0) throw new WriteError('corrupt', `The ${c.type.trim()} chunk at offset ${c.start} does not start with a valid bitstream header.`, c.start);
  const data = new Uint8Array(10);
  data[0] = flags;
  data.set([(width - 1) & 0xff, ((width - 1) >> 8) & 0xff, (width - 1) >> 16, (height - 1) & 0xff, ((height - 1) >> 8) & 0xff, (height - 1) >> 16], 4);
  return riffChunk('VP8X', data);
}

/**
 * The TIFF structures of the EXIF chunks (after "Exif\0\0" in some files).
 * @throws WriteError `corrupt` when one holds none
 */
function exifBlocks(bytes: Uint8Array, list: Chunk[]): Uint8Array[] {
  return list
    .filter((c) => c.type === 'EXIF')
    .map((c) => {
      const d = bytes.subarray(c.data, c.data + c.size);
      const start = exifTiffStart(d);
      if (start < 0) throw new WriteError('corrupt', `The EXIF chunk at offset ${c.start} holds no TIFF structure.`, c.start);
      return d.subarray(start);
    });
}

/**
 * The edits (splice.ts) that make a copy of the WebP `bytes` hold `tags` as XMP (see the module
 * comment); none when it holds them all already.
 * @throws WriteError `bad-tags`; `not-webp`, `truncated`, `corrupt` (the RIFF layout, a bitstream
 *   header, a short VP8X, an EXIF chunk); `unsupported` (two XMP chunks, a simple file with chunks only the
 *   extended format has, not UTF-8 XMP); `too-large` (past the RIFF's 4 GiB)
 */
export function webpEdits(bytes: Uint8Array, tags: FixTags): Edit[] {
  checkTags(tags);
  const { list, riffEnd } = riffChunks(bytes);
  const xmp = list.filter((c) => c.type === 'XMP ');
  if (xmp.length > 1) throw new WriteError('unsupported', `The WebP has ${xmp.length} XMP chunks; it is not rewritten.`, xmp[1].start);
  const edits: Edit[] = [];
  const first = list[0];
  if (first.type === 'VP8X') {
    if (first.size < 10) throw new WriteError('corrupt', `The VP8X chunk is ${first.size} bytes, not 10.`, first.start);
    edits.push({ at: first.data, end: first.data + 1, bytes: Uint8Array.of(bytes[first.data] | XMP_FLAG) });
  } else if (first.type === 'VP8 ' || first.type === 'VP8L') {
    const extended = list.slice(1).find((c) => KNOWN.has(c.type) && c.type !== 'EXIF' && c.type !== 'XMP ');
    if (extended) throw new WriteError('unsupported', `The simple WebP has a ${extended.type} chunk, which only the extended format has.`, extended.start);
    const flags = XMP_FLAG | (list.some((c) => c.type === 'EXIF') ? EXIF_FLAG : 0) | (list.some((c) => c.type === 'ICCP') ? ICC_FLAG : 0);
    edits.push({ at: first.start, end: first.start, bytes: vp8x(bytes, first, flags) });
  } else throw new WriteError('corrupt', `The WebP starts with a ${first.type} chunk, not VP8, VP8L or VP8X.`, first.start);

  const xmpTags = notInExif(tags, () => exifBlocks(bytes, list));
  if (xmp.length === 1) {
    const [c] = xmp;
    const merged = addToXmpPacket(decodePacket(bytes.subarray(c.data, c.data + c.size), c.start), xmpTags);
    if (merged === null) return [];
    edits.push({ at: c.start, end: c.end, bytes: riffChunk('XMP ', new TextEncoder().encode(merged)) });
  } else {
    const packet = newXmpPacket(xmpTags);
    if (packet === null) return [];
    const after = list.filter((c) => KNOWN.has(c.type)).at(-1) ?? first;
    edits.push({ at: after.end, end: after.end, bytes: riffChunk('XMP ', new TextEncoder().encode(packet)) });
  }
  const riffSize = riffEnd - 8 + edits.reduce((n, e) => n + e.bytes.length - (e.end - e.at), 0);
  if (riffSize > 0xffffffff) throw new WriteError('too-large', 'The WebP would pass the RIFF limit of 4 GiB.');
  const size = new Uint8Array(4);
  new DataView(size.buffer).setUint32(0, riffSize, true);
  return [{ at: 4, end: 8, bytes: size }, ...edits];
}
