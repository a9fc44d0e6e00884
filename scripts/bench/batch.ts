/**
 * Batch throughput over two photo sets of N files each, in sub-folders of 1000:
 * - `tiny`: photos.ts, 3–6 KB JPEGs with a 16×16 image (the metadata walk at its cheapest);
 * - `camera`: camera-photos.ts, JPEGs of real cameras' pixel sizes, file sizes (51 KB–7.9 MB,
 *   the image data a sparse hole) and segment layouts (MakerNotes, IFD1 thumbnails, ICC, XMP,
 *   IPTC).
 * Each set goes through the built app in Chromium, every pass on a freshly loaded page whose
 * service worker is active and whose workers are ready (as when a user adds files), timed from
 * the action (Playwright's setInputFiles, or the drop) to `#batch-progress` data-done ==
 * data-total == N. In order:
 * 1. picked through the files input (`#files`, the way most people add files), cache off (`?cache=off`);
 * 2. the folder dropped on the page, cache off (a real drop through DevTools, e2e/drop.ts: the page
 *    gets directory handles and walks them in a worker);
 * 3. tiny set only: the folder through the `webkitdirectory` input (`#folder`, the fallback of
 *    browsers without folder handles), cache off;
 * 4. picked through the files input, cache on, on a fresh profile (the first open: what a user
 *    gets): extraction plus IndexedDB writes; "stored s" is when the cache holds all N records
 *    and the saved list's pages (whenStored);
 * 5. the folder dropped, cache on, on another fresh profile;
 * and for the tiny set only (to keep the run short), after 5:
 * 6. reload: the app restores the list from IndexedDB; from the reload to all N rows done;
 * 7. `#clear`, then the same folder dropped again: every file a cache hit (key name + size + lastModified);
 * 8. the browser's own floor for 7: the folder walked on a bare page, without the app (walk-floor.ts).
 * And for both sets, after 1–3: the browser's own floor for 1, the files picked on a bare page whose
 * workers only read the bytes the app reads (read-floor.ts), median of 3.
 * For each pass: files/s, when all rows were listed, the longest main-thread task and the count of
 * tasks > 50 ms (a 'longtask' PerformanceObserver injected with addInitScript; for cache-on
 * passes until the cache writes end), the browser's memory growth; for the cache-on first opens,
 * the per-file worker times (stats.ms of the saved list rows) against the wall time, to see
 * whether the workers or the main thread bound the batch. Then `exiftool -j -fast` over the same
 * files, split evenly among os.cpus().length processes running at once, when exiftool is
 * installed, and each extracting pass's files/s over exiftool's. A `Probe` adds a CPU profile or
 * a timeline trace of each pass.
 */
import type { Page } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import type { MetadataRecord } from '../../src/extractors/types';
import { dropPaths } from '../../e2e/drop';
import { inDb, storedCount } from '../../e2e/stored';
import { launchBrowser, type Browser } from './browser';
import { startProfile, type HotFunction } from './cpu-profile';
import { startTrace, type TaskBreakdown } from './trace';
import { writePhotos, type WrittenPhotos } from './photos';
import { writeCameraPhotos } from './camera-photos';
import { walkFloor, type WalkFloor } from './walk-floor';
import { readFloor } from './read-floor';
import { treeRss } from './process-memory';
import { cpuBetween, threadCpu } from './thread-cpu';
import { REFERENCE_TOOLS, available, median } from './reference-tools';

/** The photo sets and how each is written. */
export const PHOTO_SETS = {
  tiny: { label: 'tiny photos (3–6 KB, 16×16 image; photos.ts)', write: writePhotos },
  camera: { label: 'camera-like photos (51 KB–7.9 MB, sparse image data; camera-photos.ts)', write: writeCameraPhotos },
} as const;
export type PhotoSet = keyof typeof PHOTO_SETS;

/** Where the per-file worker time of a pass went. */
export interface WorkerProfile {
  workers: number;
  workerMsSum: number;
  workerMsMedian: number;
  workerMsP95: number;
  workerMsMax: number;
  /** workerMsSum / (workers × wall time): 1 = the workers never waited. */
  workerUtilisation: number;
  statuses: Record<string, number>;
}

