/**
 * A bounds-checking scan of one IFD's entry table (TIFF 6.0 §2; BigTIFF: 8-byte counts, 20-byte
 * entries). It runs before geotiff.js parses the same IFD, so untrusted counts and offsets are
 * checked against the file size first (geotiff allocates typed arrays from the declared counts),
 * and it decodes the values geotiff 3.0.5 gets wrong: RATIONAL arrays (its loop reads only every
 * other value) and out-of-line arrays of big-endian files (its DeferredArray decodes as
 * little-endian).
 */
import { ExtractError } from '../errors';
import type { GeotiffSource } from './source-adapter';

/** Byte sizes of the TIFF field types (TIFF 6.0 §2, BigTIFF types 16–18). */
const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8 };
// prettier-ignore
export const TYPE_NAMES: Record<number, string> = {
  1: 'BYTE', 2: 'ASCII', 3: 'SHORT', 4: 'LONG', 5: 'RATIONAL', 6: 'SBYTE', 7: 'UNDEFINED', 8: 'SSHORT', 9: 'SLONG',
  10: 'SRATIONAL', 11: 'FLOAT', 12: 'DOUBLE', 13: 'IFD', 16: 'LONG8', 17: 'SLONG8', 18: 'IFD8',
};

/** One directory entry as stored. */
export interface RawEntry {
  tag: number;
  type: number;
  count: number;
  /** Byte size of the value (count × type size). */
  size: number;
  /** File offset of the value (inside the entry when it fits). */
  valueOffset: number;
  inline: boolean;
}

export interface RawIfd {
  offset: number;
  entries: RawEntry[];
  /** Offset of the next IFD (0 = last). */
  next: number;
  /** End of the entry table (+ next pointer). */
  end: number;
  /** Non-fatal findings (tags ignored: unknown types, values past EOF, repeats; strile arrays past EOF). */
  problems: string[];
}

/** Tags holding strip/tile offsets and byte counts: never read, so they may point past EOF. */
export const STRILE_TAGS = new Set([273, 279, 324, 325]);
/** Largest entry count accepted (libtiff warns above 4096; 65535 is the classic TIFF maximum). */
const MAX_ENTRIES = 65535;

function u64(dv: DataView, at: number, le: boolean): number {
  const v = dv.getBigUint64(at, le);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ExtractError('corrupt', `A BigTIFF offset or count (${v}) is beyond 2^53.`, at);
  return Number(v);
}

/**
 * A BigTIFF offset or count that is only compared with the file size: values beyond 2^53 come back
 * rounded (still beyond any file), so the caller's past-EOF check rejects them.
 */
function u64Loose(dv: DataView, at: number, le: boolean): number {
  return Number(dv.getBigUint64(at, le));
}

/**
 * Scans the IFD at `offset`. Throws ExtractError: `truncated` when the table lies past the end of
 * the file, `corrupt` for an impossible entry count, `too-large` for a value larger than
 * `maxValueBytes`. Entries libtiff ignores (unknown field type, value past EOF, a repeated tag)
 * are left out and named in `problems`.
 */
