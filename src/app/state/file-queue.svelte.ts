/**
 * The files the user added and their way to a record: listing them (a chunk per main-thread task),
 * looking them up in the cache, handing misses to the workers (extraction.ts), and putting each
 * record into the list (row-list.svelte.ts) and the cache, whose saved list follows the list
 * (list-saver.ts). Only this class talks to the worker pool and the cache; panels get the part
 * they show: the list (`list`), the batch figures (`metrics`), the settings.
 */
import type { FieldGroup, MetadataRecord } from '../../extractors/types';
import type { ZipEntry } from '../../archive/zip';
import { ZIP_FORMAT, zipEntriesOf, zipGroups } from '../../archive/zip-record';
import { entryKeyPart, entryName } from '../../archive/entry';
import { isTarRecord, tarEntriesOf, type ListedTarEntry } from '../../archive/tar-record';
import { statusOf } from '../../extractors/status';
import type { RowStatus, PickedFile } from './row';
import type { WorkerPool } from '../../workers/pool';
import { fromRecordText, groupsOf, withLazyGroups, type RecordText } from '../../workers/record-text';
import type { StreamedEntry } from '../../workers/worker-api';
import { cacheKey, type CacheIdentity, type ResultsStore } from '../db/results-store';
import { BatchMetrics } from './metrics';
import { saveSettings } from './settings';
import { RowList } from './row-list.svelte';
import { Extraction } from './extraction';
import { ListSaver } from './list-saver';
import { takenFirst } from './schedule';
import { TakeoutRows } from './takeout-rows.svelte';
import { fixPlanOf } from '../../takeout/fix-plan';
import { BlobSource } from '../../extractors/source/blob-source';
import { ZipEntrySource } from '../../archive/zip-entry-source';
import type { FixItem } from './fix-copies.svelte';
import { StreamList } from './streams.svelte';
import { DuplicateSearch, type HashItem } from './duplicates.svelte';
import { isDecodableImage } from '../lib/duplicate-view';

export type { RowStatus, PickedFile } from './row';

/**
 * A file to list, or (with `entry`) an entry of the ZIP archive `file`, or (with `streamed`) an
 * entry of the tar archive `file` of row `archiveId`, read only by streaming it; its `path` the
 * entry's in the list.
 */
type Listed = PickedFile & { entry?: ZipEntry; streamed?: { archiveId: number; entry: ListedTarEntry } };

/** The cache identity of a file, or of an entry of the archive `file` (results-store.ts `cacheKey`). */
const identity = (file: File, entry?: Pick<ZipEntry, 'path' | 'size'>): CacheIdentity =>
  entry ? { name: entryName(entry), size: entry.size, lastModified: file.lastModified, entry: entryKeyPart(file, entry) } : file;

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

/** Resolves after the next frame is painted (rAF, then a task), or after 100 ms in a hidden tab. */
const afterNextPaint = () =>
  new Promise<void>((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });

export class FileQueue {
  /** The list on screen: rows, selection, filter and sort, counts. */
  readonly list = new RowList();
  /** True while picked files are still being added to the list (large folders take a moment). */
  listing = $state(false);
  /** The per-file time limit (ms) files are started with; see `setTimeLimit`. */
  timeLimitMs = $state(0);
  /** Why no file can be read, once the pool has given up loading its workers (pool.ts `unavailable`): the page's notice. */
  workerProblem = $state<string | null>(null);
  /** Figures of the current batch (reset when files are added to an idle queue). */
  readonly metrics = new BatchMetrics();
  /** Archives read in one pass (`.tgz`, `.tar`) in this batch: their progress bars. */
  readonly streams = new StreamList();
  /** The exact-duplicate search over the list's files (`findDuplicates`). */
  readonly duplicates: DuplicateSearch;

