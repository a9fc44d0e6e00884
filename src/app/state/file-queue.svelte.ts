/**
 * The list of files and their extraction state (a Svelte 5 rune class). Only this class talks to
 * the worker pool and the cache: components read `rows`/`counts` and call its methods.
 * Files are fed to the pool a few at a time (a bounded window), so memory stays flat however many
 * are queued; cache hits skip the workers entirely.
 */
import type { MetadataRecord } from '../../extractors/types';
import { makeRow, type Row, type RowStatus, type PickedFile } from './row';
import { statusOf } from '../../extractors/status';
import { CancelledError, type WorkerPool } from '../../workers/pool';
import { cacheKey, type ResultsStore } from '../db/results-store';
import { filterRows, searchText, sortRows, NO_FILTER, type ListFilter, type ListSort } from '../lib/list-view';
import { SlowestFirstQueue } from './schedule';
import { BatchMetrics } from './metrics';
import { saveSettings } from './settings';

export type { Row, RowStatus, PickedFile } from './row';

/**
 * Files listed (and looked up in the cache) per main-thread task when adding, at most: each cache
 * lookup and hit costs ≈0.2 ms, and a File from a files or `webkitdirectory` input is stat-ed on
 * its first `size` read, ≈0.1–0.5 ms in Chromium (more for large files), so a task also stops
 * listing after LIST_SLICE_MS.
 */
const ADD_CHUNK = 100;
/** Time a main-thread task spends stat-ing picked files before the list yields (ms). */
const LIST_SLICE_MS = 25;
/** Chunks whose cache lookups may be pending at once while a folder is listed. */
const LOOKUPS_IN_FLIGHT = 4;
/** Jobs handed to the pool per worker at once (two of its batches: the next is ready when one ends). */
const JOBS_PER_WORKER = 32;

/** Resolves after the next frame is painted (rAF, then a task), or after 100 ms in a hidden tab. */
const afterNextPaint = () =>
  new Promise<void>((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });

const FINISHED: ReadonlySet<RowStatus> = new Set(['done', 'partial', 'error', 'cancelled']);

export class FileQueue {
  rows = $state.raw<Row[]>([]);
  selectedId = $state<number | null>(null);
  /** Current batch counts, as shown by #batch-progress. */
  counts = $derived.by(() => {
    let done = 0;
    let errors = 0;
    for (const r of this.rows) {
      if (FINISHED.has(r.status)) done += 1;
      if (r.status === 'error' || r.status === 'partial') errors += 1;
    }
    return { total: this.rows.length, done, errors };
  });
  selected = $derived(this.rows.find((r) => r.id === this.selectedId));
  /** True while picked files are still being added to the list (large folders take a moment). */
  listing = $state(false);
  filter = $state.raw<ListFilter>(NO_FILTER);
  sort = $state.raw<ListSort>({ key: 'added', descending: false });
  /** The rows shown: filtered, then sorted. */
  visible = $derived(sortRows(filterRows(this.rows, this.filter), this.sort));
  /** Format ids and summary keys met so far (for the filter and sort menus), in order of appearance. */
  formats = $state.raw<{ id: string; name: string }[]>([]);
  summaryKeys = $state.raw<string[]>([]);

  /** The per-file time limit (ms) files are started with; see `setTimeLimit`. */
  timeLimitMs = $state(0);
  /** Why no file can be read, once the pool has given up loading its workers (pool.ts `unavailable`): the page's notice. */
  workerProblem = $state<string | null>(null);

  /** Figures of the current batch (reset when files are added to an idle queue). */
  readonly metrics = new BatchMetrics();

  private work: Row[] = [];
  private index = new Map<number, number>();
  private files = new Map<number, { file: File; path?: string; ctrl: AbortController }>();
  private waiting = new SlowestFirstQueue();
  private inFlight = 0;
  private nextId = 1;
  private flushQueued = false;
  /** When rows last reached the screen (performance.now()). */
  private lastFlush = -Infinity;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private adding: Promise<void> = Promise.resolve();
  /** Rows whose record is not yet in the saved list. */
  private unsaved = new Set<number>();
  /** Each row's position in the saved list (stable across reloads, unlike its index). */
  private orders = new Map<number, number>();
  private nextOrder = 0;
  /** Set when files are added to an idle queue: its first misses wait for the first rows' paint. */
  private paintFirst = false;
  /** Bumped by `cancelAll` (and so `clear`): a folder still being added stops adding. */
  private generation = 0;

