/**
 * The browser's own floor for reading a Takeout export's sidecars through a files input: a bare
 * page (no app) whose workers (as many as the app's pool) are handed the picked ZIP parts and, per
 * part, the ranges the app reads of it before the matching (its end records and central directory
 * as one range, then each JSON entry's local header and data as one range: archive/zip-entry-source.ts
 * `prefetch`), and read them 16 at a time, doing nothing else. Timed from Playwright's
 * setInputFiles to the last range read. The app's "listed and matched" cannot beat it.
 */
import type { BrowserContext } from '@playwright/test';
import { listZip } from '../../src/archive/zip';
import { isJsonName } from '../../src/takeout/match';
import { FileHandleSource } from '../../src/node/file-handle-source';
import { timeBarePage } from './read-floor';

const WORKER = `
onmessage = async ({ data: { file, ranges } }) => {
  let next = 0, bytes = 0;
  const lane = async () => { while (next < ranges.length) { const [a, b] = ranges[next++]; bytes += (await file.slice(a, b).arrayBuffer()).byteLength; } };
  await Promise.all(Array.from({ length: 16 }, lane));
  postMessage(bytes);
};`;

const PAGE = (workers: number) => `<!doctype html><meta charset="utf-8"><title>takeout floor</title>
<input type="file" id="files" multiple>
<script>
const workers = Array.from({ length: ${workers} }, () => new Worker('/worker.js'));
window.read = { done: 0, bytes: 0, ranges: null };
for (const w of workers) w.onmessage = ({ data }) => { window.read.done += 1; window.read.bytes += data; };
document.getElementById('files').addEventListener('change', (e) => {
  [...e.target.files].forEach((file, i) => workers[i % workers.length].postMessage({ file, ranges: window.read.ranges[file.name] }));
});
</script>`;

/** The ranges the app reads of a part before matching: [start, end) pairs. */
async function partRanges(path: string): Promise<[number, number][]> {
  const source = await FileHandleSource.open(path);
  try {
    const { size } = source;
    const { entries } = await listZip(source);
    // The central directory and end records follow the last entry's data (a local header: 30 bytes and the name, extra fields aside).
    const utf8 = (text: string) => new TextEncoder().encode(text).length;
    const directoryStart = entries.reduce((end, e) => Math.max(end, e.localHeaderOffset + 30 + utf8(e.path) + e.compressedSize), 0);
    const ranges: [number, number][] = [[Math.min(directoryStart, size), size]];
    for (const e of entries) if (!e.directory && isJsonName(e.path)) ranges.push([e.localHeaderOffset, Math.min(size, e.localHeaderOffset + 30 + 3 * e.path.length + 256 + e.compressedSize)]);
    return ranges;
  } finally {
    await source.close();
  }
}

/** Seconds until every part's ranges are read on the bare page with `workers` workers (median of `runs`), and how many ranges. */
export async function takeoutFloor(context: BrowserContext, parts: string[], workers: number, runs = 3): Promise<{ s: number; reads: number }> {
  const ranges = Object.fromEntries(await Promise.all(parts.map(async (p) => [p.split('/').pop()!, await partRanges(p)] as const)));
  const reads = Object.values(ranges).reduce((n, r) => n + r.length, 0);
  const s = await timeBarePage(context, { page: PAGE(workers), worker: WORKER }, parts, parts.length, runs, (page) =>
    page.evaluate((r) => void ((window as unknown as { read: { ranges: unknown } }).read.ranges = r), ranges),
  );
  return { s: Math.round(s * 100) / 100, reads };
}
