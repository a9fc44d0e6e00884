/**
 * h5wasm in the browser, its WebAssembly fetched as a file (scripts/vite-h5wasm.ts splits it out of
 * h5wasm's JavaScript at build time): `WebAssembly.instantiateStreaming` compiles the module while
 * it downloads and lets Chromium keep the compiled code in its cache, so a worker's first HDF5
 * file no longer waits for a 4.7 MB script to parse and its module to compile from bytes. The
 * factory is h5wasm's own Emscripten module factory, given Emscripten's `instantiateWasm` hook.
 */
import factory from 'virtual:h5wasm-factory';
import wasmUrl from 'virtual:h5wasm-wasm-url';

/** Fetches and instantiates the module; falls back to bytes when the server's MIME type is not application/wasm. */
async function instantiate(imports: WebAssembly.Imports): Promise<WebAssembly.WebAssemblyInstantiatedSource> {
  const response = fetch(wasmUrl);
  try {
    return await WebAssembly.instantiateStreaming(response, imports);
  } catch (e) {
    const r = await response;
    if (!r.ok) throw new Error(`h5wasm: ${wasmUrl} answered ${r.status}`, { cause: e });
    return WebAssembly.instantiate(await (await fetch(wasmUrl)).arrayBuffer(), imports);
  }
}

/**
 * Starts h5wasm's Emscripten module (resolves when it is ready). Rejects when the WASM file
 * cannot be fetched or compiled (Emscripten's hook has no failure path of its own, so the
 * failure is raced against the factory).
 */
export function startH5wasm(): Promise<unknown> {
  let fail: (e: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  const ready = factory({
    noInitialRun: true,
    instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
      instantiate(imports).then((r) => done(r.instance, r.module), fail);
      return {};
    },
  });
  return Promise.race([ready, failed]);
}
