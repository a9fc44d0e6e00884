/**
 * Synchronous reading of a ByteSource's file, for WebAssembly libraries that read synchronously
 * (h5wasm through Emscripten WORKERFS, c2pa-wasm through FileReaderSync): FileReaderSync over the
 * Blob in a browser worker, `fs.readSync` on the path in Node (src/node/path-reader.ts, loaded with
 * a variable specifier so it never enters the browser bundle), or the bytes read once into memory.
 */
import type { ByteSource } from '../types';
import { ExtractError } from '../errors';
import { importNodeHalf } from '../lazy';

/** Synchronous random-access reader. */
export interface SyncReader {
  readonly size: number;
  /** Reads bytes [start, end) (already clamped to the file). */
  read(start: number, end: number): Uint8Array;
  close?(): void;
}

/** True in Node (the CLI, the tests, Node worker threads), false in a browser page or worker. */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'undefined';
}

interface NodePathReader {
  openPathReader(path: string): SyncReader;
}

/** FileReaderSync over a Blob (browser workers only). */
function blobReader(blob: Blob): SyncReader {
  const FRS = (globalThis as { FileReaderSync?: new () => { readAsArrayBuffer(b: Blob): ArrayBuffer } }).FileReaderSync;
  if (!FRS) throw new ExtractError('unsupported-feature', 'This file is read in a Web Worker (FileReaderSync is missing here).');
  const frs = new FRS();
  return { size: blob.size, read: (a, b) => new Uint8Array(frs.readAsArrayBuffer(blob.slice(a, b))) };
}

function bytesReader(bytes: Uint8Array): SyncReader {
  return { size: bytes.length, read: (a, b) => bytes.subarray(a, b) };
}

/**
 * The whole of `source`, read once through it, for a library that needs the file in memory.
 * Throws ExtractError('too-large') when it is longer than `maxBytes`.
 */
export async function readWhole(source: ByteSource, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array> {
  if (source.size > maxBytes) throw new ExtractError('too-large', `In-memory input of ${source.size} bytes exceeds the ${maxBytes}-byte budget.`);
  return source.read(0, source.size, signal);
}

/**
 * A SyncReader for `source`: its Blob (browser), its path (Node), or — for in-memory sources
 * without either — its bytes (readWhole: at most `maxBytes`, else ExtractError('too-large')).
 */
export async function syncReaderFor(source: ByteSource, maxBytes: number, signal?: AbortSignal): Promise<SyncReader> {
  if (source.blob) return blobReader(source.blob);
  if (source.path && isNode()) return (await importNodeHalf<NodePathReader>('path-reader')).openPathReader(source.path);
  return bytesReader(await readWhole(source, maxBytes, signal));
}
