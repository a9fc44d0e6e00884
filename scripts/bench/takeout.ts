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
 *   (sampled every 250 ms) until matched, and until every file was read;
 * - the browser's floor for the matching (takeout-floor.ts): the ranges the app reads before it,
 *   read on a bare page by as many workers, doing nothing else (median of 3);
 * - with `write`: **Write fixed copies** into a folder of the origin-private file system (the folder
 *   picker, which a script cannot click, returns it; the writing is the File System Access API),
 *   from the click to `#fix-progress` saying done: copies and bytes written a second, beside the
 *   same bytes written by `cp` (the originals copied from the parts' files: the disk's own speed,
 *   less the ZIP reading and the tag embedding the app adds).
 */
import type { Page } from '@playwright/test';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from './browser';
import { takeoutFloor } from './takeout-floor';
import { copyRanges, writeFloor } from './takeout-write-floor';
import { treeRss } from './process-memory';
import { cpuBetween, threadCpu } from './thread-cpu';
import { printHot, startProfile } from './cpu-profile';
import { MANIFEST_NAME, type TakeoutManifest } from '../takeout/manifest';

export interface TakeoutBench {
  parts: number;
  entries: number;
  archiveBytes: number;
  media: number;
  withSidecar: number;
  /** s from handing the parts over to every media file matched. */
  matchedS: number;
  /** The browser's CPU ms per thread group until matched (thread-cpu.ts), the largest first. */
  cpuToMatch: { thread: string; ms: number }[];
  /** The page's main-thread JavaScript heap when matched, MB: in use (live and garbage not yet collected), and reserved. */
  heapAtMatch: { usedMB: number; totalMB: number };
  /** The browser's floor: s to read the same ranges on a bare page (takeout-floor.ts), and how many. */
  floor: { s: number; reads: number };
  bytesAtMatch: number;
  /** s until every entry has its record. */
  allReadS: number;
  bytesAll: number;
  /**
   * With `write`: fixed copies written, bytes, seconds; `cp` of the same parts' bytes, MB/s; the
   * browser's floor (takeout-write-floor.ts): the originals of those copies written by a bare page.
   */
  write?: { copies: number; bytes: number; s: number; cpMBps: number; cpu: { thread: string; ms: number }[]; floor: { copies: number; bytes: number; s: number } };
  /** MB of RSS above the empty page, peak until every media file was matched, and until every file was read. */
  memAtMatchMB: number | null;
  memPeakMB: number | null;
}

const MB = 1024 * 1024;

/**
 * `write`: write the fixed copies too; `profileTo`: a main-thread CPU profile from handing the parts
 * over to every media file matched, saved there (cpu-profile.ts), its hottest functions printed.
 */
export async function benchTakeout(dir: string, baseUrl: string, write = false, profileTo?: string): Promise<TakeoutBench> {
  const manifest = JSON.parse(await readFile(join(dir, MANIFEST_NAME), 'utf8')) as TakeoutManifest;
  const parts = manifest.parts.map((p) => join(dir, p.name));
  const withSidecar = manifest.media.filter((m) => m.sidecar).length;
  const browser = await launchBrowser();
  const { page } = browser;
  try {
    await page.addInitScript(() => {
      (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () =>
        (await navigator.storage.getDirectory()).getDirectoryHandle('bench-fixed', { create: true });
    });
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
    const stopProfile = profileTo ? await startProfile(page, profileTo) : undefined;
    const cpuBefore = threadCpu();
    const started = performance.now();
    await page.setInputFiles('#files', parts);
    const summary = page.locator('#takeout-summary');
    await summary.waitFor({ timeout: 600_000 });
    await page.waitForFunction((n) => document.querySelector('#takeout-summary')?.getAttribute('data-matched-media') === String(n), manifest.counts.media, { timeout: 600_000, polling: 50 });
    const matchedS = (performance.now() - started) / 1000;
    const cpuToMatch = cpuBetween(cpuBefore, threadCpu(), 100);
    const heapAtMatch = await jsHeap(page);
    if (stopProfile) printHot('main thread until matched', await stopProfile(25), profileTo!);
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
    const written = write ? await writePass(page, parts) : undefined;
    const workers = await page.evaluate(() => Math.min(8, Math.max(2, (navigator.hardwareConcurrency || 2) - 1)));
    const floor = await takeoutFloor(browser.context, parts, workers);
    return {
      parts: parts.length,
      entries: manifest.counts.files,
      archiveBytes: manifest.parts.reduce((n, p) => n + p.size, 0),
      media: manifest.counts.media,
      withSidecar: matchedSidecar,
      matchedS: Math.round(matchedS * 100) / 100,
      cpuToMatch,
      heapAtMatch,
      floor,
      bytesAtMatch,
      allReadS: Math.round(allReadS * 10) / 10,
      bytesAll,
      ...(written ? { write: written } : {}),
      memAtMatchMB: base !== null && peakAtMatch !== null ? Math.round((peakAtMatch - base) / MB) : null,
      memPeakMB: base !== null && peak !== null ? Math.round((peak - base) / MB) : null,
    };
  } finally {
    await browser.close();
  }
}

/** The page's main-thread V8 heap now (DevTools Protocol `Runtime.getHeapUsage`), MB. */
async function jsHeap(page: Page): Promise<TakeoutBench['heapAtMatch']> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { usedSize, totalSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    return { usedMB: Math.round(usedSize / MB), totalMB: Math.round(totalSize / MB) };
  } finally {
    await cdp.detach();
  }
}

