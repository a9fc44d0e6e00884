/**
 * mediainfo.js in the browser: its Emscripten module fetches `MediaInfoModule.wasm` from the URL
 * `locateFile` gives, here the build's own copy (a Vite asset, precached by the service worker) —
 * not base64 inside JavaScript, so `WebAssembly.instantiateStreaming` compiles it while it downloads.
 */
import mediaInfoFactory from 'mediainfo.js';
import wasmUrl from 'mediainfo.js/MediaInfoModule.wasm?url';
import type { MediaInfoJson } from './runtime';

/** Creates the MediaInfo instance (JSON output, no cover data). Rejects when the WASM cannot be loaded. */
export function createMediaInfoWeb(): Promise<MediaInfoJson> {
  return mediaInfoFactory({ format: 'JSON', coverData: false, full: false, locateFile: () => wasmUrl });
}
