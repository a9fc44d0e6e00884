/**
 * Stream filters the metadata reader needs (ISO 32000-1 §7.4): FlateDecode (zlib, RFC 1950) through
 * the platform's `DecompressionStream('deflate')` (Web Workers and Node ≥ 18), LZWDecode (§7.4.4.2,
 * with /EarlyChange), the PNG and TIFF predictors of both (§7.4.4.4, Table 8; xref streams use PNG
 * Up), ASCIIHexDecode (§7.4.2), ASCII85Decode (§7.4.3), RunLengthDecode (§7.4.5), and the Crypt
 * filter (§7.4.10), whose decryption the document applies before the chain (a no-op here). Filters
 * chain in any order, at most 8. Output is bounded: every stage stops with an error past `maxBytes`
 * (a decompression bomb costs that much at most).
 */
import { PdfDict, PdfName, type PdfObject } from './objects';
import { inflateBounded } from '../inflate';

/** Thrown when a filter is not supported or its data is bad; `bomb` when the output passed the bound. */
export class FilterError extends Error {
  constructor(
    message: string,
    readonly bomb = false,
  ) {
    super(message);
  }
}

/** FlateDecode (§7.4.4): what inflated, even before damage (readers such as pdf.js keep it); FilterError when nothing did or past `maxBytes`. */
async function inflate(data: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const { bytes, overCap, error } = await inflateBounded(data, maxBytes);
  if (overCap) throw new FilterError(`decompressed data exceeds the ${maxBytes}-byte bound`, true);
  if (error !== undefined && bytes.length === 0) throw new FilterError(`FlateDecode failed: ${error instanceof Error ? error.message : String(error)}`);
  return bytes;
}