const cpuText = (threads: { thread: string; ms: number }[]) => threads.map((t) => `${t.thread} ${t.ms} ms`).join(', ');

/** Writes the fixed copies into an origin-private folder; `cp` of the parts beside it. */
async function writePass(page: Page, parts: string[]): Promise<TakeoutBench['write']> {
  const cpuBefore = threadCpu();
  const started = performance.now();
  await page.click('#fix-write');
  const progress = page.locator('#fix-progress');
  await page.waitForFunction(() => document.querySelector('#fix-progress')?.getAttribute('data-state') === 'done', undefined, { timeout: 3_600_000, polling: 250 });
  const s = (performance.now() - started) / 1000;
  const cpu = cpuBetween(cpuBefore, threadCpu(), 100);
  const copies = Number(await progress.getAttribute('data-written'));
  const failed = Number(await progress.getAttribute('data-failed'));
  if (failed) console.warn(`  Takeout: ${failed} fixed copies failed (the page lists them)`);
  // A loop, not a recursive helper: tsx would wrap a named function in __name, unknown in the page.
  const files = await page.evaluate(async () => {
    const out: [string, number][] = [];
    const stack: [string, FileSystemDirectoryHandle][] = [['', await (await navigator.storage.getDirectory()).getDirectoryHandle('bench-fixed')]];
    while (stack.length) {
      const [prefix, dir] = stack.pop()!;
      for await (const handle of (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
        if (handle.kind === 'directory') stack.push([`${prefix}${handle.name}/`, handle as FileSystemDirectoryHandle]);
        else out.push([`${prefix}${handle.name}`, (await (handle as FileSystemFileHandle).getFile()).size]);
      }
    }
    return out;
  });
  const bytes = files.reduce((n, [, size]) => n + size, 0);
  // The browser's floor: the originals of the same copies written by a bare page (4 at once, as state/fix-copies.svelte.ts).
  const ranges = await copyRanges(
    parts,
    files.map(([path]) => path),
  );
  const floorS = await writeFloor(page.context(), parts, ranges, 4);
  const floorBytes = ranges.reduce((n, r) => n + r.end - r.start, 0);
  // The disk's own speed for as many bytes: the parts copied by cp, dense (holes written out).
  const target = await mkdtemp(join(tmpdir(), 'metaextract-cp-'));
  let copied = 0;
  const cpStarted = performance.now();
  for (const part of parts) {
    if (copied >= bytes) break;
    spawnSync('cp', ['--sparse=never', part, target]);
    copied += statSync(part).size;
  }
  spawnSync('sync');
  const cpS = (performance.now() - cpStarted) / 1000;
  await rm(target, { recursive: true, force: true });
  return { copies, bytes, s: Math.round(s * 10) / 10, cpMBps: Math.round(copied / MB / cpS), cpu, floor: { copies: ranges.length, bytes: floorBytes, s: floorS } };
}

export function printTakeout(r: TakeoutBench) {
  const share = (b: number) => `${((100 * b) / r.archiveBytes).toFixed(3)} %`;
  console.log(`\nTakeout export in ZIP parts (files input, cache off): ${r.parts} parts, ${r.entries.toLocaleString('en')} files, ${(r.archiveBytes / 1024 ** 3).toFixed(1)} GiB`);
  console.log(
    `  listed and matched: ${r.matchedS} s (${r.withSidecar.toLocaleString('en')} of ${r.media.toLocaleString('en')} media files with a sidecar); archive bytes read by then ${r.bytesAtMatch.toLocaleString('en')} (${share(r.bytesAtMatch)})`,
  );
  if (r.cpuToMatch.length) console.log(`  browser CPU until matched: ${cpuText(r.cpuToMatch)}`);
  console.log(`  browser floor: the same ${r.floor.reads.toLocaleString('en')} ranges (central directories, sidecars) read on a bare page, no app: ${r.floor.s} s`);
  console.log(
    `  every file read (embedded metadata too): ${r.allReadS} s, ${(r.entries / r.allReadS).toFixed(0)} files/s; archive bytes read ${r.bytesAll.toLocaleString('en')} (${share(r.bytesAll)})`,
  );
  if (r.write)
    console.log(
      `  fixed copies written: ${r.write.copies} copies, ${(r.write.bytes / MB).toFixed(0)} MB in ${r.write.s} s: ${(r.write.bytes / MB / r.write.s).toFixed(0)} MB/s, ${(r.write.copies / r.write.s).toFixed(0)} copies/s (cp on this disk: ${r.write.cpMBps} MB/s)`,
    );
  if (r.write?.cpu.length) console.log(`  browser CPU while writing: ${cpuText(r.write.cpu)}`);
  if (r.write)
    console.log(
      `  browser floor for writing: the originals of those ${r.write.floor.copies} copies (${(r.write.floor.bytes / MB).toFixed(0)} MB) written on a bare page, no app: ${r.write.floor.s} s, ${(r.write.floor.bytes / MB / r.write.floor.s).toFixed(0)} MB/s`,
    );
  console.log(`  page's JavaScript heap (main thread) when matched: ${r.heapAtMatch.usedMB} MB in use of ${r.heapAtMatch.totalMB} MB`);
  console.log(`  browser memory above the empty page, peak: ${r.memAtMatchMB ?? '—'} MB until matched, ${r.memPeakMB ?? '—'} MB until every file was read`);
}
