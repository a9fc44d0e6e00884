/**
 * A pool of module Web Workers running extractors.
 * Each worker extracts one file at a time (WASM libraries hold global state), but receives queued
 * files in small batches (one call per batch instead of one per file) and streams each file's
 * record back on its own MessagePort as soon as it ends. The watchdog lives here, in the main
 * thread, and is per file: a hung WASM call never settles, so a file that exceeds `timeoutMs`
 * has its worker terminated and replaced and ends with a `timeout` record; the rest of its batch
 * goes back to the front of the queue. An archive read in one pass (a `.tgz` of many GB) has no
 * limit as a whole: it is stopped when its progress stands still for `timeoutMs`. Cancelling the
 * running file terminates its worker the same way; a file later in a batch is skipped by the
 * worker; a queued one is just dropped.
 * Workers also hash files for duplicate finding (`hash`: worker-api.ts `hashBatch`), in batches of
 * their own, with the same watchdog, cancel and crash handling.
 * A worker whose script cannot load (a missing chunk, a syntax error, an import that throws: an
 * `error` event before it answers its warm-up) is replaced too, but only `MAX_LOAD_FAILURES` times
 * in a row: then the pool gives up, every waiting and later file ends with an `internal` error, and
 * `onUnavailable` listeners hear it once.
 */
import { wrap, transfer, releaseProxy, type Remote } from 'comlink';
import type { MetadataRecord } from '../extractors/types';
import type { ExtractErrorCode } from '../extractors/errors';
import type { ExtractJob, ExtractProgress, ExtractRequest, ExtractWorkerApi, StreamedEntry, WorkerEvent } from './worker-api';
import type { HashJob, HashRequest, HashResult } from './hash-jobs';
import { fromRecordText, type RecordText } from './record-text';
import { emptyRecord } from '../extractors/empty-record';

/** What the pool needs of a worker; a real `Worker` in the app. */
export type WorkerFactory = () => Worker;

export interface PoolOptions {
  size?: number;
  /** Per-file time limit in ms (default 10 s). */
  timeoutMs?: number;
  /** Most files sent to a worker in one call (default 16: their heads are read together, worker-api.ts). */
  maxBatch?: number;
  factory?: WorkerFactory;
}

interface Slot {
  worker: Worker;
  api: Remote<ExtractWorkerApi>;
  /** The page's end of the worker's event port. */
  port: MessagePort;
  /** Files sent to this worker and not yet answered, in the order it extracts them. */
  batch: Job[];
  /** The watchdog of `batch[0]`. */
  timer?: ReturnType<typeof setTimeout>;
  /** Its warm-up (all extractors loaded): the ids of formats that failed to load; null when the worker was killed first. */
  warm: Promise<string[] | null>;
  /** Its script has loaded (it answered `connect`): from then on it is sent files. */
  ready: boolean;
  /** Its warm-up is over; until then each file it starts gets `LOAD_GRACE_MS` more (see `arm`). */
  warmed: boolean;
  /** Ends `warm` when the worker is killed: a call in flight on a terminated worker never settles (comlink 4.4). */
  onKill: () => void;
}

/** A file's record, with its text when it came from a worker (what the cache stores). */
export interface Extracted {
  record: MetadataRecord;
  text?: RecordText;
}

/** What a worker is asked to do with a job's file: extract it (worker-api.ts `extractBatch`) or hash it (`hashBatch`). */
type Task = { kind: 'extract'; request: ExtractRequest } | { kind: 'hash'; request: HashRequest };

/** A worker's answer to one job. */
type Answer = Extract<WorkerEvent, { type: 'result' | 'hashed' }>;

interface Job {
  id: number;
  file: File;
  task: Task;
  onProgress?: (p: ExtractProgress) => void;
  onEntries?: (entries: StreamedEntry[]) => void;
  /** Bytes the worker had read at its last progress event that moved on, while it streams (`progressed`). */
  streamed?: number;
  /** Settles the job with its worker's answer. */
  answer(event: Answer): void;
  /** Settles the job with a failure seen by the pool (a crash, a time-out, no worker): its `code`, message and time spent (ms). */
  fail(code: ExtractErrorCode, message: string, ms: number): void;
  reject(reason: unknown): void;
  slot?: Slot;
  done: boolean;
}