  constructor(
    private readonly pool: WorkerPool,
    private readonly store: ResultsStore,
  ) {
    this.timeLimitMs = pool.timeLimitMs;
    pool.onUnavailable((message) => (this.workerProblem = message));
  }

  /**
   * Restores the previous session's list from the cache (records marked cached), a page of rows
   * per main-thread task.
   */
  async restore(): Promise<void> {
    for await (const page of this.store.loadSession()) {
      await new Promise((r) => setTimeout(r, 0));
      for (const { order, key, status, record } of page) {
        const id = this.nextId++;
        this.orders.set(id, order);
        this.nextOrder = Math.max(this.nextOrder, order + 1);
        this.append(this.withText({ id, name: record.file.name, path: record.file.path, size: record.file.size, status, record, storedKey: key }));
      }
      this.scheduleFlush();
    }
    this.flush();
  }

  /**
   * Adds files to the end of the list and starts extracting them. `picked` is an array or a
   * stream of chunks (a folder being walked, collect-files.ts); either way the list grows a chunk
   * per main-thread task (no long task for a 10,000-file folder; the first files start while the
   * rest are still being listed), each chunk's cache lookups are one transaction, and only misses
   * go to the workers.
   */
  add(picked: PickedFile[] | AsyncIterable<PickedFile[]>): Promise<void> {
    if (this.files.size === 0) {
      this.metrics.reset();
      this.paintFirst = true;
    }
    this.metrics.start();
    this.adding = this.adding.then(() => this.addChunks(Array.isArray(picked) ? [picked] : picked));
    return this.adding;
  }

  private async addChunks(chunks: Iterable<PickedFile[]> | AsyncIterable<PickedFile[]>): Promise<void> {
    const generation = this.generation;
    this.listing = true;
    // Cache lookups of the next chunks overlap (a few in flight), so listing does not wait for
    // each IndexedDB round trip.
    const lookups: Promise<void>[] = [];
    try {
      outer: for await (const picked of chunks) {
        for (let i = 0, end = 0; i < picked.length; i = end) {
          if (generation !== this.generation) break outer;
          // Up to ADD_CHUNK files, as many as are stat-ed within LIST_SLICE_MS (at least one).
          const started = performance.now();
          do {
            void picked[end].file.size; // its stat: addChunk then reads the size at no cost
            end += 1;
          } while (end < picked.length && end - i < ADD_CHUNK && performance.now() - started < LIST_SLICE_MS);
          lookups.push(this.addChunk(picked.slice(i, end)));
          if (lookups.length >= LOOKUPS_IN_FLIGHT) await lookups.shift();
          await new Promise((r) => setTimeout(r, 0));
        }
      }
      await Promise.all(lookups);
    } finally {
      this.listing = false;
      this.flush();
    }
  }

  /** Lists `picked` at once; resolves when their cache lookup is done and misses are queued. */
  private async addChunk(picked: PickedFile[]): Promise<void> {
    const chunk = picked.map(({ file, path }) => {
      const id = this.nextId++;
      this.orders.set(id, this.nextOrder++);
      this.files.set(id, { file, path, ctrl: new AbortController() });
      this.append(this.withText({ id, name: file.name, path, size: file.size, status: 'queued' }));
      return id;
    });
    // A single file added to an empty list is shown at once. A folder's first file is not: its
    // detail view's first render (≈60 ms of cold code) would be a long task in a busy batch.
    if (this.selectedId === null && this.work.length === 1 && chunk.length === 1) this.selectedId = chunk[0];
    this.scheduleFlush();
    const cached = await this.store.getMany(chunk.map((id) => this.files.get(id)!.file));
    chunk.forEach((id, j) => {
      const entry = this.files.get(id);
      if (!entry) return; // cancelled meanwhile
      const hit = cached[j];
      if (!hit) return this.waiting.push(id, entry.file.name, entry.file.size);
      if (entry.path) hit.record.file.path = entry.path; // hit is this lookup's own copy
      // Its groups stay in the cache until the row is opened or exported (completeRows).
      this.finish(id, hit.record, hit.status, cacheKey(entry.file));
    });
    // A new batch of more files than there are workers: its first rows are rendered and painted
    // before the workers start, so that render (cold code, the batch's longest task) does not share
    // the CPU with them. A few files start at once: waiting for a paint would add up to a frame.
    if (this.paintFirst && this.waiting.size) {
      this.paintFirst = false;
      if (this.waiting.size > this.pool.size) {
        this.flush();
        await afterNextPaint();
      }
    }
    this.pump();
  }

