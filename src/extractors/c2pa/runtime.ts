/**
 * c2pa-wasm (the C2PA project's c2pa-rs built to WebAssembly) loaded once per worker, lazily: only
 * when a file's container walk found a C2PA manifest store (see ./locate.ts). In the browser its
 * module is a `.wasm` file of the build (./c2pa-web.ts, precached by the service worker); in Node
 * (CLI, Vitest) it is read from node_modules (src/node/c2pa-io.ts, loaded with a variable
 * specifier so it never enters the browser bundle). A failed load is an ExtractError with code
 * `unsupported-feature` naming the cause.
 */
import type { WasmReader } from '@contentauth/c2pa-wasm';
import type { ByteSource } from '../types';
import { ExtractError, describeThrown } from '../errors';
import { isNode } from '../source/sync-reader';
import { importNodeHalf, loadOnce, serialQueue } from '../lazy';

/** What each platform's loader gives: the reader and how to hand it a file. */
export interface C2paRuntime {
  /** c2pa-rs's Reader over a file (`format`: a media type), configured by `settings` (c2pa-rs settings JSON). */
  readStore(format: string, file: Blob, settings: string): Promise<WasmReader>;
  /**
   * The file as c2pa-wasm reads it: a Blob (read with FileReaderSync), the source's own when it
   * has one. Throws ExtractError('too-large') for an in-memory source beyond `maxBytes`.
   */
  fileOf(source: ByteSource, maxBytes: number, signal?: AbortSignal): Promise<Blob>;
  /** The bundled C2PA trust list (PEM, ./trust/C2PA-TRUST-LIST.pem). */
  trustAnchors: string;
}

let loaded = false;

interface NodeIo {
  createC2paNode(): Promise<C2paRuntime>;
}

/**
 * Loads c2pa-wasm once (later calls share the promise; a failure is retried on the next call).
 * Rejects with ExtractError('unsupported-feature') when the module cannot be fetched or compiled.
 */
export const loadC2pa = loadOnce(async (): Promise<C2paRuntime> => {
  try {
    const runtime = isNode() ? await (await importNodeHalf<NodeIo>('c2pa-io')).createC2paNode() : await (await import('./c2pa-web')).createC2paWeb();
    loaded = true;
    return runtime;
  } catch (e) {
    throw new ExtractError('unsupported-feature', `The C2PA reader's WebAssembly module could not be loaded: ${describeThrown(e)}`, undefined, describeThrown(e));
  }
});

/** Whether this worker (or Node process) has loaded c2pa-wasm: only files carrying a manifest load it. */
export function c2paLoaded(): boolean {
  return loaded;
}

const oneAtATime = serialQueue();

/** Runs `fn` with the runtime, one file at a time (c2pa-wasm keeps state across its async calls). */
export function withC2pa<T>(fn: (runtime: C2paRuntime) => Promise<T>): Promise<T> {
  return oneAtATime(async () => fn(await loadC2pa()));
}
