/**
 * A streaming tar reader (browser-safe): headers and data read in one pass over a
 * ReadableStream<Uint8Array> of tar bytes (a `.tar`, or a `.tgz` through gunzip.ts), nothing held
 * but the current 512-byte block and the stream's current chunk.
 *
 * Formats read (IEEE Std 1003.1-2017, pax utility, "ustar Interchange Format" and "pax Interchange
 * Format"; GNU tar manual, "Basic Tar Format"):
 * - ustar headers: `name`, `prefix` (POSIX magic `ustar\0` only: GNU headers keep other fields
 *   there), octal numeric fields, the header checksum verified (unsigned sum, or the signed sum
 *   historic tars wrote);
 * - pax extended headers, typeflag `x` (the next entry) and `g` (all later entries): records
 *   `"%d %s=%s\n"`, of which `path`, `linkpath`, `size` and `mtime` are used;
 * - GNU long names and link names (typeflag `L`, `K`, the data being the name);
 * - GNU base-256 numeric fields (first byte 0x80: sizes of 8 GiB and more, which 11 octal digits
 *   cannot hold).
 *
 * Every size read from the archive is untrusted: entry data is streamed and never held, so its
 * size only bounds how far the reader skips; the data that is held (pax records, GNU long names)
 * is bounded by MAX_META_BYTES. A bad header is `corrupt`, a stream that ends inside a header or
 * an entry's data `truncated` (ExtractError, with the offset in the tar stream); entries returned
 * before stay valid.
 */
import { ExtractError, throwIfAborted } from '../extractors/errors';

const BLOCK = 512;
/** Largest pax extended header or GNU long name held (real ones are a few hundred bytes). */
export const MAX_META_BYTES = 1024 * 1024;

/** What an entry is, from its typeflag (ustar: `0`/NUL/`7` file, `1` hard link, `2` symlink, `5` directory). */
type TarEntryKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/** One archive member, its header fields with pax and GNU long names applied. */
export interface TarEntry {
  /** Path as stored (`/` separated; a directory's may end in `/`), decoded as UTF-8. */
  path: string;
  /** Bytes of data that follow the header (0 for links and directories). */
  size: number;
  /** Modification time, seconds since the Epoch (pax `mtime` may carry a fraction). */
  mtime: number;
  kind: TarEntryKind;
  /** The typeflag character as written (NUL written as `0`). */
  typeflag: string;
  /** Target of a link (`linkname`, pax `linkpath`, GNU `K`). */
  linkpath?: string;
  /** Permission bits (`mode`). */
  mode: number;
  /** Offset in the tar stream of the entry's first header (its pax or GNU long-name header, if any). */
  headerOffset: number;
  /** Offset in the tar stream of its data. */
  dataOffset: number;
}

const utf8 = new TextDecoder('utf-8');

/** A NUL-terminated string field. */
function text(block: Uint8Array, at: number, length: number): string {
  const field = block.subarray(at, at + length);
  const end = field.indexOf(0);
  return utf8.decode(end < 0 ? field : field.subarray(0, end));
}

/**
 * A numeric field: octal digits (leading spaces, ending at a space or NUL; empty is 0), or GNU
 * base-256 when the first byte is 0x80 (a positive value in the bytes that follow, big-endian) or
 * 0xFF (a negative one, two's complement).
 * @throws ExtractError `corrupt` for a character that is not an octal digit, or a value past 2^53
 */
function numeric(block: Uint8Array, at: number, length: number, what: string, offset: number): number {
  const first = block[at]!;
  if (first & 0x80) {
    if (first !== 0x80 && first !== 0xff) throw new ExtractError('corrupt', `The tar header's ${what} field is neither octal nor base-256.`, offset + at);
    // Two's complement, big-endian: 0xFF is the sign byte of a negative value.
    let v = first === 0xff ? -1 : 0;
    for (let i = 1; i < length; i++) v = v * 256 + block[at + i]!;
    if (!Number.isSafeInteger(v)) throw new ExtractError('corrupt', `The tar header's ${what} (base-256) is beyond 2^53.`, offset + at);
    return v;
  }
  let i = at;
  const end = at + length;
  while (i < end && block[i] === 0x20) i++;
  let v = 0;
  for (; i < end; i++) {
    const c = block[i]!;
    if (c === 0 || c === 0x20) break;
    if (c < 0x30 || c > 0x37) throw new ExtractError('corrupt', `The tar header's ${what} field is not octal.`, offset + at);
    v = v * 8 + (c - 0x30);
  }
  if (!Number.isSafeInteger(v)) throw new ExtractError('corrupt', `The tar header's ${what} is beyond 2^53.`, offset + at);
  return v;
}

