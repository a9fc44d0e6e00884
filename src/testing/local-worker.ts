/**
 * Test support, not shipped: the real worker API (createWorkerApi: real detection and extraction)
 * running in-process behind a Worker-shaped endpoint, for tests of the pool and of what feeds it
 * (Node has no Web Workers, and its MessagePort would clone Files into nameless Blobs), and small
 * FITS Files to give it. A "hung" file is a File whose reads never settle, so the real extraction
 * hangs.
 */
import { expose, type Endpoint } from 'comlink';
import { createWorkerApi, type ExtractJob } from '../workers/worker-api';
import type { HashJob } from '../workers/hash-jobs';

/** A minimal FITS primary header (FITS 4.0 §4.4.1) naming `object`, one 2880-byte block. */
export function fits(object: string): Uint8Array<ArrayBuffer> {
  const cards = ['SIMPLE  =                    T', 'BITPIX  =                    8', 'NAXIS   =                    0', `OBJECT  = '${object}'`, 'END'];
  return new TextEncoder().encode(
    cards
      .map((c) => c.padEnd(80))
      .join('')
      .padEnd(2880),
  );
}

export const fitsFile = (name: string) => new File([fits(name)], `${name}.fits`, { lastModified: 1 });

/** A File whose reads never settle. */
export class HangingFile extends File {
  override arrayBuffer(): Promise<ArrayBuffer> {
    return new Promise(() => {});
  }
  override slice(): Blob {
    return this;
  }
}

/**
 * A File whose `stream()` (a one-pass read: archive/tar-scan.ts) hands out its bytes in `chunk`-byte
 * pieces `delayMs` apart, as a slow disk would, and stops handing them out (never ends) after
 * `stallAfter` pieces; its range reads (`slice`) are a plain File's.
 */
export class SlowFile extends File {
  constructor(
    bytes: Uint8Array<ArrayBuffer>,
    name: string,
    private readonly pace: { chunk: number; delayMs: number; stallAfter?: number },
  ) {
    super([bytes], name, { lastModified: 1 });
  }
  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    const { chunk, delayMs, stallAfter = Infinity } = this.pace;
    let at = 0;
    let pieces = 0;
    return new ReadableStream({
      pull: async (c) => {
        await new Promise((r) => setTimeout(r, delayMs));
        if (pieces++ >= stallAfter) return new Promise(() => {});
        if (at >= this.size) return c.close();
        c.enqueue(new Uint8Array(await this.slice(at, (at += chunk)).arrayBuffer()));
      },
    });
  }
}

type Listener = (ev: { data: unknown }) => void;

/** One side of an in-process message pipe: messages arrive on the next macrotask, by reference. */
class Side {
  peer!: Side;
  closed = false;
  private listeners = new Set<Listener>();
  postMessage(data: unknown): void {
    if (this.closed) return;
    setTimeout(() => !this.peer.closed && this.peer.listeners.forEach((l) => l({ data })), 0);
  }
  addEventListener(_type: string, l: Listener): void {
    this.listeners.add(l);
  }
  removeEventListener(_type: string, l: Listener): void {
    this.listeners.delete(l);
  }
}

/** A Worker-shaped object running the real worker API in-process; records each batch's file names. */
export class LocalWorker extends Side {
  /** File names of the batches it was sent, as they arrive (before the warm-up's wait). */
  readonly received: string[][] = [];
  readonly batches: string[][] = [];
  /** File names of the hash batches it ran (`hashBatch`). */
  readonly hashBatches: string[][] = [];
  readonly extracted: string[] = [];
  private errorListeners = new Set<(ev: { message?: string; preventDefault(): void }) => void>();
  /**
   * `warmDelayMs`: the warm-up takes at least this long (a slow first load of the extractors).
   * `loads` false: its script fails to load (a missing chunk, a syntax error, an import that
   * throws): nothing runs inside and, as a browser does, the Worker fires a message-less `error`.
   */
  constructor(warmDelayMs = 0, loads = true) {
    super();
    const inside = new Side();
    this.peer = inside;
    inside.peer = this;
    if (!loads) {
      setTimeout(() => this.crash(), 0);
      return;
    }
    const api = createWorkerApi();
    // A worker's thread is busy while it warms up: its files wait for the warm-up to end.
    const warm = api.warm.bind(api);
    let warming: Promise<unknown> = Promise.resolve();
    api.warm = () => (warming = new Promise((r) => setTimeout(r, warmDelayMs)).then(warm)) as Promise<string[]>;
    const extractBatch = api.extractBatch.bind(api);
    api.extractBatch = async (jobs: ExtractJob[]) => {
      this.received.push(jobs.map((j) => j.file.name));
      await warming;
      this.batches.push(jobs.map((j) => j.file.name));
      return extractBatch(jobs);
    };
    const hashBatch = api.hashBatch.bind(api);
    api.hashBatch = async (jobs: HashJob[]) => {
      await warming;
      this.hashBatches.push(jobs.map((j) => j.file.name));
      return hashBatch(jobs);
    };
    const connect = api.connect.bind(api);
    api.connect = (port: MessagePort) => {
      port.addEventListener('message', () => {});
      const post = port.postMessage.bind(port);
      port.postMessage = (event: { type: string; text?: { head: string } }) => {
        if (event.type === 'result') this.extracted.push(JSON.parse(event.text!.head).file.name);
        post(event);
      };
      connect(port);
    };
    expose(api, inside as unknown as Endpoint);
  }
  override addEventListener(type: string, l: Listener): void {
    if (type === 'error') this.errorListeners.add(l as never);
    else super.addEventListener(type, l);
  }
  /** Fires the worker's `error` event, as a crashed worker does (with no message: one that failed to load). */
  crash(message?: string): void {
    for (const l of this.errorListeners) l({ message, preventDefault() {} });
  }
  terminate(): void {
    this.closed = true;
    this.peer.closed = true;
  }
}
