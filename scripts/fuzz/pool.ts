/**
 * A small pool of Node worker threads for the fuzzer (worker.ts). Each worker extracts one mutant
 * at a time; the parent enforces the per-mutant time limit by terminating the worker (a hung
 * synchronous WASM call never yields) and starts a new one. A worker that dies (an uncaught
 * error, a WASM abort, V8 running out of its `resourceLimits`) ends its mutant as a crash and is
 * replaced too.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { WorkerJob, WorkerMessage, WorkerReport } from './protocol';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** How one mutant ended, with the wall time from hand-over to answer (ms). */
export type PoolResult = { kind: 'done'; report: WorkerReport; ms: number } | { kind: 'timeout'; ms: number } | { kind: 'crash'; message: string; ms: number };

export interface PoolOptions {
  /** Worker threads (default DEFAULT_SIZE). */
  size?: number;
  /** Per-mutant time limit in ms. */
  limitMs: number;
}

/** Worker threads by default: the machines this runs on have 2 cores. */
export const DEFAULT_SIZE = 2;
/** V8 limits per worker: a mutant that needs more ends as a crash. */
const RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 64 };

interface Pending {
  job: WorkerJob;
  resolve(result: PoolResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  /** Its extractors are loaded ('ready' received). */
  ready: boolean;
  /** The running mutant, its start time and its watchdog. */
  current?: { pending: Pending; started: number; timer: ReturnType<typeof setTimeout> };
}

export class FuzzPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly limitMs: number;
  private closed = false;
  /** Set when a worker died before it was ready: the harness itself is broken. */
  private startupError?: Error;
  /** Workers started so far (the first `size` included). */
  spawned = 0;

  constructor(options: PoolOptions) {
    this.limitMs = options.limitMs;
    for (let i = 0; i < (options.size ?? DEFAULT_SIZE); i++) this.slots.push(this.spawn());
  }

  /**
   * Extracts `bytes` (named `name`) in a worker; `bytes.buffer` is transferred (detached) when
   * `bytes` spans all of it. Rejects only when a worker cannot start at all.
   */
  run(name: string, bytes: Uint8Array, id: number): Promise<PoolResult> {
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    const buffer = (whole ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
    return new Promise((resolve, reject) => {
      if (this.startupError) return reject(this.startupError);
      this.queue.push({ job: { id, name, buffer }, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    this.spawned += 1;
    // execArgv: [] — the parent's tsx flags do not work in a Node 20 worker (worker-entry.mjs
    // registers tsx itself). workerData must be an object: geotiff's `web-worker` dependency,
    // loaded in a non-main thread, takes itself for one of its own workers unless
    // `workerData.mod` is absent.
    const worker = new Worker(ENTRY, { execArgv: [], workerData: {}, resourceLimits: RESOURCE_LIMITS, stdout: true, stderr: true });
    // Library console noise (HDF5 diagnostics, warnings) would drown the report: drop it.
    worker.stdout.resume();
    worker.stderr.resume();
    const slot: Slot = { worker, ready: false };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') {
        slot.ready = true;
        this.dispatch();
      } else if (slot.current?.pending.job.id === m.id) {
        this.end(slot, (ms) => ({ kind: 'done', report: m.report, ms }), false);
      }
    });
    worker.on('error', (e) => this.fail(slot, `worker error: ${e.message || String(e)}`));
    worker.on('exit', (code) => this.fail(slot, `worker exited with code ${code}`));
    return slot;
  }

  /** A worker died: its mutant (if any) is a crash. Before it was ready, the harness is broken. */
  private fail(slot: Slot, message: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0 || this.closed) return;
    if (!slot.ready) {
      this.startupError = new Error(`A fuzz worker failed to start (${message}).`);
      for (const pending of this.queue.splice(0)) pending.reject(this.startupError);
      this.slots.splice(i, 1);
      return;
    }
    this.end(slot, (ms) => ({ kind: 'crash', message, ms }), true);
  }

  /**
   * Settles the slot's running mutant (if any) with `result(ms)`; with `replace`, the worker is
   * terminated and a new one takes its place. Then hands out queued work.
   */
  private end(slot: Slot, result: (ms: number) => PoolResult, replace: boolean): void {
    const current = slot.current;
    slot.current = undefined;
    if (replace) {
      this.slots[this.slots.indexOf(slot)] = this.spawn();
      void slot.worker.terminate();
    }
    if (current) {
      clearTimeout(current.timer);
      current.pending.resolve(result(performance.now() - current.started));
    }
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.current || !slot.ready) continue;
      const pending = this.queue.shift()!;
      const timer = setTimeout(() => {
        if (this.slots.includes(slot) && slot.current?.pending === pending) this.end(slot, (ms) => ({ kind: 'timeout', ms }), true);
      }, this.limitMs);
      slot.current = { pending, started: performance.now(), timer };
      slot.worker.postMessage(pending.job, [pending.job.buffer]);
    }
  }
}
