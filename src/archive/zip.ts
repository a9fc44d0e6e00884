/**
 * ZIP listing by range reads (PKWARE APPNOTE.TXT 6.3.10): the end of central directory record
 * (§4.3.16), the ZIP64 end of central directory locator and record (§4.3.15, §4.3.14) when there
 * are, then the central directory (§4.3.12) in one read. Nothing else of the archive is read: the
 * local headers and the data are read per entry by zip-entry-source.ts.
 *
 * Browser-safe (no Node): its only input is a ByteSource. Every count, size and offset read from
 * the archive is untrusted: the central directory must lie inside the file and under
 * `MAX_CENTRAL_DIRECTORY` bytes, and the entry count must fit in it, else a typed ExtractError.
 */
import type { ByteSource } from '../extractors/types';
import { ExtractError, throwIfAborted } from '../extractors/errors';

/** One entry of the central directory (§4.3.12), its offsets relative to the file's start. */
export interface ZipEntry {
  /** The entry's name as stored (§4.4.17: `/` separated), decoded as UTF-8 (flag bit 11) or IBM 437. */
  path: string;
  /** Uncompressed size in bytes. */
  size: number;
  compressedSize: number;
  /** Compression method (§4.4.5): 0 stored, 8 deflated, others unsupported. */
  method: number;
  /** Offset of the entry's data (known once its local header is read: zip-entry-source.ts). */
  dataOffset?: number;
  /** Offset of the entry's local file header (§4.3.7) in the file (prefix included). */
  localHeaderOffset: number;
  crc32: number;
  /** Last modification as MS-DOS date and time (§4.4.6): local time, no zone, ISO 8601 without `Z`. */
  modified: string;
  /** General purpose flag bit 0 (§4.4.4): the data is encrypted. */
  encrypted: boolean;
  /** A folder entry (name ending in `/`): no data. */
  directory: boolean;
}

export interface ZipListing {
  entries: ZipEntry[];
  /** Bytes before the archive (a self-extractor's program) that its offsets do not count. */
  prefix: number;
  /** Whether the ZIP64 end records were used (§4.3.14). */
  zip64: boolean;
}

/** Largest central directory read (8 MiB holds ~100,000 entries of typical path lengths). */
export const MAX_CENTRAL_DIRECTORY = 64 * 1024 * 1024;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const EOCD_SIZE = 22;
const LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIZE = 56;
const CENTRAL_SIZE = 46;
/** The EOCD's comment is at most 65,535 bytes (§4.3.16: a 2-byte length). */
const MAX_TAIL = EOCD_SIZE + 0xffff;
/** First tail read: the EOCD with a short comment, the ZIP64 locator and record before it. */
const FIRST_TAIL = 4096;

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** An 8-byte little-endian value; past 2^53 it cannot be an offset or a size in a file: corrupt. */
function u64(b: Uint8Array, at: number, what: string, offset: number): number {
  const v = u32(b, at) + u32(b, at + 4) * 2 ** 32;
  if (!Number.isSafeInteger(v)) throw new ExtractError('corrupt', `The ZIP's ${what} is beyond 2^53.`, offset);
  return v;
}

/** True when the head (the file's first bytes) starts with a local file header signature (§4.3.7). */
export function startsAsZip(head: Uint8Array): boolean {
  return head.length >= 4 && u32(head, 0) === SIG_LOCAL;
}

/**
 * Offset in `tail` of the end of central directory record (§4.3.16), searched backwards: first one
 * whose comment ends exactly at the end of the file, else the last one whose comment fits in it
 * (some writers leave bytes after the comment). -1 when there is none.
 */
function findEocd(tail: Uint8Array): number {
  let loose = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail[i] !== 0x50 || u32(tail, i) !== SIG_EOCD) continue;
    const end = i + EOCD_SIZE + u16(tail, i + 20);
    if (end === tail.length) return i;
    if (end < tail.length && loose < 0) loose = i;
  }
  return loose;
}

/**
 * Whether the file ends with a ZIP end of central directory record (§4.3.16) in its last `tailBytes`
 * bytes (22: no archive comment; up to 65,557 to allow any comment). Finds prefixed archives
 * (self-extractors), which do not start with a local header.
 */
export async function endsAsZip(source: ByteSource, signal?: AbortSignal, tailBytes = EOCD_SIZE): Promise<boolean> {
  const n = Math.min(source.size, tailBytes);
  if (n < EOCD_SIZE) return false;
  return findEocd(await source.read(source.size - n, n, signal)) >= 0;
}