  /** Cancels one file (queued or running). */
  cancel(id: number): void {
    const entry = this.files.get(id);
    if (!entry) return;
    entry.ctrl.abort();
    const row = this.work[this.index.get(id)!];
    if (row.status === 'queued') {
      this.files.delete(id);
      this.update(id, { status: 'cancelled' });
    }
  }

  /** Cancels every unfinished file, and stops adding files still being listed. */
  cancelAll(): void {
    this.generation += 1;
    for (const id of [...this.files.keys()]) this.cancel(id);
  }

  /** Empties the list (cancelling what runs) and forgets the saved session. */
  clear(): void {
    this.cancelAll();
    this.work = [];
    this.index.clear();
    this.waiting.clear();
    this.selectedId = null;
    this.formats = [];
    this.summaryKeys = [];
    this.unsaved.clear();
    this.orders.clear();
    this.nextOrder = 0;
    this.flush();
    void this.store.clearSession();
  }

  /** The cache's figures (entries, bytes, budget, hits, misses, available); reactive. */
  get cacheStats() {
    return this.store.stats;
  }

  /** Whether results are cached at all (false with `?cache=off`). */
  get cacheEnabled(): boolean {
    return this.store.enabled;
  }

  /** Empties the cache; the list on screen stays. */
  clearCache(): Promise<void> {
    return this.store.clear();
  }

  /**
   * Sets the per-file time limit for files started from now on, and remembers it (settings.ts).
   * @throws RangeError when out of range (settings.ts LIMITS)
   */
  setTimeLimit(ms: number): void {
    saveSettings({ cacheBudgetBytes: this.store.budgetBytes, timeLimitMs: ms });
    this.pool.setTimeLimit(ms);
    this.timeLimitMs = ms;
  }

  /**
   * Sets the cache's size budget (evicting at once above it) and remembers it; resolves when done.
   * @throws RangeError when out of range (settings.ts LIMITS)
   */
  setCacheBudget(bytes: number): Promise<void> {
    saveSettings({ cacheBudgetBytes: bytes, timeLimitMs: this.timeLimitMs });
    return this.store.setBudget(bytes);
  }

  /** Busy workers and pool size, for the performance panel. */
  poolLoad(): { busy: number; size: number } {
    return { busy: this.pool.busy, size: this.pool.size };
  }

  /** Selects a row; the groups of a row restored or found in the cache are read from it now. */
  select(id: number | null): void {
    this.selectedId = id;
    const row = id === null ? undefined : this.work[this.index.get(id) ?? -1];
    if (row?.storedKey) void this.completeRows([row]);
  }

  /** Finished records in list order, complete (groups still in the cache read from it), for export. */
  async records(): Promise<MetadataRecord[]> {
    await this.completeRows(this.work.filter((r) => r.storedKey));
    return this.rows.flatMap((r) => (r.record ? [r.record] : []));
  }

  /**
   * Reads the groups of rows restored or found in the cache into their records. A row whose record has
   * left the cache meanwhile keeps its summary and gets a warning saying so.
   */
  private async completeRows(rows: Row[]): Promise<void> {
    const groups = await this.store.getGroups(rows.map((r) => r.storedKey!));
    for (const row of rows) {
      const current = this.work[this.index.get(row.id) ?? -1];
      if (!current?.storedKey || !current.record) continue;
      const found = groups.get(current.storedKey);
      const record = found
        ? { ...current.record, groups: found }
        : { ...current.record, warnings: [...current.record.warnings, 'The details of this file are no longer in the cache: add the file again to read them.'] };
      this.update(row.id, { record, storedKey: undefined });
    }
    this.flush();
  }

