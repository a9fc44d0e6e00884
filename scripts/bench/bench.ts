/**
 * `npm run bench [-- --dir <large-file dir>] [--runs N] [--no-build] [--batch [N]] [--set tiny|camera|both]`
 *
 * Measures MetaExtract in Chromium against the built app (`vite preview`, `?cache=off`), on the
 * generated large files (`make-large`) and the largest corpus file of each format:
 * - per file as the user sees it (per-file.ts): warm, from the input's `change` to the row showing
 *   the record with the workers ready (median of N after a warm-up); the worker's own time in it
 *   (record.stats.ms); cold, the same for a file picked right after a page load (median of N
 *   reloads);
 * - bytes read; growth of the browser's memory (summed RSS of Chromium's process tree, read from
 *   /proc outside the browser): peak during the runs and after, minus before;
 * - the same file through its reference tool when installed, run as its users run it to see the
 *   metadata (reference-tools.ts; whole process, median of N after a warm-up), and warm/tool;
 * - ten large files in one drop: total time and memory growth;
 * - then the batch scenario (batch.ts) over BATCH_DEFAULT generated photos of each set (tiny ones,
 *   and camera-like ones: camera-photos.ts): files/s picked through the files input and dropped
 *   as a folder, cache off and on (first open), main-thread long tasks, exiftool in parallel for
 *   reference.
 * First, the app shell (app-shell.ts): first load on a fresh profile and reload, and the size of
 * each chunk of the build; `--shell` runs only that, `--per-file` only the per-file table.
 * `--batch [N]` runs only the batch scenario, over N photos per set (default 10,000); `--set tiny`,
 * `--set camera` or `--set both` (the default) chooses the photo sets; `--cpu-profile` adds
 * each pass's hottest main-thread functions and writes its whole profile to results/
 * (cpu-profile.ts); `--trace` instead traces each pass and lists, for every main-thread task over
 * 50 ms, its largest trace events (script, style, layout, GC, IndexedDB…; inclusive times),
 * writing the traces to results/ (trace.ts). Both slow the app down: take figures from a run without them.
 * `--duplicates [N]` runs only the exact-duplicates scenario (duplicates.ts: the app against
 * `jdupes -r` and `rmlint` on a folder of N photos with copies, from disk and from the page cache;
 * N defaults to 2,000, and a plain run includes it at that size; with `--cpu-profile`, one more
 * search's hottest main-thread functions).
 * `--takeout <dir> [--write]` runs only the Takeout scenario (takeout.ts) over an export written by
 * `npm run make-takeout -- <dir>` (with `--write`, writing the fixed copies too; with `--cpu-profile`,
 * the main thread's hottest functions until matched).
 * Last, near duplicates (near-duplicates.ts: grouping 100,000 perceptual hashes, a photo's hash in a
 * worker); `--near-duplicates` runs only that (no app build needed).
 * Prints the tables and writes a JSON copy to results/ (git-ignored). Figures, not pass/fail.
 */
