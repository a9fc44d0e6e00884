/**
 * The one entry of the Takeout writers: a media file's bytes and the tags to add in, the bytes of
 * its fixed copy out (the caller writes the copy; the original is never changed). Browser-safe.
 */
import { embedInJpeg } from './jpeg';
import { embedInPng } from './png';
import { embedInWebp } from './webp';
import type { FixTags } from './tags';

/** The containers the writers rewrite. */
export type EmbedKind = 'jpeg' | 'png' | 'webp';

/**
 * The bytes of a copy of `bytes` (a file of `kind`) holding `tags`: JPEG gets EXIF and XMP, PNG
 * and WebP get XMP (jpeg.ts, png.ts, webp.ts). Values the file already has are kept, never
 * replaced; everything but the metadata blocks that change is copied byte for byte. A new array
 * even when nothing is added. Asynchronous because a compressed PNG XMP chunk is inflated.
 * @throws WriteError (errors.ts) when the file cannot be rewritten safely or the tags are out of range
 */
export async function embedTags(bytes: Uint8Array, kind: EmbedKind, tags: FixTags): Promise<Uint8Array> {
  if (kind === 'png') return embedInPng(bytes, tags);
  return kind === 'jpeg' ? embedInJpeg(bytes, tags) : embedInWebp(bytes, tags);
}
