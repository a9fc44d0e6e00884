/**
 * Batch metrics for the performance panel. Plain counters updated once per finished file (no
 * reactivity, so cheap while the panel is hidden); `snapshot()` computes the figures on demand.
 */
import type { MetadataRecord } from '../../extractors/types';

export interface MetricsSnapshot {
  files: number;
  /** Files per second since the batch started (to the last finished file). */
  filesPerSecond: number;
  bytesRead: number;
  cacheHits: number;
  errorsByCode: Record<string, number>;
  formats: { id: string; name: string; count: number; medianMs: number }[];
  /** Busy workers / pool size now, and the mean over the snapshots of this batch. */
  workersBusy: number;
  workers: number;
  meanUtilisation: number;
  /** performance.memory.usedJSHeapSize of the page in bytes, where the browser reports it. */
  jsHeapBytes: number | null;
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export class BatchMetrics {
  private started = 0;
  private lastDone = 0;
  private files = 0;
  private bytesRead = 0;
  private cacheHits = 0;
  private errors = new Map<string, number>();
  private formats = new Map<string, { name: string; ms: number[] }>();
  private utilisation = { sum: 0, n: 0 };

  /** Marks the start of a batch when work begins from idle. */
  start(now = performance.now()): void {
    if (this.started === 0) this.started = now;
  }

  /** Accounts one finished file. */
  done(record: MetadataRecord, now = performance.now()): void {
    this.files += 1;
    this.lastDone = now;
    if (record.stats.cached) this.cacheHits += 1;
    else this.bytesRead += record.stats.bytesRead;
    for (const e of record.errors) this.errors.set(e.code, (this.errors.get(e.code) ?? 0) + 1);
    if (!record.stats.cached) {
      const f = this.formats.get(record.format.id) ?? { name: record.format.name, ms: [] };
      f.ms.push(record.stats.ms);
      this.formats.set(record.format.id, f);
    }
  }

  reset(): void {
    Object.assign(this, new BatchMetrics());
  }

  snapshot(pool: { busy: number; size: number }): MetricsSnapshot {
    this.utilisation.sum += pool.busy / pool.size;
    this.utilisation.n += 1;
    const seconds = this.lastDone > this.started ? (this.lastDone - this.started) / 1000 : 0;
    const mem = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    return {
      files: this.files,
      filesPerSecond: seconds > 0 ? this.files / seconds : 0,
      bytesRead: this.bytesRead,
      cacheHits: this.cacheHits,
      errorsByCode: Object.fromEntries(this.errors),
      formats: [...this.formats].map(([id, f]) => ({ id, name: f.name, count: f.ms.length, medianMs: median(f.ms) })),
      workersBusy: pool.busy,
      workers: pool.size,
      meanUtilisation: this.utilisation.sum / this.utilisation.n,
      jsHeapBytes: mem?.usedJSHeapSize ?? null,
    };
  }
}