import type { Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { makeLarge } from '../large/make-large';
import { benchTakeout, printTakeout } from './takeout';
import { PHOTO_SETS, printBatch, runBatch, type PhotoSet, type Probe } from './batch';
import { benchListFilter } from './list-filter';
import { benchDuplicates, printDuplicates } from './duplicates';
import { benchShellLoad, bundleChunks, type Chunk, type ShellLoad } from './app-shell';
import { launchBrowser, startPreview } from './browser';
import { treeRss } from './process-memory';
import { REFERENCE_TOOLS, available, median, timeTool, type ReferenceTool } from './reference-tools';
import { benchNearDuplicates, printNearDuplicates } from './near-duplicates';
import { clearList, installPickProbe, loadWarm, timeColdPick, timePick, type PickTiming } from './per-file';

const ROOT = resolve(import.meta.dirname, '../..');
const CORPUS = process.env.METAEXTRACT_CORPUS ?? resolve(ROOT, '../shared/corpus');
const PORT = 4180;
const MB = 1024 * 1024;
/** Photos per set in the batch scenario of a plain `npm run bench` (keeps the whole run within minutes). */
const BATCH_DEFAULT = 2000;
/** Original photos of the duplicates scenario, by default (duplicates.ts). */
const DUPLICATES_DEFAULT = 2000;

interface Row {
  file: string;
  group: 'large' | 'corpus';
  format: string;
  size: number;
  /** Medians over the runs, ms: change → row with workers ready, the worker's share, change → row right after a page load. */
  warmMs: number;
  workerMs: number;
  coldMs: number;
  bytesRead: number;
  memPeakMB: number | null;
  memAfterMB: number | null;
  tool: string | null;
  toolMs: number | null;
  /** warm / tool. */
  ratio: number | null;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Largest corpus file of each format we read, when the corpus is present. */
function corpusSample(): { format: string; path: string }[] {
  const manifest = join(CORPUS, 'MANIFEST.json');
  if (!existsSync(manifest)) return [];
  const entries = JSON.parse(readFileSync(manifest, 'utf8')) as { path: string; format: string; size: number }[];
  const best = new Map<string, { path: string; size: number }>();
  for (const e of entries) {
    if (!(e.format in REFERENCE_TOOLS)) continue;
    if ((best.get(e.format)?.size ?? -1) < e.size) best.set(e.format, { path: join(CORPUS, e.path), size: e.size });
  }
  return [...best].map(([format, v]) => ({ format, path: v.path }));
}

/** Drops `paths` at once; returns per-row results, wall time, and peak RSS while running. */
async function dropAndWait(page: Page, pid: number, paths: string[]) {
  let peak = treeRss(pid) ?? 0;
  const t0 = performance.now();
  await page.setInputFiles('#files', paths);
  for (;;) {
    peak = Math.max(peak, treeRss(pid) ?? 0);
    const done = await page.locator('#batch-progress').getAttribute('data-done');
    if (Number(done) === paths.length) break;
    await page.waitForTimeout(25);
  }
  const wallMs = performance.now() - t0;
  const rows = await page.$$eval('.row', (els) =>
    els.map((e) => ({ status: e.getAttribute('data-status'), format: e.getAttribute('data-format'), ms: Number(e.getAttribute('data-ms')), bytesRead: Number(e.getAttribute('data-bytes-read')) })),
  );
  return { rows, wallMs, peak };
}

const mb = (bytes: number | null) => (bytes === null ? null : Math.round((bytes / MB) * 10) / 10);

/** The large-file and corpus table and the ten-large-files drop. */
async function largeFiles(runs: number) {
  const largeDir = resolve(arg('--dir') ?? (await mkdtemp(join(tmpdir(), 'metaextract-large-'))));
  console.log(`Large files in ${largeDir} (sparse)…`);
  const large = await makeLarge(largeDir);
  const files = [...large.map((f) => ({ ...f, group: 'large' as const })), ...corpusSample().map((f) => ({ ...f, group: 'corpus' as const }))];

  const browser = await launchBrowser();
  const { page, pid } = browser;
  await installPickProbe(browser.context);
  const url = `http://localhost:${PORT}/?cache=off`;
  const rows: Row[] = [];
  try {
    // First visit: the service worker installs and precaches the app; the workers load every
    // format's chunks (and h5wasm) once, so the figures below are those of a returning user.
    await loadWarm(page, url);
    await dropAndWait(
      page,
      pid,
      files.map((f) => f.path),
    );
    for (const f of files) {
      // Cold: each run reloads the page and picks the file at once.
      const cold: PickTiming[] = [];
      for (let i = 0; i < runs; i++) cold.push(await timeColdPick(page, url, f.path));
      // Warm: workers ready, one pick at a time on an empty list; the first run is a warm-up.
      await loadWarm(page, url);
      const before = treeRss(pid);
      let peak = before ?? 0;
      const warm: PickTiming[] = [];
      for (let i = 0; i <= runs; i++) {
        await clearList(page);
        warm.push(await timePick(page, f.path));
        peak = Math.max(peak, treeRss(pid) ?? 0);
      }
      warm.shift();
      const after = treeRss(pid);
      const bad = [...cold, ...warm].find((r) => r.status !== 'done');
      if (bad) console.warn(`  ${basename(f.path)}: status ${bad.status}`);
      const format = warm[0].format || f.format;
      const tool = (REFERENCE_TOOLS as Record<string, ReferenceTool | undefined>)[format];
      const ref = tool && available(tool) ? timeTool(tool, f.path, runs) : null;
      const med = (xs: number[]) => Math.round(median(xs) * 10) / 10;
      const warmMs = med(warm.map((r) => r.rowMs));
      rows.push({
        file: basename(f.path),
        group: f.group,
        format,
        size: statSync(f.path).size,
        warmMs,
        workerMs: med(warm.map((r) => r.workerMs)),
        coldMs: med(cold.map((r) => r.rowMs)),
        bytesRead: warm[0].bytesRead,
        memPeakMB: before === null ? null : mb(peak - before),
        memAfterMB: before === null || after === null ? null : mb(after - before),
        tool: tool ? (ref ? `${tool.name}${ref.ok ? '' : ' (failed)'}` : `${tool.name} (not installed)`) : null,
        toolMs: ref ? Math.round(ref.ms * 10) / 10 : null,
        ratio: ref ? Math.round((warmMs / ref.ms) * 100) / 100 : null,
      });
      const last = rows[rows.length - 1];
      console.log(`  ${last.file}: warm ${last.warmMs} ms (worker ${last.workerMs}), cold ${last.coldMs} ms${ref && tool ? `, ${tool.name} ${last.toolMs} ms` : ''}`);
    }

    // Ten large files in one drop (two sparse copies of each).
    await clearList(page);
    const copies = join(largeDir, 'copies');
    await mkdir(copies, { recursive: true });
    const ten = large.flatMap((f) => [f.path, join(copies, basename(f.path))]);
    for (const f of large) spawnSync('cp', ['--sparse=always', f.path, join(copies, basename(f.path))]);
    const before = treeRss(pid);
    const batch = await dropAndWait(page, pid, ten);
    const totalSize = ten.reduce((n, p) => n + statSync(p).size, 0);
    const tenSummary = {
      files: ten.length,
      totalGiB: Math.round((totalSize / 1024 ** 3) * 10) / 10,
      wallMs: Math.round(batch.wallMs),
      memPeakMB: before === null ? null : mb(batch.peak - before),
      allDone: batch.rows.every((r) => r.status === 'done'),
    };
    printTable(rows, tenSummary);
    return { rows, tenLargeFiles: tenSummary };
  } finally {
    await browser.close();
  }
}

/** The batch passes' profiler or tracer asked for on the command line, if any. */
function probe(stamp: string): Probe | undefined {
  if (process.argv.includes('--trace')) return { kind: 'trace', saveTo: (pass) => join(ROOT, 'results', `batch-${stamp}-${pass}.trace.json`) };
  if (process.argv.includes('--cpu-profile')) return { kind: 'cpu-profile', saveTo: (pass) => join(ROOT, 'results', `batch-${stamp}-${pass}.cpuprofile`) };
  return undefined;
}

/** The photo sets of `--set tiny|camera|both` (default both). */
function photoSets(): PhotoSet[] {
  const set = arg('--set') ?? 'both';
  if (set === 'both') return Object.keys(PHOTO_SETS) as PhotoSet[];
  if (set in PHOTO_SETS) return [set as PhotoSet];
  throw new Error(`--set ${set}: expected tiny, camera or both`);
}

async function main() {
  const runs = Number(arg('--runs') ?? 5);
  const batchOnly = process.argv.includes('--batch');
  const shellOnly = process.argv.includes('--shell');
  const perFileOnly = process.argv.includes('--per-file');
  const batchFiles = Number(arg('--batch')) || (batchOnly ? 10_000 : BATCH_DEFAULT);
  if (process.argv.includes('--near-duplicates')) return printNearDuplicates(await benchNearDuplicates(runs));
  if (!process.argv.includes('--no-build')) spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: ROOT, stdio: 'ignore' });
  const server = await startPreview(PORT);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  try {
    const chunks = await bundleChunks(join(ROOT, 'dist'));
    const shell = batchOnly || perFileOnly || process.argv.includes('--takeout') || process.argv.includes('--duplicates') ? null : await benchShellLoad(`http://localhost:${PORT}`, runs);
    if (shell) printShell(shell, chunks);
    await mkdir(join(ROOT, 'results'), { recursive: true });
    const out = join(ROOT, 'results', `bench-${stamp}.json`);
    const save = async (figures: object) => {
      await writeFile(out, JSON.stringify({ date: new Date().toISOString(), runs, shell, chunks, ...figures }, null, 2));
      console.log(`\nJSON: ${out}`);
    };
    if (shellOnly) return await save({});
    if (process.argv.includes('--duplicates')) {
      const profileTo = process.argv.includes('--cpu-profile') ? join(ROOT, 'results', `duplicates-${stamp}.cpuprofile`) : undefined;
      const duplicates = await benchDuplicates(Number(arg('--duplicates')) || DUPLICATES_DEFAULT, `http://localhost:${PORT}/`, runs, profileTo);
      printDuplicates(duplicates);
      return await save({ duplicates });
    }
    const takeoutDir = arg('--takeout');
    if (takeoutDir) {
      const profileTo = process.argv.includes('--cpu-profile') ? join(ROOT, 'results', `takeout-${stamp}.cpuprofile`) : undefined;
      const takeout = await benchTakeout(resolve(takeoutDir), `http://localhost:${PORT}`, process.argv.includes('--write'), profileTo);
      printTakeout(takeout);
      return await save({ takeout });
    }
    const large = batchOnly ? {} : await largeFiles(runs);
    if (perFileOnly) return await save(large);
    const batch = await runBatch(batchFiles, `http://localhost:${PORT}`, photoSets(), (set) => mkdtemp(join(tmpdir(), `metaextract-${set}-photos-`)), probe(stamp));
    printBatch(batch);
    const listFilter = await benchListFilter();
    console.log('\nList filter/sort (src/app/lib/list-view.ts, median of 20):');
    for (const r of listFilter) console.log(`  ${r.rows} rows, ${r.query}: ${r.ms} ms`);
    const nearDuplicates = await benchNearDuplicates(runs);
    printNearDuplicates(nearDuplicates);
    const duplicates = await benchDuplicates(DUPLICATES_DEFAULT, `http://localhost:${PORT}/`, runs);
    printDuplicates(duplicates);
    await save({ ...large, batch, listFilter, nearDuplicates, duplicates });
  } finally {
    server.kill();
  }
}