/** Whether the header's checksum (bytes 148–155, summed as spaces) matches: the unsigned sum, or the signed one. */
function checksumOk(block: Uint8Array, offset: number): boolean {
  const stored = numeric(block, 148, 8, 'checksum', offset);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

/** Whether `head` (a file's first bytes) holds a ustar or GNU tar header: magic `ustar` at 257 (POSIX ustar) and a valid checksum. */
export function startsAsTar(head: Uint8Array): boolean {
  if (head.length < BLOCK || text(head, 257, 5) !== 'ustar') return false;
  try {
    return checksumOk(head, 0);
  } catch {
    return false;
  }
}

const KINDS: Record<string, TarEntryKind> = { '0': 'file', '7': 'file', '1': 'hardlink', '2': 'symlink', '5': 'directory' };
/** Typeflags with no data blocks whatever their size field says (ustar: links, devices, FIFOs, directories). */
const NO_DATA = new Set(['1', '2', '3', '4', '5', '6']);

/** Overrides from pax records (`path`, `linkpath`, `size`, `mtime`). */
interface PaxValues {
  path?: string;
  linkpath?: string;
  size?: number;
  mtime?: number;
}

/**
 * Parses pax extended header records (`"%d %s=%s\n"`, the length counting the whole record).
 * @throws ExtractError `corrupt` for a record whose length does not fit or a bad `size`/`mtime`
 */
function parsePax(data: Uint8Array, into: PaxValues, offset: number): void {
  let at = 0;
  while (at < data.length) {
    if (data[at] === 0) break; // NUL padding after the last record
    const space = data.subarray(at, at + 11).indexOf(0x20) + at;
    const digits = space < at ? '' : String.fromCharCode(...data.subarray(at, space));
    const length = /^[0-9]{1,9}$/.test(digits) ? Number(digits) : NaN;
    if (!(length > digits.length + 1) || at + length > data.length || data[at + length - 1] !== 0x0a) {
      throw new ExtractError('corrupt', 'A pax extended header record (pax "%d %s=%s\\n") has a length that does not fit.', offset + at);
    }
    const record = utf8.decode(data.subarray(space + 1, at + length - 1));
    const eq = record.indexOf('=');
    if (eq <= 0) throw new ExtractError('corrupt', 'A pax extended header record has no keyword.', offset + at);
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key === 'path') into.path = value;
    else if (key === 'linkpath') into.linkpath = value;
    else if (key === 'size' || key === 'mtime') {
      const n = key === 'size' ? (/^[0-9]+$/.test(value) ? Number(value) : NaN) : /^-?[0-9]+(\.[0-9]*)?$/.test(value) ? Number(value) : NaN;
      if (!Number.isFinite(n) || (key === 'size' && !Number.isSafeInteger(n))) throw new ExtractError('corrupt', `The pax ${key} record "${value.slice(0, 40)}" is not a number.`, offset + at);
      into[key] = n;
    }
    at += length;
  }
}

/**
 * Reads a tar stream entry by entry: `next()` gives each entry's header, `data()` its bytes. What
 * `data()` does not read is skipped by the next `next()`. Reads never overlap (one pass).
 */
