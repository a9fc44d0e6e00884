/**
 * A ByteSource over one entry of a ZIP archive, reading the archive only as far as asked.
 * Browser-safe (no Node): it runs wherever the archive's ByteSource does.
 */
import type { ByteSource } from '../extractors/types';
import { ExtractError, throwIfAborted } from '../extractors/errors';
import type { ZipEntry } from './zip';
import { entryName } from './entry';
import { inflateSync } from 'fflate';

/** Compressed bytes fed to the inflater per archive read. */
const CHUNK = 64 * 1024;
/** Inflated bytes kept behind the furthest read (a read that starts before them restarts). */
const WINDOW = 1024 * 1024;
const LOCAL_SIZE = 30;
/** Entries up to this many compressed bytes are read in one range by `prefetch`. */
const SMALL_ENTRY = 64 * 1024;
/** Bytes of local extra field `prefetch` allows for (ZIP64 and timestamp fields are 20–40 bytes). */
const LOCAL_EXTRA_ALLOWANCE = 256;

/** The running inflater of a deflated entry: its output so far, as chunks from `start`. */
interface Inflation {
  reader: ReadableStreamDefaultReader<Uint8Array>;
  /** Stops the feeder (a restart or a size error). */
  stop(): void;
  /** Uncompressed offset of `chunks[0]`. */
  start: number;
  /** Uncompressed bytes produced so far. */
  produced: number;
  chunks: Uint8Array[];
  done: boolean;
}

/**
 * The bytes of `entry` in `archive`. The entry's local file header (APPNOTE.TXT 6.3.10 §4.3.7) is
 * read on the first read to find where its data starts. Stored entries (method 0) map each read to
 * the same range of the archive. Small deflated entries (method 8, RFC 1951; both sizes ≤
 * SMALL_ENTRY) are inflated whole on the first read (fflate `inflateSync`); larger ones with
 * `DecompressionStream('deflate-raw')` from the entry's start, fed CHUNK compressed bytes at a
 * time as the output is asked for (the stream's own buffers may take a chunk or two ahead), and
 * the output is kept from the furthest read back WINDOW bytes: a read that starts before that
 * window restarts the inflation from the entry's start (reading sequentially or near the end is
 * cheap, jumping back far is not).
 *
 * `bytesRead` and `reads` count the ARCHIVE bytes and reads this source made: what reading the
 * entry cost, which is what a record's `stats` report.
 *
 * Reads throw ExtractError `unsupported-feature` for encrypted entries and methods other than 0
 * and 8, `corrupt` for a local header that is not one, deflate data that does not inflate or whose
 * size is not the central directory's, `truncated` for data past the archive's end.
 */
export class ZipEntrySource implements ByteSource {
  bytesRead = 0;
  reads = 0;
  readonly size: number;
  readonly name: string;
  private dataOffset?: number;
  private inflation?: Inflation;
  /** The range `prefetch` asked for, and whether its read was counted yet. */
  private early?: { offset: number; bytes: Promise<Uint8Array>; counted: boolean };
  /** Deflated reads run one after another (they share the inflater). */
  private queue: Promise<unknown> = Promise.resolve();
  /** A small deflated entry's inflated bytes (`inflateWhole`). */
  private whole?: Promise<Uint8Array>;

  constructor(
    private readonly archive: ByteSource,
    readonly entry: ZipEntry,
  ) {
    this.size = entry.size;
    this.name = entryName(entry);
  }

