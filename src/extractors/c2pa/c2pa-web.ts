/**
 * c2pa-wasm in the browser: its WebAssembly is the build's own copy of `c2pa_bg.wasm` (a Vite
 * asset, precached by the service worker), fetched from the app's origin and compiled while it
 * downloads — not base64 inside JavaScript. It reads files with FileReaderSync, so it runs in our
 * extraction workers (never on the page). The trust list is bundled as text in this lazy chunk.
 */
import init, { WasmReader } from '@contentauth/c2pa-wasm';
import wasmUrl from '@contentauth/c2pa-wasm/assets/c2pa_bg.wasm?url';
import trustAnchors from './trust/C2PA-TRUST-LIST.pem?raw';
import type { C2paRuntime } from './runtime';
import { readWhole } from '../source/sync-reader';

/** Instantiates the module. Rejects when the WASM cannot be fetched or compiled. */
export async function createC2paWeb(): Promise<C2paRuntime> {
  await init({ module_or_path: wasmUrl });
  return {
    readStore: (format, file, settings) => WasmReader.fromBlob(format, file, settings),
    fileOf: async (source, maxBytes, signal) => source.blob ?? new Blob([(await readWhole(source, maxBytes, signal)) as Uint8Array<ArrayBuffer>]),
    trustAnchors,
  };
}