/**
 * Workers in a row that may fail to load (none answering its warm-up in between) before the pool
 * gives up. More than one, so that one crash while loading (out of memory) is retried.
 */
export const MAX_LOAD_FAILURES = 3;

/**
 * Added to the time limit of a file a worker starts before its warm-up is over: the file may wait
 * for its extractor (h5wasm's WASM module, the DICOM dictionary…) to load, and loading must not
 * count against its limit.
 */
const LOAD_GRACE_MS = 30_000;

/** Thrown (rejected) by `run` when the job was cancelled. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
}

/**
 * One worker per core but one (for the page), at least two, at most eight. The minimum of two is
 * measured: on 2 cores a lone worker idled 43% of a 10,000-photo batch waiting on the main thread;
 * a second one raised throughput from 327 to 400 files/s (`npm run bench -- --batch 10000`).
 */
const defaultPoolSize = () => Math.min(8, Math.max(2, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1));

const defaultFactory: WorkerFactory = () => new Worker(new URL('./extract.worker.ts', import.meta.url), { type: 'module', name: 'metaextract-extract' });

/** A record for a file whose extraction did not finish in the worker. */
function failureRecord(file: File, request: ExtractRequest, code: ExtractErrorCode, message: string, ms: number): MetadataRecord {
  const { name, size, lastModified } = file;
  return emptyRecord({ name, size, lastModified, ...(request.path ? { path: request.path } : {}) }, [{ code, message }], ms);
}

export class WorkerPool {
  readonly size: number;
  private timeoutMs: number;
  private readonly maxBatch: number;
  private readonly factory: WorkerFactory;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private pumpQueued = false;
  /** Workers that failed to load since one last answered its warm-up. */
  private loadFailures = 0;
  /** Set once the pool has given up starting workers: why (the message of every file's error). */
  private unavailableMessage: string | null = null;
  private unavailableListeners: ((message: string) => void)[] = [];
  private disposed = false;

  constructor({ size = defaultPoolSize(), timeoutMs = 10_000, maxBatch = 16, factory = defaultFactory }: PoolOptions = {}) {
    this.size = size;
    this.timeoutMs = timeoutMs;
    this.maxBatch = maxBatch;
    this.factory = factory;
  }

  /** The per-file time limit (ms). */
  get timeLimitMs(): number {
    return this.timeoutMs;
  }

  /**
   * Changes the per-file time limit; files started from now on get the new one.
   * @throws RangeError unless `ms` is a finite number ≥ 100
   */
  setTimeLimit(ms: number): void {
    if (!Number.isFinite(ms) || ms < 100) throw new RangeError(`time limit must be at least 100 ms, got ${ms}`);
    this.timeoutMs = ms;
  }

  /** Why the pool gave up starting workers (`MAX_LOAD_FAILURES` in a row failed to load), or null. */
  get unavailable(): string | null {
    return this.unavailableMessage;
  }

  /** Calls `listener` once, with the message, when the pool gives up starting workers. */
  onUnavailable(listener: (message: string) => void): void {
    this.unavailableListeners.push(listener);
  }

  /** Jobs waiting for a worker plus jobs running. */
  get pending(): number {
    return this.jobs.size;
  }

  /** Number of workers currently extracting. */
  get busy(): number {
    return this.slots.filter((s) => s.batch.length > 0).length;
  }

  /**
   * Extracts `file` in a worker. Resolves with its record (including timeout/crash records, which
   * have no `text`);
   * rejects with CancelledError when `signal` fires (a running job's worker is replaced).
   * `onProgress` receives zero when a worker starts the file, then bytes/reads so far every
   * 200 ms while it is being read. A file the worker reads in one pass (an archive streamed:
   * `streaming` progress) has no time limit as a whole: it is stopped only when its progress
   * stands still for the time limit (`progressed`), and `onEntries` receives its entries' records
   * as they come.
   */
  run(file: File, request: ExtractRequest = {}, signal?: AbortSignal, onProgress?: (p: ExtractProgress) => void, onEntries?: (entries: StreamedEntry[]) => void): Promise<Extracted> {
    return new Promise((resolve, reject) => {
      this.enqueue(
        {
          file,
          task: { kind: 'extract', request },
          onProgress,
          onEntries,
          // An extraction batch answers with `result` events only (`send`).
          answer: (event) => {
            const { text } = event as Extract<Answer, { type: 'result' }>;
            resolve({ record: fromRecordText(text), text });
          },
          fail: (code, message, ms) => resolve({ record: failureRecord(file, request, code, message, ms) }),
          reject,
        },
        signal,
      );
    });
  }