/** One timed pass of the app over the folder. */
export interface BatchRun {
  scenario: string;
  files: number;
  /** From the action (setInputFiles, the drop or the reload) to data-done == data-total == N. */
  seconds: number;
  filesPerSecond: number;
  /** From the action to data-total == N (every row in the list). */
  listedSeconds: number;
  /** Cache on: from the action until the cache holds N records and the list's pages (null: not within 2 min of the last row). */
  storedSeconds?: number | null;
  longestTaskMs: number;
  longTasksOver50ms: number;
  longTasksTotalMs: number;
  /** Growth of the browser's summed RSS, peak during the pass minus before; null without /proc. */
  memPeakMB: number | null;
  /** Where the time went: the browser's CPU ms per thread group during the pass (thread-cpu.ts), the largest first. */
  cpu: { thread: string; ms: number }[];
  /** Whether the pass extracts every file (not a reload or a re-drop of cached files). */
  extracts: boolean;
  /** filesPerSecond / exiftool's, for the passes that extract; the target is ≥ 3. */
  vsExiftool: number | null;
  /** Cache-on first opens: the worker times of the saved rows. */
  profile?: WorkerProfile;
  /** With a `cpu-profile` probe: the main thread's hottest functions (self time) during the pass. */
  hot?: HotFunction[];
  /** With a `trace` probe: every main-thread task over 50 ms and what it spent its time on. */
  slowTasks?: TaskBreakdown[];
}

/** The batch figures of one photo set. */
export interface SetResult {
  set: PhotoSet;
  label: string;
  files: number;
  folders: number;
  /** Sizes as the file system reports them (st_size), and the space taken on disk (st_blocks). */
  totalMB: number;
  onDiskMB: number | null;
  writeSeconds: number;
  /** 1-minute load average before and after (the machine may be shared: figures drop under load). */
  loadAverage: { before: number; after: number };
  runs: BatchRun[];
  /** Tiny set: the folder walked with no app, what a re-drop of the cached folder cannot beat. */
  walkFloor: WalkFloor | null;
  /** The files picked on a bare page that only reads them (read-floor.ts): what the files-input pass cannot beat. */
  readFloor: { workers: number; seconds: number; filesPerSecond: number; vsExiftool: number | null };
  exiftool: { processes: number; seconds: number; filesPerSecond: number; filesReported: number; warnings: number } | null;
}

