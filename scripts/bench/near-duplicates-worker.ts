/**
 * The near-duplicate bench's worker (near-duplicates.ts bundles it for Chromium): hashes a Blob as
 * the app's worker would (`thumbnail`: perceptualHashOf, which takes the EXIF thumbnail when there
 * is one; `decode`: the decode path alone (decodeWhole: the image scaled by the browser's decoder); `full`: the
 * image decoded at its own size; `error`: perceptualHashOf's error code, in `from`), timing `runs`
 * repetitions after a warm-up.
 */
import { decodeWhole, perceptualHashOf } from '../../src/duplicates/perceptual/perceptual-hash';
import { decodePixels } from '../../src/duplicates/perceptual/decode';
import { perceptualHash } from '../../src/duplicates/perceptual/choice';
import { toHex } from '../../src/duplicates/perceptual/hash64';
import type { Pixels } from '../../src/duplicates/perceptual/pixels';
import { BlobSource } from '../../src/extractors/source/blob-source';
import { toErrorData } from '../../src/extractors/errors';

export type Op = 'thumbnail' | 'decode' | 'full' | 'error';
export interface Reply {
  hash: string;
  from?: string;
  /** Each timed run, ms. */
  ms?: number[];
}

async function timed(runs: number, f: () => Promise<{ hash: string; from?: string }>): Promise<Reply> {
  const ms: number[] = [];
  let out = await f();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = await f();
    ms.push(performance.now() - t);
  }
  return { ...out, ms };
}

const hashOf = (pixels: Pixels) => ({ hash: toHex(perceptualHash(pixels)) });

self.onmessage = async ({ data: { id, op, blob, runs } }: MessageEvent<{ id: number; op: Op; blob: Blob; runs: number }>) => {
  try {
    if (op === 'error') {
      const code = await perceptualHashOf(new BlobSource(blob)).then(
        () => 'none',
        (e) => toErrorData(e).code,
      );
      self.postMessage({ id, result: { hash: '', from: code } });
      return;
    }
    const result =
      op === 'thumbnail'
        ? await timed(runs, () => perceptualHashOf(new BlobSource(blob)))
        : op === 'decode'
          ? await timed(runs, async () => hashOf(await decodeWhole(blob, new Uint8Array(await blob.slice(0, 3).arrayBuffer()))))
          : hashOf(await decodePixels(blob));
    self.postMessage({ id, result });
  } catch (e) {
    self.postMessage({ id, error: String(e) });
  }
};