  /**
   * Hashes `file` (or its ZIP entry: `request.entry`) in a worker (hash-jobs.ts): resolves with its
   * digest, or with the error that stopped it (a crash or a time-out too); rejects with
   * CancelledError when `signal` fires (a running job's worker is replaced). Jobs are batched as
   * extraction jobs are, never in one batch with them. `onProgress` receives zero when a worker
   * starts the file, then during a full hash the bytes hashed so far every 200 ms; a full hash
   * has no time limit as a whole, only on standing still for the time limit (as a streamed archive).
   */
  hash(file: File, request: HashRequest, signal?: AbortSignal, onProgress?: (p: ExtractProgress) => void): Promise<HashResult> {
    return new Promise((resolve, reject) => {
      this.enqueue(
        {
          file,
          task: { kind: 'hash', request },
          onProgress,
          // A hash batch answers with `hashed` events only (`send`).
          answer: (event) => {
            const { type: _, id: __, ...result } = event as Extract<Answer, { type: 'hashed' }>;
            resolve(result);
          },
          fail: (code, message) => resolve({ error: { code, message } }),
          reject,
        },
        signal,
      );
    });
  }

  /** Queues a job (rejected at once when `signal` has fired; cancelled when it fires). */
  private enqueue(fields: Omit<Job, 'id' | 'done'>, signal?: AbortSignal): void {
    if (signal?.aborted) return fields.reject(new CancelledError('Cancelled'));
    const job: Job = { ...fields, id: this.nextId++, done: false };
    signal?.addEventListener('abort', () => this.cancel(job), { once: true });
    this.jobs.set(job.id, job);
    this.queue.push(job);
    // Files queued in one go (one task) are batched together: pump once, after them.
    if (!this.pumpQueued) {
      this.pumpQueued = true;
      queueMicrotask(() => ((this.pumpQueued = false), this.pump()));
    }
  }

  /**
   * Starts every worker now and has each load all extractors (`warm` in worker-api.ts), so that
   * from then on extracting makes no network request. Resolves with the ids of formats a worker
   * could not load (empty when all is ready) once every worker is warm, replacing those that
   * failed to load, or once the pool has given up (see `unavailable`). Workers that replace a
   * stopped one later warm up too.
   */
  async start(): Promise<string[]> {
    for (;;) {
      while (this.slots.length < this.size && !this.unavailableMessage && !this.disposed) this.spawn();
      const warmed = await Promise.all(this.slots.map((s) => s.warm));
      if (this.unavailableMessage || this.disposed || !warmed.includes(null)) return [...new Set(warmed.flatMap((w) => w ?? []))];
    }
  }

  /** Cancels every queued and running job. */
  cancelAll(): void {
    for (const job of [...this.jobs.values()]) this.cancel(job);
  }

  /** Terminates all workers. */
  dispose(): void {
    this.disposed = true;
    this.cancelAll();
    for (const s of this.slots.splice(0)) this.kill(s);
  }

  private cancel(job: Job): void {
    if (job.done) return;
    const slot = job.slot;
    if (slot && slot.batch[0] === job) return this.abortCurrent(slot, () => job.reject(new CancelledError('Cancelled')));
    if (slot) {
      slot.batch.splice(slot.batch.indexOf(job), 1);
      void slot.api.skip(job.id);
    }
    this.settle(job, () => job.reject(new CancelledError('Cancelled')));
    if (slot && slot.batch.length === 0) this.idle(slot);
  }