export interface BatchResult {
  sets: SetResult[];
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
 * Loads `url` and waits until the app has loaded as it has by the time a user adds files: its
 * service worker is active (the app precached; on a fresh profile this is the first visit) and
 * its workers have loaded every extractor (`data-workers`).
 */
async function loadApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await appLoaded(page);
}
async function appLoaded(page: Page): Promise<void> {
  await page.waitForSelector('html[data-workers="ready"]', { state: 'attached', timeout: 60_000 });
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
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

/** Rows in a page of the app's saved list (schema.ts SESSION_PAGE). */
const SESSION_PAGE = 100;

/**
 * Resolves with performance.now() once the cache holds `n` records and the ⌈n / SESSION_PAGE⌉
 * pages of the saved list, or with null (and a warning) if it does not within 2 minutes (e.g.
 * records evicted over the budget). Polls with IndexedDB count()s, which read no values, so the
 * polling adds no work of note to the page's main thread while its long tasks are counted.
 */
async function whenStored(page: Page, n: number): Promise<number | null> {
  const t0 = performance.now();
  const pages = Math.ceil(n / SESSION_PAGE);
  for (;;) {
    const [records, sessionPages] = await inDb(page, (openDb) =>
      openDb(
        (db) =>
          new Promise<[number, number]>((resolve, reject) => {
            const tx = db.transaction(['records', 'session']);
            const a = tx.objectStore('records').count();
            const b = tx.objectStore('session').count();
            tx.oncomplete = () => resolve([a.result, b.result]);
            tx.onerror = () => reject(tx.error);
          }),
      ),
    );
    if (records === n && sessionPages === pages) return performance.now();
    if (performance.now() - t0 > 120_000) {
      console.warn(`  the cache holds ${records} records and ${sessionPages} list pages of ${n} and ${pages}, 2 min after the last row`);
      return null;
    }
    await page.waitForTimeout(100);
  }
}

/** What to record during each pass: a CPU profile or a timeline trace, saved to `saveTo(pass)`. */
export interface Probe {
  kind: 'cpu-profile' | 'trace';
  saveTo(pass: string): string;
}

/**
 * Runs `action` and times it until all `n` rows are listed and done (and with `stored`, until
 * the cache holds them), sampling the browser's memory; with a `probe`, also profiles or traces
 * the main thread (after a reload: from the new page's start) and saves the profile or trace.
 */
async function timed(
  b: Browser,
  scenario: string,
  n: number,
  action: () => Promise<unknown>,
  opts: { stored?: boolean; extracts: boolean; probe?: { kind: Probe['kind']; path: string } },
): Promise<BatchRun> {
  const { page, pid } = b;
  await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
  const stopProfile = opts.probe?.kind === 'cpu-profile' ? await startProfile(page, opts.probe.path) : null;
  const stopTrace = opts.probe?.kind === 'trace' ? await startTrace(page, opts.probe.path) : null;
  const before = treeRss(pid);
  let peak = before ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRss(pid) ?? 0)), 500);
  const cpuBefore = threadCpu();
  const t0 = performance.now();
  await action();
  const [listed, done] = await Promise.all([whenProgress(page, n, false), whenProgress(page, n, true)]);
  const cpu = cpuBetween(cpuBefore, threadCpu(), 100);
  const stored = opts.stored ? await whenStored(page, n) : undefined;
  clearInterval(sampler);
  const hot = stopProfile ? await stopProfile(12) : undefined;
  const slowTasks = stopTrace ? await stopTrace() : undefined;
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  // The saved list, read whole once the long tasks are in: every row there, not only its pages.
  if (stored && (await storedCount(page, 'session')) !== n) console.warn(`  ${scenario}: the saved list does not hold ${n} rows`);
  const errors = Number(await page.locator('#batch-progress').getAttribute('data-errors'));
  if (errors) console.warn(`  ${scenario}: ${errors} files with errors`);
  const seconds = (done - t0) / 1000;
  const run: BatchRun = {
    scenario,
    files: n,
    seconds: round(seconds, 2),
    filesPerSecond: Math.round(n / seconds),
    listedSeconds: round((listed - t0) / 1000, 2),
    ...(stored === undefined ? {} : { storedSeconds: stored === null ? null : round((stored - t0) / 1000, 2) }),
    longestTaskMs: Math.round(Math.max(0, ...tasks)),
    longTasksOver50ms: tasks.filter((d) => d > 50).length,
    longTasksTotalMs: Math.round(tasks.reduce((a, b) => a + b, 0)),
    memPeakMB: before === null ? null : round((peak - before) / MB),
    cpu,
    extracts: opts.extracts,
    vsExiftool: null,
    ...(hot ? { hot } : {}),
    ...(slowTasks ? { slowTasks } : {}),
  };
  console.log(`  ${scenario}: ${run.seconds} s${stored ? ` (stored at ${run.storedSeconds} s)` : ''}`);
  return run;
}

/** Per-file worker times of the saved list (cache on): stats.ms, format and first error of each row's record. */
async function workerProfile(page: Page, run: BatchRun): Promise<WorkerProfile> {
  const heads = await inDb(page, (openDb) =>
    openDb(
      (db) =>
        new Promise<{ ms: number; status: string }[]>((resolve, reject) => {
          const req = db.transaction('session').objectStore('session').getAll();
          req.onsuccess = () =>
            resolve(
              (req.result as { rows: { head: string }[] }[]).flatMap((p) =>
                p.rows.map((row) => {
                  const r = JSON.parse(row.head) as MetadataRecord;
                  return { ms: r.stats.ms, status: r.errors.length ? `${r.format.id}: ${r.errors[0].code}` : r.format.id };
                }),
              ),
            );
          req.onerror = () => reject(req.error);
        }),
    ),
  );
  const ms = heads.map((h) => h.ms).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const h of heads) statuses[h.status] = (statuses[h.status] ?? 0) + 1;
  const workers = page.workers().length;
  const workerMsSum = ms.reduce((a, b) => a + b, 0);
  return {
    workers,
    workerMsSum: Math.round(workerMsSum),
    workerMsMedian: round(median(ms), 2),
    workerMsP95: round(ms[Math.floor(ms.length * 0.95)], 2),
    workerMsMax: round(ms[ms.length - 1], 2),
    workerUtilisation: round(workerMsSum / (Math.max(workers, 1) * run.seconds * 1000), 3),
    statuses,
  };
}

