/**
 * The one entry of the Takeout writers: a media file's bytes and the tags to add in, the edits that
 * make its fixed copy out (splice.ts applies them to bytes or to the original's Blob; the caller
 * writes the copy; the original is never changed). Browser-safe.
 */
import { jpegEdits } from './jpeg';
import { pngEdits } from './png';
import { webpEdits } from './webp';
import { splice, type Edit } from './splice';
import type { FixTags } from './tags';

/** The containers the writers rewrite. */
export type EmbedKind = 'jpeg' | 'png' | 'webp';

/**
 * The edits that make a copy of `bytes` (a file of `kind`) hold `tags`: JPEG gets EXIF and XMP, PNG
 * and WebP get XMP (jpeg.ts, png.ts, webp.ts). Values the file already has are kept, never
 * replaced; everything but the metadata blocks the edits replace is the original's, byte for byte.
 * None when the file holds every tag already. Asynchronous because a compressed PNG XMP chunk is
 * inflated.
 * @throws WriteError (errors.ts) when the file cannot be rewritten safely or the tags are out of range
 */
export async function embedEdits(bytes: Uint8Array, kind: EmbedKind, tags: FixTags): Promise<Edit[]> {
  if (kind === 'png') return pngEdits(bytes, tags);
  return kind === 'jpeg' ? jpegEdits(bytes, tags) : webpEdits(bytes, tags);
}

/**
 * The bytes of the copy `embedEdits` describes: a new array, even when nothing is added.
 * @throws WriteError as `embedEdits`
 */
export async function embedTags(bytes: Uint8Array, kind: EmbedKind, tags: FixTags): Promise<Uint8Array> {
  return splice(bytes, await embedEdits(bytes, kind, tags));
}
