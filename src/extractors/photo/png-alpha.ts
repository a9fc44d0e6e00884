/**
 * The least-significant bits of a PNG's alpha samples in its first columns, read from the image
 * data itself: the IDAT chunks' zlib stream inflated as it is read (inflate.ts), each scanline's
 * filter undone (ISO 15948 §9.2: None, Sub, Up, Average, Paeth) on its first `columns` pixels only
 * (every filter refers to the pixel to the left, above, or above-left, so a row's prefix is
 * unfiltered from the previous row's prefix), and reading stopped once `rows` rows are in. Only
 * non-interlaced 8-bit greyscale+alpha and RGBA images (colour types 4 and 6) have such bits
 * here. Used by generation/stealth.ts; the only place the photo extractor reads image data.
 */
import type { ByteSource, ExtractContext } from '../types';
import { ExtractError } from '../errors';
import { inflateChunks } from '../inflate';
import type { PngImage } from './model';

/** Compressed image data read at a time. */
const READ_SLICE = 64 * 1024;

/** Bytes per pixel of the 8-bit colour types with alpha (§11.2.2 Table 11.1). */
const ALPHA_BPP: Record<number, number> = { 4: 2, 6: 4 };

/** True when the image has 8-bit alpha samples this reader handles. */
export function hasAlphaSamples(png: PngImage): boolean {
  return png.bitDepth === 8 && png.interlace === 0 && ALPHA_BPP[png.colorType] !== undefined && png.width > 0 && png.height > 0;
}

/** The Paeth predictor (§9.4). */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes filter `type` on `cur` (a row prefix) given the previous row's prefix `prev`, in place. */
function unfilter(type: number, cur: Uint8Array, prev: Uint8Array, bpp: number): void {
  const n = cur.length;
  switch (type) {
    case 0:
      return;
    case 1:
      for (let i = bpp; i < n; i++) cur[i] = (cur[i] + cur[i - bpp]) & 0xff;
      return;
    case 2:
      for (let i = 0; i < n; i++) cur[i] = (cur[i] + prev[i]) & 0xff;
      return;
    case 3:
      for (let i = 0; i < n; i++) cur[i] = (cur[i] + (((i >= bpp ? cur[i - bpp] : 0) + prev[i]) >> 1)) & 0xff;
      return;
    case 4:
      for (let i = 0; i < n; i++) cur[i] = (cur[i] + paeth(i >= bpp ? cur[i - bpp] : 0, prev[i], i >= bpp ? prev[i - bpp] : 0)) & 0xff;
      return;
    default:
      throw new ExtractError('corrupt', `PNG scanline filter type ${type} is not one of 0–4 (ISO 15948 §9.2).`);
  }
}

/**
 * Alpha LSBs of the first `columns` pixel columns of the first `rows` rows, column-major
 * (`bits[column * rows + row]`, 0 or 1). The IDAT data read is bounded by `maxBytes` (compressed);
 * past it, or when the image data ends first, throws ExtractError ('too-large' / 'truncated');
 * damaged zlib data or filter types throw 'corrupt'.
 */
export async function alphaBits(source: ByteSource, png: PngImage, columns: number, rows: number, maxBytes: number, ctx: ExtractContext): Promise<Uint8Array> {
  const bpp = ALPHA_BPP[png.colorType];
  const rowBytes = 1 + png.width * bpp;
  const prefix = Math.min(columns, png.width) * bpp;
  const bits = new Uint8Array(columns * rows);
  let prev = new Uint8Array(prefix);
  let cur = new Uint8Array(prefix);
  let row = 0;
  let at = 0; // position within the current scanline, filter byte included
  let filter = 0;
  let budget = maxBytes;
  // Read in slices, so that stopping after the rows needed stops the reading too.
  async function* idat() {
    for (const c of png.idat) {
      for (let o = 0; o < c.length; o += READ_SLICE) {
        const n = Math.min(READ_SLICE, c.length - o);
        budget -= n;
        if (budget < 0) throw new ExtractError('too-large', `The PNG image data needed passes ${maxBytes} bytes.`, c.offset + o);
        yield await source.read(c.offset + o, n, ctx.signal);
      }
    }
  }
  try {
    outer: for await (const out of inflateChunks(idat())) {
      let i = 0;
      while (i < out.length) {
        if (at === 0) filter = out[i];
        else if (at <= prefix) cur[at - 1] = out[i];
        // Skip the rest of the scanline at once.
        if (at > prefix) {
          const skip = Math.min(rowBytes - at, out.length - i);
          at += skip;
          i += skip;
        } else {
          at += 1;
          i += 1;
        }
        if (at === rowBytes) {
          unfilter(filter, cur, prev, bpp);
          for (let c = 0; c < columns && c < png.width; c++) bits[c * rows + row] = cur[c * bpp + bpp - 1] & 1;
          [prev, cur] = [cur, prev];
          at = 0;
          if (++row === rows) break outer;
        }
      }
    }
  } catch (e) {
    if (e instanceof ExtractError) throw e;
    throw new ExtractError('corrupt', `The PNG image data could not be inflated: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (row < rows) throw new ExtractError('truncated', `The PNG image data ends after ${row} of ${rows} rows.`);
  return bits;
}