/** The list's records, through #export-json (the JSON export of the README). */
async function exportedRecords(page: Page): Promise<MetadataRecord[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  return JSON.parse(await readFile(await download.path(), 'utf8')) as MetadataRecord[];
}

/**
 * Runs exiftool over `files` split into `processes` equal shares, one `exiftool -j -fast -@ -`
 * process per share (file names on stdin), all at once; returns the wall time in seconds, the
 * count of files exiftool reported and of those with a Warning or Error tag.
 */
async function exiftoolPool(files: string[], processes: number): Promise<{ seconds: number; filesReported: number; warnings: number }> {
  const share = Math.ceil(files.length / processes);
  const one = (names: string[]) =>
    new Promise<Record<string, unknown>[]>((resolve, reject) => {
      const p = spawn('exiftool', ['-j', '-fast', '-@', '-'], { stdio: ['pipe', 'pipe', 'ignore'] });
      const out: Buffer[] = [];
      p.stdout.on('data', (b: Buffer) => out.push(b));
      p.on('error', reject);
      p.on('close', () => resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as Record<string, unknown>[]));
      p.stdin.end(names.join('\n'));
    });
  const t0 = performance.now();
  const reports = (await Promise.all(Array.from({ length: Math.min(processes, files.length) }, (_, i) => one(files.slice(i * share, (i + 1) * share))))).flat();
  return { seconds: (performance.now() - t0) / 1000, filesReported: reports.length, warnings: reports.filter((r) => 'Warning' in r || 'Error' in r).length };
}

/** Space the files take on disk (`du`), in MB; null where du is missing. */
function onDiskMB(dir: string): number | null {
  const r = spawnSync('du', ['-sk', dir], { encoding: 'utf8' });
  return r.status === 0 ? round(Number(r.stdout.split('\t')[0]) / 1024) : null;
}

