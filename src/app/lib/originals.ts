/**
 * Copies of the user's originals (Takeout fixes, kept duplicates): the original's bytes as a Blob
 * the browser copies itself, the comparison that tells a copy already in place, and the lanes that
 * write a few copies at once. Originals are only read.
 */
import type { ByteSource } from '../../extractors/types';
import { ZipEntrySource } from '../../archive/zip-entry-source';
import { sourceStream } from '../../extractors/source/source-stream';

/** The bytes of `source` as a Blob the browser copies itself (a file, a stored ZIP entry's slice), or null (a deflated entry: streamed through the page). */
export const originalBlob = async (source: ByteSource): Promise<Blob | null> => (source instanceof ZipEntrySource ? source.storedBlob() : (source.blob ?? null));

/**
 * Whether `existing` holds the bytes of `original` (a Blob, or a source streamed, as a deflated
 * ZIP entry inflates), compared a chunk at a time: neither is held whole in memory.
 */
export async function sameBytes(existing: Blob, original: Blob | ByteSource): Promise<boolean> {
  if (existing.size !== original.size) return false;
  const reader = (original instanceof Blob ? original.stream() : sourceStream(original)).getReader();
  let at = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return at === existing.size;
      const there = new Uint8Array(await existing.slice(at, at + value.length).arrayBuffer());
      if (there.length !== value.length || there.some((b, i) => b !== value[i])) return false;
      at += value.length;
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
}

/**
 * Calls `copy` on each item, `lanes` at a time (each copy waits on reads and writes of its own, so a
 * few at once keep the disk busy), until all are done or `stopped()` says so; a copy that throws
 * has its error passed to `failed` and the rest go on.
 */
export async function inLanes<T>(items: readonly T[], lanes: number, copy: (item: T) => Promise<void>, failed: (item: T, message: string) => void, stopped: () => boolean): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (!stopped() && next < items.length) {
      const item = items[next++];
      try {
        await copy(item);
      } catch (e) {
        failed(item, e instanceof Error ? e.message : String(e));
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}
