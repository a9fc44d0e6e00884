/**
 * The list the user sees (a Svelte 5 rune class): its rows, the selection, the filter and sort,
 * and the counts #batch-progress shows. Rows are immutable and kept in a plain array between
 * screen updates; they reach the screen (`rows`, and what derives from it) at most once a frame,
 * or less often for big lists (`flushInterval`), since each update is O(rows).
 */
import type { MetadataRecord } from '../../extractors/types';
import { makeRow, type Row, type RowStatus } from './row';
import { TAKEOUT_FACETS, takeoutFacetsOf, type TakeoutFacet } from '../../takeout/facets';
import { SourceTally, type SourceCount } from '../lib/source-facet';
import { filterRows, sortRows, NO_FILTER, type ListFilter, type ListSort } from '../lib/list-view';

const FINISHED: ReadonlySet<RowStatus> = new Set(['done', 'partial', 'error', 'cancelled']);

export class RowList {
  rows = $state.raw<Row[]>([]);
  selectedId = $state<number | null>(null);
  /** Counts of the list as shown by #batch-progress: files, finished files, files with errors (error or partial); kept as rows change, shown with them. */
  counts = $state.raw({ total: 0, done: 0, errors: 0 });
  selected = $derived.by(() => {
    void this.rows; // a new row object for the selected id comes with the next screen update
    return this.selectedId === null ? undefined : this.get(this.selectedId);
  });
  filter = $state.raw<ListFilter>(NO_FILTER);
  sort = $state.raw<ListSort>({ key: 'added', descending: false });
  /** The rows shown: filtered, then sorted. */
  visible = $derived(sortRows(filterRows(this.rows, this.filter), this.sort));
  /** Counts of the Google Photos Takeout facets (takeout/facets.ts) once the list holds a sidecar, else null; kept as rows change, shown with them. */
  takeout = $state.raw<(Record<TakeoutFacet, number> & { media: number }) | null>(null);
  /** Files per source (source-facet.ts), kept as rows change, shown with them. */
  sources = $state.raw<SourceCount[]>([]);
  /** Format ids and summary keys met so far (for the filter and sort menus), in order of appearance. */
  formats = $state.raw<{ id: string; name: string }[]>([]);
  summaryKeys = $state.raw<string[]>([]);

  private work: Row[] = [];
  /** The counts and facet counts of `work`, kept as rows are added and changed (O(1) a change, not O(rows) a screen update). */
  private tally = emptyTally();
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
    const made = this.learned(row);
    this.work.push(made);
    this.count(made, 1);
    this.scheduleFlush();
  }

  /** Replaces fields of row `id` (a new row object); a no-op for a row no longer listed. */
  update(id: number, patch: Partial<Row>): void {
    const i = this.index.get(id);
    if (i === undefined) return;
    const old = this.work[i];
    const next = { ...old, ...patch };
    // The search text follows the record: kept through a status or progress update.
    this.work[i] = patch.record ? this.learned(next) : makeRow(next, next.text);
    this.count(old, -1);
    this.count(this.work[i], 1);
    this.scheduleFlush();
  }

  /** Empties the list, its selection and its menus, at once on screen. */
  clear(): void {
    this.work = [];
    this.tally = emptyTally();
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
   * Schedules a screen update: at once when the last one is older than `flushInterval` (a lone
   * file's row shows as soon as its record arrives), else when that interval has passed.
   */
  scheduleFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    const wait = this.lastFlush + flushInterval(this.work.length) - performance.now();
    if (wait <= 0) queueMicrotask(() => this.flush());
    else setTimeout(() => this.flush(), wait);
  }

  /** Puts the current rows on screen now. */
  flush(): void {
    this.flushQueued = false;
    this.lastFlush = performance.now();
    this.rows = this.work.slice();
    const { done, errors, facets } = this.tally;
    this.counts = { total: this.work.length, done, errors };
    this.takeout = this.formats.some((f) => f.id === 'takeout-sidecar') ? { ...facets, media: facets.sidecar + facets['no-sidecar'] } : null;
    this.sources = this.tally.sources.list();
  }

  /** Adds (`sign` 1) or takes away (-1) `row` from the tally. */
  private count(row: Row, sign: 1 | -1): void {
    if (FINISHED.has(row.status)) this.tally.done += sign;
    if (row.status === 'error' || row.status === 'partial') this.tally.errors += sign;
    for (const facet of takeoutFacetsOf(row.record)) this.tally.facets[facet] += sign;
    this.tally.sources.add(row.record, sign);
  }

  /** `row` as a list row, its record's format and summary keys learned for the menus. */
  private learned(row: Omit<Row, 'text'>): Row {
    if (row.record) this.learnKeys(row.record);
    return makeRow(row);
  }

  private learnKeys(record: MetadataRecord): void {
    if (!this.formats.some((f) => f.id === record.format.id)) this.formats = [...this.formats, { id: record.format.id, name: record.format.name }];
    const fresh = record.summary.map((f) => f.key).filter((k) => !this.summaryKeys.includes(k));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway Set that drops duplicates, not state
    if (fresh.length) this.summaryKeys = [...this.summaryKeys, ...new Set(fresh)];
  }
}

/**
 * Milliseconds between screen updates of a list of `rows`: a frame up to 2,000 rows, then 100 ms,
 * growing past 20,000 rows by 1 ms per 200 rows (500 ms at 100,000): each update is O(rows) (the
 * counts, the Takeout summary, the filter), so a big list's updates keep to about a tenth of the
 * main thread.
 */
function flushInterval(rows: number): number {
  return rows <= 2000 ? 16 : Math.max(100, rows / 200);
}

function emptyTally() {
  return { done: 0, errors: 0, facets: Object.fromEntries(TAKEOUT_FACETS.map(([f]) => [f, 0])) as Record<TakeoutFacet, number>, sources: new SourceTally() };
}
