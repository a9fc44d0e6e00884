/**
 * The Takeout scenario of `npm run bench -- --takeout <dir>`: a simulated Google Photos export
 * written by `npm run make-takeout -- <dir>` (ZIP parts and takeout-manifest.json) handed to the
 * files input of the built app in Chromium, cache off, as a user drops the parts as downloaded:
 * - listed and matched: from handing the parts over to the Takeout summary saying every media file
 *   of the manifest is matched (`#takeout-summary[data-matched-media]`), the count of those with a
 *   sidecar checked against the manifest; the archive bytes read by then (the records' bytesRead:
 *   central directories, sidecars, and the media files whose reading had begun) and their share
 *   of the parts' bytes;
 * - every file read: until every entry's record is in (the media files' embedded metadata, which
 *   the conflicts need);
 * - the browser's memory (summed RSS of Chromium's processes) above the empty page: its peak
 *   (sampled every 250 ms) until matched, and until every file was read.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchBrowser } from './browser';
import { treeRss } from './process-memory';
import { MANIFEST_NAME, type TakeoutManifest } from '../takeout/manifest';

export interface TakeoutBench {
  parts: number;
  entries: number;
  archiveBytes: number;
  media: number;
  withSidecar: number;
  /** s from handing the parts over to every media file matched. */
  matchedS: number;
  bytesAtMatch: number;
  /** s until every entry has its record. */
  allReadS: number;
  bytesAll: number;
  /** MB of RSS above the empty page, peak until every media file was matched, and until every file was read. */
  memAtMatchMB: number | null;
  memPeakMB: number | null;
}

const MB = 1024 * 1024;

export async function benchTakeout(dir: string, baseUrl: string): Promise<TakeoutBench> {
  const manifest = JSON.parse(await readFile(join(dir, MANIFEST_NAME), 'utf8')) as TakeoutManifest;
  const parts = manifest.parts.map((p) => join(dir, p.name));
  const withSidecar = manifest.media.filter((m) => m.sidecar).length;
  const browser = await launchBrowser();
  const { page } = browser;
  try {
    await page.goto(`${baseUrl}/?cache=off`);
    await page.waitForSelector('html[data-workers="ready"]', { timeout: 60_000 });
    await page.click('#perf-panel > summary');
    await new Promise((r) => setTimeout(r, 1000));
    const base = treeRss(browser.pid);
    let peak = base;
    const sampler = setInterval(() => {
      const now = treeRss(browser.pid);
      if (now !== null && peak !== null) peak = Math.max(peak, now);
    }, 250);
    const bytes = async () => Number(await page.locator('#perf-bytes').getAttribute('data-bytes'));
    const started = performance.now();
    await page.setInputFiles('#files', parts);
    const summary = page.locator('#takeout-summary');
    await summary.waitFor({ timeout: 600_000 });
    await page.waitForFunction((n) => document.querySelector('#takeout-summary')?.getAttribute('data-matched-media') === String(n), manifest.counts.media, { timeout: 600_000, polling: 50 });
    const matchedS = (performance.now() - started) / 1000;
    const bytesAtMatch = await bytes();
    const peakAtMatch = peak;
    const matchedSidecar = Number(await summary.getAttribute('data-matched-sidecar'));
    if (matchedSidecar !== withSidecar) console.warn(`  Takeout: ${matchedSidecar} media files matched to a sidecar; the manifest says ${withSidecar}`);
    const total = manifest.parts.length + manifest.counts.files;
    await page.waitForFunction(
      (n) => {
        const p = document.querySelector('#batch-progress');
        return p?.getAttribute('data-listing') === 'false' && p.getAttribute('data-total') === String(n) && p.getAttribute('data-done') === String(n);
      },
      total,
      { timeout: 3_600_000, polling: 250 },
    );
    const allReadS = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 600)); // the perf panel samples every 500 ms
    const bytesAll = await bytes();
    clearInterval(sampler);
    return {
      parts: parts.length,
      entries: manifest.counts.files,
      archiveBytes: manifest.parts.reduce((n, p) => n + p.size, 0),
      media: manifest.counts.media,
      withSidecar: matchedSidecar,
      matchedS: Math.round(matchedS * 100) / 100,
      bytesAtMatch,
      allReadS: Math.round(allReadS * 10) / 10,
      bytesAll,
      memAtMatchMB: base !== null && peakAtMatch !== null ? Math.round((peakAtMatch - base) / MB) : null,
      memPeakMB: base !== null && peak !== null ? Math.round((peak - base) / MB) : null,
    };
  } finally {
    await browser.close();
  }
}

export function printTakeout(r: TakeoutBench) {
  const share = (b: number) => `${((100 * b) / r.archiveBytes).toFixed(3)} %`;
  console.log(`\nTakeout export in ZIP parts (files input, cache off): ${r.parts} parts, ${r.entries.toLocaleString('en')} files, ${(r.archiveBytes / 1024 ** 3).toFixed(1)} GiB`);
  console.log(
    `  listed and matched: ${r.matchedS} s (${r.withSidecar.toLocaleString('en')} of ${r.media.toLocaleString('en')} media files with a sidecar); archive bytes read by then ${r.bytesAtMatch.toLocaleString('en')} (${share(r.bytesAtMatch)})`,
  );
  console.log(
    `  every file read (embedded metadata too): ${r.allReadS} s, ${(r.entries / r.allReadS).toFixed(0)} files/s; archive bytes read ${r.bytesAll.toLocaleString('en')} (${share(r.bytesAll)})`,
  );
  console.log(`  browser memory above the empty page, peak: ${r.memAtMatchMB ?? '—'} MB until matched, ${r.memPeakMB ?? '—'} MB until every file was read`);
}
