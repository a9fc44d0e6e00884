/**
 * Small byte helpers shared by the photo container walkers: bounded reads through a ByteSource,
 * integer and text decoding, and zlib inflation with an output cap. Browser-safe (no Node imports).
 */
import type { ByteSource } from '../types';
import { ExtractError } from '../errors';
import { inflateBounded } from '../inflate';

/** Largest single metadata block (APP segment set, PNG text chunk, HEIF meta box, Exif item) read into memory. */
export const MAX_BLOCK_BYTES = 16 * 1024 * 1024;

/**
 * Reads `length` bytes at `offset` for the structure `what`, after checking the length against
 * `cap` (ExtractError 'too-large') and the file size. Returns fewer bytes when the file ends
 * first: callers decide whether that is `truncated`.
 */
export async function readBlock(source: ByteSource, offset: number, length: number, what: string, signal?: AbortSignal, cap = MAX_BLOCK_BYTES): Promise<Uint8Array> {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new ExtractError('corrupt', `Invalid ${what} range (offset ${offset}, length ${length}).`, offset);
  }
  if (length > cap) throw new ExtractError('too-large', `The ${what} declares ${length} bytes (limit ${cap}).`, offset);
  return source.read(offset, Math.min(length, Math.max(0, source.size - offset)), signal);
}

/** Unsigned integers at byte offset `o` (big- or little-endian, 16/24/32 bits). */
export function u16be(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}
export function u16le(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}
export function u24le(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8) | (b[o + 2] << 16);
}
export function u32be(b: Uint8Array, o: number): number {
  return ((b[o] << 24) >>> 0) + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
}
export function u32le(b: Uint8Array, o: number): number {
  return ((b[o + 3] << 24) >>> 0) + ((b[o + 2] << 16) | (b[o + 1] << 8) | b[o]);
}
/** Unsigned big-endian integer of 0, 1, 2, 4 or 8 bytes (8-byte values beyond 2^53 are rejected by callers' size checks). */
export function uintBE(b: Uint8Array, o: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + b[o + i];
  return v;
}

/** Four ASCII characters at `o` (box types, chunk types). */
export function fourcc(b: Uint8Array, o: number): string {
  return String.fromCharCode(b[o], b[o + 1], b[o + 2], b[o + 3]);
}

/** True when `b` holds the ASCII string `text` at `o`. */
export function startsWithAscii(b: Uint8Array, text: string, o = 0): boolean {
  if (o + text.length > b.length) return false;
  for (let i = 0; i < text.length; i++) if (b[o + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** True when a TIFF header ("II" 42 or "MM" 42, TIFF 6.0 §2) starts at `o`. */
export function isTiffHeader(b: Uint8Array, o = 0): boolean {
  return o + 4 <= b.length && ((b[o] === 0x49 && b[o + 1] === 0x49 && b[o + 2] === 42 && b[o + 3] === 0) || (b[o] === 0x4d && b[o + 1] === 0x4d && b[o + 2] === 0 && b[o + 3] === 42));
}

/**
 * Where the TIFF structure starts in an EXIF payload outside JPEG (WebP EXIF chunk, PNG raw
 * profile): 0 at a TIFF header, 6 after the JPEG APP1 identifier "Exif\0\0" (EXIF 2.32 §4.5.4)
 * that some writers keep, else -1.
 */
export function exifTiffStart(d: Uint8Array): number {
  if (isTiffHeader(d, 0)) return 0;
  return startsWithAscii(d, 'Exif\0') && isTiffHeader(d, 6) ? 6 : -1;
}

/** Index of the first 0 byte at or after `from`, or -1. */
export function indexOfNul(b: Uint8Array, from = 0): number {
  for (let i = from; i < b.length; i++) if (b[i] === 0) return i;
  return -1;
}

const utf8 = new TextDecoder('utf-8');
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

export function decodeUtf8(b: Uint8Array): string {
  return utf8.decode(b);
}
export function decodeLatin1(b: Uint8Array): string {
  return latin1.decode(b);
}
/** UTF-8 when the bytes are valid UTF-8, else Latin-1 (legacy metadata writers use both). */
export function decodeText(b: Uint8Array): string {
  try {
    return utf8Strict.decode(b);
  } catch {
    return latin1.decode(b);
  }
}

/** Concatenates byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Inflates zlib data (RFC 1950, as in PNG zTXt/iTXt/iCCP) with the platform DecompressionStream,
 * stopping with ExtractError('too-large') once the output passes `cap` (zip bombs).
 * Throws ExtractError('corrupt') for invalid streams.
 */
export async function inflateZlib(data: Uint8Array, cap = MAX_BLOCK_BYTES): Promise<Uint8Array> {
  const { bytes, overCap, error } = await inflateBounded(data, cap);
  if (overCap) throw new ExtractError('too-large', `Compressed text inflates beyond ${cap} bytes.`);
  if (error !== undefined) throw new ExtractError('corrupt', `Invalid zlib data: ${error instanceof Error ? error.message : String(error)}`);
  return bytes;
}

/** Hex of the first `max` bytes (for short binary values). */
export function hexPreview(b: Uint8Array, max = 32): string {
  let s = '';
  for (let i = 0; i < Math.min(b.length, max); i++) s += b[i].toString(16).padStart(2, '0');
  return b.length > max ? `${s}…` : s;
}
