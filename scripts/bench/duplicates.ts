/**
 * Exact duplicates: the app against `jdupes -r` and `rmlint` on one folder (duplicate-folder.ts:
 * N camera-like photos, camera-photos.ts heads, with about an eighth of their scan size as real
 * noise bytes: median ≈ 0.6 MB; every 15th the size of the one before it; plus backups, renamed
 * downloads and same-size edits), each timed two ways, median of `runs`:
 * - **from disk**: the page cache dropped (`sync; echo 3 > /proc/sys/vm/drop_caches`, root on
 *   Linux) right before each timed run, so every byte read comes from the disk, as on a first look
 *   at a folder; skipped, and said so, where that is not permitted;
 * - **page cache**: every file in the page cache (the run before read them), as on a second look.
 * What is timed:
 * - the app, in Chromium (the built app, cache on, a fresh profile): the folder dropped and every
 *   file extracted first (not timed: the list is what the search runs over); then, timed in the
 *   page from the click on "Find duplicates" to the groups on screen (the first frame after
 *   `#duplicates` says `done`), with no hashes cached (the `hashes` store emptied before each run)
 *   from disk and from the page cache, and with the hashes of the run before cached (page cache);
 *   with the browser's CPU time per thread (thread-cpu.ts) of the last run of each;
 * - `jdupes -r <dir>` and `rmlint <dir>` (in a scratch working directory, where it writes
 *   rmlint.sh and rmlint.json) as their users run them: whole processes, walking the folder
 *   included (from disk: the walk's directory reads too);
 * - the browser's floor (duplicates-floor.ts): a bare page whose workers read the same byte
 *   ranges as the app's search, the same way, with nothing else (no hashing, cache or view);
 * - the disk's read speed, from disk: every file of the folder read whole by `cat`, and one big
 *   file of their bytes read by `dd` 8 MiB at a time (sequential reads, the kernel reading ahead).
 * The groups each found are checked against the folder's own list. Missing tools are installed
 * with apt-get (Debian packages jdupes, rmlint) when running as root.
 */
