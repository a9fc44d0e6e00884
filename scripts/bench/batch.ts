/**
 * Batch throughput: N small photos (photos.ts) in 10 folders, dropped on the page as one folder
 * (a real drop through DevTools, e2e/drop.ts), in Chromium against the built app once it has
 * loaded (workers warm), timed end to end (from the drop to `#batch-progress` data-done ==
 * data-total == N):
 * 1. uncached (`?cache=off`): files/s, when all rows were listed, the longest main-thread task
 *    and the count of tasks > 50 ms (a 'longtask' PerformanceObserver injected with
 *    addInitScript), the browser's memory growth; then the per-file worker times (stats.ms from
 *    the JSON export: the list is virtualised, so only visible rows are in the DOM) against the
 *    wall time, to see whether the workers or the main thread bound the batch;
 * 2. the same, uncached, through the `webkitdirectory` input (`#folder`, the fallback of browsers
 *    without folder handles);
 * 3. the folder dropped with the cache on, on the same (empty) profile: extraction plus IndexedDB
 *    writes; it fills the cache for the next two;
 * 4. reload (without cache=off): the app restores the last list from IndexedDB; time from reload
 *    to all N rows done;
 * 5. `#clear`, then the same folder again: every file a cache hit (key name + size + lastModified);
 * 6. the browser's own floor for 5: the folder walked on a bare page, without the app (walk-floor.ts).
 * Then `exiftool -j -fast` over the same files, split evenly among os.cpus().length processes
 * running at once, when exiftool is installed, and the ratio app/exiftool in files/s (uncached
 * run). A `Probe` adds a CPU profile or a timeline trace of each pass.
 */