/** Reads exactly `length` bytes at `offset` (else `truncated`). */
async function readExact(source: ByteSource, offset: number, length: number, what: string, signal?: AbortSignal): Promise<Uint8Array> {
  const bytes = await source.read(offset, length, signal);
  if (bytes.length < length) throw new ExtractError('truncated', `The ZIP's ${what} lies past the end of the file.`, offset);
  return bytes;
}

/** The tail holding the EOCD, and the EOCD's offset in the file. */
async function readEnd(source: ByteSource, signal?: AbortSignal): Promise<{ tail: Uint8Array; tailStart: number; eocd: number }> {
  const size = source.size;
  if (size < EOCD_SIZE) throw new ExtractError('truncated', `Too short for a ZIP (${size} bytes; the end record alone is 22).`, 0);
  let tailStart = Math.max(0, size - FIRST_TAIL);
  let tail = await readExact(source, tailStart, size - tailStart, 'end', signal);
  let at = findEocd(tail);
  if (at < 0 && tailStart > 0) {
    tailStart = Math.max(0, size - MAX_TAIL);
    tail = await readExact(source, tailStart, size - tailStart, 'end', signal);
    at = findEocd(tail);
  }
  if (at < 0) throw new ExtractError('truncated', 'No ZIP end of central directory record (§4.3.16) in the last 64 KiB: the archive is cut or not a ZIP.');
  return { tail, tailStart, eocd: tailStart + at };
}

const multiDisk = () => new ExtractError('unsupported-feature', 'Multi-disk (split or spanned) ZIP archives are not supported: join the parts into one file first.');

/** The central directory's place and entry count, read from the end records. */
interface Directory {
  count: number;
  size: number;
  /** Offset as written (relative to the archive's start). */
  offset: number;
  /** Where the central directory must end in the file: at the (ZIP64) end record. */
  end: number;
  zip64: boolean;
}

async function readDirectoryPlace(source: ByteSource, signal?: AbortSignal): Promise<Directory> {
  const { tail, tailStart, eocd } = await readEnd(source, signal);
  const e = eocd - tailStart;
  const disk = u16(tail, e + 4);
  const cdDisk = u16(tail, e + 6);
  const onDisk = u16(tail, e + 8);
  let count = u16(tail, e + 10);
  let size = u32(tail, e + 12);
  let offset = u32(tail, e + 16);
  const loc = e - LOCATOR_SIZE;
  if (loc < 0 || u32(tail, loc) !== SIG_ZIP64_LOCATOR) {
    if (disk !== 0 || cdDisk !== 0 || onDisk !== count) throw multiDisk();
    return { count, size, offset, end: eocd, zip64: false };
  }
  // ZIP64 locator (§4.3.15): disk of the ZIP64 EOCD, its offset, total disks.
  if (u32(tail, loc + 4) !== 0 || u32(tail, loc + 16) > 1) throw multiDisk();
  const written = u64(tail, loc + 8, 'ZIP64 end record offset', tailStart + loc);
  // In a prefixed archive the written offset is short by the prefix: the record then sits right
  // before the locator (when it has no extensible data, §4.3.14.2).
  let record: Uint8Array | undefined;
  let recordAt = 0;
  for (const at of [written, tailStart + loc - ZIP64_EOCD_SIZE]) {
    if (at < 0 || at + ZIP64_EOCD_SIZE > tailStart + loc) continue;
    const bytes = at >= tailStart ? tail.subarray(at - tailStart, at - tailStart + ZIP64_EOCD_SIZE) : await readExact(source, at, ZIP64_EOCD_SIZE, 'ZIP64 end record', signal);
    if (u32(bytes, 0) === SIG_ZIP64_EOCD) {
      record = bytes;
      recordAt = at;
      break;
    }
  }
  if (!record) throw new ExtractError('corrupt', 'The ZIP64 end of central directory locator (§4.3.15) points to no ZIP64 end record.', tailStart + loc);
  // ZIP64 EOCD (§4.3.14): disk, disk of the directory, entries on this disk, entries, size, offset.
  if (u32(record, 16) !== 0 || u32(record, 20) !== 0) throw multiDisk();
  const onDisk64 = u64(record, 24, 'entry count', recordAt);
  count = u64(record, 32, 'entry count', recordAt);
  if (onDisk64 !== count) throw multiDisk();
  size = u64(record, 40, 'central directory size', recordAt);
  offset = u64(record, 48, 'central directory offset', recordAt);
  return { count, size, offset, end: recordAt, zip64: true };
}

/** IBM code page 437, bytes 0x80–0xFF (the default name encoding, APPNOTE Appendix D). */
const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

function decodeName(bytes: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder('utf-8').decode(bytes);
  let s = '';
  for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
  return s;
}

