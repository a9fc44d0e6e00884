/**
 * The API a pool worker exposes over Comlink. Calls go through Comlink; results and progress come
 * back as plain messages on a MessagePort the pool hands over once (`connect`): one message per
 * record, no Comlink proxy or MessageChannel per file (each costs the main thread ≈0.2 ms,
 * measured in Chromium). Records cross as JSON text (record-text.ts): measured in Chromium on 5,000
 * photo records, stringify + parse took 0.037 + 0.037 ms per record against 0.066 + 0.077 ms for
 * a structured clone, and the page parses only the head. Failures are already `errors` in the record
 * (run.ts), so no library throw value reaches the page.
 */
import { extractRecord } from '../extractors/run';
import { BlobSource } from '../extractors/source/blob-source';
import { tailBytes } from '../extractors/detect';
import { HEAD_BYTES } from '../extractors/source/head';
import { registry } from '../extractors/registry';
import { toRecordText, type RecordText } from './record-text';
import type { ByteSource, ExtractOptions, MetadataRecord } from '../extractors/types';
import { toErrorData } from '../extractors/errors';
import { endsAsZip, listZip, startsAsZip, type ZipEntry } from '../archive/zip';
import { ZipEntrySource } from '../archive/zip-entry-source';
import { zipRecord } from '../archive/zip-record';
import { scanTar } from '../archive/tar-scan';
import { tarKindOf, tarRecord, type TarKind } from '../archive/tar-record';
import { isJsonName, splitPath } from '../takeout/match';
import { MAX_SIDECAR_BYTES, parseAlbumMetadata, parseSidecar } from '../takeout/sidecar';
import { asAlbumRecord, asSidecarRecord } from '../takeout/annotate';
import { hashJobs, type HashEvent, type HashJob } from './hash-jobs';

export interface ExtractRequest {
  /** Relative path inside a dropped folder, kept in the record. */
  path?: string;
  options?: Partial<ExtractOptions>;
  /**
   * An entry of the job's file, a ZIP archive (from its `zip` record: archive/zip-record.ts
   * `zipEntriesOf`): the entry is extracted (through a ZipEntrySource) instead of the file.
   */
  entry?: ZipEntry;
}

/** One file of a batch; `id` is the pool's, echoed in the events. */
export interface ExtractJob {
  id: number;
  file: File;
  request: ExtractRequest;
}

/** Bytes and reads so far for one file; sent while it is being extracted. */
export interface ExtractProgress {
  bytesRead: number;
  reads: number;
  /**
   * Set when the file is an archive read in one pass (a `.tar` or `.tgz`: archive/tar-scan.ts):
   * `bytesRead` is then how far into the file the pass is, and entries come as `entries` events.
   */
  streaming?: true;
}

/** A file entry of an archive read in one pass: its path and size in the archive, and its record. */
export interface StreamedEntry {
  path: string;
  size: number;
  /** The record as JSON texts (record-text.ts). */
  text: RecordText;
}

/** What the worker posts on the connected port (a hash job's events: hash-jobs.ts). */
export type WorkerEvent =
  | ({ type: 'progress'; id: number } & ExtractProgress)
  /** Records of entries of the archive being streamed, in archive order, before its `result`. */
  | { type: 'entries'; id: number; entries: StreamedEntry[] }
  /** The record as JSON texts (record-text.ts), the form the cache stores. */
  | { type: 'result'; id: number; text: RecordText }
  | HashEvent;

/** How often progress (and the entries of an archive being streamed) is reported (ms) while a file is read. */
const PROGRESS_INTERVAL_MS = 200;
/** Entries of a streamed archive posted at once, at most (more wait for the next event). */
const ENTRIES_PER_EVENT = 100;

/** What the reading of one file tells the page while it runs (an archive's stream, `streamArchive`). */
interface StreamPort {
  /** How far into the file the pass is (bytes), once it streams. */
  progress(bytes: number): void;
  entry(entry: StreamedEntry): void;
}

