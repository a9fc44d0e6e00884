/**
 * The IndexedDB cache of records (DESIGN.md "Cache"), through idb. Database `metaextract`:
 * - `records`: one entry per file version, key = name|size|lastModified|extractor versions, so a
 *   changed file or an upgraded extractor misses and re-extracts;
 * - `session`: the ordered keys of the list the user sees, so a reload shows it again.
 * Writes are batched into one transaction per flush. Storage failures (quota, private mode,
 * blocked) degrade to "not cached": methods then resolve without throwing and `available`
 * turns false, never losing the results on screen.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { MetadataRecord } from '../../extractors/types';
import { EXTRACTORS_VERSION } from '../../extractors/versions';

interface StoredRecord {
  key: string;
  record: MetadataRecord;
  storedAt: number;
  lastUsed: number;
}

interface SessionRow {
  /** Position in the list. */
  order: number;
  key: string;
  path?: string;
}

interface CacheSchema extends DBSchema {
  records: { key: string; value: StoredRecord };
  session: { key: number; value: SessionRow };
}

/** Identity of a file version in the cache. */
export function cacheKey(file: { name: string; size: number; lastModified?: number }): string {
  return `${file.name}|${file.size}|${file.lastModified ?? 0}|${EXTRACTORS_VERSION}`;
}

export class ResultsStore {
  available = true;
  private db: Promise<IDBPDatabase<CacheSchema> | null>;
  private pending = new Map<string, StoredRecord>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  /** `enabled: false` (the `?cache=off` URL switch) makes every lookup miss and stores nothing. */
  constructor(readonly enabled = true, name = 'metaextract') {
    if (!enabled) {
      this.available = false;
      this.db = Promise.resolve(null);
      return;
    }
    this.db = openDB<CacheSchema>(name, 1, {
      upgrade(db) {
        db.createObjectStore('records', { keyPath: 'key' });
        db.createObjectStore('session', { keyPath: 'order' });
      },
    }).catch(() => {
      this.available = false;
      return null;
    });
  }

  /** The cached record for this file version, marked `cached`, or undefined. */
  async get(file: { name: string; size: number; lastModified?: number }): Promise<MetadataRecord | undefined> {
    const key = cacheKey(file);
    const queued = this.pending.get(key);
    if (queued) return markCached(queued.record);
    const db = await this.db;
    if (!db) return undefined;
    try {
      const hit = await db.get('records', key);
      return hit ? markCached(hit.record) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Queues a record for the next batched write. Records of cancelled/timeouts are not cached. */
  put(record: MetadataRecord): void {
    if (!this.enabled) return;
    if (record.errors.some((e) => e.code === 'timeout' || e.code === 'aborted' || e.code === 'read-failed')) return;
    const key = cacheKey(record.file);
    const now = Date.now();
    this.pending.set(key, { key, record, storedAt: now, lastUsed: now });
    this.flushTimer ??= setTimeout(() => void this.flush(), 50);
  }

  /** Writes queued records in one transaction. */
  async flush(): Promise<void> {
    this.flushTimer = null;
    const batch = [...this.pending.values()];
    this.pending.clear();
    const db = await this.db;
    if (!db || batch.length === 0) return;
    try {
      const tx = db.transaction('records', 'readwrite');
      await Promise.all([...batch.map((r) => tx.store.put(r)), tx.done]);
    } catch {
      this.available = false;
    }
  }

  /** Replaces the saved list (ordered keys with paths). */
  async saveSession(rows: { key: string; path?: string }[]): Promise<void> {
    const db = await this.db;
    if (!db) return;
    try {
      const tx = db.transaction('session', 'readwrite');
      await tx.store.clear();
      await Promise.all([...rows.map((r, order) => tx.store.put({ order, key: r.key, ...(r.path ? { path: r.path } : {}) })), tx.done]);
    } catch {
      this.available = false;
    }
  }

  /** The saved list's records, in order, marked cached (entries whose record is gone are skipped). */
  async loadSession(): Promise<MetadataRecord[]> {
    const db = await this.db;
    if (!db) return [];
    try {
      const tx = db.transaction(['session', 'records']);
      const rows = await tx.objectStore('session').getAll();
      const records = await Promise.all(rows.map((r) => tx.objectStore('records').get(r.key)));
      return records.flatMap((s, i) => (s ? [markCached({ ...s.record, file: { ...s.record.file, ...(rows[i].path ? { path: rows[i].path } : {}) } })] : []));
    } catch {
      return [];
    }
  }
}

function markCached(record: MetadataRecord): MetadataRecord {
  return { ...record, stats: { ...record.stats, cached: true } };
}
