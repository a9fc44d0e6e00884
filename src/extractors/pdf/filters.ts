/**
 * Stream filters the metadata reader needs (ISO 32000-1 §7.4): FlateDecode (zlib, RFC 1950) through
 * the platform's `DecompressionStream('deflate')` (Web Workers and Node ≥ 18), its PNG and TIFF
 * predictors (§7.4.4.4, Table 8; xref streams use PNG Up), and ASCIIHexDecode. Output is bounded:
 * decompression stops with an error past `maxBytes` (a decompression bomb costs that much at most).
 */
import { PdfDict, PdfName, type PdfObject } from './objects';

/** Thrown when a filter is not supported or its data is bad; `bomb` when the output passed the bound. */
export class FilterError extends Error {
  constructor(
    message: string,
    readonly bomb = false,
  ) {
    super(message);
  }
}

async function inflate(data: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const ds = new DecompressionStream('deflate');
  const writer = ds.writable.getWriter();
  // A stream truncated or with trailing garbage still yields what decompressed: the write's and
  // close's rejections are seen through the reader.
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new FilterError(`decompressed data exceeds the ${maxBytes}-byte bound`, true);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof FilterError) throw e;
    if (total === 0) throw new FilterError(`FlateDecode failed: ${e instanceof Error ? e.message : String(e)}`);
    // Keep what was decompressed before the damage (readers such as pdf.js do the same).
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function asciiHex(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let hi = -1;
  for (const c of data) {
    if (c === 0x3e) break;
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (v < 0) continue;
    if (hi < 0) hi = v;
    else {
      out.push(hi * 16 + v);
      hi = -1;
    }
  }
  if (hi >= 0) out.push(hi * 16);
  return Uint8Array.from(out);
}

const num = (d: PdfDict | null, key: string, dflt: number) => {
  const v = d?.get(key);
  return typeof v === 'number' && Number.isInteger(v) ? v : dflt;
};

/** §7.4.4.4: undoes a PNG (10–15) or TIFF (2) predictor. */
function unpredict(data: Uint8Array, parms: PdfDict | null): Uint8Array {
  const predictor = num(parms, 'Predictor', 1);
  if (predictor === 1) return data;
  const colors = num(parms, 'Colors', 1);
  const bpc = num(parms, 'BitsPerComponent', 8);
  const columns = num(parms, 'Columns', 1);
  if (colors < 1 || colors > 32 || ![1, 2, 4, 8, 16].includes(bpc) || columns < 1 || columns > 1 << 24) throw new FilterError('bad predictor parameters');
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowBytes = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) {
    if (bpc !== 8) throw new FilterError('TIFF predictor with other than 8 bits per component is not supported');
    const out = Uint8Array.from(data);
    for (let r = 0; r < out.length; r += rowBytes) for (let i = r + bpp; i < Math.min(r + rowBytes, out.length); i++) out[i] = (out[i] + out[i - bpp]) & 255;
    return out;
  }
  if (predictor < 10) throw new FilterError(`unknown predictor ${predictor}`);
  const rows = Math.floor(data.length / (rowBytes + 1));
  const out = new Uint8Array(rows * rowBytes);
  let prev = new Uint8Array(rowBytes);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowBytes + 1)];
    const src = data.subarray(r * (rowBytes + 1) + 1, (r + 1) * (rowBytes + 1));
    const row = out.subarray(r * rowBytes, (r + 1) * rowBytes);
    for (let i = 0; i < rowBytes; i++) {
      const left = i >= bpp ? row[i - bpp] : 0;
      const up = prev[i];
      const ul = i >= bpp ? prev[i - bpp] : 0;
      let v = src[i];
      if (type === 1) v += left;
      else if (type === 2) v += up;
      else if (type === 3) v += (left + up) >> 1;
      else if (type === 4) {
        const p = left + up - ul;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - ul);
        v += pa <= pb && pa <= pc ? left : pb <= pc ? up : ul;
      }
      row[i] = v & 255;
    }
    prev = row;
  }
  return out;
}

/**
 * Applies the stream's /Filter chain (with /DecodeParms) to `data`; every stage's output is at
 * most `maxBytes`. Throws FilterError for filters other than FlateDecode and ASCIIHexDecode.
 */
export async function decodeStream(dict: PdfDict, data: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const f = dict.get('Filter') ?? null;
  const p = dict.get('DecodeParms') ?? null;
  const filters: PdfObject[] = Array.isArray(f) ? f : f === null ? [] : [f];
  const parms: PdfObject[] = Array.isArray(p) ? p : [p];
  if (filters.length > 8) throw new FilterError('too many filters');
  let out = data;
  for (const [i, filter] of filters.entries()) {
    const name = filter instanceof PdfName ? filter.name : '';
    const parm = parms[i] instanceof PdfDict ? parms[i] : null;
    if (name === 'FlateDecode' || name === 'Fl') out = unpredict(await inflate(out, maxBytes), parm);
    else if (name === 'ASCIIHexDecode' || name === 'AHx') out = asciiHex(out);
    else throw new FilterError(`unsupported stream filter ${name || '(not a name)'}`);
  }
  return out;
}