import type { Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import type { MetadataRecord } from '../../src/extractors/types';
import { dropPaths } from '../../e2e/drop';
import { storedCount } from '../../e2e/stored';
import { launchBrowser } from './browser';
import { startProfile, type HotFunction } from './cpu-profile';
import { startTrace, type TaskBreakdown } from './trace';
import { writePhotos } from './photos';
import { walkFloor, type WalkFloor } from './walk-floor';
import { treeRss } from './process-memory';
import { REFERENCE_TOOLS, available, median } from './reference-tools';

/** One timed pass of the app over the folder. */
export interface BatchRun {
  scenario: string;
  files: number;
  /** From the action (setInputFiles or reload) to data-done == data-total == N. */
  seconds: number;
  filesPerSecond: number;
  /** From the action to data-total == N (every row in the list). */
  listedSeconds: number;
  longestTaskMs: number;
  longTasksOver50ms: number;
  longTasksTotalMs: number;
  /** Growth of the browser's summed RSS, peak during the pass minus before; null without /proc. */
  memPeakMB: number | null;
  /** With a `cpu-profile` probe: the main thread's hottest functions (self time) during the pass. */
  hot?: HotFunction[];
  /** With a `trace` probe: every main-thread task over 50 ms and what it spent its time on. */
  slowTasks?: TaskBreakdown[];
}

export interface BatchResult {
  files: number;
  folders: number;
  totalMB: number;
  writeSeconds: number;
  /** 1-minute load average before and after (the machine may be shared: figures drop under load). */
  loadAverage: { before: number; after: number };
  runs: BatchRun[];
  /** Where the uncached run's time went. */
  profile: {
    workers: number;
    workerMsSum: number;
    workerMsMedian: number;
    workerMsP95: number;
    workerMsMax: number;
    /** workerMsSum / (workers × wall time): 1 = the workers never waited. */
    workerUtilisation: number;
    statuses: Record<string, number>;
  };
  /** The folder walked with no app: what a re-drop of the cached folder cannot beat. */
  walkFloor: WalkFloor;
  exiftool: { processes: number; seconds: number; filesPerSecond: number; filesReported: number } | null;
  /** App files/s (uncached) / exiftool files/s; the target is ≥ 3. */
  ratio: number | null;
}

const MB = 1024 * 1024;
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Collects the page's long tasks into `window.__longTasks` (durations in ms) from its start. */
function observeLongTasks() {
  const w = window as unknown as { __longTasks: number[] };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
}

/**
 * Waits until the app has loaded: its workers have loaded every extractor (`data-workers`), as
 * they have by the time a user drops a folder.
 */
async function appLoaded(page: Page): Promise<void> {
  await page.waitForSelector('html[data-workers="ready"]', { state: 'attached', timeout: 60_000 });
}

/** Resolves with performance.now() once #batch-progress shows data-total == n (and data-done == n when `done`). */
function whenProgress(page: Page, n: number, done: boolean): Promise<number> {
  return page
    .waitForFunction(
      ([n, done]) => {
        const el = document.querySelector<HTMLElement>('#batch-progress');
        return el?.dataset.total === String(n) && (!done || el.dataset.done === String(n));
      },
      [n, done] as const,
      { polling: 20, timeout: 0 },
    )
    .then(() => performance.now());
}

/** What to record during each pass: a CPU profile or a timeline trace, saved to `saveTo(pass)`. */
export interface Probe {
  kind: 'cpu-profile' | 'trace';
  saveTo(pass: number): string;
}

/**
 * Runs `action` and times it until all `n` rows are listed and done, sampling the browser's memory;
 * with a `probe`, also profiles or traces the main thread (after a reload: from the new page's
 * start) and saves the profile or trace.
 */
async function timed(page: Page, pid: number, scenario: string, n: number, action: () => Promise<unknown>, probe?: { kind: Probe['kind']; path: string }): Promise<BatchRun> {
  await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
  const stopProfile = probe?.kind === 'cpu-profile' ? await startProfile(page, probe.path) : null;
  const stopTrace = probe?.kind === 'trace' ? await startTrace(page, probe.path) : null;
  const before = treeRss(pid);
  let peak = before ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRss(pid) ?? 0)), 500);
  const t0 = performance.now();
  await action();
  const [listed, done] = await Promise.all([whenProgress(page, n, false), whenProgress(page, n, true)]);
  clearInterval(sampler);
  const hot = stopProfile ? await stopProfile(12) : undefined;
  const slowTasks = stopTrace ? await stopTrace() : undefined;
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  const errors = Number(await page.locator('#batch-progress').getAttribute('data-errors'));
  if (errors) console.warn(`  ${scenario}: ${errors} files with errors`);
  const seconds = (done - t0) / 1000;
  return {
    scenario,
    files: n,
    seconds: round(seconds, 2),
    filesPerSecond: Math.round(n / seconds),
    listedSeconds: round((listed - t0) / 1000, 2),
    longestTaskMs: Math.round(Math.max(0, ...tasks)),
    longTasksOver50ms: tasks.filter((d) => d > 50).length,
    longTasksTotalMs: Math.round(tasks.reduce((a, b) => a + b, 0)),
    memPeakMB: before === null ? null : round((peak - before) / MB),
    ...(hot ? { hot } : {}),
    ...(slowTasks ? { slowTasks } : {}),
  };
}

/** The list's records, through #export-json (the JSON export of the README). */
async function exportedRecords(page: Page): Promise<MetadataRecord[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  return JSON.parse(await readFile(await download.path(), 'utf8')) as MetadataRecord[];
}


/**
 * Runs exiftool over `files` split into `processes` equal shares, one `exiftool -j -fast -@ -`
 * process per share (file names on stdin), all at once; returns the wall time in seconds and the
 * count of files exiftool reported.
 */
async function exiftoolPool(files: string[], processes: number): Promise<{ seconds: number; filesReported: number }> {
  const share = Math.ceil(files.length / processes);
  const one = (names: string[]) =>
    new Promise<number>((resolve, reject) => {
      const p = spawn('exiftool', ['-j', '-fast', '-@', '-'], { stdio: ['pipe', 'pipe', 'ignore'] });
      const out: Buffer[] = [];
      p.stdout.on('data', (b: Buffer) => out.push(b));
      p.on('error', reject);
      p.on('close', () => resolve((JSON.parse(Buffer.concat(out).toString('utf8')) as unknown[]).length));
      p.stdin.end(names.join('\n'));
    });
  const t0 = performance.now();
  const counts = await Promise.all(Array.from({ length: Math.min(processes, files.length) }, (_, i) => one(files.slice(i * share, (i + 1) * share))));
  return { seconds: (performance.now() - t0) / 1000, filesReported: counts.reduce((a, b) => a + b, 0) };
}