function printShell(shell: ShellLoad, chunks: Chunk[]) {
  console.log(
    `\nApp shell, first load on a fresh profile (median, ms from navigation start): first paint ${shell.firstPaintMs}, load ${shell.loadMs}, takes files ${shell.interactiveMs}; reloaded from the service worker: takes files ${shell.reloadInteractiveMs}`,
  );
  console.log('Chunks (the entry first; the rest load lazily), kB / gzip kB:');
  for (const c of chunks) console.log(`  ${c.entry ? 'entry' : 'lazy '}  ${c.file.padEnd(40)} ${String(c.kB).padStart(8)} ${String(c.gzipKB).padStart(8)}`);
}

function printTable(rows: Row[], ten: Record<string, unknown>) {
  const head = ['file', 'format', 'size', 'warm ms', 'in worker ms', 'cold ms', 'bytes read', 'mem peak MB', 'mem after MB', 'reference tool', 'tool ms', 'warm/tool'];
  const fmtSize = (n: number) => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(2)} GiB` : n >= MB ? `${(n / MB).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`);
  const lines = rows.map((r) => [
    r.file,
    r.format,
    fmtSize(r.size),
    String(r.warmMs),
    String(r.workerMs),
    String(r.coldMs),
    r.bytesRead.toLocaleString('en'),
    String(r.memPeakMB ?? '—'),
    String(r.memAfterMB ?? '—'),
    r.tool ?? '—',
    String(r.toolMs ?? '—'),
    String(r.ratio ?? '—'),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i < 3 || i === 9 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\nPer file (medians; warm = change → row with workers ready, cold = change → row for a file picked right after a page load; tools = whole process)`);
  console.log(`${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(fmt).join('\n')}`);
  console.log(`\nTen large files in one drop: ${JSON.stringify(ten)}`);
}

await main();
