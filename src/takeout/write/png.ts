/**
 * Takeout tags into a copy of a PNG (PNG 3rd edition §5 chunk layout): XMP in an uncompressed
 * `iTXt` chunk of keyword `XML:com.adobe.xmp` (§11.3.3.4; XMP Part 3, "PNG"), a new one before the
 * image data (the first IDAT, or an APNG fcTL before it), or the existing one with the properties
 * added (xmp.ts), in its place, written back in that form (a compressed one, or one with a language
 * tag, is inflated and written back uncompressed, without it). Every
 * other chunk is copied byte for byte. The date and position go into XMP only (an eXIf chunk is
 * not written), and not when an eXIf chunk has them (exif.ts notInExif).
 */
import { MAX_BLOCK_BYTES, fourcc, indexOfNul, startsWithAscii, u32be } from '../../extractors/photo/bytes';
import { crc32 } from '../../extractors/crc32';
import { inflateBounded } from '../../extractors/inflate';
import { WriteError } from './errors';
import { notInExif } from './exif';
import type { Edit } from './splice';
import { checkTags, type FixTags } from './tags';
import { addToXmpPacket, decodePacket, newXmpPacket } from './xmp';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const XMP_KEYWORD = 'XML:com.adobe.xmp\0';
/** §5.3: a chunk's length is at most 2^31 − 1. */
const MAX_CHUNK = 0x7fffffff;

/** A chunk: its type, where it starts, where its data starts, and its end (after the CRC). */
interface Chunk {
  type: string;
  start: number;
  data: number;
  end: number;
}

/**
 * The chunks from IHDR to IEND (§5.3, §5.6).
 * @throws WriteError `not-png`, `truncated` (a length past the end, no IEND), `corrupt` (a bad type or length, IHDR not first)
 */
function chunks(bytes: Uint8Array): Chunk[] {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new WriteError('not-png', 'The file does not start with the PNG signature.');
  const list: Chunk[] = [];
  for (let at = 8; ;) {
    if (at + 12 > bytes.length) throw new WriteError('truncated', `The PNG ends at offset ${at} before its IEND chunk.`, at);
    const length = u32be(bytes, at);
    const type = fourcc(bytes, at + 4);
    if (length > MAX_CHUNK || !/^[A-Za-z]{4}$/.test(type)) throw new WriteError('corrupt', `The PNG chunk at offset ${at} has an invalid type or length.`, at);
    if (list.length === 0 && type !== 'IHDR') throw new WriteError('corrupt', 'The PNG does not start with an IHDR chunk.', at);
    const end = at + 12 + length;
    if (end > bytes.length) throw new WriteError('truncated', `The PNG ${type} chunk at offset ${at} declares ${length} bytes, past the end of the file.`, at);
    list.push({ type, start: at, data: at + 8, end });
    if (type === 'IEND') return list;
    at = end;
  }
}

/** A chunk of `type` and `data` with its CRC (§5.3). */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * An XMP iTXt chunk as XMP Part 3 wants it: keyword, compression flag and method 0, empty
 * language tag and translated keyword, the packet (UTF-8).
 */
function xmpChunk(packet: string): Uint8Array {
  const head = Uint8Array.from(`${XMP_KEYWORD}\0\0\0\0`, (c) => c.charCodeAt(0));
  const text = new TextEncoder().encode(packet);
  const data = new Uint8Array(head.length + text.length);
  data.set(head);
  data.set(text, head.length);
  return chunk('iTXt', data);
}

/**
 * The text of an XMP iTXt chunk's data (§11.3.3.4: keyword, compression flag and method,
 * language tag, translated keyword, text), inflated when compressed.
 * @throws WriteError `corrupt` (a missing field, a bad flag or method, bad zlib data), `too-large` (text past 16 MiB)
 */
async function readXmpChunk(d: Uint8Array, at: number): Promise<Uint8Array> {
  const k = XMP_KEYWORD.length;
  const langEnd = indexOfNul(d, k + 2);
  const transEnd = langEnd < 0 ? -1 : indexOfNul(d, langEnd + 1);
  if (k + 2 > d.length || d[k] > 1 || d[k + 1] !== 0 || transEnd < 0)
    throw new WriteError('corrupt', 'The XMP iTXt chunk has a bad compression flag or method, or lacks its language tag or translated keyword.', at);
  const body = d.subarray(transEnd + 1);
  if (d[k] === 0) return body;
  const { bytes, overCap, error } = await inflateBounded(body, MAX_BLOCK_BYTES);
  if (overCap) throw new WriteError('too-large', `The compressed XMP inflates beyond ${MAX_BLOCK_BYTES} bytes.`, at);
  if (error !== undefined) throw new WriteError('corrupt', 'The compressed XMP is not valid zlib data.', at);
  return bytes;
}

/**
 * The edits (splice.ts) that make a copy of the PNG `bytes` hold `tags` as XMP (see the module
 * comment); none when it holds them all already.
 * @throws WriteError `bad-tags`; `not-png`, `truncated`, `corrupt` (the chunk layout, the XMP
 *   chunk, an eXIf chunk); `unsupported` (two XMP chunks, XMP in a tEXt or zTXt chunk, not UTF-8); `too-large`
 */
export async function pngEdits(bytes: Uint8Array, tags: FixTags): Promise<Edit[]> {
  checkTags(tags);
  const list = chunks(bytes);
  const xmpTags = notInExif(tags, () => list.filter((c) => c.type === 'eXIf').map((c) => bytes.subarray(c.data, c.end - 4)));
  const isXmp = (c: Chunk) => startsWithAscii(bytes, XMP_KEYWORD, c.data) && c.end - 4 - c.data >= XMP_KEYWORD.length;
  const xmp = list.filter((c) => c.type === 'iTXt' && isXmp(c));
  const other = list.find((c) => (c.type === 'tEXt' || c.type === 'zTXt') && isXmp(c));
  if (xmp.length > 1 || other)
    throw new WriteError('unsupported', `The PNG holds XMP ${other ? `in a ${other.type} chunk` : `in ${xmp.length} iTXt chunks`}; it is not rewritten.`, (other ?? xmp[1]).start);
  if (xmp.length === 1) {
    const [c] = xmp;
    const text = await readXmpChunk(bytes.subarray(c.data, c.end - 4), c.start);
    const merged = addToXmpPacket(decodePacket(text, c.start), xmpTags);
    return merged === null ? [] : [{ at: c.start, end: c.end, bytes: xmpChunk(merged) }];
  }
  const packet = newXmpPacket(xmpTags);
  const image = list.find((c) => c.type === 'IDAT' || c.type === 'fcTL');
  if (!image) throw new WriteError('corrupt', 'The PNG has no IDAT chunk.');
  return packet === null ? [] : [{ at: image.start, end: image.start, bytes: xmpChunk(packet) }];
}
