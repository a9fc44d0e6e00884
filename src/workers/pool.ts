/**
 * A pool of module Web Workers running extractors (DESIGN.md "Workers and scheduling").
 * One job per worker at a time (WASM libraries hold global state). The watchdog lives here, in
 * the main thread: a hung WASM call never settles, so a job that exceeds `timeoutMs` has its
 * worker terminated and replaced and ends with a `timeout` record. Cancelling a running job
 * terminates its worker the same way (freeing it at once); a queued job is just dropped.
 */
import { wrap, proxy, releaseProxy, type Remote } from 'comlink';
import type { MetadataRecord } from '../extractors/types';
import type { ExtractErrorCode } from '../extractors/errors';
import type { ExtractProgress, ExtractRequest, ExtractWorkerApi } from './worker-api';

/** What the pool needs of a worker; a real `Worker` in the app. */
export type WorkerFactory = () => Worker;

export interface PoolOptions {
  size?: number;
  /** Per-file time limit in ms (default 10 s). */
  timeoutMs?: number;
  factory?: WorkerFactory;
}

interface Slot {
  worker: Worker;
  api: Remote<ExtractWorkerApi>;
  busy: boolean;
}

interface Job {
  file: File;
  request: ExtractRequest;
  onProgress?: (p: ExtractProgress) => void;
  resolve(record: MetadataRecord): void;
  reject(reason: unknown): void;
  slot?: Slot;
  timer?: ReturnType<typeof setTimeout>;
  done: boolean;
}

/** Thrown (rejected) by `run` when the job was cancelled. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
}

/**
 * One worker per core but one (for the page), at least two, at most eight. The minimum of two is
 * measured: on 2 cores a lone worker idled 43% of a 10,000-photo batch waiting on the main thread;
 * a second one raised throughput from 327 to 400 files/s (`npm run bench -- --batch 10000`).
 */
export const defaultPoolSize = () =>
  Math.min(8, Math.max(2, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1));

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL('./extract.worker.ts', import.meta.url), { type: 'module', name: 'metaextract-extract' });

/** A record for a file whose extraction did not finish in the worker. */
export function failureRecord(file: File, request: ExtractRequest, code: ExtractErrorCode, message: string, ms: number): MetadataRecord {
  return {
    schemaVersion: 1,
    format: { id: 'unknown', name: 'Unknown' },
    file: { name: file.name, size: file.size, lastModified: file.lastModified, ...(request.path ? { path: request.path } : {}) },
    summary: [],
    groups: [],
    warnings: [],
    errors: [{ code, message }],
    stats: { bytesRead: 0, reads: 0, ms, extractor: '', cached: false },
  };
}

export class WorkerPool {
  readonly size: number;
  private readonly timeoutMs: number;
  private readonly factory: WorkerFactory;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly jobs = new Set<Job>();

  constructor({ size = defaultPoolSize(), timeoutMs = 10_000, factory = defaultFactory }: PoolOptions = {}) {
    this.size = size;
    this.timeoutMs = timeoutMs;
    this.factory = factory;
  }

  /** Jobs waiting for a worker plus jobs running. */
  get pending(): number {
    return this.jobs.size;
  }

  /** Number of workers currently running a job. */
  get busy(): number {
    return this.slots.filter((s) => s.busy).length;
  }

  /**
   * Extracts `file` in a worker. Resolves with its record (including timeout/crash records);
   * rejects with CancelledError when `signal` fires (a running job's worker is replaced).
   * `onProgress` receives bytes/reads so far while the file is being read.
   */
  run(file: File, request: ExtractRequest = {}, signal?: AbortSignal, onProgress?: (p: ExtractProgress) => void): Promise<MetadataRecord> {
    return new Promise((resolve, reject) => {
      const job: Job = { file, request, onProgress, resolve, reject, done: false };
      if (signal?.aborted) return reject(new CancelledError('Cancelled'));
      signal?.addEventListener('abort', () => this.cancel(job), { once: true });
      this.jobs.add(job);
      this.queue.push(job);
      this.pump();
    });
  }

  /** Cancels every queued and running job. */
  cancelAll(): void {
    for (const job of [...this.jobs]) this.cancel(job);
  }

  private cancel(job: Job): void {
    this.finish(job, () => job.reject(new CancelledError('Cancelled')), true);
  }

  /** Terminates all workers. */
  dispose(): void {
    this.cancelAll();
    for (const s of this.slots.splice(0)) this.kill(s);
  }

  private spawn(): Slot {
    const worker = this.factory();
    const slot: Slot = { worker, api: wrap<ExtractWorkerApi>(worker), busy: false };
    worker.addEventListener('error', (ev) => {
      ev.preventDefault?.();
      const job = [...this.jobs].find((j) => j.slot === slot);
      if (job) this.fail(job, 'internal', `The extraction worker crashed (${ev.message || 'error'}); it was restarted.`);
      else this.replace(slot);
    });
    this.slots.push(slot);
    return slot;
  }

  private kill(slot: Slot): void {
    slot.api[releaseProxy]();
    slot.worker.terminate();
  }

  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    this.kill(slot);
  }

  private pump(): void {
    while (this.queue.length) {
      const slot = this.slots.find((s) => !s.busy) ?? (this.slots.length < this.size ? this.spawn() : undefined);
      if (!slot) return;
      const job = this.queue.shift()!;
      this.start(job, slot);
    }
  }

  private start(job: Job, slot: Slot): void {
    slot.busy = true;
    job.slot = slot;
    const started = performance.now();
    job.timer = setTimeout(
      () => this.fail(job, 'timeout', `No result within ${Math.round(this.timeoutMs / 1000)} s; the worker was stopped and replaced.`),
      this.timeoutMs,
    );
    const progress = job.onProgress ? proxy((p: ExtractProgress) => !job.done && job.onProgress!(p)) : undefined;
    job.slot.api.extract(job.file, job.request, progress).then(
      (record) => this.finish(job, () => job.resolve(record), false),
      (e) => this.fail(job, 'internal', `Worker call failed: ${e instanceof Error ? e.message : String(e)}`, performance.now() - started),
    );
  }

  private fail(job: Job, code: ExtractErrorCode, message: string, ms = this.timeoutMs): void {
    this.finish(job, () => job.resolve(failureRecord(job.file, job.request, code, message, Math.round(ms))), true);
  }

  /** Settles a job once; `killWorker` replaces its worker (timeout, crash, cancel while running). */
  private finish(job: Job, settle: () => void, killWorker: boolean): void {
    if (job.done) return;
    job.done = true;
    clearTimeout(job.timer);
    this.jobs.delete(job);
    const q = this.queue.indexOf(job);
    if (q >= 0) this.queue.splice(q, 1);
    if (job.slot) {
      if (killWorker) this.replace(job.slot);
      else job.slot.busy = false;
    }
    settle();
    this.pump();
  }
}
