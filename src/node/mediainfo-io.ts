/**
 * Node-only half of src/extractors/media/runtime.ts (never bundled for the browser: runtime.ts
 * imports it with a variable specifier). mediainfo.js's Node build reads its WASM with `fs` from
 * the path `locateFile` gives: the package's own `MediaInfoModule.wasm` in node_modules.
 */
import { createRequire } from 'node:module';
import mediaInfoFactory from 'mediainfo.js';
import type { MediaInfoJson } from '../extractors/media/runtime';

/** Creates the MediaInfo instance (JSON output, no cover data) with the WASM read from node_modules. */
export function createMediaInfoNode(): Promise<MediaInfoJson> {
  const wasm = createRequire(import.meta.url).resolve('mediainfo.js/MediaInfoModule.wasm');
  return mediaInfoFactory({ format: 'JSON', coverData: false, full: false, locateFile: () => wasm });
}
