/**
 * Thumbnails of the duplicates view: each picture shown by an object URL of its File, or of its
 * ZIP entry's bytes (a stored entry's slice of the archive; a deflated entry inflated, only once
 * its image scrolls into view), in an `<img loading="lazy" decoding="async">` sized by CSS: the
 * browser reads, decodes and scales it (the page reads only deflated entries). One URL per file
 * for the view's life; all revoked together when the view closes.
 */
import type { Attachment } from 'svelte/attachments';
import type { ZipEntry } from '../../archive/zip';
import { BlobSource } from '../../extractors/source/blob-source';
import { sourceStream } from '../../extractors/source/source-stream';
import { ZipEntrySource } from '../../archive/zip-entry-source';

/**
 * The object URLs of one view, one per file or ZIP entry however often it is shown (groups are
 * redrawn when the threshold moves), revoked together by `revokeAll` when the view closes.
 */
export class ObjectUrls {
  private readonly made = new Map<File, Map<string, Promise<string>>>();
  private readonly urls: string[] = [];
  private closed = false;

  /** The object URL of `file`, or of its ZIP `entry`'s bytes (read once; rejects as reading the entry does). */
  of(file: File, entry?: ZipEntry): Promise<string> {
    const byEntry = this.made.get(file) ?? new Map<string, Promise<string>>();
    this.made.set(file, byEntry);
    const key = entry?.path ?? '';
    let url = byEntry.get(key);
    if (!url) {
      url = (entry ? entryBlob(file, entry) : Promise.resolve(file)).then((blob) => this.keep(URL.createObjectURL(blob)));
      byEntry.set(key, url);
    }
    return url;
  }

  /** Revokes every URL made, and any made later by a read still running. */
  revokeAll(): void {
    this.closed = true;
    for (const url of this.urls.splice(0)) URL.revokeObjectURL(url);
    this.made.clear();
  }

  private keep(url: string): string {
    if (this.closed) URL.revokeObjectURL(url);
    else this.urls.push(url);
    return url;
  }
}

/** The bytes of an entry of the ZIP archive `file` as a Blob: a slice of the archive when stored, else inflated (its whole size in memory). */
async function entryBlob(file: File, entry: ZipEntry): Promise<Blob> {
  const source = new ZipEntrySource(new BlobSource(file, file.name), entry);
  return (await source.storedBlob()) ?? new Response(sourceStream(source)).blob();
}

/**
 * Sets an `<img>`'s `src` to the object URL (`urls`) of `file`, or of its ZIP `entry` once the
 * image comes into view (a deflated entry is inflated to show it). An entry that cannot be read
 * leaves the image empty (`data-error` names its error).
 */
export function thumbnail(urls: ObjectUrls, file: File, entry?: ZipEntry): Attachment<HTMLImageElement> {
  return (img) => {
    let gone = false;
    const show = () =>
      urls.of(file, entry).then(
        (url) => !gone && (img.src = url),
        (e: unknown) => img.setAttribute('data-error', e instanceof Error ? e.message : String(e)),
      );
    if (!entry) {
      void show();
      return () => void (gone = true);
    }
    const seen = new IntersectionObserver((changes) => {
      if (!changes.some((c) => c.isIntersecting)) return;
      seen.disconnect();
      void show();
    });
    seen.observe(img);
    return () => {
      gone = true;
      seen.disconnect();
    };
  };
}
