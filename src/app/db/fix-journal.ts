/**
 * The journal of "write fixed copies" runs (its own IndexedDB database, apart from the cache: the
 * cache may be cleared or rebuilt, a run's progress must not be): each run's destination folder
 * handle (File System Access handles are structured-cloneable) and, per copy, that it was written
 * and checked. A run interrupted (tab closed, machine asleep) resumes from it, writing nothing
 * twice. Unfinished runs are kept until they finish or the user starts another.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** A run of fixed copies into one destination. */
export interface FixRunInfo {
  id: string;
  /** The destination's name, as shown ("fixed photos"). */
  destination: string;
  /** The destination folder; absent for a ZIP download (which cannot resume). */
  handle?: FileSystemDirectoryHandle;
  /** Copies the run was started with. */
  total: number;
  /** Unix milliseconds. */
  started: number;
  finished?: number;
}

interface FixJournalSchema extends DBSchema {
  runs: { key: string; value: FixRunInfo };
  /** Copies written and checked: key `[run id, target path]`, value the bytes written. */
  done: { key: [string, string]; value: { run: string; target: string; bytes: number } };
}

const NAME = 'metaextract-fix-runs';

export class FixJournal {
  private constructor(private readonly db: IDBPDatabase<FixJournalSchema>) {}

  /** Opens (creating) the journal's database. @throws the IndexedDB error when storage is unavailable */
  static async open(): Promise<FixJournal> {
    const db = await openDB<FixJournalSchema>(NAME, 1, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('done');
      },
    });
    return new FixJournal(db);
  }

  /** The newest unfinished run into a folder, if any. */
  async unfinished(): Promise<FixRunInfo | undefined> {
    const runs = await this.db.getAll('runs');
    return runs.filter((r) => r.finished === undefined && r.handle).sort((a, b) => b.started - a.started)[0];
  }

  /** Starts a run; earlier unfinished runs are forgotten (one run resumes at a time). */
  async begin(info: Omit<FixRunInfo, 'id' | 'started'>): Promise<FixRunInfo> {
    const run: FixRunInfo = { ...info, id: crypto.randomUUID(), started: Date.now() };
    for (const old of await this.db.getAll('runs')) if (old.finished === undefined) await this.forget(old.id);
    await this.db.put('runs', run);
    return run;
  }

  /** The target paths run `id` has written and checked. */
  async done(id: string): Promise<Set<string>> {
    const keys = await this.db.getAllKeys('done', IDBKeyRange.bound([id, ''], [id, '\uffff']));
    return new Set(keys.map(([, target]) => target));
  }

  /** Records that `target` was written (`bytes`) and checked. */
  async markDone(id: string, target: string, bytes: number): Promise<void> {
    await this.db.put('done', { run: id, target, bytes }, [id, target]);
  }

  /** Marks run `id` finished and drops its per-copy entries. */
  async finish(id: string): Promise<void> {
    const run = await this.db.get('runs', id);
    if (run) await this.db.put('runs', { ...run, finished: Date.now() });
    await this.db.delete('done', IDBKeyRange.bound([id, ''], [id, '\uffff']));
  }

  private async forget(id: string): Promise<void> {
    await this.db.delete('runs', id);
    await this.db.delete('done', IDBKeyRange.bound([id, ''], [id, '\uffff']));
  }
}