export async function scanIfd(src: GeotiffSource, offset: number, bigTiff: boolean, le: boolean, maxValueBytes: number): Promise<RawIfd> {
  const countSize = bigTiff ? 8 : 2;
  const entrySize = bigTiff ? 20 : 12;
  const ptrSize = bigTiff ? 8 : 4;
  if (offset < (bigTiff ? 16 : 8) || offset + countSize > src.fileSize) {
    throw new ExtractError('truncated', `The IFD at offset ${offset} lies outside the file (${src.fileSize} bytes).`, offset);
  }
  const head = await src.bytes(offset, countSize);
  const hv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const count = bigTiff ? u64(hv, 0, le) : hv.getUint16(0, le);
  if (count === 0 || count > MAX_ENTRIES) throw new ExtractError('corrupt', `The IFD at offset ${offset} declares ${count} entries.`, offset);
  const tableLen = countSize + count * entrySize + ptrSize;
  if (offset + tableLen > src.fileSize) {
    throw new ExtractError('truncated', `The IFD at offset ${offset} (${count} entries) runs past the end of the file.`, offset);
  }
  const table = await src.bytes(offset, tableLen);
  const dv = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const entries: RawEntry[] = [];
  const problems: string[] = [];
  const seen = new Set<number>();
  let previous = -1;
  let unsorted = false;
  for (let i = 0; i < count; i++) {
    const at = countSize + i * entrySize;
    const tag = dv.getUint16(at, le);
    const type = dv.getUint16(at + 2, le);
    const n = bigTiff ? u64Loose(dv, at + 4, le) : dv.getUint32(at + 4, le);
    if (tag < previous) unsorted = true;
    previous = tag;
    // libtiff 4.5 tif_dirread.c (TIFFReadDirectory): the first entry of a tag is used, later ones
    // are ignored; an unknown field type or a value that cannot be read drops that tag only.
    if (seen.has(tag)) {
      problems.push(`Tag ${tag} appears again (entry ${i}); the later entry is ignored, as libtiff does.`);
      continue;
    }
    const typeSize = TYPE_SIZES[type];
    if (!typeSize) {
      problems.push(`Tag ${tag} has unknown field type ${type}; the tag is ignored, as libtiff does.`);
      continue;
    }
    const size = n * typeSize;
    const inline = size <= ptrSize;
    const valueOffset = inline ? offset + at + (bigTiff ? 12 : 8) : bigTiff ? u64Loose(dv, at + 12, le) : dv.getUint32(at + 8, le);
    if (!inline) {
      // TIFF 6.0 §2: count × type size, exact here (no 32-bit wrap that would make a huge value
      // "fit" in the entry). A value that cannot be in the file is reported as such first.
      const pastEof = valueOffset + size > src.fileSize;
      if (pastEof && !STRILE_TAGS.has(tag)) {
        problems.push(`Tag ${tag}: its value (${size} bytes at offset ${valueOffset}) lies past the end of the file; the tag is ignored, as libtiff does.`);
        continue;
      }
      if (size > maxValueBytes) {
        throw new ExtractError('too-large', `Tag ${tag} of the IFD at offset ${offset} declares ${n} values (${size} bytes); the limit is ${maxValueBytes}.`, offset + at);
      }
      if (pastEof) problems.push(`Tag ${tag}: its ${n} values (offset ${valueOffset}) lie past the end of the file.`);
    }
    seen.add(tag);
    entries.push({ tag, type, count: n, size, valueOffset, inline });
  }
  if (unsorted) problems.push('The tags are not sorted in ascending order (TIFF 6.0 §2); read as found.');
  const next = bigTiff ? u64Loose(dv, countSize + count * entrySize, le) : dv.getUint32(countSize + count * entrySize, le);
  return { offset, entries, next, end: offset + tableLen, problems };
}

/**
 * Decodes an entry's values: numbers (RATIONAL/SRATIONAL as numerator/denominator quotients),
 * or a string for ASCII (NULs trimmed). Reads at most `maxItems` values.
 */
export async function readEntryValues(src: GeotiffSource, e: RawEntry, le: boolean, maxItems: number): Promise<number[] | string> {
  const typeSize = TYPE_SIZES[e.type];
  const n = Math.min(e.count, maxItems);
  const bytes = await src.bytes(e.valueOffset, n * typeSize);
  if (bytes.length < n * typeSize) throw new ExtractError('truncated', `The value of tag ${e.tag} is cut by the end of the file.`, e.valueOffset);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (e.type === 2) return new TextDecoder('utf-8').decode(bytes).replace(/\0+$/, '');
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const at = i * typeSize;
    switch (e.type) {
      case 1:
      case 7:
        out.push(dv.getUint8(at));
        break;
      case 6:
        out.push(dv.getInt8(at));
        break;
      case 3:
        out.push(dv.getUint16(at, le));
        break;
      case 8:
        out.push(dv.getInt16(at, le));
        break;
      case 4:
      case 13:
        out.push(dv.getUint32(at, le));
        break;
      case 9:
        out.push(dv.getInt32(at, le));
        break;
      case 5: {
        const d = dv.getUint32(at + 4, le);
        out.push(d === 0 ? NaN : dv.getUint32(at, le) / d);
        break;
      }
      case 10: {
        const d = dv.getInt32(at + 4, le);
        out.push(d === 0 ? NaN : dv.getInt32(at, le) / d);
        break;
      }
      case 11:
        out.push(dv.getFloat32(at, le));
        break;
      case 12:
        out.push(dv.getFloat64(at, le));
        break;
      case 16:
      case 18:
        out.push(Number(dv.getBigUint64(at, le)));
        break;
      case 17:
        out.push(Number(dv.getBigInt64(at, le)));
        break;
    }
  }
  return out;
}