/** The API of one worker (extract.worker.ts exposes one; tests make their own). */
export function createWorkerApi() {
  let events: MessagePort | null = null;
  const skipped = new Set<number>();
  const post = (event: WorkerEvent) => events?.postMessage(event);
  // Batches running, and the warm-up's wait for none to be.
  let busy = 0;
  const waiting: (() => void)[] = [];
  const whenIdle = () => (busy === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve)));
  /** Runs a batch, the warm-up waiting meanwhile. */
  const running = async (batch: () => Promise<void>) => {
    busy += 1;
    try {
      await batch();
    } finally {
      busy -= 1;
      if (busy === 0) for (const resolve of waiting.splice(0)) resolve();
    }
  };

  return {
    /** Sets the port that receives this worker's `WorkerEvent`s. */
    connect(port: MessagePort): void {
      events = port;
    },

    /**
     * Extracts the jobs one after another (WASM libraries hold global state), posting a `result`
     * event as each file ends and `progress` events every 200 ms while one is read (not during
     * synchronous WASM calls). Files are structured-cloned, not copied: reads are Blob slices of
     * the originals; the batch's sniffing heads are all read while the first file is parsed.
     * Never rejects for a bad file. Jobs named by `skip` before they start are left out.
     */
    extractBatch(jobs: ExtractJob[]): Promise<void> {
      return running(() => extractAll(jobs));
    },

    /**
     * Hashes the jobs one after another (hash-jobs.ts: a `partial` or `full` content hash, or an
     * image's `perceptual` hash, of a file or ZIP entry), posting a `hashed` event as each ends (its digest or typed error) and,
     * during a full hash, `progress` events (`streaming`) every 200 ms. Never rejects for a bad
     * file. Jobs named by `skip` before they start are left out.
     */
    hashBatch(jobs: HashJob[]): Promise<void> {
      return running(() => hashJobs(jobs, skipped, post));
    },

    /**
     * Loads every format's extractor and what it loads on first use (`Extractor.preload`), one
     * after another and only while no batch runs (a file picked meanwhile waits for its own
     * extractor only), so extracting makes no request from now on, whatever the formats. Resolves
     * with the ids of the formats that could not be loaded (their files would fail with `internal`
     * errors).
     */
    async warm(): Promise<string[]> {
      const failed: string[] = [];
      for (const entry of registry) {
        await whenIdle();
        try {
          await (await entry.load()).preload?.();
        } catch {
          failed.push(entry.id);
        }
      }
      return failed;
    },

    /** Leaves job `id` out of its batch if it has not started (it was cancelled in the page). */
    skip(id: number): void {
      skipped.add(id);
    },
  };

  /** One batch: see `extractBatch`. */
  async function extractAll(jobs: ExtractJob[]): Promise<void> {
    // Every file's sniffing head (and the tail its extractor will read: a JPEG's last 4 KiB) is
    // asked for at once (a batch is at most 16 files, so a few 64 KiB reads): reads in flight
    // together cost the worker and the browser's file threads about half the CPU of the same reads
    // one after another (2,000 small photos: 560 vs 970 ms).
    const sources: ByteSource[] = jobs.map(({ file, request }) => {
      const archive = new BlobSource(file, file.name);
      if (request.entry) {
        const entry = new ZipEntrySource(archive, request.entry);
        entry.prefetch();
        return entry;
      }
      archive.prefetch(0, HEAD_BYTES);
      const tail = tailBytes(archive.name, archive.size);
      if (tail) archive.prefetch(archive.size - tail, tail);
      return archive;
    });
    for (const [i, { id, file, request }] of jobs.entries()) {
      const source = sources[i];
      if (skipped.delete(id)) continue;
      // A streamed archive's position (-1 until it streams) and entries not yet posted.
      let streamed = -1;
      const pending: StreamedEntry[] = [];
      const flush = () => pending.length && post({ type: 'entries', id, entries: pending.splice(0) });
      let reported = 0;
      const report = () => {
        reported = performance.now();
        if (streamed < 0) post({ type: 'progress', id, bytesRead: source.bytesRead, reads: source.reads });
        else post({ type: 'progress', id, bytesRead: streamed, reads: source.reads, streaming: true });
        flush();
      };
      const port: StreamPort = {
        progress: (bytes) => {
          const first = streamed < 0;
          streamed = bytes;
          // At once the first time (the pool then gives it a progress-based time limit), then at
          // most every PROGRESS_INTERVAL_MS: a pass that keeps the worker busy can starve the timer.
          if (first || performance.now() - reported >= PROGRESS_INTERVAL_MS) report();
        },
        entry: (entry) => {
          pending.push(entry);
          if (pending.length >= ENTRIES_PER_EVENT) flush();
        },
      };
      const timer = setInterval(report, PROGRESS_INTERVAL_MS);
      try {
        const record = request.entry ? await extractEntry(file, source, request.entry, request) : await extractFile(file, source, request, port);
        flush();
        post({ type: 'result', id, text: toRecordText(record) });
      } finally {
        clearInterval(timer);
      }
    }
    skipped.clear();
  }
}