import type { Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { dropPaths } from '../../e2e/drop';
import { inDb } from '../../e2e/stored';
import { launchBrowser } from './browser';
import { cameraPhoto, cameraPhotoName, hash } from './camera-photos';
import { writeDuplicateFolder, type DuplicateFolder } from './duplicate-folder';
import { median } from './reference-tools';
import { cpuBetween, threadCpu } from './thread-cpu';
import { printHot, startProfile } from './cpu-profile';
import { duplicatesFloor, readPlan } from './duplicates-floor';

/** One way of finding the groups, timed from disk and from the page cache. */
export interface DuplicateRun {
  who: string;
  /** Median wall time (ms), every file read from disk (the page cache dropped before each run); absent when not permitted or not meant (hashes cached). */
  diskMs?: number;
  /** Median wall time (ms), every file in the page cache. */
  pageMs: number;
  /** Whether its groups are the folder's, in every run; absent for the read floor, which groups nothing. */
  sameGroups?: boolean;
  /** Bytes the app's workers read for hashes (its `#duplicates` data-bytes-done), for the app's runs. */
  bytesRead?: number;
  /** The browser's CPU ms per thread in the last run from disk (or from the page cache), the busiest first, for the app's runs. */
  threads?: { thread: string; ms: number }[];
}

export interface DuplicatesBench {
  files: number;
  bytes: number;
  groups: number;
  /** Whether the page cache could be dropped (runs from disk were made). */
  fromDisk: boolean;
  /** The disk's read speed (MB/s), when the page cache could be dropped: the folder's files read whole by `cat`, and one big file of their bytes by `dd`. */
  disk?: { catMBps: number; ddMBps: number };
  runs: DuplicateRun[];
}

const TOOLS = [
  { who: 'jdupes -r', command: 'jdupes', args: (dir: string) => ['-r', dir], groups: jdupesGroups },
  { who: 'rmlint', command: 'rmlint', args: (dir: string) => [dir], groups: rmlintGroups },
];

/** Installs jdupes and rmlint with apt-get when one is missing and we are root; whether both are there. */
function ensureTools(): boolean {
  const has = (c: string) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0;
  if (TOOLS.every((t) => has(t.command))) return true;
  if (process.getuid?.() === 0 && has('apt-get')) {
    console.log('Installing jdupes and rmlint (apt-get)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'jdupes', 'rmlint'], { stdio: 'inherit', env });
  }
  return TOOLS.every((t) => has(t.command));
}

/** Writes dirty pages back and drops the page cache (Linux, as root): whether it could. */
function dropPageCache(): boolean {
  return spawnSync('sh', ['-c', 'sync && echo 3 > /proc/sys/vm/drop_caches'], { stdio: 'ignore' }).status === 0;
}

/** Reads every file under `dir` whole (`cat`, output discarded): ms. */
function readFolder(dir: string): number {
  const t0 = performance.now();
  spawnSync('sh', ['-c', 'find "$1" -type f -exec cat {} + > /dev/null', 'sh', dir], { stdio: 'ignore' });
  return performance.now() - t0;
}

/**
 * The disk's sequential read speed (MB/s): the folder's files written into one file beside it,
 * then, 3 times, the page cache dropped and that file read by `dd` 8 MiB at a time (the median);
 * the file deleted after.
 */
function ddSpeed(dir: string, bytes: number): number {
  const big = join(dir, '..', 'all-files.bin');
  spawnSync('sh', ['-c', 'find "$1" -type f -exec cat {} + > "$2"', 'sh', dir, big], { stdio: 'ignore' });
  const ms: number[] = [];
  for (let i = 0; i < 3; i++) {
    dropPageCache();
    const t0 = performance.now();
    spawnSync('dd', [`if=${big}`, 'of=/dev/null', 'bs=8M'], { stdio: 'ignore' });
    ms.push(performance.now() - t0);
  }
  spawnSync('rm', ['-f', big]);
  return Math.round(bytes / 1e3 / median(ms));
}

/** Groups as sorted lists of paths relative to `dir`, sorted by first path: comparable. */
const normalise = (groups: string[][], dir: string) => groups.map((g) => g.map((p) => relative(dir, p)).sort()).sort((a, b) => a[0].localeCompare(b[0]));
const same = (a: string[][], b: string[][]) => JSON.stringify(a) === JSON.stringify(b);

/** jdupes prints each group's paths one a line, groups separated by an empty line. */
function jdupesGroups(stdout: string): string[][] {
  return stdout
    .split(/\n\s*\n/)
    .map((block) => block.split('\n').filter(Boolean))
    .filter((g) => g.length > 1);
}

/** rmlint.json: a header, its lints, a footer; duplicates are `duplicate_file` entries, a group per checksum. */
async function rmlintGroups(_stdout: string, cwd: string): Promise<string[][]> {
  const lints = JSON.parse(await readFile(join(cwd, 'rmlint.json'), 'utf8')) as { type?: string; checksum?: string; path?: string }[];
  const groups = new Map<string, string[]>();
  for (const l of lints) if (l.type === 'duplicate_file' && l.checksum && l.path) groups.set(l.checksum, [...(groups.get(l.checksum) ?? []), l.path]);
  return [...groups.values()];
}

/**
 * Clicks "Find duplicates" and resolves, in the page, with the ms until the groups are on screen
 * (the frame after `#duplicates` says `done`), and the bytes read. (Anonymous callbacks only: see
 * e2e/stored.ts `inDb`.)
 */
function timeSearch(page: Page): Promise<{ ms: number; bytes: number }> {
  return page.evaluate(
    () =>
      new Promise<{ ms: number; bytes: number }>((resolve) => {
        const t0 = performance.now();
        new MutationObserver((_, observer) => {
          const view = document.querySelector('#duplicates');
          if (view?.getAttribute('data-phase') !== 'done') return;
          observer.disconnect();
          requestAnimationFrame(() => resolve({ ms: performance.now() - t0, bytes: Number(view.getAttribute('data-bytes-done')) }));
        }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
        (document.querySelector('#find-duplicates') as HTMLButtonElement).click();
      }),
  );
}

/** The app's groups on screen, paths relative to the dropped folder. */
async function appGroups(page: Page, folder: string): Promise<string[][]> {
  const groups = await page.locator('.dup-group[data-kind=exact]').evaluateAll((els) => els.map((e) => JSON.parse(e.getAttribute('data-paths')!) as string[]));
  return groups.map((g) => g.map((p) => p.slice(folder.length + 1)).sort()).sort((a, b) => a[0].localeCompare(b[0]));
}

/** Empties the cache's `hashes` store (a cold search). */
function clearHashes(page: Page): Promise<void> {
  return inDb(page, (openDb) =>
    openDb(
      (db) =>
        new Promise<void>((resolve, reject) => {
          const req = db.transaction('hashes', 'readwrite').objectStore('hashes').clear();
          req.onsuccess = () => resolve();
          req.onerror = () => reject(req.error);
        }),
    ),
  );
}

/**
 * The app's searches without hashes (from disk when `fromDisk`, and from the page cache) and with
 * them (see the module comment); with `profileTo`, one more search (untimed) with the main thread's
 * CPU profile saved there and its hottest functions printed.
 */
async function appRuns(dir: string, folder: DuplicateFolder, url: string, runs: number, fromDisk: boolean, profileTo?: string): Promise<DuplicateRun[]> {
  const browser = await launchBrowser();
  const { page } = browser;
  try {
    await page.goto(url);
    await page.waitForSelector('html[data-workers="ready"]', { state: 'attached', timeout: 60_000 });
    await dropPaths(page, [dir]);
    await page.waitForFunction((n) => Number(document.querySelector('#batch-progress')?.getAttribute('data-done')) === n, folder.files.length, { timeout: 600_000, polling: 200 });
    // The records written to the cache first (its writes wait for a quiet page), so they do not
    // run during the searches: until its entry count stands still for 2 s (backups share their
    // originals' keys, so it stops short of the file count).
    for (let last = -1, still = 0; still < 8; await page.waitForTimeout(250)) {
      const entries = Number(await page.locator('#cache-stats').getAttribute('data-entries'));
      still = entries === last ? still + 1 : 0;
      last = entries;
    }
    readFolder(dir); // every file in the page cache for the first run from it
    const times = { disk: [] as number[], page: [] as number[], warm: [] as number[] };
    // The similar-image stage that follows (the same click's pictures), from the identical files' groups to its own.
    const near = { disk: [] as number[], page: [] as number[], warm: [] as number[] };
    const threads: { disk?: DuplicateRun['threads']; page?: DuplicateRun['threads'] } = {};
    let bytes = 0;
    let coldSame = true;
    let warmSame = true;
    /**
     * One search: its time, whether its groups are the folder's, the browser's CPU per thread (until
     * the identical files' groups); then the similar-image stage's time, waited for before the view
     * closes (closing cancels it, and a cancelled stage's workers are replaced).
     */
    const search = async () => {
      const before = threadCpu();
      const t = await timeSearch(page);
      const used = cpuBetween(before, threadCpu());
      const ok = same(await appGroups(page, basename(dir)), folder.groups);
      const t1 = performance.now();
      await page.waitForSelector('#duplicates:not([data-near-phase="hashing"])', { state: 'attached', timeout: 600_000 });
      const nearMs = performance.now() - t1;
      await page.click('#duplicates-close');
      return { ms: t.ms, bytes: t.bytes, ok, used, nearMs };
    };
    for (let i = 0; i < runs; i++) {
      for (const variant of fromDisk ? (['disk', 'page'] as const) : (['page'] as const)) {
        await clearHashes(page);
        if (variant === 'disk') dropPageCache();
        const { ms, ok, used, bytes: read, nearMs } = await search();
        times[variant].push(ms);
        near[variant].push(nearMs);
        bytes = read;
        threads[variant] = used;
        coldSame &&= ok;
      }
      const { ms, ok, nearMs } = await search();
      times.warm.push(ms);
      near.warm.push(nearMs);
      warmSame &&= ok;
    }
    if (profileTo) {
      // One more search from the page cache, untimed, with the main thread profiled.
      await clearHashes(page);
      const stop = await startProfile(page, profileTo);
      await search();
      printHot('main thread, a search without hashes from the page cache', await stop(20), profileTo);
    }
    const ms = (xs: number[]) => Math.round(median(xs));
    return [
      {
        who: 'MetaExtract, no hashes cached',
        ...(fromDisk ? { diskMs: ms(times.disk) } : {}),
        pageMs: ms(times.page),
        sameGroups: coldSame,
        bytesRead: bytes,
        threads: fromDisk ? threads.disk : threads.page,
      },
      { who: 'MetaExtract, hashes cached', pageMs: ms(times.warm), sameGroups: warmSame },
      { who: 'then similar images, no hashes cached', ...(fromDisk ? { diskMs: ms(near.disk) } : {}), pageMs: ms(near.page) },
      { who: 'then similar images, hashes cached', pageMs: ms(near.warm) },
    ];
  } finally {
    await browser.close();
  }
}

/** The tools' runs from disk when `fromDisk`, then from the page cache after a warm-up run (see the module comment). */
async function toolRuns(dir: string, folder: DuplicateFolder, runs: number, fromDisk: boolean): Promise<DuplicateRun[]> {
  const out: DuplicateRun[] = [];
  for (const tool of TOOLS) {
    const cwd = await mkdtemp(join(tmpdir(), `metaextract-${tool.command}-`));
    let sameGroups = true;
    const run = async () => {
      const t0 = performance.now();
      const r = spawnSync(tool.command, tool.args(dir), { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
      const ms = performance.now() - t0;
      sameGroups &&= same(normalise(await tool.groups(r.stdout, cwd), dir), folder.groups);
      return ms;
    };
    const disk: number[] = [];
    for (let i = 0; fromDisk && i < runs; i++) {
      dropPageCache();
      disk.push(await run());
    }
    const page: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const ms = await run();
      if (i > 0) page.push(ms);
    }
    out.push({ who: tool.who, ...(fromDisk ? { diskMs: Math.round(median(disk)) } : {}), pageMs: Math.round(median(page)), sameGroups });
    await rm(cwd, { recursive: true, force: true });
  }
  return out;
}

/** The browser's floor for the app's search (duplicates-floor.ts), from disk when `fromDisk`, then from the page cache. */
async function floorRuns(dir: string, folder: DuplicateFolder, runs: number, fromDisk: boolean): Promise<DuplicateRun> {
  const plan = await readPlan(folder.files.map((f) => join(dir, f)));
  const browser = await launchBrowser();
  try {
    const diskMs = fromDisk ? await duplicatesFloor(browser.context, dir, folder.files, plan, runs, dropPageCache) : undefined;
    if (!fromDisk) readFolder(dir);
    const pageMs = await duplicatesFloor(browser.context, dir, folder.files, plan, runs);
    const bytes = [...plan.partial, ...plan.full].reduce((n, [, ranges]) => n + ranges.reduce((m, [, length]) => m + length, 0), 0);
    return { who: 'Browser floor (a bare page reading the same)', ...(diskMs === undefined ? {} : { diskMs: Math.round(diskMs) }), pageMs: Math.round(pageMs), bytesRead: bytes };
  } finally {
    await browser.close();
  }
}

/**
 * Original `i`'s size: its camera head and an eighth of its scan, give or take up to 32 KiB (a real
 * JPEG's size follows its content, so photos of one camera and resolution seldom share a size),
 * at least 4 KiB past the head; but every 15th has the size of the one before it when that leaves
 * room for its head (same-size different photos, read further).
 */
function fileSize(i: number): number {
  const head = cameraPhoto(i).header.length;
  const own = head + 2 + Math.max(4096, (cameraPhoto(i).scanBytes >> 3) + (hash(i, 99) % 65_536) - 32_768);
  const before = i % 15 === 5 ? fileSize(i - 1) : 0;
  return before >= head + 2 + 4096 ? before : own;
}

/** The duplicates scenario over `n` originals (see the module comment). */
export async function benchDuplicates(n: number, url: string, runs: number, profileTo?: string): Promise<DuplicatesBench> {
  const tools = ensureTools();
  const dir = join(await mkdtemp(join(tmpdir(), 'metaextract-duplicates-')), 'photos');
  console.log(`\nDuplicates: writing ${n} photos with copies under ${dir}…`);
  const folder = await writeDuplicateFolder(dir, n, (i) => {
    const p = cameraPhoto(i);
    return { name: cameraPhotoName(i), head: p.header, body: fileSize(i) - p.header.length - 2, mtime: p.mtime };
  });
  try {
    const fromDisk = dropPageCache();
    if (!fromDisk) console.warn('  The page cache cannot be dropped here (not root, or not Linux): the runs from disk are skipped.');
    const disk = fromDisk ? { catMBps: Math.round(folder.bytes / 1e3 / readFolder(dir)), ddMBps: ddSpeed(dir, folder.bytes) } : undefined;
    if (fromDisk) dropPageCache();
    const toolFigures = tools ? await toolRuns(dir, folder, runs, fromDisk) : [];
    if (!tools) console.warn('  jdupes or rmlint missing (not root, or apt-get failed): the app only.');
    const app = await appRuns(dir, folder, url, runs, fromDisk, profileTo);
    const floor = await floorRuns(dir, folder, runs, fromDisk);
    return { files: folder.files.length, bytes: folder.bytes, groups: folder.groups.length, fromDisk, ...(disk ? { disk } : {}), runs: [...app, floor, ...toolFigures] };
  } finally {
    await rm(join(dir, '..'), { recursive: true, force: true });
  }
}

export function printDuplicates(b: DuplicatesBench): void {
  console.log(
    `\nExact duplicates, ${b.files.toLocaleString('en')} files (${(b.bytes / 1e9).toFixed(2)} GB, ${b.groups} groups). App: click → groups on screen, the folder already listed; tools: whole process, walk included. Medians, ms:`,
  );
  const width = Math.max(...b.runs.map((r) => r.who.length));
  const cell = (ms: number | undefined) => (ms === undefined ? '—' : String(ms)).padStart(12);
  console.log(`  ${''.padEnd(width)}  ${'from disk'.padStart(12)}  ${'page cache'.padStart(12)}`);
  for (const r of b.runs) {
    const read = r.bytesRead === undefined ? '' : `, ${(r.bytesRead / 1e6).toFixed(1)} MB ${r.sameGroups === undefined ? 'read' : 'hashed'}`;
    const groups = r.sameGroups === undefined ? 'same groups: —  ' : `same groups: ${r.sameGroups ? 'yes' : 'NO'}`;
    console.log(`  ${r.who.padEnd(width)}  ${cell(r.diskMs)}  ${cell(r.pageMs)}  ${groups}${read}`);
  }
  if (b.disk)
    console.log(
      `  From disk: the page cache dropped before each run. The disk's read speed: the folder's files read whole by cat ${b.disk.catMBps} MB/s; one big file of their bytes by dd (8 MiB reads) ${b.disk.ddMBps} MB/s.`,
    );
  else console.log('  From disk: skipped (the page cache could not be dropped: needs root on Linux).');
  for (const r of b.runs.filter((x) => x.threads?.length))
    console.log(`  ${r.who}, CPU ms per thread (last run${b.fromDisk ? ' from disk' : ''}): ${r.threads!.map((t) => `${t.thread} ${t.ms}`).join(', ')}`);
}