/** MS-DOS date and time (§4.4.6) as ISO 8601 local time; an impossible value as written, padded. */
function dosDateTime(date: number, time: number): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(1980 + (date >> 9), 4)}-${p((date >> 5) & 15)}-${p(date & 31)}T${p(time >> 11)}:${p((time >> 5) & 63)}:${p((time & 31) * 2)}`;
}

/**
 * Lists the archive's entries from its central directory. Reads the last 4 KiB (the last 64 KiB
 * + 22 bytes when the archive comment is longer), the ZIP64 end record when it lies before that,
 * and the central directory once.
 * @throws ExtractError `truncated` (no end record: cut or not a ZIP; a directory past the end),
 *   `corrupt` (inconsistent records, a count that does not fit), `too-large` (a central directory
 *   over MAX_CENTRAL_DIRECTORY), `unsupported-feature` (multi-disk archives), `aborted`
 */
export async function listZip(source: ByteSource, signal?: AbortSignal): Promise<ZipListing> {
  const dir = await readDirectoryPlace(source, signal);
  // The directory ends where the end records start; written offsets are short by any prefix.
  const prefix = dir.end - dir.size - dir.offset;
  const start = dir.end - dir.size;
  if (dir.size > MAX_CENTRAL_DIRECTORY) throw new ExtractError('too-large', `The ZIP's central directory is ${dir.size} bytes (more than ${MAX_CENTRAL_DIRECTORY}).`, dir.end);
  if (start < 0 || prefix < 0) {
    throw new ExtractError('corrupt', `The ZIP's central directory (offset ${dir.offset}, ${dir.size} bytes) does not end at its end record (offset ${dir.end}).`, dir.end);
  }
  if (dir.count * CENTRAL_SIZE > dir.size) throw new ExtractError('corrupt', `The ZIP says it holds ${dir.count} entries, more than its ${dir.size}-byte central directory can.`, dir.end);
  throwIfAborted(signal);
  const cd = await readExact(source, start, dir.size, 'central directory', signal);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < dir.count; i++) {
    if (at + CENTRAL_SIZE > cd.length || u32(cd, at) !== SIG_CENTRAL) {
      throw new ExtractError('corrupt', `The ZIP's central directory holds ${i} entries, not the ${dir.count} its end record says.`, start + at);
    }
    const flags = u16(cd, at + 8);
    const nameLength = u16(cd, at + 28);
    const extraLength = u16(cd, at + 30);
    const commentLength = u16(cd, at + 32);
    const next = at + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (next > cd.length) throw new ExtractError('corrupt', `Central directory entry ${i} runs past the central directory.`, start + at);
    const name = decodeName(cd.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength), (flags & 0x800) !== 0);
    let compressedSize = u32(cd, at + 20);
    let size = u32(cd, at + 24);
    let diskStart = u16(cd, at + 34);
    let localHeaderOffset = u32(cd, at + 42);
    // ZIP64 extended information (§4.5.3): only the fields whose header value is all ones, in order.
    const extra = cd.subarray(at + CENTRAL_SIZE + nameLength, at + CENTRAL_SIZE + nameLength + extraLength);
    for (let x = 0; x + 4 <= extra.length;) {
      const id = u16(extra, x);
      const len = u16(extra, x + 2);
      const body = extra.subarray(x + 4, x + 4 + len);
      if (id === 0x0001) {
        let f = 0;
        const take = (what: string) => {
          if (f + 8 > body.length) throw new ExtractError('corrupt', `Entry ${name}: its ZIP64 extra field lacks the ${what}.`, start + at);
          const v = u64(body, f, what, start + at);
          f += 8;
          return v;
        };
        if (size === 0xffffffff) size = take('uncompressed size');
        if (compressedSize === 0xffffffff) compressedSize = take('compressed size');
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take('local header offset');
        if (diskStart === 0xffff && f + 4 <= body.length) diskStart = u32(body, f);
        break;
      }
      x += 4 + len;
    }
    if (diskStart !== 0) throw multiDisk();
    entries.push({
      path: name,
      size,
      compressedSize,
      method: u16(cd, at + 10),
      localHeaderOffset: localHeaderOffset + prefix,
      crc32: u32(cd, at + 16),
      modified: dosDateTime(u16(cd, at + 14), u16(cd, at + 12)),
      encrypted: (flags & 1) !== 0,
      directory: name.endsWith('/'),
    });
    at = next;
  }
  if (at + 4 <= cd.length && u32(cd, at) === SIG_CENTRAL) {
    throw new ExtractError('corrupt', `The ZIP's end record says ${dir.count} entries, but its central directory holds more.`, start + at);
  }
  return { entries, prefix, zip64: dir.zip64 };
}