const unclaimed = (record: MetadataRecord) => record.errors.some((e) => e.code === 'unsupported-format');

/**
 * The record of a file, or of a streamed archive entry's window (archive/tar-scan.ts): extraction
 * (`extractRecord`), and for a `.json` no format claims, its reading as a Google Photos Takeout
 * sidecar or album (`takeoutRecord`). `path` is the file's path in the list.
 */
export async function recordOf(source: ByteSource, lastModified: number | undefined, path: string | undefined, options?: Partial<ExtractOptions>): Promise<MetadataRecord> {
  const record = await extractRecord({ source, lastModified, path, options });
  return unclaimed(record) && isJsonName(source.name) ? takeoutRecord(record, source, path ?? source.name) : record;
}

/**
 * A file's record (`recordOf`). A file no format claims that is an archive gets the archive's
 * record instead: a ZIP (a local file header at byte 0, or an end of central directory record in
 * its last 22 bytes, as the CLI probes: node/extract-path.ts) its `zip` record
 * (archive/zip-record.ts), listing its entries (only the archive's end and central directory are
 * read), or with the listing's typed error; a tar or gzipped tar (archive/tar-record.ts
 * `tarKindOf`) is read in one pass (`streamArchive`).
 */
async function extractFile(file: File, source: ByteSource, request: ExtractRequest, port: StreamPort): Promise<MetadataRecord> {
  const record = await recordOf(source, file.lastModified, request.path, request.options);
  if (!unclaimed(record) || isJsonName(file.name) || source.size < 22) return record;
  const started = performance.now();
  const info = { name: file.name, size: file.size, lastModified: file.lastModified, ...(request.path ? { path: request.path } : {}) };
  let result: Parameters<typeof zipRecord>[1];
  try {
    const head = await source.read(0, 512);
    if (!(startsAsZip(head) || (await endsAsZip(source)))) {
      const kind = tarKindOf(head, file.name);
      return kind ? streamArchive(file, kind, info, request, port) : record;
    }
    result = { listing: await listZip(source) };
  } catch (e) {
    result = { error: toErrorData(e, 'read-failed') };
  }
  // The JSON entries' records count their own bytes; the archive's, its listing's.
  const listed = { bytesRead: source.bytesRead, reads: source.reads };
  if ('listing' in result) await readJsonEntries(file, source, result.listing.entries, request, port);
  return zipRecord(info, result, { ...listed, ms: record.stats.ms + performance.now() - started });
}

/** JSON entries of a ZIP read at once (`readJsonEntries`). */
const JSON_ENTRIES_AT_ONCE = 16;

/**
 * The JSON entries of a ZIP just listed (Google Photos Takeout sidecars: a part holds thousands),
 * read here rather than as a job each: JSON_ENTRIES_AT_ONCE at a time, each in one range read
 * (`ZipEntrySource.prefetch`), their records sent to `port` like a streamed archive's, with the
 * bytes read so far as the pass's progress (a part of many thousand sidecars then has a
 * progress-based time limit, as a streamed archive has).
 */