  /** Sets the filter and/or the sort of the list. */
  view(change: { filter?: Partial<ListFilter>; sort?: ListSort }): void {
    if (change.filter) this.filter = { ...this.filter, ...change.filter };
    if (change.sort) this.sort = change.sort;
  }

  private withText(row: Omit<Row, 'text'>): Row {
    if (row.record) this.learnKeys(row.record);
    return makeRow(row, searchText(row));
  }

  private learnKeys(record: MetadataRecord): void {
    if (!this.formats.some((f) => f.id === record.format.id)) this.formats = [...this.formats, { id: record.format.id, name: record.format.name }];
    const fresh = record.summary.map((f) => f.key).filter((k) => !this.summaryKeys.includes(k));
    if (fresh.length) this.summaryKeys = [...this.summaryKeys, ...new Set(fresh)];
  }

  private append(row: Row): void {
    this.index.set(row.id, this.work.length);
    this.work.push(row);
  }

  private update(id: number, patch: Partial<Row>): void {
    const i = this.index.get(id);
    if (i === undefined) return;
    const next = { ...this.work[i], ...patch };
    this.work[i] = patch.record ? this.withText(next) : makeRow(next, next.text);
    this.scheduleFlush();
  }

  /**
   * Row updates reach the screen at most once per frame, or every 100 ms for big lists (flushes
   * are O(rows)): at once when the last flush is older than that (a lone file's row shows as soon
   * as its record arrives), else when that interval has passed.
   */
  private scheduleFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    const wait = this.lastFlush + (this.work.length > 2000 ? 100 : 16) - performance.now();
    if (wait <= 0) queueMicrotask(() => this.flush());
    else setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.flushQueued = false;
    this.lastFlush = performance.now();
    this.rows = this.work.slice();
  }

  /**
   * Keeps a few jobs per worker queued at the pool, so a worker never waits on a busy main thread
   * between files; bounded, so memory stays flat. Expected-slowest first (schedule.ts).
   */
  private pump(): void {
    const window = this.pool.size * JOBS_PER_WORKER;
    while (this.inFlight < window && this.waiting.size) {
      const id = this.waiting.shift()!;
      if (!this.files.has(id)) continue;
      this.inFlight += 1;
      void this.process(id).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async process(id: number): Promise<void> {
    const { file, path, ctrl } = this.files.get(id)!;
    try {
      const { record, text } = await this.pool.run(file, { path }, ctrl.signal, (p) => this.update(id, { status: 'reading', bytesRead: p.bytesRead }));
      this.waiting.learn(file.name, record.stats.ms);
      // Only a worker's records are cached: those the pool makes (time limit, a crashed or
      // unloadable worker) say nothing lasting about the file.
      if (text) this.store.put(record, text);
      this.finish(id, record, statusOf(record));
      // The batch's last record (a lone file's) is shown now, not at the next frame's flush.
      if (this.inFlight === 1 && this.waiting.size === 0 && !this.listing) this.flush();
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      this.files.delete(id);
      this.update(id, { status: 'cancelled' });
    }
  }

  /** Ends a file with its record; a cache hit's groups are still only in the cache, under `storedKey`. */
  private finish(id: number, record: MetadataRecord, status: RowStatus, storedKey?: string): void {
    this.files.delete(id);
    this.metrics.done(record);
    this.update(id, { status, record, storedKey });
    if (storedKey && this.selectedId === id) this.select(id);
    this.scheduleSave(id);
  }

  /**
   * Saves, at most once a second, the rows that got a record since the last save (by position),
   * so the list comes back on reload; `clear` empties the saved list.
   */
  private scheduleSave(id?: number): void {
    if (id !== undefined) this.unsaved.add(id);
    this.saveTimer ??= setTimeout(() => this.saveNow(), 1000);
  }

  /** Saves the rows waiting for the next save at once (the page is being left). */
  saveNow(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    const rows = [...this.unsaved].flatMap((rowId) => {
      const i = this.index.get(rowId);
      const row = i === undefined ? undefined : this.work[i];
      return row?.record ? [{ order: this.orders.get(rowId)!, key: cacheKey(row.record.file), path: row.path, record: row.record, status: row.status }] : [];
    });
    this.unsaved.clear();
    if (rows.length) void this.store.putSessionRows(rows);
  }
}