  private spawn(): Slot {
    const worker = this.factory();
    const api = wrap<ExtractWorkerApi>(worker);
    const { port1, port2 } = new MessageChannel();
    // A worker that fails while warming (its script did not load, or it crashed) is killed: its
    // warm-up ends then with null, so `start()` never waits on a dead worker.
    let onKill = () => {};
    const killed = new Promise<null>((resolve) => (onKill = () => resolve(null)));
    const slot: Slot = { worker, api, port: port1, batch: [], warm: Promise.race([api.warm(), killed]), ready: false, warmed: false, onKill };
    // Files go to a worker as soon as its script runs, not once it has loaded every extractor: a
    // file picked right after the page loads waits for its own extractor only (the worker loads the
    // others between batches, worker-api.ts `warm`).
    void Promise.race([api.connect(transfer(port2, [port2])), killed]).then((answered) => {
      if (answered === null) return;
      this.loadFailures = 0;
      slot.ready = true;
      this.pump();
    });
    void slot.warm.then(() => (slot.warmed = true));
    port1.onmessage = (ev: MessageEvent<WorkerEvent>) => this.onEvent(slot, ev.data);
    worker.addEventListener('error', (ev) => {
      ev.preventDefault?.();
      const job = slot.batch[0];
      // A module worker that fails to load fires a plain Event: no message (HTML "run a worker").
      const what = ev.message || 'error';
      const message = `The extraction worker crashed (${what}); it was restarted.`;
      if (job) this.abortCurrent(slot, () => job.fail('internal', message, this.timeoutMs));
      else {
        if (!slot.ready && ++this.loadFailures >= MAX_LOAD_FAILURES) this.giveUp(what);
        this.replace(slot);
        this.pump();
      }
    });
    this.slots.push(slot);
    return slot;
  }

  private onEvent(slot: Slot, event: WorkerEvent): void {
    const job = this.jobs.get(event.id);
    if (!job || job.slot !== slot) return; // cancelled meanwhile
    if (event.type === 'entries') return job.onEntries?.(event.entries);
    if (event.type === 'progress') {
      if (event.streaming && slot.batch[0] === job) this.progressed(slot, job, event.bytesRead);
      return job.onProgress?.(event);
    }
    const i = slot.batch.indexOf(job);
    if (i >= 0) slot.batch.splice(i, 1);
    this.settle(job, () => job.answer(event));
    if (slot.batch.length) this.arm(slot);
    else this.idle(slot);
  }

