/**
 * Node-only half of src/extractors/hdf5/runtime.ts (never bundled for the browser: runtime.ts
 * imports it with a variable specifier). h5wasm's web build runs in Node when
 * `globalThis.WorkerGlobalScope` exists while it initialises (WORKERFS asserts it); we set it
 * only for that moment. Files are read synchronously with `fs.readSync` (exact past 4 GiB).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { SyncReader } from '../extractors/hdf5/runtime';

/** Imports h5wasm's ESM build as a "worker" (the flag is removed once the module is ready). */
export async function importH5wasmWeb(): Promise<unknown> {
  const g = globalThis as { WorkerGlobalScope?: unknown };
  const had = 'WorkerGlobalScope' in g;
  if (!had) g.WorkerGlobalScope = class WorkerGlobalScope {};
  try {
    const mod = (await import('h5wasm')) as { default: { ready: Promise<unknown> } };
    await mod.default.ready;
    return mod;
  } finally {
    if (!had) delete g.WorkerGlobalScope;
  }
}

/** A SyncReader over a file path. Throws the fs error (ENOENT…) as is. */
export function openPathReader(path: string): SyncReader {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  return {
    size,
    read(start: number, end: number): Uint8Array {
      const buf = new Uint8Array(end - start);
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, start + got);
        if (n === 0) break;
        got += n;
      }
      return got === buf.length ? buf : buf.subarray(0, got);
    },
    close: () => closeSync(fd),
  };
}
