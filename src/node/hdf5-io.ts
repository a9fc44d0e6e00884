/**
 * Node-only half of src/extractors/hdf5/runtime.ts (never bundled for the browser: runtime.ts
 * imports it with a variable specifier). h5wasm's web build runs in Node when
 * `globalThis.WorkerGlobalScope` exists while it initialises (WORKERFS asserts it); we set it
 * only for that moment (files are read through src/node/path-reader.ts).
 */

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
