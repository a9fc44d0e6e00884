/**
 * One pass over a tar archive (`.tar`, or `.tgz`/`.tar.gz` inflated by gunzip.ts) that extracts
 * every regular file it holds without unpacking it: each file's bytes stream by, and only a window
 * of them is kept (its head: the first HEAD_WINDOW bytes, or all of a `.json` up to
 * MAX_SIDECAR_BYTES, the Takeout sidecar limit; and its tail: the last TAIL_WINDOW bytes; 1 MiB
 * each), over
 * which the caller's extraction runs (a WindowSource: a read outside the window fails with
 * `read-failed`). Memory stays flat whatever the archive's size: the current entry's window, the
 * stream's current chunks, and the list of entries.
 *
 * Browser-safe; the worker runs it for a dropped archive (workers/worker-api.ts), tests in Node.
 */
import type { ByteSource, MetadataRecord } from '../extractors/types';
import { ExtractError, toErrorData, type ExtractErrorData } from '../extractors/errors';
import { isJsonName } from '../takeout/match';
import { MAX_SIDECAR_BYTES } from '../takeout/sidecar';
import { TarReader, type TarEntry } from './tar';
import { gunzip } from './gunzip';
import { WindowSource } from './window-source';
import { entryName } from './entry';

/**
 * Bytes kept from the start of a streamed file (a `.json`: MAX_SIDECAR_BYTES). 1 MiB, the fixed
 * part of MediaInfo's read budget (extractors/media/read.ts BUDGET_BASE): MediaInfoLib reads the
 * first frames of an MP4's `mdat` before its `moov` (the fixture MP4 of 2 MiB: its first 454 KiB),
 * so 256 KiB failed it; a photo's metadata lies in its first 64 KiB.
 */
export const HEAD_WINDOW = 1024 * 1024;
/** Bytes kept from the end of a streamed file: a JPEG's EOI check (4 KiB), a `moov` written last (a few hundred KiB for an hour of video). */
export const TAIL_WINDOW = 1024 * 1024;

/** The archive to scan: a Blob (a File in the browser) and whether it is gzipped. */
export interface ScanInput {
  blob: Blob;
  gzip: boolean;
  /** The archive's path in the list: an entry's record path is `<path>/<entry path>`. */
  path: string;
}

export interface ScanHandlers {
  /** The record of one file entry, from `source` (its window); `path` is its path in the list. */
  extract(source: ByteSource, entry: TarEntry, path: string): Promise<MetadataRecord>;
  /** Each file entry's record, as soon as it is made. */
  record(entry: TarEntry, record: MetadataRecord): void;
  /** Bytes of the archive file read so far (compressed bytes for a `.tgz`), as they grow. */
  progress?(bytes: number): void;
  signal?: AbortSignal;
}

export interface ScanResult {
  /** Every entry read, in archive order (folders, links and others included). */
  entries: TarEntry[];
  /** Why the scan stopped early (the entries before it stay). */
  error?: ExtractErrorData;
  /** Whether the archive ended with its end-of-archive marker. */
  endMarker: boolean;
  /** Bytes of tar data read (uncompressed). */
  tarBytes: number;
}

/** The kept bytes of one entry: its head, and its last chunks (`tail`, at least TAIL_WINDOW bytes once past the head). */
class Window {
  readonly head: Uint8Array;
  private headFill = 0;
  private tail: Uint8Array[] = [];
  private tailBytes = 0;
  private seen = 0;

  constructor(
    readonly size: number,
    headBytes: number,
  ) {
    // The whole entry when it fits in the two windows; else the head, then the tail in chunks.
    this.head = new Uint8Array(size <= headBytes + TAIL_WINDOW ? size : headBytes);
  }

  add(chunk: Uint8Array): void {
    const toHead = Math.min(chunk.length, this.head.length - this.headFill);
    if (toHead > 0) {
      this.head.set(chunk.subarray(0, toHead), this.headFill);
      this.headFill += toHead;
    }
    this.seen += chunk.length;
    if (toHead === chunk.length) return;
    const rest = chunk.subarray(toHead);
    this.tail.push(rest);
    this.tailBytes += rest.length;
    // Drop whole chunks while the ones after them still hold TAIL_WINDOW bytes.
    while (this.tail.length > 1 && this.tailBytes - this.tail[0]!.length >= TAIL_WINDOW) this.tailBytes -= this.tail.shift()!.length;
  }

  /** The last TAIL_WINDOW bytes (or fewer: what follows the head), copied out of the chunks. */
  lastBytes(): Uint8Array {
    const n = Math.min(TAIL_WINDOW, this.tailBytes);
    const out = new Uint8Array(n);
    let end = n;
    for (let i = this.tail.length - 1; i >= 0 && end > 0; i--) {
      const c = this.tail[i]!;
      const k = Math.min(end, c.length);
      out.set(c.subarray(c.length - k), end - k);
      end -= k;
    }
    return out;
  }
}

/**
 * Reads the archive once, calling `handlers.record` with the record of each regular file (in
 * archive order; an entry of size 0 included) made by `handlers.extract` over its window.
 * Never throws for a bad archive: a tar or gzip error ends the scan with `error` set (the records
 * already given stay valid). Rejects only with ExtractError `aborted` (the signal fired).
 */
export async function scanTar(input: ScanInput, handlers: ScanHandlers): Promise<ScanResult> {
  const { signal } = handlers;
  const progress = handlers.progress ?? (() => {});
  progress(0);
  let stream: ReadableStream<Uint8Array>;
  if (input.gzip) stream = gunzip(input.blob, progress, signal);
  else {
    let read = 0;
    stream = input.blob.stream().pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          progress((read += chunk.length));
          controller.enqueue(chunk);
        },
      }),
    );
  }
  const reader = new TarReader(stream, signal);
  const entries: TarEntry[] = [];
  let error: ExtractErrorData | undefined;
  try {
    for (let entry = await reader.next(); entry; entry = await reader.next()) {
      entries.push(entry);
      if (entry.kind !== 'file') continue;
      const json = isJsonName(entry.path) && entry.size <= MAX_SIDECAR_BYTES;
      const window = new Window(entry.size, json ? MAX_SIDECAR_BYTES : HEAD_WINDOW);
      for await (const chunk of reader.data()) window.add(chunk);
      const path = `${input.path}/${entry.path}`;
      const source = new WindowSource(entryName(entry), entry.size, window.head, window.lastBytes(), path);
      handlers.record(entry, await handlers.extract(source, entry, path));
    }
  } catch (e) {
    const data = toErrorData(e, 'corrupt');
    if (data.code === 'aborted') throw new ExtractError('aborted', data.message);
    error = data;
  } finally {
    await reader.close();
  }
  if (!error) progress(input.blob.size);
  return { entries, ...(error ? { error } : {}), endMarker: reader.endMarker, tarBytes: reader.offset };
}
