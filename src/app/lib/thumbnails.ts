/**
 * Thumbnails of the duplicates view: each picture shown by an object URL of its File, or of its
 * ZIP entry's bytes (a stored entry's slice of the archive; a deflated entry inflated, only once
 * its image scrolls into view), in an `<img loading="lazy" decoding="async">` sized by CSS: the
 * browser decodes and scales it, nothing is read on the page. The URLs are revoked together when
 * the view closes.
 */
import type { Attachment } from 'svelte/attachments';
import type { ZipEntry } from '../../archive/zip';
import { BlobSource } from '../../extractors/source/blob-source';
import { sourceStream } from '../../extractors/source/source-stream';
import { ZipEntrySource } from '../../archive/zip-entry-source';

/** Object URLs made for one view, revoked together (`revokeAll`, when the view closes). */
export class ObjectUrls {
  private readonly urls = new Set<string>();

  /** A new object URL of `blob`, revoked by `revokeAll`. */
  of(blob: Blob): string {
    const url = URL.createObjectURL(blob);
    this.urls.add(url);
    return url;
  }

  revokeAll(): void {
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls.clear();
  }
}

/** The bytes of an entry of the ZIP archive `file` as a Blob: a slice of the archive when stored, else inflated (its whole size in memory). */
async function entryBlob(file: File, entry: ZipEntry): Promise<Blob> {
  const source = new ZipEntrySource(new BlobSource(file, file.name), entry);
  return (await source.storedBlob()) ?? new Response(sourceStream(source)).blob();
}

/**
 * Sets an `<img>`'s `src` to an object URL (made by `urls`) of `file`, or of its ZIP `entry` once
 * the image comes into view. An entry that cannot be read leaves the image empty (`data-error`
 * names its error).
 */
export function thumbnail(urls: ObjectUrls, file: File, entry?: ZipEntry): Attachment<HTMLImageElement> {
  return (img) => {
    if (!entry) {
      img.src = urls.of(file);
      return;
    }
    let gone = false;
    const seen = new IntersectionObserver((changes) => {
      if (!changes.some((c) => c.isIntersecting)) return;
      seen.disconnect();
      entryBlob(file, entry).then(
        (blob) => !gone && (img.src = urls.of(blob)),
        (e: unknown) => img.setAttribute('data-error', e instanceof Error ? e.message : String(e)),
      );
    });
    seen.observe(img);
    return () => {
      gone = true;
      seen.disconnect();
    };
  };
}
