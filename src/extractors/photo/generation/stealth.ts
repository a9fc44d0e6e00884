/**
 * "Stealth" parameters: text hidden in the least-significant bits of a PNG's alpha channel, as
 * NovelAI writes them and the A1111 stealth-pnginfo extension does, read as sd-parsers and SD
 * Prompt Reader read them: bits taken column by column (top to bottom, then the next column to
 * the right), eight to a byte, most significant first; the magic `stealth_pnginfo` (plain UTF-8)
 * or `stealth_pngcomp` (gzip, RFC 1952), then the data's length in bits (32-bit big-endian), then
 * the data. Only the columns holding those bits are decoded (png-alpha.ts).
 */
import type { ByteSource, ExtractContext } from '../../types';
import { ExtractError } from '../../errors';
import { inflateBounded } from '../../inflate';
import { decodeUtf8, u32be } from '../bytes';
import { alphaBits, hasAlphaSamples } from '../png-alpha';
import type { PngImage } from '../model';
import type { RawText } from './model';

const MAGICS = ['stealth_pnginfo', 'stealth_pngcomp'] as const;
/** Magic (15 bytes) and length (4 bytes), in bits. */
const HEADER_BITS = 8 * (15 + 4);

/**
 * Bytes `from`…`from + count` of a bit sequence, most significant bit first. `bits` is as
 * `alphaBits` returns it (column × rows + row): the sequence's order wherever it is read with all
 * the image's rows, or from column 0 alone.
 */
function bytesOf(bits: Uint8Array, from: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let b = 0; b < count; b++) {
    let v = 0;
    for (let k = 0; k < 8; k++) v = (v << 1) | bits[(from + b) * 8 + k];
    out[b] = v;
  }
  return out;
}

/**
 * The stealth text of a PNG with 8-bit alpha, or null when its alpha bits do not start with a
 * magic. A declared length past `maxMetadataBytes` or the image, damaged image data, or gzip data
 * that does not inflate give a warning and null; image data too damaged to find the magic in gives
 * null. Rejects only with ExtractError('aborted').
 */
export async function readStealth(source: ByteSource, png: PngImage, ctx: ExtractContext): Promise<RawText | null> {
  if (!hasAlphaSamples(png)) return null;
  const { width, height } = png;
  if (width * height < HEADER_BITS) return null;
  const cap = ctx.options.maxMetadataBytes;
  // The first `bits` of the sequence, null when the image data cannot be read: not known to hold
  // stealth data, so damaged image data is the walker's to report.
  const leading = async (bits: number): Promise<Uint8Array | null> => {
    try {
      return await alphaBits(source, png, Math.ceil(bits / height), Math.min(height, bits), cap, ctx);
    } catch (e) {
      if (e instanceof ExtractError && e.code === 'aborted') throw e;
      return null;
    }
  };
  // Both magics start with "stealth_png": its first byte (the first 8 rows of most images) rules
  // out nearly every image before the header's rows are inflated.
  const first = await leading(8);
  if (!first || bytesOf(first, 0, 1)[0] !== MAGICS[0].charCodeAt(0)) return null;
  const head = await leading(HEADER_BITS);
  if (!head) return null;
  try {
    const magicText = String.fromCharCode(...bytesOf(head, 0, 15));
    const magic = MAGICS.find((m) => m === magicText);
    if (!magic) return null;
    const length = Math.floor(u32be(bytesOf(head, 15, 4), 0) / 8);
    if (length > cap || HEADER_BITS + length * 8 > width * height) {
      ctx.warn(`The PNG's alpha channel starts with "${magic}" but declares ${length} bytes of data, more than the image holds or than ${cap} bytes; it is not read.`);
      return null;
    }
    const all = await alphaBits(source, png, Math.ceil((HEADER_BITS + length * 8) / height), height, cap, ctx);
    let data = bytesOf(all, 19, length);
    if (magic === 'stealth_pngcomp') {
      const { bytes, overCap, error } = await inflateBounded(data, cap, 'gzip');
      if (overCap || error !== undefined) {
        ctx.warn(`The PNG's alpha channel holds "${magic}" data that ${overCap ? `inflates past ${cap} bytes` : 'is not valid gzip data'}; it is not read.`);
        return null;
      }
      data = bytes;
    }
    return { key: magic, text: decodeUtf8(data), where: 'PNG alpha channel' };
  } catch (e) {
    if (e instanceof ExtractError && e.code === 'aborted') throw e;
    ctx.warn(`The PNG's alpha channel could not be read for stealth parameters: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}
