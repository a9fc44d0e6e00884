/**
 * Feeds the list's files to the worker pool: files wait in a SlowestFirstQueue (schedule.ts) and
 * go to the pool a few at a time, JOBS_PER_WORKER per worker (a bounded window: memory stays flat
 * however many files wait, and a worker never waits on a busy main thread between files, since
 * two of its batches are always queued at the pool). Reports each file's progress, record or
 * cancellation by id; knows nothing of rows, the screen or the cache.
 */
import type { MetadataRecord } from '../../extractors/types';
import { CancelledError, type WorkerPool } from '../../workers/pool';
import type { RecordText } from '../../workers/record-text';
import type { StreamedEntry } from '../../workers/worker-api';
import type { ZipEntry } from '../../archive/zip';
import { entryName } from '../../archive/entry';
import { SlowestFirstQueue } from './schedule';

/** Jobs handed to the pool per worker at once (two of its batches: the next is ready when one ends). */
export const JOBS_PER_WORKER = 32;

/** What Extraction tells its owner about the files it was given (by the id it was given them with). */
export interface ExtractionEvents {
  /**
   * A worker is reading the file: `bytesRead` so far (0 when it starts); `streaming` when it is an
   * archive read in one pass (worker-api.ts ExtractProgress), `bytesRead` then being how far in.
   */
  progress(id: number, bytesRead: number, streaming?: boolean): void;
  /** Records of entries of the archive `file` being read in one pass, as they come (before `finished`). */
  entries?(id: number, entries: StreamedEntry[], file: File): void;
  /**
   * The file's record; `text` is the worker's JSON text of it, absent for a record the pool made
   * (time limit, crash); `file`, `path` and `entry` are the ones it was given with.
   */
  finished(id: number, record: MetadataRecord, text: RecordText | undefined, file: File, path?: string, entry?: ZipEntry): void;
  /** The file was cancelled (queued or running). */
  cancelled(id: number): void;
}

export class Extraction {
  /**
   * Files given and not finished; `ctrl` once handed to the pool (made then, not when queued: a
   * 100,000-file export holds half its files back, and an AbortController each cost the page
   * ≈0.3 KB of native memory while they wait).
   */
  private files = new Map<number, { file: File; path?: string; entry?: ZipEntry; ctrl?: AbortController }>();
  private waiting = new SlowestFirstQueue();
  private inFlight = 0;

  constructor(
    private readonly pool: Pick<WorkerPool, 'size' | 'run'>,
    private readonly events: ExtractionEvents,
  ) {}

  /** Files given and not yet finished or cancelled. */
  get size(): number {
    return this.files.size;
  }

  /** Files waiting for the pool (not yet handed to it). */
  get waitingCount(): number {
    return this.waiting.size;
  }

  /**
   * Adds a file to wait for the pool; it starts with the next `pump`. With `entry`, that entry of
   * the ZIP archive `file` is extracted instead (worker-api.ts `ExtractRequest.entry`).
   */
  enqueue(id: number, file: File, path?: string, entry?: ZipEntry): void {
    this.files.set(id, { file, path, entry });
    this.waiting.push(id, entry ? entryName(entry) : file.name, entry ? entry.size : file.size);
  }

  /**
   * Cancels file `id`: a waiting file is dropped at once (`cancelled` event now); a running one is
   * stopped by the pool (its worker is replaced) and reported when the pool lets it go. False when
   * the file is not here (finished, or never given).
   */
  cancel(id: number): boolean {
    const entry = this.files.get(id);
    if (!entry) return false;
    entry.ctrl?.abort(); // a file handed to the pool: the pool rejects its run, and `process` reports it
    if (!entry.ctrl) {
      this.files.delete(id); // left in `waiting`: `pump` skips it
      this.events.cancelled(id);
    }
    return true;
  }

  /** Cancels every file given and not finished. */
  cancelAll(): void {
    for (const id of [...this.files.keys()]) this.cancel(id);
    this.waiting.clear();
  }

  /**
   * While true, only archives and JSON files are handed to the pool (schedule.ts FIRST): the page
   * holds the other files until the Google Photos Takeout matching has what it waits for.
   */
  firstOnly = false;

  /** Hands waiting files to the pool, up to the window (pool size × JOBS_PER_WORKER in flight), expected-slowest first. */
  pump(): void {
    const window = this.pool.size * JOBS_PER_WORKER;
    while (this.inFlight < window && this.waiting.size) {
      const id = this.waiting.shift(this.firstOnly);
      if (id === undefined) break;
      const entry = this.files.get(id);
      if (!entry) continue;
      const ctrl = (entry.ctrl = new AbortController());
      this.inFlight += 1;
      void this.process(id, ctrl.signal).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async process(id: number, signal: AbortSignal): Promise<void> {
    const { file, path, entry } = this.files.get(id)!;
    try {
      const { record, text } = await this.pool.run(
        file,
        entry ? { path, entry } : { path },
        signal,
        (p) => this.events.progress(id, p.bytesRead, p.streaming),
        (entries) => this.events.entries?.(id, entries, file),
      );
      this.waiting.learn(entry ? entryName(entry) : file.name, record.stats.ms);
      this.files.delete(id);
      this.events.finished(id, record, text, file, path, entry);
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      this.files.delete(id);
      this.events.cancelled(id);
    }
  }
}
