/**
 * The app shell (issue 6): how fast the built app first loads, and how big its chunks are.
 * - First load: a fresh Chromium profile (no service worker, empty HTTP cache) opens the app
 *   served by `vite preview` on localhost; from navigation start, the first contentful paint, the
 *   `load` event, and the moment the file picker is usable; then a reload (now served by the
 *   service worker). Median of N runs, one browser each.
 * - Bundle: every JS chunk of dist/assets with its size and gzip size, the entry (index-*.js)
 *   first; the others load lazily (workers, extractors, WASM).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { launchBrowser } from './browser';
import { median } from './reference-tools';

export interface ShellLoad {
  /** Medians, in ms from navigation start. */
  firstPaintMs: number;
  loadMs: number;
  interactiveMs: number;
  /** The same after a reload, served by the service worker. */
  reloadInteractiveMs: number;
}

export interface Chunk {
  file: string;
  kB: number;
  gzipKB: number;
  entry: boolean;
}

/** Milliseconds from navigation start to FCP, `load`, and the file input being in the page. */
async function timings(page: Page): Promise<{ fcp: number; load: number; interactive: number }> {
  await page.waitForSelector('#files', { state: 'attached' });
  await page.waitForFunction(() => performance.getEntriesByType('navigation')[0] && (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd > 0);
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    const mark = performance.getEntriesByName('app-interactive')[0]?.startTime ?? NaN;
    return { fcp, load: nav.loadEventEnd, interactive: mark };
  });
}

/** First load and reload of the app at `baseUrl`, median of `runs`. */
export async function benchShellLoad(baseUrl: string, runs = 5): Promise<ShellLoad> {
  const first: { fcp: number; load: number; interactive: number }[] = [];
  const again: number[] = [];
  for (let i = 0; i < runs; i++) {
    const browser = await launchBrowser();
    try {
      await browser.page.goto(baseUrl);
      first.push(await timings(browser.page));
      await browser.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
      await browser.page.reload();
      again.push((await timings(browser.page)).interactive);
    } finally {
      await browser.close();
    }
  }
  const m = (xs: number[]) => Math.round(median(xs));
  return { firstPaintMs: m(first.map((t) => t.fcp)), loadMs: m(first.map((t) => t.load)), interactiveMs: m(first.map((t) => t.interactive)), reloadInteractiveMs: m(again) };
}

/** The JS chunks of a build in `dist`, the entry first, then by size. */
export async function bundleChunks(dist: string): Promise<Chunk[]> {
  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const files = (await readdir(join(dist, 'assets'))).filter((f) => f.endsWith('.js'));
  const chunks = await Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(join(dist, 'assets', file));
      return { file, kB: Math.round(bytes.length / 102.4) / 10, gzipKB: Math.round(gzipSync(bytes).length / 102.4) / 10, entry: html.includes(`/assets/${file}`) };
    }),
  );
  return chunks.sort((a, b) => Number(b.entry) - Number(a.entry) || b.kB - a.kB);
}
