/**
 * Which queued file to extract next: expected-slowest first, so a batch does not end waiting on
 * one long file. The format is unknown before a file is read, so expectations are learned per
 * file extension from this session's timings (mean worker ms); extensions not seen yet go first
 * (their cost is unknown and learning it early helps), and within an extension bigger files first.
 * O(number of extensions) per pick. Archives (their listing brings more files) and then JSON files
 * go before all others: the Google Photos Takeout matching (takeout-rows.svelte.ts) waits for every
 * archive's listing and every sidecar, not for the media files; `shift(true)` takes only those.
 */
import { extensionOf } from '../../extractors/sniff-util';

/** Extensions taken first, in this order: archives, then JSON (Takeout sidecars). */
const FIRST = ['zip', 'tgz', 'gz', 'tar', 'json'];

/** True for a file taken first (an archive or a JSON file, by its extension): the Takeout matching waits for these. */
export function takenFirst(name: string): boolean {
  return FIRST.includes(extensionOf(name));
}

interface Waiting {
  id: number;
  size: number;
}

export class SlowestFirstQueue {
  private buckets = new Map<string, { items: Waiting[]; sorted: boolean }>();
  private learned = new Map<string, { ms: number; n: number }>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(id: number, name: string, size: number): void {
    const ext = extensionOf(name);
    const bucket = this.buckets.get(ext) ?? { items: [], sorted: true };
    bucket.items.push({ id, size });
    bucket.sorted = false;
    this.buckets.set(ext, bucket);
    this.count += 1;
  }

  /**
   * Removes and returns the next id: an archive's or a JSON file's first (FIRST), else the one
   * expected to take longest; undefined when empty, or when `firstOnly` and none of FIRST waits.
   */
  shift(firstOnly = false): number | undefined {
    let best = FIRST.find((ext) => this.buckets.get(ext)?.items.length);
    let bestCost = best ? Number.POSITIVE_INFINITY : -1;
    if (!best && firstOnly) return undefined;
    for (const [ext, bucket] of this.buckets) {
      if (bucket.items.length === 0) continue;
      const cost = this.expectedMs(ext);
      if (cost > bestCost) {
        best = ext;
        bestCost = cost;
      }
    }
    if (best === undefined) return undefined;
    const bucket = this.buckets.get(best)!;
    if (!bucket.sorted) {
      // Ascending by size, so pop() takes the biggest.
      bucket.items.sort((a, b) => a.size - b.size);
      bucket.sorted = true;
    }
    this.count -= 1;
    return bucket.items.pop()!.id;
  }

  /** Records how long a file took (worker ms), refining the expectation for its extension. */
  learn(name: string, ms: number): void {
    const ext = extensionOf(name);
    const l = this.learned.get(ext) ?? { ms: 0, n: 0 };
    this.learned.set(ext, { ms: l.ms + ms, n: l.n + 1 });
  }

  clear(): void {
    this.buckets.clear();
    this.count = 0;
  }

  private expectedMs(ext: string): number {
    const l = this.learned.get(ext);
    return l ? l.ms / l.n : Number.POSITIVE_INFINITY;
  }
}
