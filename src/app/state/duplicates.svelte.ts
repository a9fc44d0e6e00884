/**
 * The page's exact-duplicate search (duplicate-finder.ts) as reactive state for the duplicates
 * view: its phase, progress in bytes, the groups, and which file of each group the user keeps.
 */
import type { DuplicateGroup } from '../../duplicates/group';
import { CancelledError } from '../../workers/pool';
import { findDuplicates, type FinderDeps, type HashItem, type HashProgress } from './duplicate-finder';

export type { HashItem } from './duplicate-finder';

/** `idle` before any search (or after `reset`), `hashing` while one runs, then `done` or `cancelled`. */
export type DuplicatePhase = 'idle' | 'hashing' | 'done' | 'cancelled';

const NO_PROGRESS: HashProgress = { bytesDone: 0, bytesTotal: 0, cached: 0, hashed: 0, failed: 0 };

/**
 * Least ms between two progress figures shown: the search reports after every file (a thousand a
 * second), and each figure shown is a render of the view on the main thread, which the workers'
 * file reads share the cores with.
 */
const PROGRESS_EVERY_MS = 50;

export class DuplicateSearch {
  phase = $state<DuplicatePhase>('idle');
  progress = $state.raw<HashProgress>(NO_PROGRESS);
  groups = $state.raw<DuplicateGroup<HashItem>[]>([]);
  /** Rows of the list whose file is not at hand (restored from the cache): not searched. */
  missing = $state(0);
  /** Milliseconds from the request to the groups. */
  ms = $state(0);
  /** Per group (by index), the row ids of the files kept; by default the first file of each. */
  kept = $state.raw<(readonly number[])[]>([]);
  private controller: AbortController | null = null;

  constructor(private readonly deps: FinderDeps) {}

  /**
   * Searches `items` (cancelling a search still running); `missing` counts the list's files not at
   * hand. Resolves when the groups are shown, or the search was cancelled.
   */
  async run(items: HashItem[], missing: number): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    const started = performance.now();
    this.phase = 'hashing';
    this.progress = NO_PROGRESS;
    this.groups = [];
    this.kept = [];
    this.missing = missing;
    let latest = NO_PROGRESS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = () => {
      clearTimeout(timer);
      timer = undefined;
      if (!controller.signal.aborted) this.progress = latest;
    };
    try {
      // The first figures at once, then the latest at most every PROGRESS_EVERY_MS, and the last ones when done.
      const shown = (p: HashProgress) => {
        latest = p;
        if (this.progress === NO_PROGRESS) show();
        else timer ??= setTimeout(show, PROGRESS_EVERY_MS);
      };
      const groups = await findDuplicates(items, this.deps, shown, controller.signal);
      if (controller.signal.aborted) return;
      show();
      this.groups = groups;
      this.kept = groups.map((g) => [g.files[0].id]);
      this.ms = performance.now() - started;
      this.phase = 'done';
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
    } finally {
      clearTimeout(timer);
      timer = undefined;
      if (this.controller === controller) this.controller = null;
    }
  }

  /** Stops the search running, if any (its workers' current files are abandoned). */
  cancel(): void {
    if (!this.controller) return;
    this.controller.abort();
    this.controller = null;
    this.phase = 'cancelled';
  }

  /** Cancels and forgets the search (the list was cleared). */
  reset(): void {
    this.cancel();
    this.phase = 'idle';
    this.groups = [];
    this.kept = [];
    this.progress = NO_PROGRESS;
  }

  /** Keeps file `id` of group `group` or not; a group always keeps at least one file. */
  keep(group: number, id: number, keep: boolean): void {
    const now = this.kept[group];
    const next = keep ? (now.includes(id) ? now : [...now, id]) : now.length > 1 ? now.filter((k) => k !== id) : now;
    this.kept = this.kept.map((ids, i) => (i === group ? next : ids));
  }
}
