/**
 * The browser's own floor for the app's exact-duplicate search (src/duplicates): a bare page (no
 * app, no hashing, no cache, no list) whose workers read exactly the byte ranges the search reads,
 * the same way, in its two stages:
 * - the plan is the search's own, made in Node with the same code (`findExactDuplicates` over
 *   each file, `partialReads` for partial hashes, whole files for full hashes), so it names the
 *   same files and ranges as a cold search in the app;
 * - the page hands the files to as many workers as the app's pool runs (workers/pool.ts: cores − 1,
 *   2 to 8), in batches of up to 16 (fewer when the stage's queue is short, so each worker gets a
 *   share), the next batch once a worker has answered its last; each worker asks for all of a
 *   batch's ranges at once (Blob slices, a whole file unsliced: workers/hash-jobs.ts,
 *   extractors/source/blob-source.ts) and answers one small message per file; files past
 *   CHUNK_BYTES are read CHUNK_BYTES at a time;
 * - the full stage starts when the partial stage has ended, as in the app.
 * The folder is dropped on the page and walked through File System Access handles, as the app's
 * list worker does (not timed); then the reads are timed in the page, from the first to the last
 * answer.
 * What the app's search costs over this is its own: hashing, messages, the cache, the view.
 */
import type { BrowserContext } from '@playwright/test';
import { stat } from 'node:fs/promises';
import { findExactDuplicates } from '../../src/duplicates/group';
import { CHUNK_BYTES, WHOLE_READ_MAX, fullHash, partialHash, partialReads, type HashKind } from '../../src/duplicates/hash';
import { FileHandleSource } from '../../src/node/file-handle-source';
import { dropPaths } from '../../e2e/drop';
import { medianOverTabs } from './read-floor';

/** What the search reads: per stage, each file (its index in the picked list) and its ranges (offset, length). */
export interface ReadPlan {
  partial: [number, [number, number][]][];
  full: [number, [number, number][]][];
}

/** The ranges a full hash of a file of `size` bytes reads (duplicates/hash.ts `fullHash`: CHUNK_BYTES at a time). */
function fullReads(size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let at = 0; at < size; at += CHUNK_BYTES) out.push([at, Math.min(CHUNK_BYTES, size - at)]);
  return out;
}

/**
 * The plan of a cold search over `paths` (every file's hashes asked for, none cached): which
 * files each stage reads. Hashes are taken from the files with the project's own code, so the full
 * stage holds exactly the files whose partial hashes collide.
 */
export async function readPlan(paths: string[]): Promise<ReadPlan> {
  const files = await Promise.all(paths.map(async (path, i) => ({ i, path, size: (await stat(path)).size })));
  const plan: ReadPlan = { partial: [], full: [] };
  const hashOf = async (path: string, kind: HashKind) => {
    const source = await FileHandleSource.open(path);
    try {
      return kind === 'partial' ? (await partialHash(source)).partial : await fullHash(source);
    } finally {
      await source.close();
    }
  };
  await findExactDuplicates(files, async (asked, kind) => {
    // A file read whole by its partial hash has its full hash already: the app does not read it again.
    for (const f of asked) if (kind === 'partial' || f.size > WHOLE_READ_MAX) plan[kind].push([f.i, kind === 'partial' ? partialReads(f.size) : fullReads(f.size)]);
    const out: string[] = [];
    for (const f of asked) out.push(await hashOf(f.path, kind));
    return out;
  });
  return plan;
}

const WORKER = `
const read = (f, [a, n]) => (a === 0 && n >= f.size ? f : f.slice(a, a + n)).arrayBuffer();
onmessage = async ({ data: jobs }) => {
  const started = jobs.map(({ file, ranges }) => (ranges.length === 1 || ranges[0][1] < ${CHUNK_BYTES} ? ranges.map((r) => read(file, r)) : null));
  for (const [i, { file, ranges }] of jobs.entries()) {
    let bytes = 0;
    if (started[i]) for (const p of started[i]) bytes += (await p).byteLength;
    else for (const r of ranges) bytes += (await read(file, r)).byteLength;
    postMessage(bytes);
  }
};`;

const PAGE = `<!doctype html><meta charset="utf-8"><title>duplicates read floor</title>
<script>
window.read = { done: 0, ms: 0 };
const size = Math.min(8, Math.max(2, (navigator.hardwareConcurrency || 2) - 1));
const workers = Array.from({ length: size }, () => new Worker('/worker.js'));
/** The dropped folder's files by path below it, as the app's list worker opens them (File System Access handles). */
async function walk(dir, prefix, out) {
  for await (const [name, handle] of dir.entries()) {
    if (handle.kind === 'directory') await walk(handle, prefix + name + '/', out);
    else out.set(prefix + name, await handle.getFile());
  }
  return out;
}
/** Reads what \`plan\` says, stage after stage, with files = the picked Files by index: ms. */
async function readAll(files, plan) {
  const t0 = performance.now();
  for (const stage of [plan.partial, plan.full]) {
    const queue = stage.map(([i, ranges]) => ({ file: files[i], ranges }));
    await new Promise((resolve) => {
      let left = queue.length;
      if (!left) return resolve();
      const give = (w) => {
        const batch = queue.splice(0, Math.min(16, Math.ceil(queue.length / size)));
        w.pending = batch.length;
        if (batch.length) w.postMessage(batch);
      };
      for (const w of workers) {
        w.onmessage = () => {
          window.read.done += 1;
          if (--left === 0) resolve();
          else if (--w.pending === 0) give(w);
        };
        give(w);
      }
    });
  }
  return performance.now() - t0;
}
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', async (e) => {
  e.preventDefault();
  const byPath = await walk(await e.dataTransfer.items[0].getAsFileSystemHandle(), '', new Map());
  window.files = window.paths.map((p) => byPath.get(p));
});
window.go = (plan) => readAll(window.files, plan);
</script>`;

/**
 * The floor for a cold search over the files `paths` (relative to `dir`; see the module comment):
 * median ms of `runs`, each in a new tab of `context`, the folder dropped first (its files opened
 * through File System Access handles, as the app's are); `beforeEach` runs between the drop and
 * the reads (the benchmark drops the page cache there for the runs from disk).
 */
export function duplicatesFloor(context: BrowserContext, dir: string, paths: string[], plan: ReadPlan, runs: number, beforeEach?: () => void): Promise<number> {
  return medianOverTabs(context, { page: PAGE, worker: WORKER }, runs, async (page) => {
    await page.evaluate((p) => ((window as unknown as { paths: string[] }).paths = p), paths);
    await dropPaths(page, [dir]);
    await page.waitForFunction(() => (window as unknown as { files?: unknown }).files);
    beforeEach?.();
    return page.evaluate((p) => (window as unknown as { go: (plan: ReadPlan) => Promise<number> }).go(p), plan);
  });
}
