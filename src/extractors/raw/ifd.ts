/**
 * IFDs in memory (TIFF 6.0 §2 "Image File Directory"): the entry table at an offset of a byte
 * array, each entry's value located at `base` + its offset when it does not fit in 4 bytes. Used
 * for the IFDs exifr does not walk: SubIFDs (TIFF/EP, DNG 1.6 §"SubIFDs"), CR2's IFD2/IFD3 and
 * the MakerNote IFDs, whose offsets count from the TIFF header or from the note itself. Every
 * count and offset is untrusted: entries whose value lies outside the array are returned with
 * `at` = -1 and read as nothing.
 */
import { TYPE_SIZE } from '../photo/tiff';

/** Byte size of TIFF field types 1–13 (TIFF 6.0 §2, 13 = IFD) and BigTIFF's 16–18 (unused here). */
const SIZE = [...TYPE_SIZE, 0, 0];
/** Largest entry count read from one IFD (real ones hold a few hundred at most). */
export const MAX_IFD_ENTRIES = 1024;

/** One IFD entry. */
export interface IfdEntry {
  tag: number;
  type: number;
  count: number;
  /** Offset of the value in the array (inline: inside the entry), -1 when outside the array. */
  at: number;
  /** Byte size of the value (count × type size). */
  size: number;
  /** The entry's 4-byte value field as a LONG: the value's offset when it does not fit inline. */
  raw: number;
}

/** An IFD read from an array: its entries and the next-IFD offset (0 when none or unreadable). */
export interface Ifd {
  entries: IfdEntry[];
  next: number;
}

/** A byte array with its byte order. */
export interface Space {
  bytes: Uint8Array;
  le: boolean;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Reads the IFD at `offset` of `s.bytes`; out-of-line values at `base` + the entry's offset.
 * Null when the count or the table does not fit in the array, or the count exceeds MAX_IFD_ENTRIES.
 */
export function readIfd(s: Space, offset: number, base = 0): Ifd | null {
  const b = s.bytes;
  if (!Number.isSafeInteger(offset) || offset < 0 || offset + 2 > b.length) return null;
  const dv = view(b);
  const count = dv.getUint16(offset, s.le);
  if (count === 0 || count > MAX_IFD_ENTRIES || offset + 2 + 12 * count > b.length) return null;
  const entries: IfdEntry[] = [];
  for (let i = 0; i < count; i++) {
    const e = offset + 2 + 12 * i;
    const tag = dv.getUint16(e, s.le);
    const type = dv.getUint16(e + 2, s.le);
    const n = dv.getUint32(e + 4, s.le);
    const size = (SIZE[type] ?? 0) * n;
    const raw = dv.getUint32(e + 8, s.le);
    let at = size <= 4 ? e + 8 : base + raw;
    if (at < 0 || at + size > b.length) at = -1;
    entries.push({ tag, type, count: n, at, size, raw });
  }
  const nextAt = offset + 2 + 12 * count;
  const next = nextAt + 4 <= b.length ? dv.getUint32(nextAt, s.le) : 0;
  return { entries, next };
}

/** The numbers of a numeric entry (BYTE…DOUBLE; rationals as quotients), at most `max`; [] otherwise. */
export function numbers(s: Space, e: IfdEntry, max = 64): number[] {
  if (e.at < 0) return [];
  const dv = view(s.bytes);
  const out: number[] = [];
  const n = Math.min(e.count, max);
  for (let i = 0; i < n; i++) {
    const o = e.at + i * (SIZE[e.type] ?? 0);
    switch (e.type) {
      case 1:
      case 7:
        out.push(dv.getUint8(o));
        break;
      case 6:
        out.push(dv.getInt8(o));
        break;
      case 3:
        out.push(dv.getUint16(o, s.le));
        break;
      case 8:
        out.push(dv.getInt16(o, s.le));
        break;
      case 4:
      case 13:
        out.push(dv.getUint32(o, s.le));
        break;
      case 9:
        out.push(dv.getInt32(o, s.le));
        break;
      case 5:
      case 10: {
        const num = e.type === 5 ? dv.getUint32(o, s.le) : dv.getInt32(o, s.le);
        const den = e.type === 5 ? dv.getUint32(o + 4, s.le) : dv.getInt32(o + 4, s.le);
        out.push(den === 0 ? NaN : num / den);
        break;
      }
      case 11:
        out.push(dv.getFloat32(o, s.le));
        break;
      case 12:
        out.push(dv.getFloat64(o, s.le));
        break;
      default:
        return [];
    }
  }
  return out;
}

/** The first number of an entry, or undefined. */
export function firstNumber(s: Space, e: IfdEntry | undefined): number | undefined {
  return e ? numbers(s, e, 1)[0] : undefined;
}

/** The value bytes of an entry (empty when outside the array). */
export function valueBytes(s: Space, e: IfdEntry): Uint8Array {
  return e.at < 0 ? new Uint8Array(0) : s.bytes.subarray(e.at, e.at + e.size);
}

/** An ASCII (or UNDEFINED text) value up to its first NUL, trailing spaces and 0xFF padding removed (TIFF 6.0 §2 ASCII). */
export function text(s: Space, e: IfdEntry): string {
  const b = valueBytes(s, e);
  let end = b.indexOf(0);
  if (end < 0) end = b.length;
  let out = '';
  for (let i = 0; i < end; i++) out += String.fromCharCode(b[i]);
  return out.replace(/[\s\xff]+$/, '');
}