/** The batch scenario over `n` generated photos against the app served at `baseUrl`. */
export async function runBatch(n: number, baseUrl: string, dir: string, probe?: Probe): Promise<BatchResult> {
  const loadBefore = round(loadavg()[0], 2);
  console.log(`Batch: writing ${n.toLocaleString('en')} photos to ${dir}…`);
  let t = performance.now();
  const { folders, files, bytes } = await writePhotos(dir, n);
  const writeSeconds = round((performance.now() - t) / 1000, 2);
  const browser = await launchBrowser();
  const { page, pid } = browser;
  // The folder as a user drops it from the file manager (real directory entries and handles);
  // the webkitdirectory input, the fallback of browsers without them, is timed once as well.
  const drop = () => dropPaths(page, [dir]);
  const pick = () => page.setInputFiles('#folder', dir);
  const runs: BatchRun[] = [];
  try {
    await browser.context.addInitScript(observeLongTasks);

    await page.goto(`${baseUrl}/?cache=off`);
    await appLoaded(page);
    const profileTo = (i: number) => (probe ? { kind: probe.kind, path: probe.saveTo(i) } : undefined);
    runs.push(await timed(page, pid, 'uncached (?cache=off), folder dropped', n, drop, profileTo(1)));
    console.log(`  uncached: ${runs[0].seconds} s`);
    const workers = page.workers().length;
    const records = await exportedRecords(page);
    const ms = records.map((r) => r.stats.ms).sort((a, b) => a - b);
    const statuses: Record<string, number> = {};
    for (const r of records) {
      const s = r.errors.length ? `${r.format.id}: ${r.errors[0].code}` : r.format.id;
      statuses[s] = (statuses[s] ?? 0) + 1;
    }
    const workerMsSum = ms.reduce((a, b) => a + b, 0);
    const profile = {
      workers,
      workerMsSum: Math.round(workerMsSum),
      workerMsMedian: round(median(ms), 2),
      workerMsP95: round(ms[Math.floor(ms.length * 0.95)], 2),
      workerMsMax: round(ms[ms.length - 1], 2),
      workerUtilisation: round(workerMsSum / (Math.max(workers, 1) * runs[0].seconds * 1000), 3),
      statuses,
    };

    await page.click('#clear');
    await whenProgress(page, 0, true);
    runs.push(await timed(page, pid, 'uncached, webkitdirectory input', n, pick, profileTo(2)));
    console.log(`  uncached, webkitdirectory input: ${runs[1].seconds} s`);

    await page.goto(baseUrl);
    await appLoaded(page);
    runs.push(await timed(page, pid, 'cache on, first open (extract + store)', n, drop, profileTo(3)));
    console.log(`  cache on, first open: ${runs[2].seconds} s`);
    // The session list and the records are written after short debounces: wait for both.
    t = performance.now();
    while ((await storedCount(page, 'session')) !== n || (await storedCount(page, 'records')) !== n) {
      if (performance.now() - t > 120_000) throw new Error('the cache did not reach N records and session rows in 2 min');
      await page.waitForTimeout(200);
    }

    runs.push(await timed(page, pid, 'reload: list restored from cache', n, () => page.reload(), profileTo(4)));
    console.log(`  reload: ${runs[3].seconds} s`);

    await appLoaded(page);
    await page.click('#clear');
    await whenProgress(page, 0, true);
    runs.push(await timed(page, pid, 'same folder again (all cached)', n, drop, profileTo(5)));
    console.log(`  same folder again: ${runs[4].seconds} s`);
    const fromCache = (await exportedRecords(page)).filter((r) => r.stats.cached).length;
    if (fromCache !== n) console.warn(`  same folder again: only ${fromCache} of ${n} records were cache hits`);
    const floor = await walkFloor(browser.context, dir);
    console.log(`  folder walk alone: ${floor.openMs} ms`);

    const tool = REFERENCE_TOOLS.photo;
    let exiftool: BatchResult['exiftool'] = null;
    if (available(tool)) {
      const processes = cpus().length;
      const r = await exiftoolPool(files, processes);
      exiftool = { processes, seconds: round(r.seconds, 2), filesPerSecond: Math.round(n / r.seconds), filesReported: r.filesReported };
      console.log(`  exiftool: ${exiftool.seconds} s`);
    } else console.log('  exiftool not installed: no reference figure');
    return {
      files: n,
      folders: folders.length,
      totalMB: round(bytes / MB),
      writeSeconds,
      loadAverage: { before: loadBefore, after: round(loadavg()[0], 2) },
      runs,
      profile,
      walkFloor: floor,
      exiftool,
      ratio: exiftool ? round(runs[0].filesPerSecond / exiftool.filesPerSecond, 2) : null,
    };
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Prints the batch table, the per-file profile of the uncached run and the exiftool ratio. */
export function printBatch(r: BatchResult) {
  const head = ['scenario', 'files', 's', 'files/s', 'listed s', 'longest task ms', 'tasks >50ms', 'long tasks total ms', 'mem peak MB'];
  const lines = r.runs.map((x) => [x.scenario, String(x.files), String(x.seconds), String(x.filesPerSecond), String(x.listedSeconds), String(x.longestTaskMs), String(x.longTasksOver50ms), String(x.longTasksTotalMs), String(x.memPeakMB ?? '—')]);
  if (r.exiftool) lines.push([`exiftool -j -fast, ${r.exiftool.processes} processes`, String(r.exiftool.filesReported), String(r.exiftool.seconds), String(r.exiftool.filesPerSecond), '—', '—', '—', '—', '—']);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\nBatch: ${r.files.toLocaleString('en')} photos (${r.totalMB} MB in ${r.folders} folders, written in ${r.writeSeconds} s; load average ${r.loadAverage.before} → ${r.loadAverage.after} on ${cpus().length} CPUs)`);
  console.log(`${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(fmt).join('\n')}`);
  const p = r.profile;
  console.log(`Uncached run, per file in the worker: median ${p.workerMsMedian} ms, p95 ${p.workerMsP95} ms, max ${p.workerMsMax} ms, sum ${p.workerMsSum} ms over ${p.workers} worker(s) = ${Math.round(p.workerUtilisation * 100)}% of the wall time; results ${JSON.stringify(p.statuses)}`);
  const w = r.walkFloor;
  console.log(`The folder walked on a bare page, no app (the floor of "same folder again"): ${w.files} files listed in ${w.enumerateMs} ms, listed and opened (getFile, for size and date) in ${w.openMs} ms`);
  for (const run of r.runs.filter((x) => x.hot)) {
    console.log(`${run.scenario}: main thread, self time by function (CPU profile; build with --minify false for names):`);
    for (const h of run.hot!) console.log(`  ${String(h.selfMs).padStart(6)} ms  ${String(h.percent).padStart(5)}%  ${h.where}`);
  }
  for (const run of r.runs.filter((x) => x.slowTasks)) {
    console.log(`${run.scenario}: main-thread tasks over 50 ms in the trace (parts are inclusive times, nested parts overlap):`);
    for (const t of run.slowTasks!) console.log(`  at ${(t.atMs / 1000).toFixed(2)} s, ${t.ms} ms: ${t.parts.map((p) => `${p.name} ${p.ms}`).join(' · ')}`);
  }
  console.log(r.ratio === null ? 'exiftool not installed: no ratio' : `App (uncached) / exiftool throughput: ${r.ratio}× (target ≥ 3×)`);
}