  private readonly extraction: Extraction;
  private readonly saver: ListSaver;
  /** Files whose record says `password-required`, by row: `unlock` extracts them again with a password. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read by unlock only, never by a template or $derived
  private locked = new Map<number, { file: File; path?: string; entry?: ZipEntry }>();
  /** The cache keys of rows that are entries of an archive (their records' `file` is not their identity). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read by the saver and `extracted` only
  private entryKeys = new Map<number, string>();
  /** The file (and ZIP entry) of each row added in this session: fixed copies read them (`fixItems`). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read by fixItems only
  private sources = new Map<number, { file: File; entry?: ZipEntry }>();
  /** Rows of a tar archive's entries listed from its cached listing but not in the cache, by the archive's row and entry path: its pass fills them (`addStreamed`). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read by addStreamed only
  private streamWaiting = new Map<number, Map<string, number>>();
  /** Entries of an archive whose records came before the archive's own (a tar's, a ZIP's JSON entries), by the archive's row: the ZIP's listing leaves them out (`addEntries`). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read by the methods only
  private streamedPaths = new Map<number, Set<string>>();
  private nextId = 1;
  private adding: Promise<void> = Promise.resolve();
  /** Additions queued on `adding` and not yet done (`queueAdd`): the Takeout matching waits for them. */
  private pendingAdds = 0;
  /** Set when files are added to an idle queue: its first misses wait for the first rows' paint. */
  private paintFirst = false;
  /** Bumped by `cancelAll` (and so `clear`): a folder still being added stops adding. */
  private generation = 0;
  /** Google Photos Takeout: sidecar rows matched to media rows (takeout-rows.svelte.ts); its `figures` for the page. */
  readonly takeout: TakeoutRows;
  /** JSON and archive rows waiting for their record (an archive's may list more sidecars): the Takeout matching waits for them (`sidecarsRead`). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read by the methods only
  private awaited = new Set<number>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly store: ResultsStore,
  ) {
    this.timeLimitMs = pool.timeLimitMs;
    this.duplicates = new DuplicateSearch({ pool, cache: store });
    pool.onUnavailable((message) => (this.workerProblem = message));
    this.saver = new ListSaver(
      store,
      (id) => this.list.get(id),
      (id) => this.entryKeys.get(id),
    );
    this.takeout = new TakeoutRows(this.list, (rows) => this.completeRows(rows));
    this.extraction = new Extraction(pool, {
      progress: (id, bytesRead, streaming) => {
        this.list.update(id, { status: 'reading', bytesRead });
        const row = streaming && this.list.get(id);
        if (row) this.streams.progress(id, row.name, row.size, bytesRead);
      },
      entries: (id, entries, file) => this.addStreamed(id, file, entries),
      finished: (id, record, text, file, path, entry) => {
        if (needsPassword(record)) this.locked.set(id, { file, path, entry });
        this.streamEnded(id, !!text && record.errors.length === 0);
        // Its entries are queued before the record ends the archive's wait (`sidecarRead`). The row
        // keeps them, which the entries' rows share, and makes its groups from them when they are
        // read, not its groups' text (an export's 105 parts hold 110 MB of it).
        let kept = record;
        if (text && !entry && isListedZip(record)) {
          const groups = groupsOf(text.groups) ?? [];
          const entries = zipEntriesOf(groups);
          this.addEntries(file, path, entries, this.streamedPaths.get(id));
          const archive = groups.find((g) => g.id === 'archive')?.fields ?? [];
          kept = withLazyGroups(record, () => zipGroups(archive, entries));
        }
        this.streamedPaths.delete(id);
        this.extracted(id, kept, text);
      },
      cancelled: (id) => {
        this.streamEnded(id, false);
        this.streamedPaths.delete(id);
        this.list.update(id, { status: 'cancelled' });
        this.sidecarRead(id);
      },
    });
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
        this.saver.restore(id, order);
        this.list.append({ id, name: record.file.name, path: record.file.path, size: record.file.size, status, record, storedKey: key });
      }
    }
    this.list.flush();
    this.sidecarsRead();
  }

  /**
   * Adds files to the end of the list and starts extracting them. `picked` is an array or a
   * stream of chunks (a folder being walked, collect-files.ts); either way the list grows a chunk
   * per main-thread task (no long task for a 10,000-file folder; the first files start while the
   * rest are still being listed), each chunk's cache lookups are one transaction, and only misses
   * go to the workers.
   */
  add(picked: PickedFile[] | AsyncIterable<PickedFile[]>): Promise<void> {
    if (!this.listing && this.extraction.size === 0) {
      this.metrics.reset();
      this.streams.clear();
      this.paintFirst = true;
    }
    this.metrics.start();
    return this.queueAdd(() => this.addChunks(Array.isArray(picked) ? [picked] : picked));
  }