/** The passes of one set against the app served at `baseUrl` (see the module comment). */
async function runSet(set: PhotoSet, n: number, baseUrl: string, dir: string, probe?: Probe): Promise<SetResult> {
  const loadBefore = round(loadavg()[0], 2);
  const { label, write } = PHOTO_SETS[set];
  console.log(`Batch, ${label}: writing ${n.toLocaleString('en')} photos to ${dir}…`);
  const t = performance.now();
  const { folders, files, bytes }: WrittenPhotos = await write(dir, n);
  const writeSeconds = round((performance.now() - t) / 1000, 2);
  const runs: BatchRun[] = [];
  let passes = 0;
  const probeOf = () => (probe ? { kind: probe.kind, path: probe.saveTo(`${set}-${++passes}`) } : undefined);
  const pick = (b: Browser) => () => b.page.setInputFiles('#files', files);
  // The folder as a user drops it from the file manager (real directory entries and handles).
  const drop = (b: Browser) => () => dropPaths(b.page, [dir]);
  const extras = set === 'tiny';
  let floor: WalkFloor | null = null;
  let readOnly: Omit<SetResult['readFloor'], 'vsExiftool'> | undefined;
  const withBrowser = async (use: (b: Browser) => Promise<void>) => {
    const b = await launchBrowser();
    try {
      await b.context.addInitScript(observeLongTasks);
      await use(b);
    } finally {
      await b.close();
    }
  };
  try {
    await withBrowser(async (b) => {
      await loadApp(b.page, `${baseUrl}/?cache=off`);
      runs.push(await timed(b, 'files input, cache off', n, pick(b), { extracts: true, probe: probeOf() }));
      await loadApp(b.page, `${baseUrl}/?cache=off`);
      runs.push(await timed(b, 'folder dropped, cache off', n, drop(b), { extracts: true, probe: probeOf() }));
      if (extras) {
        await loadApp(b.page, `${baseUrl}/?cache=off`);
        runs.push(await timed(b, 'webkitdirectory input, cache off', n, () => b.page.setInputFiles('#folder', dir), { extracts: true, probe: probeOf() }));
      }
      const workers = b.page.workers().filter((w) => w.url().includes('extract')).length;
      const seconds = await readFloor(b.context, files, workers);
      readOnly = { workers, seconds: round(seconds, 2), filesPerSecond: Math.round(n / seconds) };
      console.log(`  files input, reads only (no app): ${readOnly.seconds} s`);
    });
    await withBrowser(async (b) => {
      await loadApp(b.page, baseUrl);
      const run = await timed(b, 'files input, cache on, first open', n, pick(b), { stored: true, extracts: true, probe: probeOf() });
      runs.push({ ...run, profile: await workerProfile(b.page, run) });
    });
    await withBrowser(async (b) => {
      await loadApp(b.page, baseUrl);
      const run = await timed(b, 'folder dropped, cache on, first open', n, drop(b), { stored: true, extracts: true, probe: probeOf() });
      runs.push({ ...run, profile: await workerProfile(b.page, run) });
      if (!extras) return;
      runs.push(await timed(b, 'reload: list restored from cache', n, () => b.page.reload(), { extracts: false, probe: probeOf() }));
      await appLoaded(b.page);
      await b.page.click('#clear');
      await whenProgress(b.page, 0, true);
      runs.push(await timed(b, 'same folder again (all cached)', n, drop(b), { extracts: false, probe: probeOf() }));
      const fromCache = (await exportedRecords(b.page)).filter((r) => r.stats.cached).length;
      if (fromCache !== n) console.warn(`  same folder again: only ${fromCache} of ${n} records were cache hits`);
      floor = await walkFloor(b.context, dir);
      console.log(`  folder walk alone: ${floor.openMs} ms`);
    });

    let exiftool: SetResult['exiftool'] = null;
    if (available(REFERENCE_TOOLS.photo)) {
      const processes = cpus().length;
      const r = await exiftoolPool(files, processes);
      exiftool = { processes, seconds: round(r.seconds, 2), filesPerSecond: Math.round(n / r.seconds), filesReported: r.filesReported, warnings: r.warnings };
      console.log(`  exiftool: ${exiftool.seconds} s`);
    } else console.log('  exiftool not installed: no reference figure');
    const vs = (filesPerSecond: number) => (exiftool ? round(filesPerSecond / exiftool.filesPerSecond, 2) : null);
    for (const run of runs) if (run.extracts) run.vsExiftool = vs(run.filesPerSecond);
    return {
      set,
      label,
      files: n,
      folders: folders.length,
      totalMB: round(bytes / MB),
      onDiskMB: onDiskMB(dir),
      writeSeconds,
      loadAverage: { before: loadBefore, after: round(loadavg()[0], 2) },
      runs,
      walkFloor: floor,
      readFloor: { ...readOnly!, vsExiftool: vs(readOnly!.filesPerSecond) },
      exiftool,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The batch scenario: each of `sets` over `n` generated photos in `dir(set)`, against the app served at `baseUrl`. */
export async function runBatch(n: number, baseUrl: string, sets: PhotoSet[], dir: (set: PhotoSet) => Promise<string>, probe?: Probe): Promise<BatchResult> {
  const out: SetResult[] = [];
  for (const set of sets) out.push(await runSet(set, n, baseUrl, await dir(set), probe));
  return { sets: out };
}

/** Prints one table per set, the per-file profiles, the walk floor and the probes' findings. */
export function printBatch(r: BatchResult) {
  for (const s of r.sets) printSet(s);
}

function printSet(r: SetResult) {
  const head = ['scenario', 'files', 's', 'files/s', '× exiftool', 'listed s', 'stored s', 'longest task ms', 'tasks >50ms', 'long tasks total ms', 'mem peak MB'];
  const dash = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));
  const lines = r.runs.map((x) => [
    x.scenario,
    String(x.files),
    String(x.seconds),
    String(x.filesPerSecond),
    dash(x.vsExiftool),
    String(x.listedSeconds),
    dash(x.storedSeconds),
    String(x.longestTaskMs),
    String(x.longTasksOver50ms),
    String(x.longTasksTotalMs),
    dash(x.memPeakMB),
  ]);
  const f = r.readFloor;
  lines.push([`browser floor: files input, reads only, no app (${f.workers} workers)`, String(r.files), String(f.seconds), String(f.filesPerSecond), dash(f.vsExiftool), '—', '—', '—', '—', '—', '—']);
  if (r.exiftool)
    lines.push([
      `exiftool -j -fast, ${r.exiftool.processes} processes`,
      String(r.exiftool.filesReported),
      String(r.exiftool.seconds),
      String(r.exiftool.filesPerSecond),
      '1',
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
    ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(
    `\nBatch, ${r.label}: ${r.files.toLocaleString('en')} files (${r.totalMB} MB, ${dash(r.onDiskMB)} MB on disk, in ${r.folders} folders, written in ${r.writeSeconds} s; load average ${r.loadAverage.before} → ${r.loadAverage.after} on ${cpus().length} CPUs)`,
  );
  console.log(`${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(fmt).join('\n')}`);
  if (r.exiftool?.warnings) console.log(`exiftool reported a Warning or Error for ${r.exiftool.warnings} files`);
  for (const run of r.runs.filter((x) => x.profile)) {
    const p = run.profile!;
    console.log(
      `${run.scenario}, per file in the worker: median ${p.workerMsMedian} ms, p95 ${p.workerMsP95} ms, max ${p.workerMsMax} ms, sum ${p.workerMsSum} ms over ${p.workers} worker(s) = ${Math.round(p.workerUtilisation * 100)}% of the wall time; results ${JSON.stringify(p.statuses)}`,
    );
  }
  const w = r.walkFloor;
  console.log("Where the time went, the browser's CPU per file by thread (ms; /proc):");
  for (const run of r.runs.filter((x) => x.extracts && x.cpu.length)) {
    console.log(
      `  ${run.scenario}: ${run.cpu
        .slice(0, 6)
        .map((t) => `${t.thread} ${(t.ms / run.files).toFixed(2)}`)
        .join(' · ')}`,
    );
  }
  if (w)
    console.log(
      `The folder walked on a bare page, no app (the floor of "same folder again"): ${w.files} files listed in ${w.enumerateMs} ms, listed and opened (getFile, for size and date) in ${w.openMs} ms`,
    );
  for (const run of r.runs.filter((x) => x.hot)) {
    console.log(`${run.scenario}: main thread, self time by function (CPU profile; build with --minify false for names):`);
    for (const h of run.hot!) console.log(`  ${String(h.selfMs).padStart(6)} ms  ${String(h.percent).padStart(5)}%  ${h.where}`);
  }
  for (const run of r.runs.filter((x) => x.slowTasks)) {
    console.log(`${run.scenario}: main-thread tasks over 50 ms in the trace (parts are inclusive times, nested parts overlap):`);
    for (const t of run.slowTasks!) console.log(`  at ${(t.atMs / 1000).toFixed(2)} s, ${t.ms} ms: ${t.parts.map((p) => `${p.name} ${p.ms}`).join(' · ')}`);
  }
  if (!r.exiftool) console.log('exiftool not installed: no ratio');
  else {
    const ratios = r.runs.filter((x) => x.vsExiftool !== null).map((x) => x.vsExiftool!);
    console.log(
      `App / exiftool throughput (target ≥ 3×): ${Math.min(...ratios)}× to ${Math.max(...ratios)}× over the extracting passes; the browser alone, reading what the app reads of files from the files input: ${dash(f.vsExiftool)}×`,
    );
  }
}