  async read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    throwIfAborted(signal);
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new ExtractError('corrupt', `Invalid read range (offset ${offset}, length ${length}).`);
    }
    const { entry } = this;
    if (entry.encrypted) throw new ExtractError('unsupported-feature', `${entry.path} is encrypted in its ZIP archive (not supported).`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new ExtractError('unsupported-feature', `${entry.path} is compressed with ZIP method ${entry.method}; only stored (0) and deflated (8) entries are read.`);
    }
    const end = Math.min(this.size, offset + length);
    if (end <= offset) return new Uint8Array(0);
    const data = await this.locate(signal);
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) throw new ExtractError('corrupt', `${entry.path} is stored but its sizes differ (${entry.compressedSize} and ${entry.size}).`);
      const bytes = await this.archiveRead(data + offset, end - offset, signal);
      if (bytes.length < end - offset) throw new ExtractError('truncated', `${entry.path}: its data lies past the end of the archive.`, data + offset);
      return bytes;
    }
    if (entry.compressedSize <= SMALL_ENTRY && entry.size <= SMALL_ENTRY) {
      const whole = (this.whole ??= this.inflateWhole(data, signal));
      whole.catch(() => (this.whole = undefined)); // a failed read (an abort) is tried again by the next
      return (await whole).subarray(offset, end);
    }
    const next = this.queue.then(() => this.inflated(offset, end, data, signal));
    this.queue = next.catch(() => {});
    return next;
  }

  /**
   * A stored entry's bytes as a slice of the archive's Blob (`ByteSource.blob`), found from its local
   * header, for a caller that copies them whole: the browser then copies them without the page
   * reading them (a fixed copy written into a folder, state/fix-copies.svelte.ts). Null for a
   * deflated entry or an archive with no Blob behind it.
   * @throws ExtractError as `read` does for a bad local header or data past the archive's end
   */
  async storedBlob(signal?: AbortSignal): Promise<Blob | null> {
    const { entry, archive } = this;
    if (entry.method !== 0 || entry.encrypted || !archive.blob || entry.compressedSize !== entry.size) return null;
    const data = await this.locate(signal);
    return archive.blob.slice(data, data + entry.size);
  }

  /**
   * For a small entry (compressed ≤ SMALL_ENTRY bytes: a Takeout sidecar), starts reading its local
   * header and data as one range now, which the reads that follow are served from: one archive
   * read instead of two, and a batch's reads in flight together. The local header's name and extra
   * field are not known before it is read: the range allows the central directory's name (as UTF-8,
   * at most 3 bytes a character) and LOCAL_EXTRA_ALLOWANCE bytes of extra field; reads past it go
   * to the archive as before.
   */
  prefetch(): void {
    const { entry } = this;
    if (this.early || entry.compressedSize > SMALL_ENTRY) return;
    const length = LOCAL_SIZE + 3 * entry.path.length + LOCAL_EXTRA_ALLOWANCE + entry.compressedSize;
    const bytes = this.archive.read(entry.localHeaderOffset, Math.min(length, this.archive.size - entry.localHeaderOffset));
    bytes.catch(() => {}); // a failed prefetch: the reads go to the archive
    this.early = { offset: entry.localHeaderOffset, bytes, counted: false };
  }

  private async archiveRead(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    const early = this.early;
    if (early) {
      const window = await early.bytes.catch(() => null);
      if (window && offset >= early.offset && offset + length <= early.offset + window.length) {
        if (!early.counted) {
          early.counted = true;
          this.reads += 1;
          this.bytesRead += window.length;
        }
        return window.subarray(offset - early.offset, offset - early.offset + length);
      }
    }
    const bytes = await this.archive.read(offset, length, signal);
    this.reads += 1;
    this.bytesRead += bytes.length;
    return bytes;
  }

  /**
   * The archive offset of the entry's data, from its local file header (§4.3.7: 30 bytes, then the
   * name and extra field), read once.
   * @throws ExtractError `corrupt` for no local header there, `truncated` for data past the archive's end
   */
  async locate(signal?: AbortSignal): Promise<number> {
    if (this.dataOffset !== undefined) return this.dataOffset;
    const { entry } = this;
    const at = entry.localHeaderOffset;
    const head = await this.archiveRead(at, LOCAL_SIZE, signal);
    if (head.length < LOCAL_SIZE) throw new ExtractError('truncated', `${entry.path}: its local header lies past the end of the archive.`, at);
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    if (view.getUint32(0, true) !== 0x04034b50) throw new ExtractError('corrupt', `${entry.path}: no local file header at offset ${at}.`, at);
    const data = at + LOCAL_SIZE + view.getUint16(26, true) + view.getUint16(28, true);
    if (data + entry.compressedSize > this.archive.size) throw new ExtractError('truncated', `${entry.path}: its data runs past the end of the archive.`, data);
    this.dataOffset = data;
    entry.dataOffset = data;
    return data;
  }

  /**
   * A small deflated entry (compressed and inflated sizes both ≤ SMALL_ENTRY: a Takeout sidecar)
   * inflated in one go with fflate's `inflateSync` into a buffer of its size plus one byte (so a
   * stream that inflates to more than its size is caught): a DecompressionStream costs a worker
   * far more per entry (the sidecars of `npm run bench -- --takeout` on 10,000 files: the workers'
   * CPU 2.0–2.6 s for 4,795 entries with the stream, 1.6–1.9 s without).
   */
  private async inflateWhole(data: number, signal?: AbortSignal): Promise<Uint8Array> {
    const { entry } = this;
    const compressed = await this.archiveRead(data, entry.compressedSize, signal);
    if (compressed.length < entry.compressedSize) throw new ExtractError('truncated', `${entry.path}: its data lies past the end of the archive.`, data);
    let out: Uint8Array;
    try {
      out = inflateSync(compressed, { out: new Uint8Array(entry.size + 1) });
    } catch (e) {
      throw new ExtractError('corrupt', `${entry.path}: its deflate data (RFC 1951) does not inflate.`, data, e instanceof Error ? e.message : String(e));
    }
    if (out.length > entry.size) throw new ExtractError('corrupt', `${entry.path} inflates to more than its ${entry.size} bytes.`, data);
    if (out.length < entry.size) throw new ExtractError('corrupt', `${entry.path} inflates to ${out.length} bytes, not its ${entry.size}.`, data);
    return out;
  }

  private start(data: number): Inflation {
    const stream = new DecompressionStream('deflate-raw');
    const writer = stream.writable.getWriter();
    let stopped = false;
    const total = this.entry.compressedSize;
    const feed = async () => {
      try {
        for (let fed = 0; fed < total && !stopped;) {
          await writer.ready;
          if (stopped) return;
          const bytes = await this.archiveRead(data + fed, Math.min(CHUNK, total - fed));
          if (bytes.length === 0) throw new ExtractError('truncated', `${this.entry.path}: its data lies past the end of the archive.`, data + fed);
          fed += bytes.length;
          if (stopped) return;
          await writer.write(bytes as Uint8Array<ArrayBuffer>);
        }
        if (!stopped) await writer.close();
      } catch (e) {
        // The reader then rejects with `e` (an ExtractError) or the inflater's own error.
        if (!stopped) await writer.abort(e).catch(() => {});
      }
    };
    void feed();
    const reader = stream.readable.getReader();
    return {
      reader,
      stop: () => {
        stopped = true;
        reader.cancel().catch(() => {});
      },
      start: 0,
      produced: 0,
      chunks: [],
      done: false,
    };
  }

  /** Inflated bytes [offset, end), inflating from the entry's start when they are behind the window. */
  private async inflated(offset: number, end: number, data: number, signal?: AbortSignal): Promise<Uint8Array> {
    let inf = this.inflation;
    if (!inf || offset < inf.start) {
      inf?.stop();
      inf = this.inflation = this.start(data);
    }
    while (inf.produced < end && !inf.done) {
      throwIfAborted(signal);
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await inf.reader.read();
      } catch (e) {
        this.fail(inf);
        if (e instanceof ExtractError) throw e;
        throw new ExtractError('corrupt', `${this.entry.path}: its deflate data (RFC 1951) does not inflate.`, data, e instanceof Error ? e.message : String(e));
      }
      if (step.done) {
        inf.done = true;
        break;
      }
      inf.chunks.push(step.value);
      inf.produced += step.value.length;
      if (inf.produced > this.size) {
        this.fail(inf);
        throw new ExtractError('corrupt', `${this.entry.path} inflates to more than its ${this.size} bytes.`, data);
      }
    }
    if (inf.done && inf.produced !== this.size) {
      this.fail(inf);
      throw new ExtractError('corrupt', `${this.entry.path} inflates to ${inf.produced} bytes, not its ${this.size}.`, data);
    }
    const out = new Uint8Array(Math.min(end, inf.produced) - offset);
    let at = inf.start;
    for (const c of inf.chunks) {
      const from = Math.max(offset, at);
      const to = Math.min(end, at + c.length);
      if (to > from) out.set(c.subarray(from - at, to - at), from - offset);
      at += c.length;
    }
    // Keep WINDOW bytes behind the furthest point inflated.
    while (inf.chunks.length > 1 && inf.start + inf.chunks[0]!.length <= inf.produced - WINDOW) inf.start += inf.chunks.shift()!.length;
    return out;
  }

  private fail(inf: Inflation): void {
    inf.stop();
    if (this.inflation === inf) this.inflation = undefined;
  }
}
