/**
 * Camera RAW extractor (CR2, CR3, NEF, NRW, ARW, SRF, SR2, DNG, RAF, ORF, RW2, PEF, SRW): reads
 * the container's headers, IFDs, MakerNote and metadata boxes through the ByteSource (read.ts and
 * the readers it picks), never the raw image data, and presents them as a photo plus the maker's
 * facts and embedded images (present.ts).
 */
import type { Extractor } from '../types';
import { throwIfAborted } from '../errors';
import { readRaw } from './read';
import { presentRaw } from './present';

/** The raw extractor (registry id 'raw'). */
export const extractor: Extractor = {
  async extract(source, ctx) {
    const model = await readRaw(source, ctx);
    throwIfAborted(ctx.signal);
    return presentRaw(model, ctx);
  },
};