/** A growing output buffer that throws the bomb error past `max` bytes. */
class Out {
  buf: Uint8Array;
  len = 0;
  constructor(
    private readonly max: number,
    hint: number,
  ) {
    this.buf = new Uint8Array(Math.max(64, Math.min(hint, max)));
  }
  private room(n: number) {
    if (this.len + n > this.max) throw new FilterError(`decoded data exceeds the ${this.max}-byte bound`, true);
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.min(this.max, Math.max(this.len + n, this.buf.length * 2)));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  push(b: number) {
    this.room(1);
    this.buf[this.len++] = b;
  }
  fill(b: number, n: number) {
    this.room(n);
    this.buf.fill(b, this.len, this.len + n);
    this.len += n;
  }
  copy(src: Uint8Array) {
    this.room(src.length);
    this.buf.set(src, this.len);
    this.len += src.length;
  }
  done(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

/**
 * §7.4.4.2 LZWDecode: 9- to 12-bit codes, most significant bit first; 256 clears the table, 257
 * ends the data; entries from 258. With /EarlyChange 1 (the default) the code width grows one
 * code early. A full table (4096 entries) without a clear code takes no new entries, and a code
 * not yet in the table ends the data (what decoded before is kept).
 */
export function lzw(data: Uint8Array, earlyChange: number, maxBytes: number): Uint8Array {
  const prefix = new Int16Array(4096);
  const suffix = new Uint8Array(4096);
  const length = new Uint16Array(4096);
  for (let i = 0; i < 256; i++) {
    suffix[i] = i;
    length[i] = 1;
  }
  const out = new Out(maxBytes, data.length * 3);
  let next = 258;
  let width = 9;
  let prev = -1;
  let bits = 0;
  let nbits = 0;
  let pos = 0;
  const early = earlyChange === 0 ? 0 : 1;
  // Writes entry `code` (its bytes are found backwards through the prefixes); returns its first byte.
  const emit = (code: number): number => {
    const n = length[code];
    out.fill(0, n);
    let c = code;
    for (let i = out.len - 1; i >= out.len - n; i--) {
      out.buf[i] = suffix[c];
      c = prefix[c];
    }
    return out.buf[out.len - n];
  };
  for (;;) {
    while (nbits < width && pos < data.length) {
      bits = ((bits << 8) | data[pos++]) & 0xffffff;
      nbits += 8;
    }
    if (nbits < width) break;
    const code = (bits >>> (nbits - width)) & ((1 << width) - 1);
    nbits -= width;
    if (code === 256) {
      next = 258;
      width = 9;
      prev = -1;
      continue;
    }
    if (code === 257) break;
    if (prev < 0) {
      if (code > 255) break;
      emit(code);
      prev = code;
      continue;
    }
    if (code > next || (code === next && next >= 4096)) break;
    let first: number;
    if (code < next) first = emit(code);
    else {
      // KwKwK: the previous entry plus its own first byte.
      first = emit(prev);
      out.push(first);
    }
    if (next < 4096) {
      prefix[next] = prev;
      suffix[next] = first;
      length[next] = Math.min(length[prev] + 1, 4096);
      next++;
      if (next + early >= 1 << width && width < 12) width++;
    }
    prev = code;
  }
  return out.done();
}

/** §7.4.3 ASCII85Decode: base-85 groups of 5 characters ('!'–'u'), 'z' for 4 zero bytes, '~>' at the end (its absence tolerated). */
export function ascii85(data: Uint8Array, maxBytes: number): Uint8Array {
  const out = new Out(maxBytes, Math.ceil((data.length * 4) / 5));
  const group: number[] = [];
  let i = 0;
  // A PostScript-style "<~" opening is skipped (readers do).
  while (i < data.length && isSpace(data[i])) i++;
  if (data[i] === 0x3c && data[i + 1] === 0x7e) i += 2;
  const flush = (n: number) => {
    let v = 0;
    for (let k = 0; k < 5; k++) v = v * 85 + (k < n ? group[k] : 84);
    if (v > 0xffffffff) throw new FilterError('ASCII85Decode: a group exceeds 2^32 - 1');
    for (let k = 0; k < n - 1; k++) out.push((v >>> (24 - 8 * k)) & 255);
  };
  for (; i < data.length; i++) {
    const c = data[i];
    if (c === 0x7e) break;
    if (isSpace(c)) continue;
    if (c === 0x7a && group.length === 0) {
      out.fill(0, 4);
      continue;
    }
    if (c < 0x21 || c > 0x75) throw new FilterError(`ASCII85Decode: the byte 0x${c.toString(16)} is not base-85`);
    group.push(c - 0x21);
    if (group.length === 5) {
      flush(5);
      group.length = 0;
    }
  }
  // A final partial group of n characters is n - 1 bytes; a single character is nothing.
  if (group.length > 1) flush(group.length);
  return out.done();
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}

/** §7.4.5 RunLengthDecode: a length byte 0–127 copies the next length + 1 bytes, 129–255 repeats the next byte 257 − length times, 128 ends. A run cut short keeps what is there. */
export function runLength(data: Uint8Array, maxBytes: number): Uint8Array {
  const out = new Out(maxBytes, data.length * 2);
  for (let i = 0; i < data.length;) {
    const n = data[i++];
    if (n === 128) break;
    if (n < 128) {
      out.copy(data.subarray(i, Math.min(i + n + 1, data.length)));
      i += n + 1;
    } else {
      if (i >= data.length) break;
      out.fill(data[i++], 257 - n);
    }
  }
  return out.done();
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
 * The crypt filter a stream names (§7.4.10: /Crypt first in its /Filter, its /DecodeParms /Name;
 * /Identity by default), or undefined when it has none.
 */
export function cryptFilterName(dict: PdfDict): string | undefined {
  const f = dict.get('Filter') ?? null;
  const p = dict.get('DecodeParms') ?? null;
  const filters: PdfObject[] = Array.isArray(f) ? f : [f];
  const parms: PdfObject[] = Array.isArray(p) ? p : [p];
  const i = filters.findIndex((x) => x instanceof PdfName && x.name === 'Crypt');
  if (i < 0) return undefined;
  const parm = parms[i];
  const nm = parm instanceof PdfDict ? parm.get('Name') : undefined;
  return nm instanceof PdfName ? nm.name : 'Identity';
}

/**
 * Applies the stream's /Filter chain (with /DecodeParms) to `data`, in order; every stage's output
 * is at most `maxBytes`. A /Crypt filter passes the data on (the caller decrypted it). Throws
 * FilterError for other filters (image filters such as DCTDecode carry no metadata).
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
    else if (name === 'LZWDecode' || name === 'LZW') out = unpredict(lzw(out, num(parm, 'EarlyChange', 1), maxBytes), parm);
    else if (name === 'ASCIIHexDecode' || name === 'AHx') out = asciiHex(out);
    else if (name === 'ASCII85Decode' || name === 'A85') out = ascii85(out, maxBytes);
    else if (name === 'RunLengthDecode' || name === 'RL') out = runLength(out, maxBytes);
    else if (name === 'Crypt') continue;
    else throw new FilterError(`unsupported stream filter ${name || '(not a name)'}`);
  }
  return out;
}
