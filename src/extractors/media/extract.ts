/**
 * Audio / video extractor: MediaInfoLib (mediainfo.js, WASM loaded on first use: runtime.ts) fed
 * through the ByteSource within a byte budget (read.ts), presented with the names people search
 * for and ffprobe's ids (present.ts). ISO BMFF files (MP4, MOV, M4A) are also looked at for a C2PA
 * manifest store (top-level `uuid` box, C2PA 2.2 §A.4.4), read by ../c2pa/ when there is one.
 */
import type { ByteSource, ExtractContext, Extractor, ExtractorOutput } from '../types';
import { throwIfAborted } from '../errors';
import { asciiAt } from '../sniff-util';
import { findBmffC2pa } from '../c2pa/locate';
import { contentCredentials, withCredentials } from '../c2pa/credentials';
import { loadMediaInfo } from './runtime';
import { readMedia } from './read';
import { presentMedia } from './present';

/** Content Credentials of an ISO BMFF file carrying a manifest store, added to `out`. */
async function addContentCredentials(source: ByteSource, ctx: ExtractContext, out: ExtractorOutput): Promise<ExtractorOutput> {
  if (!asciiAt(await source.read(0, 8, ctx.signal), 4, 'ftyp')) return out;
  const at = await findBmffC2pa(source, ctx);
  if (at === undefined) return out;
  // c2pa-rs reads every ISO BMFF brand with one handler, chosen by this media type.
  const credentials = await contentCredentials(source, `C2PA uuid box at offset ${at}`, 'video/mp4', ctx);
  return withCredentials(out, credentials);
}

export const extractor: Extractor = {
  async preload() {
    await loadMediaInfo();
  },
  async extract(source, ctx) {
    throwIfAborted(ctx.signal);
    const model = await readMedia(source, ctx);
    if (model.cut) ctx.warn(`Read stopped at the ${model.budget}-byte budget (MediaInfo asked for more): fields that need more of the file may be missing.`);
    return addContentCredentials(source, ctx, presentMedia(model));
  },
};
