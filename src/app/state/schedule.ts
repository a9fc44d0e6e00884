/**
 * Which queued file to extract next: expected-slowest first, so a batch does not end waiting on
 * one long file. The format is unknown before a file is read, so expectations are learned per
 * file extension from this session's timings (mean worker ms); extensions not seen yet go first
 * (their cost is unknown and learning it early helps), and within an extension bigger files first.
 * O(number of extensions) per pick. JSON files go before all others: they are tiny, and the Google
 * Photos Takeout matching (takeout-rows.ts) waits for every sidecar, not for the media files.
 */
import { extensionOf } from '../../extractors/sniff-util';

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

  /** Removes and returns the id expected to take longest, or undefined when empty. */
  shift(): number | undefined {
    let best: string | undefined = this.buckets.get('json')?.items.length ? 'json' : undefined;
    let bestCost = best ? Number.POSITIVE_INFINITY : -1;
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
