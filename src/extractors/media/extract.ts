/**
 * Audio / video extractor: MediaInfoLib (mediainfo.js, WASM loaded on first use: runtime.ts) fed
 * through the ByteSource within a byte budget (read.ts), presented with the names people search
 * for and ffprobe's ids (present.ts).
 */
import type { Extractor } from '../types';
import { throwIfAborted } from '../errors';
import { loadMediaInfo } from './runtime';
import { readMedia } from './read';
import { presentMedia } from './present';

export const extractor: Extractor = {
  async preload() {
    await loadMediaInfo();
  },
  async extract(source, ctx) {
    throwIfAborted(ctx.signal);
    const model = await readMedia(source, ctx);
    if (model.cut) ctx.warn(`Read stopped at the ${model.budget}-byte budget (MediaInfo asked for more): fields that need more of the file may be missing.`);
    return presentMedia(model);
  },
};