  private kill(slot: Slot): void {
    slot.onKill();
    clearTimeout(slot.timer);
    slot.port.close();
    slot.api[releaseProxy]();
    slot.worker.terminate();
  }

  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    this.kill(slot);
  }

  /**
   * Ends the file a worker is running (`settleJob`), replaces the worker, and puts the rest of
   * its batch back at the front of the queue.
   */
  private abortCurrent(slot: Slot, settleJob: () => void): void {
    const [job, ...rest] = slot.batch;
    slot.batch = [];
    this.replace(slot);
    for (const j of rest) j.slot = undefined;
    this.queue.unshift(...rest);
    this.settle(job, settleJob);
    this.pump();
  }

  /**
   * Starts (or restarts) the per-file watchdog for the first unanswered file of `slot`, the one
   * its worker is now extracting, and reports that file's start as zero progress.
   */
  private arm(slot: Slot): void {
    const job = slot.batch[0];
    job.onProgress?.({ bytesRead: 0, reads: 0 });
    this.watch(slot, job, (s) => `No result within ${s} s; the worker was stopped and replaced.`);
  }

  /**
   * Sets `slot`'s watchdog for `job`: the time limit, plus `LOAD_GRACE_MS` while the worker is
   * still warming up; when it runs out, the job ends with a `timeout` record saying `message(seconds)`.
   */
  private watch(slot: Slot, job: Job, message: (seconds: number) => string): void {
    clearTimeout(slot.timer);
    const limit = this.timeoutMs + (slot.warmed ? 0 : LOAD_GRACE_MS);
    const text = message(Math.round(limit / 1000));
    slot.timer = setTimeout(() => this.abortCurrent(slot, () => job.fail('timeout', text, limit)), limit);
  }

  /**
   * A streamed file moved on (or started streaming): on its first such event the rest of its batch
   * goes back to the front of the queue (the worker skips it), so other workers take those files
   * instead of waiting behind a pass that may last minutes; then its watchdog restarts whenever
   * its bytes read grow, so only a pass that stands still for the time limit is stopped.
   */
  private progressed(slot: Slot, job: Job, bytes: number): void {
    if (job.streamed === undefined) {
      const rest = slot.batch.splice(1);
      for (const j of rest) {
        j.slot = undefined;
        void slot.api.skip(j.id);
      }
      this.queue.unshift(...rest);
      if (rest.length) this.pump();
    } else if (bytes <= job.streamed) return;
    job.streamed = bytes;
    this.watch(slot, job, (s) => `No progress within ${s} s while reading the archive; the worker was stopped and replaced.`);
  }

  private idle(slot: Slot): void {
    clearTimeout(slot.timer);
    this.pump();
  }

  /** Stops starting workers; `pump` ends the waiting files; the listeners hear it (once). */
  private giveUp(what: string): void {
    if (this.unavailableMessage) return;
    const message = `The extraction worker could not be loaded (${what}), ${MAX_LOAD_FAILURES} times in a row: files are not being read. Reload the page to try again.`;
    this.unavailableMessage = message;
    for (const listener of this.unavailableListeners) listener(message);
  }

  /**
   * Hands queued files to idle workers: up to `maxBatch` per call, fewer when the queue is short
   * so that every worker gets a share. Once the pool has given up, ends them with an `internal` error.
   */
  private pump(): void {
    const message = this.unavailableMessage;
    if (message) {
      for (const job of [...this.queue]) this.settle(job, () => job.fail('internal', message, 0));
      return;
    }
    while (this.queue.length) {
      const slot = this.slots.find((s) => s.ready && s.batch.length === 0);
      if (!slot) {
        // New workers start side by side; each gets files once its script has loaded (that pumps).
        while (this.slots.length < this.size) this.spawn();
        return;
      }
      slot.batch = this.takeBatch();
      for (const job of slot.batch) job.slot = slot;
      this.arm(slot);
      this.send(slot).catch((e: unknown) => {
        if (!this.slots.includes(slot)) return; // replaced meanwhile
        const message = `Worker call failed: ${e instanceof Error ? e.message : String(e)}`;
        for (const job of slot.batch.splice(0)) this.settle(job, () => job.fail('internal', message, 0));
        this.idle(slot);
      });
    }
  }

  /**
   * The next batch: up to `maxBatch` queued jobs of the first one's kind (extraction or hashing),
   * in queue order, fewer when the queue is short so that every worker gets a share.
   */
  private takeBatch(): Job[] {
    const kind = this.queue[0].task.kind;
    const n = Math.min(this.maxBatch, Math.ceil(this.queue.length / this.size));
    const batch: Job[] = [];
    const passed: Job[] = [];
    let i = 0;
    for (; i < this.queue.length && batch.length < n; i++) (this.queue[i].task.kind === kind ? batch : passed).push(this.queue[i]);
    // One splice (as many as a batch's jobs would move the queue once each): jobs of the other kind stay in front, in order.
    this.queue.splice(0, i, ...passed);
    return batch;
  }

  /** Sends `slot`'s batch to its worker; resolves when the worker has run it. */
  private send(slot: Slot): Promise<void> {
    if (slot.batch[0].task.kind === 'hash') {
      const jobs: HashJob[] = slot.batch.map(({ id, file, task }) => ({ id, file, request: task.request as HashRequest }));
      return slot.api.hashBatch(jobs);
    }
    const jobs: ExtractJob[] = slot.batch.map(({ id, file, task }) => ({ id, file, request: task.request as ExtractRequest }));
    return slot.api.extractBatch(jobs);
  }

  /** Settles a job once and forgets it. */
  private settle(job: Job, settle: () => void): void {
    if (job.done) return;
    job.done = true;
    this.jobs.delete(job.id);
    const q = this.queue.indexOf(job);
    if (q >= 0) this.queue.splice(q, 1);
    settle();
  }
}
