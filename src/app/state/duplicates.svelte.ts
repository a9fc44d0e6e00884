/**
 * The page's duplicate search (duplicate-finder.ts) as reactive state for the duplicates view:
 * exact duplicates first (phase, progress in bytes, groups), then similar images among the
 * pictures (similar-images.ts: phase, progress in files, groups at a threshold the user moves,
 * regrouped without hashing again), and which files of each group the user keeps.
 */
import type { DuplicateGroup } from '../../duplicates/group';
import { CancelledError } from '../../workers/pool';
import { NEAR_THRESHOLD } from '../../duplicates/perceptual/choice';
import { findDuplicates, perceptualHashes, type FinderDeps, type HashItem, type HashProgress, type PerceptualProgress } from './duplicate-finder';
import { similarGroups, similarIndex, type SimilarGroup, type SimilarIndex } from './similar-images';

export type { HashItem } from './duplicate-finder';

/** `idle` before any search (or after `reset`), `hashing` while one runs, then `done` or `cancelled`. */
export type DuplicatePhase = 'idle' | 'hashing' | 'done' | 'cancelled';

const NO_PROGRESS: HashProgress = { bytesDone: 0, bytesTotal: 0, cached: 0, hashed: 0, failed: 0 };
const NO_NEAR_PROGRESS: PerceptualProgress = { total: 0, done: 0, cached: 0, hashed: 0, unsupported: 0, failed: 0 };

/** The row ids kept in a group: those the user chose to keep, else its first file (a group always keeps one). */
const keptIn = (files: readonly { id: number }[], choices: Readonly<Record<number, boolean>>): number[] => {
  const kept = files.filter((f, i) => choices[f.id] ?? i === 0).map((f) => f.id);
  return kept.length ? kept : [files[0].id];
};

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
  /** The files searched (the kept and the files in no group are copied from them: copy-kept.svelte.ts). */
  items = $state.raw<readonly HashItem[]>([]);
  /** Rows of the list whose file is not at hand (restored from the cache): not searched. */
  missing = $state(0);
  /** Milliseconds from the request to the groups. */
  ms = $state(0);
  /** Per group (by index), the row ids of the files kept; by default the first file of each. */
  kept = $state.raw<(readonly number[])[]>([]);
  /** The similar-image stage, after the exact one: `idle` until it starts (or with no image to search). */
  nearPhase = $state<DuplicatePhase>('idle');
  nearProgress = $state.raw<PerceptualProgress>(NO_NEAR_PROGRESS);
  /** Milliseconds of the similar-image stage. */
  nearMs = $state(0);
  /** Hamming distance (bits, 0–16: groups.ts MAX_THRESHOLD) within which images are similar. */
  threshold = $state(NEAR_THRESHOLD);
  private index = $state.raw<SimilarIndex | null>(null);
  /** The groups of similar images at `threshold`. */
  readonly similar: SimilarGroup[] = $derived(this.index ? similarGroups(this.index, this.threshold, this.groups) : []);
  /** The user's keep (true) or not (false) per row id in similar groups; unset: the group's first file is kept. */
  private nearChoices = $state.raw<Readonly<Record<number, boolean>>>({});
  /** Per similar group (by index), the row ids kept. */
  readonly similarKept: number[][] = $derived(this.similar.map((g) => keptIn(g.files, this.nearChoices)));
  private controller: AbortController | null = null;

  constructor(private readonly deps: FinderDeps) {}

  /**
   * Searches `items` for exact duplicates, then `images` (pictures among them) for similar ones
   * (cancelling a search still running); `missing` counts the list's files not at hand. The exact
   * groups are shown as soon as they are found. Resolves when both are shown, or the search was
   * cancelled.
   */
  async run(items: HashItem[], images: HashItem[], missing: number): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    const started = performance.now();
    this.clear();
    this.phase = 'hashing';
    this.items = items;
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
      if (images.length) await this.runSimilar(images, controller.signal);
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
    } finally {
      clearTimeout(timer);
      timer = undefined;
      if (this.controller === controller) this.controller = null;
    }
  }

  /** The similar-image stage of `run`. */
  private async runSimilar(images: HashItem[], signal: AbortSignal): Promise<void> {
    const started = performance.now();
    this.nearPhase = 'hashing';
    this.nearProgress = { ...NO_NEAR_PROGRESS, total: images.length };
    const hashes = await perceptualHashes(images, this.deps, (p) => !signal.aborted && (this.nearProgress = p), signal);
    if (signal.aborted) return;
    this.index = similarIndex(images, hashes);
    this.nearMs = performance.now() - started;
    this.nearPhase = 'done';
  }

  /** Stops the search running, if any (its workers' current files are abandoned); exact groups already found stay. */
  cancel(): void {
    if (!this.controller) return;
    this.controller.abort();
    this.controller = null;
    if (this.phase === 'hashing') this.phase = 'cancelled';
    if (this.nearPhase === 'hashing') this.nearPhase = 'cancelled';
  }

  /** Whether a search is running (either stage). */
  get running(): boolean {
    return this.phase === 'hashing' || this.nearPhase === 'hashing';
  }

  /** Cancels and forgets the search (the list was cleared). */
  reset(): void {
    this.cancel();
    this.clear();
  }

  /** Forgets the last search: both stages `idle`, no files, figures, groups or choices. */
  private clear(): void {
    this.phase = 'idle';
    this.items = [];
    this.groups = [];
    this.kept = [];
    this.progress = NO_PROGRESS;
    this.nearPhase = 'idle';
    this.nearProgress = NO_NEAR_PROGRESS;
    this.index = null;
    this.nearChoices = {};
  }

  /** Keeps file `id` of group `group` or not; a group always keeps at least one file. */
  keep(group: number, id: number, keep: boolean): void {
    const now = this.kept[group];
    const next = keep ? (now.includes(id) ? now : [...now, id]) : now.length > 1 ? now.filter((k) => k !== id) : now;
    this.kept = this.kept.map((ids, i) => (i === group ? next : ids));
  }

  /** Keeps file `id` of similar group `group` or not; a group always keeps at least one file. The group's choices hold across thresholds. */
  keepSimilar(group: number, id: number, keep: boolean): void {
    const files = this.similar[group]?.files;
    if (!files) return;
    const now = this.similarKept[group];
    const kept = keep ? [...now, id] : now.filter((k) => k !== id);
    if (!kept.length) return;
    this.nearChoices = { ...this.nearChoices, ...Object.fromEntries(files.map((f) => [f.id, kept.includes(f.id)])) };
  }
}