  /** Runs `task` (an `addChunks`) after the additions before it; counted in `pendingAdds` until it ends, then the Takeout wait is checked (`sidecarsRead`). */
  private queueAdd(task: () => Promise<void>): Promise<void> {
    this.pendingAdds += 1;
    this.adding = this.adding.then(task).finally(() => {
      this.pendingAdds -= 1;
      this.sidecarsRead();
    });
    return this.adding;
  }

  private async addChunks(chunks: Iterable<Listed[]> | AsyncIterable<Listed[]>): Promise<void> {
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
      this.list.flush();
    }
  }

  /** Lists `picked` at once; resolves when their cache lookup is done and misses are queued. */
  private async addChunk(picked: Listed[]): Promise<void> {
    const chunk = picked.map(({ file, path, entry, streamed }) => {
      const id = this.nextId++;
      const key = identity(file, entry ?? streamed?.entry);
      this.saver.place(id);
      if (entry || streamed) this.entryKeys.set(id, cacheKey(key));
      if (!streamed) this.sources.set(id, entry ? { file, entry } : { file });
      this.list.append({ id, name: key.name, path, size: key.size, status: 'queued' });
      return { id, file, path, entry, streamed, key };
    });
    // A single file added to an empty list is shown at once. A folder's first file is not: its
    // detail view's first render (≈60 ms of cold code) would be a long task in a busy batch.
    if (this.list.selectedId === null && this.list.length === 1 && chunk.length === 1) this.list.selectedId = chunk[0].id;
    const cached = await this.store.getMany(chunk.map((c) => c.key));
    const archives: { id: number; file: File; path?: string; key: string; tar: boolean }[] = [];
    chunk.forEach(({ id, file, path, entry, streamed, key }, j) => {
      if (this.list.get(id)?.status !== 'queued') return; // cancelled meanwhile
      const hit = cached[j];
      if (!hit && streamed) return this.awaitStream(streamed.archiveId, streamed.entry.path, id);
      if (!hit) {
        if (takenFirst(key.name)) {
          this.awaited.add(id);
          // Other files wait until the archives are listed and the sidecars read (`sidecarsRead`).
          this.extraction.firstOnly = true;
        }
        return this.extraction.enqueue(id, file, path, entry);
      }
      if (path) hit.record.file.path = path; // hit is this lookup's own copy
      if (needsPassword(hit.record) && !streamed) this.locked.set(id, { file, path, entry });
      // Its groups stay in the cache until the row is opened or exported (completeRows).
      this.finish(id, hit.record, hit.status, cacheKey(key));
      if (!entry && !streamed && (isListedZip(hit.record) || isTarRecord(hit.record))) archives.push({ id, file, path, key: cacheKey(key), tar: isTarRecord(hit.record) });
    });
    // A cached archive's entries are listed from its cached groups, each looked up in turn.
    if (archives.length) {
      const groups = await this.store.getGroups(archives.map((a) => a.key));
      for (const { id, file, path, key, tar } of archives) {
        if (tar) this.addTarEntries(id, file, path, groups.get(key) ?? []);
        else this.addEntries(file, path, zipEntriesOf(groups.get(key) ?? []));
      }
    }
    // A new batch of more files than there are workers: its first rows are rendered and painted
    // before the workers start, so that render (cold code, the batch's longest task) does not share
    // the CPU with them. A few files start at once: waiting for a paint would add up to a frame.
    if (this.paintFirst && this.extraction.waitingCount) {
      this.paintFirst = false;
      if (this.extraction.waitingCount > this.pool.size) {
        this.list.flush();
        await afterNextPaint();
      }
    }
    this.extraction.pump();
  }

  /** Cancels one file (queued or running). */
  cancel(id: number): void {
    if (!this.extraction.cancel(id) && this.list.get(id)?.status === 'queued') this.list.update(id, { status: 'cancelled' });
  }

  /** Cancels every unfinished file, and stops adding files still being listed. */
  cancelAll(): void {
    this.generation += 1;
    this.extraction.cancelAll();
    for (const row of this.list.all()) if (row.status === 'queued') this.list.update(row.id, { status: 'cancelled' });
    this.awaited.clear();
    this.sidecarsRead();
  }

  /** Empties the list (cancelling what runs) and forgets the saved session. */
  clear(): void {
    this.cancelAll();
    this.list.clear();
    this.takeout.reset();
    this.awaited.clear();
    this.saver.clear();
    this.locked.clear();
    this.entryKeys.clear();
    this.sources.clear();
    this.streamWaiting.clear();
    this.streamedPaths.clear();
    this.streams.clear();
    this.duplicates.reset();
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
    saveSettings({ timeLimitMs: ms });
    this.pool.setTimeLimit(ms);
    this.timeLimitMs = ms;
  }

  /**
   * Sets the cache's size budget (evicting at once above it) and remembers it; resolves when done.
   * @throws RangeError when out of range (settings.ts LIMITS)
   */
  setCacheBudget(bytes: number): Promise<void> {
    saveSettings({ cacheBudgetBytes: bytes });
    return this.store.setBudget(bytes);
  }

  /** Busy workers and pool size, for the performance panel. */
  poolLoad(): { busy: number; size: number } {
    return { busy: this.pool.busy, size: this.pool.size };
  }

  /** Selects a row; the groups of a row restored or found in the cache are read from it now. */
  select(id: number | null): void {
    this.list.selectedId = id;
    const row = id === null ? undefined : this.list.get(id);
    if (row?.storedKey) void this.completeRows([row]);
  }

  /**
   * The fixed copies the list's Takeout media files call for (takeout/fix-plan.ts), each with a
   * ByteSource over its original (the file, or its ZIP entry), in list order; `missing` counts the
   * files that need a copy but are not at hand (rows restored from the cache: add the files again).
   */
  async fixItems(): Promise<{ items: FixItem[]; missing: number }> {
    await this.completeRows(this.list.all().filter((r) => r.storedKey && r.record?.summary.some((f) => f.key === 'TakeoutGains')));
    const items: FixItem[] = [];
    let missing = 0;
    for (const row of this.list.all()) {
      const plan = row.record && fixPlanOf(row.record);
      if (!plan) continue;
      const source = this.sources.get(row.id);
      if (!source) missing += 1;
      else items.push({ plan, source: source.entry ? new ZipEntrySource(new BlobSource(source.file), source.entry) : new BlobSource(source.file) });
    }
    return { items, missing };
  }

  /**
   * Searches the list's files for exact duplicates, then its pictures (`isDecodableImage`: their
   * records read) for similar ones (duplicates.svelte.ts), in list order: each
   * file or ZIP entry at hand, under its record's cache key; rows restored from the cache (their
   * files not at hand) and entries of tar archives (read only in one pass) are counted as missing.
   */
  findDuplicates(): Promise<void> {
    const items: HashItem[] = [];
    const images: HashItem[] = [];
    let missing = 0;
    for (const row of this.list.all()) {
      const source = this.sources.get(row.id);
      if (!source) {
        missing += 1;
        continue;
      }
      const item: HashItem = { id: row.id, path: row.path ?? row.name, size: row.size, ...source, key: this.entryKeys.get(row.id) ?? cacheKey(source.file) };
      items.push(item);
      if (isDecodableImage(row.record)) images.push(item);
    }
    return this.duplicates.run(items, images, missing);
  }

  /** A written copy read by a worker of the pool, as a file of its own (fix-copies.svelte.ts checks it). */
  async readCopy(copy: File, path: string): Promise<MetadataRecord> {
    return (await this.pool.run(copy, { path })).record;
  }

  /** Finished records in list order, complete (groups still in the cache read from it), for export. */
  async records(): Promise<MetadataRecord[]> {
    await this.completeRows(this.list.all().filter((r) => r.storedKey));
    return this.list.rows.flatMap((r) => (r.record ? [r.record] : []));
  }

  /**
   * Reads the groups of rows restored or found in the cache into their records. A row whose record has
   * left the cache meanwhile keeps its summary and gets a warning saying so.
   */
  private async completeRows(rows: readonly { id: number; storedKey?: string }[]): Promise<void> {
    const groups = await this.store.getGroups(rows.map((r) => r.storedKey!));
    for (const row of rows) {
      const current = this.list.get(row.id);
      if (!current?.storedKey || !current.record) continue;
      const found = groups.get(current.storedKey);
      const record = found
        ? { ...current.record, groups: found }
        : { ...current.record, warnings: [...current.record.warnings, 'The details of this file are no longer in the cache: add the file again to read them.'] };
      this.list.update(row.id, { record, storedKey: undefined });
    }
    this.list.flush();
  }

  /**
   * Lists the file entries of the ZIP archive `file` (read from its `zip` record's groups:
   * archive/zip-record.ts `zipEntriesOf`) after the archive's row, as rows of their own named
   * `<archive path>/<entry path>`, each looked up in the cache and extracted like a file; but
   * those in `listed`, whose records came with the listing (its JSON entries: `addStreamed`).
   */
  private addEntries(file: File, path: string | undefined, entries: readonly ZipEntry[], listed?: ReadonlySet<string>): void {
    const archivePath = path ?? file.name;
    const picked = entries.filter((entry) => !entry.directory && !listed?.has(entry.path)).map((entry) => ({ file, path: `${archivePath}/${entry.path}`, entry }));
    if (picked.length === 0) return;
    this.metrics.start();
    void this.queueAdd(() => this.addChunks([picked]));
  }

  /**
   * Lists the file entries of a tar archive found in the cache (its listing's groups:
   * archive/tar-record.ts) after the archive's row (row `archiveId`), each looked up in the cache
   * under the archive's identity plus its path; when some are not there (evicted, or the archive's
   * pass was stopped before them), the archive is read again in one pass and fills their rows
   * (`addStreamed`).
   */
  private addTarEntries(archiveId: number, file: File, path: string | undefined, groups: readonly FieldGroup[]): void {
    const archivePath = path ?? file.name;
    const picked: Listed[] = tarEntriesOf(groups)
      .filter((entry) => entry.kind === 'file')
      .map((entry) => ({ file, path: `${archivePath}/${entry.path}`, streamed: { archiveId, entry } }));
    if (picked.length === 0) return;
    this.metrics.start();
    void this.queueAdd(async () => {
      await this.addChunks([picked]);
      if (this.streamWaiting.has(archiveId) && this.list.get(archiveId)) {
        this.extraction.enqueue(archiveId, file, path);
        this.extraction.pump();
      }
    });
  }

  /** Row `id`, listed for entry `entryPath` of the tar archive of row `archiveId`, waits for the archive's next pass. */
  private awaitStream(archiveId: number, entryPath: string, id: number): void {
    const waiting = this.streamWaiting.get(archiveId);
    if (waiting) waiting.set(entryPath, id);
    else this.streamWaiting.set(archiveId, new Map([[entryPath, id]])); // eslint-disable-line svelte/prefer-svelte-reactivity -- see streamWaiting
  }

  /**
   * Entries of the archive `file` of row `archiveId` read by its worker (worker-api.ts: every entry
   * of a tar streamed, `streamArchive`; a ZIP's JSON entries, `readJsonEntries`): each record is
   * cached under the archive's identity plus the entry's path and goes to the row waiting for it
   * (`awaitStream`) or, on a first pass, to a new row.
   */
  private addStreamed(archiveId: number, file: File, entries: StreamedEntry[]): void {
    const waiting = this.streamWaiting.get(archiveId);
    for (const { path, size, text } of entries) {
      let id = waiting?.get(path);
      if (waiting && id === undefined) continue; // a second pass: the entry's row has its record
      const record = fromRecordText(text);
      if (id === undefined) {
        id = this.nextId++;
        this.saver.place(id);
        this.list.append({ id, name: record.file.name, path: record.file.path, size, status: 'reading' });
        const listed = this.streamedPaths.get(archiveId);
        if (listed) listed.add(path);
        else this.streamedPaths.set(archiveId, new Set([path])); // eslint-disable-line svelte/prefer-svelte-reactivity -- see streamedPaths
      } else waiting!.delete(path);
      const key = cacheKey(identity(file, { path, size }));
      this.entryKeys.set(id, key);
      this.store.put(record, text, key);
      this.finish(id, this.takeout.kept(id, record), statusOf(record));
      this.takeout.annotate(id);
    }
    this.streams.entries(archiveId, entries.length);
  }

  /** The pass of row `id` (if it was one) is over; rows still waiting for it are cancelled. */
  private streamEnded(id: number, done: boolean): void {
    this.streams.end(id, done);
    for (const row of this.streamWaiting.get(id)?.values() ?? []) this.list.update(row, { status: 'cancelled' });
    this.streamWaiting.delete(id);
  }

  /** A worker's record (or the pool's, for a file it gave up on): cached when a worker made it, then listed. */
  private extracted(id: number, record: MetadataRecord, text: RecordText | undefined): void {
    // Only a worker's records are cached: those the pool makes (time limit, a crashed or
    // unloadable worker) say nothing lasting about the file.
    if (text) this.store.put(record, text, this.entryKeys.get(id));
    this.finish(id, this.takeout.kept(id, record), statusOf(record));
    this.takeout.annotate(id);
    this.sidecarRead(id);
    // The batch's last record (a lone file's) is shown now, not at the next frame's flush.
    if (this.extraction.size === 0 && !this.listing) this.list.flush();
  }

  /** Row `id` (extracted or cancelled) no longer waits for its record; the last JSON row's matches the Takeout rows. */
  private sidecarRead(id: number): void {
    if (this.awaited.delete(id) && this.awaited.size === 0) this.sidecarsRead();
  }

  /**
   * Once nothing is being listed and no archive or JSON row waits for its record: the other files
   * held meanwhile go to the workers, and, when the list holds sidecars, the Takeout matching runs
   * (takeout-rows.svelte.ts).
   */
  private sidecarsRead(): void {
    if (this.listing || this.pendingAdds > 0 || this.awaited.size > 0) return;
    if (this.extraction.firstOnly) {
      this.extraction.firstOnly = false;
      this.extraction.pump();
    }
    if (this.list.formats.some((f) => f.id === 'takeout-sidecar')) void this.takeout.schedule();
  }

  /** Ends a file with its record; a cache hit's groups are still only in the cache, under `storedKey`. */
  private finish(id: number, record: MetadataRecord, status: RowStatus, storedKey?: string): void {
    this.metrics.done(record);
    this.list.update(id, { status, record, storedKey });
    if (storedKey && this.list.selectedId === id) this.select(id);
    this.saver.changed(id);
  }

  /**
   * Extracts the file of row `id` again with `password`, for a record that says
   * `password-required`. The password goes to a worker with this one request and is kept nowhere
   * (not in the record, the cache, the saved list or a message). The opened record replaces the
   * row's; it is cached, and saved with the list, only when `keep` is true: otherwise the cache and
   * the saved list keep the record read without the password. Resolves with false when the file
   * is not at hand (a row restored from the cache: it must be added again), true once the row has
   * its new record (which says `password-required` again for a wrong password).
   */
  async unlock(id: number, password: string, keep: boolean): Promise<boolean> {
    const entry = this.locked.get(id);
    if (!entry) return false;
    // The record read without the password goes into the saved list now, if it was waiting to.
    this.saver.saveNow();
    this.list.update(id, { status: 'reading', bytesRead: 0 });
    const { record, text } = await this.pool.run(entry.file, { path: entry.path, options: { password }, ...(entry.entry ? { entry: entry.entry } : {}) });
    if (!needsPassword(record)) this.locked.delete(id);
    if (keep && text) this.store.put(record, text, this.entryKeys.get(id));
    this.list.update(id, { status: statusOf(record), record, storedKey: undefined });
    if (keep) this.saver.changed(id);
    else this.saver.hold(id);
    this.list.flush();
    return true;
  }

  /** Saves the list's changes not yet saved at once (the page is being left). */
  saveNow(): void {
    this.saver.saveNow();
  }
}

/** Whether a record is an archive's listing (archive/zip-record.ts) whose entries get rows. */
const isListedZip = (record: MetadataRecord) => record.format.id === ZIP_FORMAT.id && record.errors.length === 0;

/** Whether a record says its file needs a (different) password. */
const needsPassword = (record: MetadataRecord) => record.errors.some((e) => e.code === 'password-required');
