/**
 * The browser's own floor for listing a dropped folder: a bare page (no app, nothing else
 * running) that walks the drop's File System Access handles, the way the list worker does
 * (workers/folder-walk.ts: `values()` recursively, `getFile()` with 32 in flight), and times
 *   - `enumerate`: every entry listed, no file opened;
 *   - `open`: every file also opened (`getFile()`, which gives the size and date the cache key
 *     needs: there is no cheaper stat for a handle).
 * Re-dropping a cached folder cannot list its results faster than `open`. Served from its own
 * localhost server (a secure context, so the drop has handles).
 */
import type { BrowserContext } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dropPaths } from '../../e2e/drop';
import { median } from './reference-tools';

/** Median times (ms) of `runs` walks of the folder; `files` found by the walk. */
export interface WalkFloor {
  files: number;
  enumerateMs: number;
  openMs: number;
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>walk</title><body style="height:100vh">
<script>
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', (e) => {
  e.preventDefault();
  Promise.all([...e.dataTransfer.items].map((i) => i.getAsFileSystemHandle())).then((h) => (window.handles = h));
});
async function* files(h) {
  if (h.kind === 'file') yield h;
  else for await (const c of h.values()) yield* files(c);
}
window.walk = async (open) => {
  const t0 = performance.now();
  const inFlight = new Set();
  let n = 0;
  for (const root of window.handles)
    for await (const f of files(root)) {
      n += 1;
      if (!open) continue;
      const p = f.getFile().then(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= 32) await Promise.race(inFlight);
    }
  await Promise.all(inFlight);
  return { n, ms: performance.now() - t0 };
};
</script>`;

/** Drops `dir` on the bare page in a new tab of `context` and times `runs` walks of each kind. */
export async function walkFloor(context: BrowserContext, dir: string, runs = 3): Promise<WalkFloor> {
  const server = createServer((_, res) => res.setHeader('content-type', 'text/html').end(PAGE));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const page = await context.newPage();
  try {
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await dropPaths(page, [dir]);
    await page.waitForFunction(() => (window as unknown as { handles?: unknown }).handles);
    const walk = (open: boolean) => page.evaluate((open) => (window as unknown as { walk(open: boolean): Promise<{ n: number; ms: number }> }).walk(open), open);
    const enumerate: number[] = [];
    const opened: number[] = [];
    let files = 0;
    for (let i = 0; i < runs; i++) {
      enumerate.push((await walk(false)).ms);
      const r = await walk(true);
      opened.push(r.ms);
      files = r.n;
    }
    return { files, enumerateMs: Math.round(median(enumerate)), openMs: Math.round(median(opened)) };
  } finally {
    await page.close();
    server.close();
  }
}
