/**
 * The archives read in one pass (workers/worker-api.ts `streamArchive`: a `.tgz` or `.tar`), one
 * per part, for their progress bars: how far into the part the pass is and how many file entries
 * it has given. A pass stays listed once over (done or stopped) until the list is cleared or a new
 * batch starts.
 */

export interface StreamState {
  /** The archive's row. */
  id: number;
  name: string;
  /** The part's size and how far into it the pass is, in bytes. */
  size: number;
  bytesRead: number;
  /** File entries whose records have come. */
  entries: number;
  state: 'reading' | 'done' | 'stopped';
}

export class StreamList {
  items = $state<StreamState[]>([]);

  /** The pass of row `id` is `bytesRead` bytes into its part (the first call lists it). */
  progress(id: number, name: string, size: number, bytesRead: number): void {
    const item = this.items.find((s) => s.id === id);
    if (!item) this.items.push({ id, name, size, bytesRead, entries: 0, state: 'reading' });
    else if (bytesRead > item.bytesRead) item.bytesRead = bytesRead;
  }

  /** `n` more file entries of row `id`'s pass have come. */
  entries(id: number, n: number): void {
    const item = this.items.find((s) => s.id === id);
    if (item) item.entries += n;
  }

  /** The pass of row `id` is over: read to its end (`done`), or cancelled, timed out or failed (`stopped`). */
  end(id: number, done: boolean): void {
    const item = this.items.find((s) => s.id === id);
    if (!item || item.state !== 'reading') return;
    item.state = done ? 'done' : 'stopped';
    if (done) item.bytesRead = item.size;
  }

  clear(): void {
    this.items = [];
  }
}
