/**
 * MediaInfoLib (mediainfo.js) loaded once per worker, lazily: only when a media file is extracted.
 * In the browser its WebAssembly is a file of the build (./mediainfo-web.ts, precached by the
 * service worker); in Node (CLI, Vitest) it is read from node_modules with `fs`
 * (src/node/mediainfo-io.ts, loaded with a variable specifier so it never enters the browser
 * bundle). A failed load is an ExtractError with code `unsupported-feature` naming the cause.
 */
import type { MediaInfo } from 'mediainfo.js';
import { ExtractError, describeThrown } from '../errors';
import { isNode } from '../source/sync-reader';
import { importNodeHalf, loadOnce, serialQueue } from '../lazy';

/** The MediaInfo instance of this worker, JSON output (parsed by read.ts). */
export type MediaInfoJson = MediaInfo<'JSON'>;

interface NodeIo {
  createMediaInfoNode(): Promise<MediaInfoJson>;
}

/**
 * Loads MediaInfoLib once (later calls share the promise; a failure is retried on the next call).
 * Rejects with ExtractError('unsupported-feature') when the WASM module cannot be fetched or compiled.
 */
export const loadMediaInfo = loadOnce(async (): Promise<MediaInfoJson> => {
  try {
    return isNode() ? await (await importNodeHalf<NodeIo>('mediainfo-io')).createMediaInfoNode() : await (await import('./mediainfo-web')).createMediaInfoWeb();
  } catch (e) {
    throw new ExtractError('unsupported-feature', `MediaInfo's WebAssembly module could not be loaded: ${describeThrown(e)}`, undefined, describeThrown(e));
  }
});

const oneAtATime = serialQueue();

/** Runs `fn` with the worker's MediaInfo instance, one file at a time (the instance parses one stream). */
export function withMediaInfo<T>(fn: (mi: MediaInfoJson) => Promise<T>): Promise<T> {
  return oneAtATime(async () => fn(await loadMediaInfo()));
}
