/**
 * The list the user sees (a Svelte 5 rune class): its rows, the selection, the filter and sort,
 * and the counts #batch-progress shows. Rows are immutable and kept in a plain array between
 * screen updates; they reach the screen (`rows`, and what derives from it) at most once a frame,
 * or every 100 ms for lists over 2,000 rows, since each update is O(rows).
 */
import type { MetadataRecord } from '../../extractors/types';
import { makeRow, type Row, type RowStatus } from './row';
import { summarizeTakeout } from '../../takeout/facets';
import { filterRows, searchText, sortRows, NO_FILTER, type ListFilter, type ListSort } from '../lib/list-view';

const FINISHED: ReadonlySet<RowStatus> = new Set(['done', 'partial', 'error', 'cancelled']);

export class RowList {
  rows = $state.raw<Row[]>([]);
  selectedId = $state<number | null>(null);
  /** Counts of the list as shown by #batch-progress: files, finished files, files with errors (error or partial). */
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
  filter = $state.raw<ListFilter>(NO_FILTER);
  sort = $state.raw<ListSort>({ key: 'added', descending: false });
  /** The rows shown: filtered, then sorted. */
  visible = $derived(sortRows(filterRows(this.rows, this.filter), this.sort));
  /** Counts of the Google Photos Takeout facets (takeout/facets.ts) once the list holds a sidecar, else null. */
  takeout = $derived.by(() => (this.formats.some((f) => f.id === 'takeout-sidecar') ? summarizeTakeout(recordsOf(this.rows)) : null));
  /** Format ids and summary keys met so far (for the filter and sort menus), in order of appearance. */
  formats = $state.raw<{ id: string; name: string }[]>([]);
  summaryKeys = $state.raw<string[]>([]);

  private work: Row[] = [];
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- row id → position in `work`, read by the methods only, never by a template or $derived
  private index = new Map<number, number>();
  private flushQueued = false;
  /** When rows last reached the screen (performance.now()). */
  private lastFlush = -Infinity;

  /** Rows in the list, shown or not yet. */
  get length(): number {
    return this.work.length;
  }

  /** The current row `id`, including changes not yet on screen. */
  get(id: number): Row | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.work[i];
  }

  /** Every row, in the order added, including changes not yet on screen. */
  all(): readonly Row[] {
    return this.work;
  }

  /** Adds a row at the end; it reaches the screen with the next update. */
  append(row: Omit<Row, 'text'>): void {
    this.index.set(row.id, this.work.length);
    this.work.push(this.withText(row));
    this.scheduleFlush();
  }

  /** Replaces fields of row `id` (a new row object); a no-op for a row no longer listed. */
  update(id: number, patch: Partial<Row>): void {
    const i = this.index.get(id);
    if (i === undefined) return;
    const next = { ...this.work[i], ...patch };
    this.work[i] = patch.record ? this.withText(next) : makeRow(next, next.text);
    this.scheduleFlush();
  }

  /** Empties the list, its selection and its menus, at once on screen. */
  clear(): void {
    this.work = [];
    this.index.clear();
    this.selectedId = null;
    this.formats = [];
    this.summaryKeys = [];
    this.flush();
  }

  /** Sets the filter and/or the sort. */
  view(change: { filter?: Partial<ListFilter>; sort?: ListSort }): void {
    if (change.filter) this.filter = { ...this.filter, ...change.filter };
    if (change.sort) this.sort = change.sort;
  }

  /**
   * Schedules a screen update: at once when the last one is older than a frame (16 ms, or 100 ms
   * over 2,000 rows: a lone file's row shows as soon as its record arrives), else when that
   * interval has passed.
   */
  scheduleFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    const wait = this.lastFlush + (this.work.length > 2000 ? 100 : 16) - performance.now();
    if (wait <= 0) queueMicrotask(() => this.flush());
    else setTimeout(() => this.flush(), wait);
  }

  /** Puts the current rows on screen now. */
  flush(): void {
    this.flushQueued = false;
    this.lastFlush = performance.now();
    this.rows = this.work.slice();
  }

  private withText(row: Omit<Row, 'text'>): Row {
    if (row.record) this.learnKeys(row.record);
    return makeRow(row, searchText(row));
  }

  private learnKeys(record: MetadataRecord): void {
    if (!this.formats.some((f) => f.id === record.format.id)) this.formats = [...this.formats, { id: record.format.id, name: record.format.name }];
    const fresh = record.summary.map((f) => f.key).filter((k) => !this.summaryKeys.includes(k));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway Set that drops duplicates, not state
    if (fresh.length) this.summaryKeys = [...this.summaryKeys, ...new Set(fresh)];
  }
}

function* recordsOf(rows: readonly Row[]) {
  for (const r of rows) yield r.record;
}