async function readJsonEntries(file: File, archive: ByteSource, entries: readonly ZipEntry[], request: ExtractRequest, port: StreamPort): Promise<void> {
  const json = entries.filter((e) => !e.directory && !e.encrypted && e.size <= MAX_SIDECAR_BYTES && isJsonName(e.path));
  let bytes = 0;
  let next = 0;
  const lane = async () => {
    while (next < json.length) {
      const entry = json[next++];
      const source = new ZipEntrySource(archive, entry);
      source.prefetch();
      const record = await extractEntry(file, source, entry, { ...request, path: `${request.path ?? file.name}/${entry.path}` });
      bytes += source.bytesRead;
      port.entry({ path: entry.path, size: entry.size, text: toRecordText(record) });
      port.progress(bytes);
    }
  };
  await Promise.all(Array.from({ length: JSON_ENTRIES_AT_ONCE }, lane));
}

/**
 * The record of a `.tar` or `.tgz` read in one pass (archive/tar-scan.ts): each file entry's record
 * goes to `port` as soon as it is made (its path `<archive path>/<entry path>`, its lastModified the
 * entry's mtime), and the archive's own record (archive/tar-record.ts) lists every entry read and
 * any error that stopped the pass. `stats.bytesRead` counts the bytes of the file read.
 */
async function streamArchive(file: File, kind: TarKind, info: MetadataRecord['file'], request: ExtractRequest, port: StreamPort): Promise<MetadataRecord> {
  const started = performance.now();
  let read = 0;
  const scan = await scanTar(
    { blob: file, gzip: kind === 'tgz', path: request.path ?? file.name },
    {
      extract: (source, entry, path) => recordOf(source, Math.round(entry.mtime * 1000), path, request.options),
      record: (entry, record) => port.entry({ path: entry.path, size: entry.size, text: toRecordText(record) }),
      progress: (bytes) => port.progress((read = bytes)),
    },
  );
  return tarRecord(info, kind, { scan }, { bytesRead: read, reads: 0, ms: performance.now() - started });
}

/**
 * A JSON file no format claims, read (up to MAX_SIDECAR_BYTES) as a Google Photos Takeout sidecar
 * or album `metadata.json` (src/takeout/sidecar.ts): its record becomes the short
 * `takeout-sidecar` / `takeout-album` record the CLI gives (annotate.ts), the sidecar's facts in its
 * `takeout` group and `Describes` left empty (the page matches sidecars to media files once the
 * batch is done: FileQueue). Any other JSON keeps its `unsupported-format` record.
 */
async function takeoutRecord(record: MetadataRecord, source: ByteSource, path: string): Promise<MetadataRecord> {
  if (source.size > MAX_SIDECAR_BYTES) return record;
  try {
    const bytes = await source.read(0, source.size);
    const { folder, name } = splitPath(path);
    if (name.toLowerCase() === 'metadata.json') asAlbumRecord(record, parseAlbumMetadata(bytes), folder);
    else asSidecarRecord(record, parseSidecar(bytes), []);
  } catch {
    // Not a Takeout JSON (or unreadable): the record says what extraction found.
  }
  record.stats = { ...record.stats, bytesRead: source.bytesRead, reads: source.reads };
  return record;
}

/**
 * The record of one entry of the ZIP archive `file`, read through `source` (its ZipEntrySource:
 * `stats.bytesRead` counts archive bytes); `request.path` is the entry's path in the list
 * (`<archive path>/<entry path>`), its lastModified the entry's (MS-DOS time, read as local time).
 * A JSON entry no format claims is read as a Takeout sidecar, as a JSON file is (`recordOf`).
 */
async function extractEntry(file: File, source: ByteSource, entry: ZipEntry, request: ExtractRequest): Promise<MetadataRecord> {
  const modified = Date.parse(entry.modified);
  return recordOf(source, Number.isNaN(modified) ? file.lastModified : modified, request.path ?? entry.path, request.options);
}

export type ExtractWorkerApi = ReturnType<typeof createWorkerApi>;
