/**
 * The API a pool worker exposes over Comlink. Calls go through Comlink; results and progress come
 * back as plain messages on a MessagePort the pool hands over once (`connect`): one message per
 * record, no Comlink proxy or MessageChannel per file (each costs the main thread ≈0.2 ms,
 * measured in Chromium). Records cross as JSON text (record-text.ts): measured in Chromium on 5,000
 * photo records, stringify + parse took 0.037 + 0.037 ms per record against 0.066 + 0.077 ms for
 * a structured clone, and the page parses only the head. Failures are already `errors` in the record
 * (run.ts), so no library throw value reaches the page.
 */
import type { ExtractOptions } from '../extractors/types';
import { extractRecord } from '../extractors/run';
import { BlobSource } from '../extractors/source/blob-source';
import { tailBytes } from '../extractors/detect';
import { HEAD_BYTES } from '../extractors/source/head';
import { registry } from '../extractors/registry';
import { toRecordText, type RecordText } from './record-text';

export interface ExtractRequest {
  /** Relative path inside a dropped folder, kept in the record. */
  path?: string;
  options?: Partial<ExtractOptions>;
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
}

/** What the worker posts on the connected port. */
export type WorkerEvent =
  | ({ type: 'progress'; id: number } & ExtractProgress)
  /** The record as JSON texts (record-text.ts), the form the cache stores. */
  | { type: 'result'; id: number; text: RecordText };

/** How often progress is reported (ms) while a file is read. */
const PROGRESS_INTERVAL_MS = 200;

/** The API of one worker (extract.worker.ts exposes one; tests make their own). */
export function createWorkerApi() {
  let events: MessagePort | null = null;
  const skipped = new Set<number>();
  const post = (event: WorkerEvent) => events?.postMessage(event);
  // Batches running, and the warm-up's wait for none to be.
  let busy = 0;
  const waiting: (() => void)[] = [];
  const whenIdle = () => (busy === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve)));

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
    async extractBatch(jobs: ExtractJob[]): Promise<void> {
      busy += 1;
      try {
        await extractAll(jobs);
      } finally {
        busy -= 1;
        if (busy === 0) for (const resolve of waiting.splice(0)) resolve();
      }
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
    const sources = jobs.map(({ file }) => new BlobSource(file, file.name));
    for (const source of sources) {
      source.prefetch(0, HEAD_BYTES);
      const tail = tailBytes(source.name, source.size);
      if (tail) source.prefetch(source.size - tail, tail);
    }
    for (const [i, { id, request }] of jobs.entries()) {
      const source = sources[i];
      if (skipped.delete(id)) continue;
      const timer = setInterval(() => post({ type: 'progress', id, bytesRead: source.bytesRead, reads: source.reads }), PROGRESS_INTERVAL_MS);
      try {
        const record = await extractRecord({ source, lastModified: jobs[i].file.lastModified, path: request.path, options: request.options });
        post({ type: 'result', id, text: toRecordText(record) });
      } finally {
        clearInterval(timer);
      }
    }
    skipped.clear();
  }
}

export type ExtractWorkerApi = ReturnType<typeof createWorkerApi>;
