/**
 * Keeps the cache's saved list (db/results-store.ts `putSessionRows`) in step with the list on
 * screen, so a reload shows it again: each row has a position in the saved list (stable across
 * reloads, unlike its index), and rows that got a record are saved together at most once a
 * second (SAVE_DELAY_MS), or at once when the page is left (`saveNow`).
 */
import type { ResultsStore } from '../db/results-store';
import { cacheKey } from '../db/results-store';
import type { Row } from './row';

/** Rows with a new record wait this long to be saved with the next ones (ms). */
const SAVE_DELAY_MS = 1000;

export class ListSaver {
  /** Each row's position in the saved list. */
  private orders = new Map<number, number>();
  private nextOrder = 0;
  /** Rows whose record is not yet in the saved list. */
  private unsaved = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  /**
   * `rowOf(id)`: the list's current row `id` (undefined once it left the list); `keyOf(id)`: its
   * record's cache key when that is not `cacheKey(record.file)` (an archive's entry).
   */
  constructor(
    private readonly store: Pick<ResultsStore, 'putSessionRows'>,
    private readonly rowOf: (id: number) => Row | undefined,
    private readonly keyOf: (id: number) => string | undefined = () => undefined,
  ) {}

  /** Gives row `id` the next position (a row added to the list). */
  place(id: number): void {
    this.orders.set(id, this.nextOrder++);
  }

  /** Gives row `id` the position it had in the saved list (a restored row); later rows go after it. */
  restore(id: number, order: number): void {
    this.orders.set(id, order);
    this.nextOrder = Math.max(this.nextOrder, order + 1);
  }

  /** Row `id` got its record: it is saved with the next save (within SAVE_DELAY_MS). */
  changed(id: number): void {
    this.unsaved.add(id);
    this.timer ??= setTimeout(() => this.saveNow(), SAVE_DELAY_MS);
  }

  /**
   * Row `id` got a record that must not be saved (opened with a password the user did not let
   * keep): a save waiting for this row is dropped, and the saved list keeps the record it had.
   */
  hold(id: number): void {
    this.unsaved.delete(id);
  }

  /** Saves the rows waiting for the next save at once (the page is being left). */
  saveNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const rows = [...this.unsaved].flatMap((id) => {
      const row = this.rowOf(id);
      return row?.record ? [{ order: this.orders.get(id)!, key: this.keyOf(id) ?? cacheKey(row.record.file), path: row.path, record: row.record, status: row.status }] : [];
    });
    this.unsaved.clear();
    if (rows.length) void this.store.putSessionRows(rows);
  }

  /** Forgets every position and pending save (the list was cleared; the store forgets its saved list itself). */
  clear(): void {
    this.unsaved.clear();
    this.orders.clear();
    this.nextOrder = 0;
  }
}
