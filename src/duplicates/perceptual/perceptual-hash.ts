/**
 * A file's perceptual hash in a worker (browser only): from the JPEG's EXIF thumbnail when it has
 * one the browser decodes, otherwise from the browser's own decoder scaling the image down.
 */
import type { ByteSource } from '../../extractors/types';
import { ExtractError, describeThrown, throwIfAborted, toErrorData } from '../../extractors/errors';
import { HEAD_BYTES } from '../../extractors/source/head';
import { HeadCachedSource } from '../../extractors/source/head-cached-source';
import { asciiAt } from '../../extractors/sniff-util';
import { perceptualHash } from './choice';
import { decodeJpegScaled, decodePixels } from './decode';
import { cropToAspect, oriented } from './geometry';
import { toHex } from './hash64';
import type { Pixels } from './pixels';
import { exifThumbnail, isJpeg, type ExifThumbnail } from './thumbnail';

/** A file's perceptual hash, where its pixels came from, and the time it took. */
export interface PerceptualHash {
  /** 64-bit pHash as 16 hex digits (hash64.ts `toHex`). */
  hash: string;
  /** `thumbnail`: the EXIF IFD1 thumbnail; `decode`: the whole image, scaled by the browser's decoder. */
  from: 'thumbnail' | 'decode';
  /** Milliseconds from the call to the hash (reads, decoding and hashing). */
  ms: number;
}

/** Side of the square the decoder scales a whole image to (pHash then averages it to 32 × 32). */
const DECODE_SIZE = 64;

/**
 * The whole image in `blob` (whose first bytes are `head`), scaled down by the browser: a JPEG by ImageDecoder in the DCT domain where it
 * can (measured 34 ms instead of 88 for an 18-MP photo: docs/near-duplicates.md), anything else
 * (or a JPEG without ImageDecoder) by createImageBitmap to DECODE_SIZE.
 */
export async function decodeWhole(blob: Blob, head: Uint8Array): Promise<Pixels> {
  return (isJpeg(head) && (await decodeJpegScaled(blob, DECODE_SIZE))) || decodePixels(blob, DECODE_SIZE);
}

/** Magic numbers of the image files browsers decode (JPEG, PNG, GIF, WebP, BMP, ISO BMFF AVIF): a decoding failure of one of these is damage. */
function looksDecodable(h: Uint8Array): boolean {
  const at = (o: number, s: string) => asciiAt(h, o, s);
  return isJpeg(h) || at(1, 'PNG') || at(0, 'GIF8') || (at(0, 'RIFF') && at(8, 'WEBP')) || at(0, 'BM') || (at(4, 'ftyp') && (at(8, 'avif') || at(8, 'avis')));
}

/** Largest source without a Blob (a Node or in-memory source) read whole into one to decode it. */
const MAX_UNBLOBBED_BYTES = 256 * 1024 * 1024;

/**
 * The EXIF thumbnail, or null when there is none or the metadata walk gives up on the file (too
 * much metadata, a damaged structure: the decoder may still read the image). A failed read or a
 * cancellation is thrown.
 */
async function thumbnailOf(source: ByteSource, signal?: AbortSignal): Promise<ExifThumbnail | null> {
  try {
    return await exifThumbnail(source, signal);
  } catch (e) {
    const { code } = toErrorData(e);
    if (code === 'aborted' || code === 'read-failed') throw e;
    return null;
  }
}

/**
 * The perceptual hash of the image in `source`. Throws ExtractError: `unsupported-format` when
 * the browser cannot decode the file and it is no image format browsers decode (HEIC, TIFF, RAW,
 * non-images), `corrupt` when it is one of those and still does not decode, `aborted` when
 * `signal` fires, `read-failed` as the source's reads, `too-large` for a source of over 256 MiB
 * without a Blob (read into memory to decode). Browser only (createImageBitmap, OffscreenCanvas).
 */
export async function perceptualHashOf(source: ByteSource, signal?: AbortSignal): Promise<PerceptualHash> {
  const t0 = performance.now();
  const done = (pixels: Pixels, from: PerceptualHash['from']): PerceptualHash => ({ hash: toHex(perceptualHash(pixels)), from, ms: performance.now() - t0 });
  // One read for the first 64 KiB, where the EXIF APP1 segment is (a segment is at most 64 KiB);
  // served from memory when `source` already holds it (the worker's sniffing head).
  const head = await source.read(0, HEAD_BYTES, signal);
  const thumb = await thumbnailOf(new HeadCachedSource(source, head), signal);
  if (thumb) {
    try {
      const pixels = await decodePixels(new Blob([thumb.jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }));
      throwIfAborted(signal);
      const whole = thumb.width && thumb.height ? cropToAspect(pixels, thumb.width / thumb.height) : pixels;
      return done(oriented(whole, thumb.orientation), 'thumbnail');
    } catch (e) {
      if (e instanceof ExtractError) throw e;
      // A thumbnail the browser cannot decode: the whole image may still decode.
    }
  }
  throwIfAborted(signal);
  if (!source.blob && source.size > MAX_UNBLOBBED_BYTES) throw new ExtractError('too-large', `The file is over ${MAX_UNBLOBBED_BYTES} bytes and not a Blob: not read whole to decode it.`);
  const blob = source.blob ?? new Blob([(await source.read(0, source.size, signal)) as Uint8Array<ArrayBuffer>]);
  try {
    const pixels = await decodeWhole(blob, head);
    throwIfAborted(signal);
    return done(pixels, 'decode');
  } catch (e) {
    if (e instanceof ExtractError) throw e;
    if (looksDecodable(head)) throw new ExtractError('corrupt', 'The image data cannot be decoded.', undefined, describeThrown(e));
    throw new ExtractError('unsupported-format', 'Not an image format the browser decodes.', undefined, describeThrown(e));
  }
}