export class TarReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private chunk: Uint8Array = new Uint8Array(0);
  private at = 0;
  /** Tar bytes consumed (the offset of `chunk[at]`). */
  private consumed = 0;
  /** Data bytes of the current entry not yet consumed, then its padding to a block. */
  private left = 0;
  private padding = 0;
  private readonly globals: PaxValues = {};
  private ended = false;
  /** Whether the archive ended with its end-of-archive marker (a zero block) rather than at the end of the stream. */
  endMarker = false;

  constructor(
    stream: ReadableStream<Uint8Array>,
    private readonly signal?: AbortSignal,
  ) {
    this.reader = stream.getReader();
  }

  /** Tar bytes consumed so far. */
  get offset(): number {
    return this.consumed;
  }

  /** Stops reading (the stream is cancelled). */
  async close(): Promise<void> {
    this.ended = true;
    await this.reader.cancel().catch(() => {});
  }

  /**
   * The next entry's header (pax `x`/`g` and GNU `L`/`K` headers are applied to the entry they
   * precede, not returned), skipping what is left of the current entry's data; null at the end of
   * the archive (a zero block, or the stream's end at a block boundary: `endMarker` says which).
   * @throws ExtractError `corrupt` (a checksum that does not match, bad numeric fields or pax
   *   records, a pax or long-name header over MAX_META_BYTES), `truncated` (the stream ends inside
   *   a header or data), `aborted`; a stream error (a gzip error) as the stream gives it
   */
  async next(): Promise<TarEntry | null> {
    await this.skip(this.left + this.padding);
    this.left = this.padding = 0;
    const local: PaxValues = {};
    let longName: string | undefined;
    let longLink: string | undefined;
    let first: number | undefined;
    for (;;) {
      if (this.ended) return null;
      const headerOffset = this.consumed;
      const block = await this.block();
      if (!block) return null;
      if (block.every((b) => b === 0)) {
        this.endMarker = true;
        this.ended = true;
        return null;
      }
      if (!checksumOk(block, headerOffset)) throw new ExtractError('corrupt', `The tar header at offset ${headerOffset} fails its checksum (ustar chksum).`, headerOffset);
      first ??= headerOffset;
      const typeflag = block[156] === 0 ? '0' : String.fromCharCode(block[156]!);
      const headerSize = numeric(block, 124, 12, 'size', headerOffset);
      if (headerSize < 0) throw new ExtractError('corrupt', `The tar header at offset ${headerOffset} gives a negative size.`, headerOffset);
      if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
        const data = await this.meta(headerSize, typeflag, headerOffset);
        if (typeflag === 'x') parsePax(data, local, headerOffset + BLOCK);
        else if (typeflag === 'g') parsePax(data, this.globals, headerOffset + BLOCK);
        else {
          const end = data.indexOf(0);
          const name = utf8.decode(end < 0 ? data : data.subarray(0, end));
          if (typeflag === 'L') longName = name;
          else longLink = name;
        }
        continue;
      }
      const posix = text(block, 257, 6) === 'ustar' && block[262] === 0;
      const prefix = posix ? text(block, 345, 155) : '';
      const name = text(block, 0, 100);
      const values = { ...this.globals, ...local };
      const size = values.size ?? headerSize;
      const linkname = values.linkpath ?? longLink ?? text(block, 157, 100);
      const path = values.path ?? longName ?? (prefix ? `${prefix}/${name}` : name);
      let kind = KINDS[typeflag] ?? 'other';
      if (kind === 'file' && path.endsWith('/')) kind = 'directory'; // pre-POSIX tars mark directories by the name only
      const stored = NO_DATA.has(typeflag) ? 0 : size;
      this.left = stored;
      this.padding = (BLOCK - (stored % BLOCK)) % BLOCK;
      return {
        path,
        size: stored,
        mtime: values.mtime ?? numeric(block, 136, 12, 'mtime', headerOffset),
        kind,
        typeflag,
        ...(linkname ? { linkpath: linkname } : {}),
        mode: numeric(block, 100, 8, 'mode', headerOffset),
        headerOffset: first,
        dataOffset: this.consumed,
      };
    }
  }

  /**
   * The current entry's data, as subarrays of the stream's chunks (valid until the next read; no
   * copy). Ends at the entry's size.
   * @throws ExtractError `truncated` when the stream ends first, `aborted`
   */
  async *data(): AsyncGenerator<Uint8Array> {
    while (this.left > 0) {
      if (!(await this.fill())) throw this.truncated('data');
      const n = Math.min(this.left, this.chunk.length - this.at);
      const out = this.chunk.subarray(this.at, this.at + n);
      this.at += n;
      this.consumed += n;
      this.left -= n;
      yield out;
    }
  }

  /** Data bytes of the current entry not yet read. */
  get remaining(): number {
    return this.left;
  }

  private truncated(what: string): ExtractError {
    return new ExtractError('truncated', `The tar stream ends inside an entry's ${what} (offset ${this.consumed}): the archive is cut.`, this.consumed);
  }

  /** Makes `chunk[at]` a byte to read; false at the end of the stream. */
  private async fill(): Promise<boolean> {
    while (this.at >= this.chunk.length) {
      throwIfAborted(this.signal);
      const { done, value } = await this.reader.read();
      if (done) return false;
      this.chunk = value;
      this.at = 0;
    }
    return true;
  }

  /** The next 512-byte block (copied when it spans chunks); null when the stream ends at a block boundary. */
  private async block(): Promise<Uint8Array | null> {
    if (!(await this.fill())) {
      this.ended = true;
      return null;
    }
    if (this.chunk.length - this.at >= BLOCK) {
      const out = this.chunk.subarray(this.at, this.at + BLOCK);
      this.at += BLOCK;
      this.consumed += BLOCK;
      return out;
    }
    return this.take(BLOCK, 'header');
  }

  /** The next `n` bytes, copied; `truncated` when the stream ends first. */
  private async take(n: number, what: string): Promise<Uint8Array> {
    const out = new Uint8Array(n);
    for (let got = 0; got < n;) {
      if (!(await this.fill())) throw this.truncated(what);
      const k = Math.min(n - got, this.chunk.length - this.at);
      out.set(this.chunk.subarray(this.at, this.at + k), got);
      this.at += k;
      this.consumed += k;
      got += k;
    }
    return out;
  }

  /** Skips `n` bytes; `truncated` when the stream ends first. */
  private async skip(n: number): Promise<void> {
    while (n > 0) {
      if (!(await this.fill())) throw this.truncated('data');
      const k = Math.min(n, this.chunk.length - this.at);
      this.at += k;
      this.consumed += k;
      n -= k;
    }
  }

  /** The data of a pax or GNU long-name header (bounded), its padding skipped. */
  private async meta(size: number, typeflag: string, offset: number): Promise<Uint8Array> {
    if (size > MAX_META_BYTES) {
      throw new ExtractError(
        'corrupt',
        `The tar ${typeflag === 'L' || typeflag === 'K' ? 'GNU long name' : 'pax extended header'} at offset ${offset} is ${size} bytes (more than ${MAX_META_BYTES}).`,
        offset,
      );
    }
    const data = await this.take(size, typeflag === 'L' || typeflag === 'K' ? 'long name' : 'pax extended header');
    await this.skip((BLOCK - (size % BLOCK)) % BLOCK);
    return data;
  }
}
