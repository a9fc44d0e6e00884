/**
 * The browser's own floor for writing a Takeout export's fixed copies: a bare page (no app) that is
 * handed the picked ZIP parts and, for every copy the app wrote, the range of its original in its
 * part (the entry's data, found from the part's central directory and local header), and copies
 * each range into a file of an origin-private folder with the File System Access API, as many at
 * once as the app (state/fix-copies.svelte.ts COPIES_AT_ONCE): `createWritable()`, one
 * `write()` of the part's Blob slice (the browser copies it without the page touching the bytes),
 * `close()`. No tag embedding, no reading back, no journal. Timed from Playwright's setInputFiles
 * to the last copy closed (median of 3). The app's writing cannot beat it: the gap to it is the
 * app's own cost, the gap from it to `cp` the browser's.
 */
import type { BrowserContext } from '@playwright/test';
import { listZip } from '../../src/archive/zip';
import { ZipEntrySource } from '../../src/archive/zip-entry-source';
import { FileHandleSource } from '../../src/node/file-handle-source';
import { timeBarePage } from './read-floor';

/** One copy to make: a range of a part, by the part's file name. */
export interface CopyRange {
  part: string;
  start: number;
  end: number;
}

const PAGE = (lanes: number) => `<!doctype html><meta charset="utf-8"><title>takeout write floor</title>
<input type="file" id="files" multiple>
<script>
window.read = { done: 0, copies: null };
document.getElementById('files').addEventListener('change', async (e) => {
  const parts = new Map([...e.target.files].map((f) => [f.name, f]));
  const root = await navigator.storage.getDirectory();
  await root.removeEntry('write-floor', { recursive: true }).catch(() => {});
  const dir = await root.getDirectoryHandle('write-floor', { create: true });
  const copies = window.read.copies;
  let next = 0;
  const lane = async () => {
    while (next < copies.length) {
      const i = next++;
      const { part, start, end } = copies[i];
      const writable = await (await dir.getFileHandle('copy-' + i, { create: true })).createWritable();
      await writable.write(parts.get(part).slice(start, end));
      await writable.close();
      window.read.done += 1;
    }
  };
  await Promise.all(Array.from({ length: ${lanes} }, lane));
});
</script>`;

/** Byte ranges of the originals of `paths` (paths inside the export, as the copies are named) in `parts`; paths no part holds (XMP sidecars) are left out. */
export async function copyRanges(parts: string[], paths: Iterable<string>): Promise<CopyRange[]> {
  const byPath = new Map<string, CopyRange>();
  for (const part of parts) {
    const source = await FileHandleSource.open(part);
    try {
      const { entries } = await listZip(source);
      const wanted = new Set(paths);
      for (const e of entries) {
        if (e.directory || !wanted.has(e.path) || byPath.has(e.path)) continue;
        const start = await new ZipEntrySource(source, e).locate();
        byPath.set(e.path, { part: part.split('/').pop()!, start, end: start + e.compressedSize });
      }
    } finally {
      await source.close();
    }
  }
  return [...byPath.values()];
}

/** Seconds to copy `copies` out of `parts` on the bare page with `lanes` at once (median of `runs`). */
export async function writeFloor(context: BrowserContext, parts: string[], copies: CopyRange[], lanes: number, runs = 3): Promise<number> {
  const s = await timeBarePage(context, { page: PAGE(lanes), worker: '' }, parts, copies.length, runs, (page) =>
    page.evaluate((c) => void ((window as unknown as { read: { copies: unknown } }).read.copies = c), copies),
  );
  return Math.round(s * 10) / 10;
}
