/**
 * The browser's own floor for a batch picked through a files input: a bare page (no app) whose
 * `change` handler hands the picked Files to as many workers as the app's pool runs, 16 per
 * message (the pool's batches), and each worker reads the bytes the app's workers read of a photo,
 * the same way (workers/worker-api.ts, source/blob-source.ts): the sniffing head
 * (source/head.ts HEAD_BYTES; the whole file, unsliced, when it is smaller) and, for a JPEG longer
 * than that, its last JPEG_TAIL_BYTES (photo/sniff.ts; the EOI check), both asked for at once,
 * then answers with one small message per file. No parsing, no list, no cache.
 * Timed like the app's passes, from Playwright's setInputFiles to the last answer, so it includes
 * what Chromium does for any page: building the FileList (one task), stat-ing each File on the
 * main thread (a File from a files input is stat-ed when first posted or its size read: ≈0.15 ms
 * each, measured here), and a slice registration and a read round trip per range through the
 * browser process. The app's files-input pass cannot beat it: its ratio to exiftool bounds
 * that pass's on this machine.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HEAD_BYTES } from '../../src/extractors/source/head';
import { JPEG_TAIL_BYTES } from '../../src/extractors/photo/format';
import { median } from './reference-tools';

const WORKER = `
const read = (f, a, b) => (a === 0 && b >= f.size ? f : f.slice(a, b)).arrayBuffer();
onmessage = async ({ data: files }) => {
  const reads = files.map((f) => [
    read(f, 0, ${HEAD_BYTES}),
    f.size > ${HEAD_BYTES} && /\\.jpe?g$/i.test(f.name) ? read(f, f.size - ${JPEG_TAIL_BYTES}, f.size) : null,
  ]);
  for (const [head, tail] of reads) postMessage((await head).byteLength + (tail ? (await tail).byteLength : 0));
};`;

const PAGE = (workers: number) => `<!doctype html><meta charset="utf-8"><title>read floor</title>
<input type="file" id="files" multiple>
<script>
const workers = Array.from({ length: ${workers} }, () => new Worker('/worker.js'));
window.read = { done: 0, bytes: 0 };
for (const w of workers) w.onmessage = ({ data }) => { window.read.done += 1; window.read.bytes += data; };
document.getElementById('files').addEventListener('change', (e) => {
  const files = [...e.target.files];
  for (let i = 0, k = 0; i < files.length; i += 16, k++) workers[k % workers.length].postMessage(files.slice(i, i + 16));
});
</script>`;

/**
 * Picks `files` on the bare page with `workers` workers, in a new tab of `context`, `runs` times;
 * returns the median seconds until every file was read.
 */
export function readFloor(context: BrowserContext, files: string[], workers: number, runs = 3): Promise<number> {
  return timeBarePage(context, { page: PAGE(workers), worker: WORKER }, files, files.length, runs);
}

/**
 * Serves `page` (and `worker` as /worker.js) on a local server and, `runs` times in a new tab of
 * `context`: runs `setup` in the page, picks `files` in its `#files` input, and waits until its
 * `window.read.done` reaches `answers`; returns the median seconds from the pick to then. The
 * page must define `window.read` before its `change` handler can run.
 */
export function timeBarePage(
  context: BrowserContext,
  served: { page: string; worker: string },
  files: string[],
  answers: number,
  runs: number,
  setup?: (page: Page) => Promise<void>,
): Promise<number> {
  return medianOverTabs(context, served, runs, async (page) => {
    await page.waitForFunction(() => (window as unknown as { read?: unknown }).read);
    await setup?.(page);
    const t0 = performance.now();
    await page.setInputFiles('#files', files);
    await page.waitForFunction((n) => (window as unknown as { read: { done: number } }).read.done === n, answers, { polling: 20, timeout: 0 });
    return (performance.now() - t0) / 1000;
  });
}

/**
 * Serves `page` at / and `worker` at /worker.js on a local port and, `runs` times, opens it in a
 * new tab of `context` and runs `run` there (the tab closed after): the median of what it returns.
 */
export async function medianOverTabs(context: BrowserContext, served: { page: string; worker: string }, runs: number, run: (page: Page) => Promise<number>): Promise<number> {
  const server = createServer((req, res) =>
    req.url === '/worker.js' ? res.setHeader('content-type', 'text/javascript').end(served.worker) : res.setHeader('content-type', 'text/html').end(served.page),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const out: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const page = await context.newPage();
      try {
        await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        out.push(await run(page));
      } finally {
        await page.close();
      }
    }
  } finally {
    server.close();
  }
  return median(out);
}
