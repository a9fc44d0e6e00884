/**
 * Test support for the cache's modules in Node: a fresh in-memory IndexedDB (fake-indexeddb) and
 * Web Locks per test, records to store, and a way to let the database's work finish.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { vi } from 'vitest';
import type { ExtractErrorData } from '../extractors/errors';
import type { MetadataRecord } from '../extractors/types';

/**
 * Web Locks (tab-lock.ts) in memory, for one browser: a lock is held until its callback's promise
 * settles; `ifAvailable` gets null for a held lock. Waiting for a lock is not needed, so not done.
 */
class MemoryLocks {
  private readonly held = new Set<string>();

  async request(name: string, options: { ifAvailable?: boolean }, callback: (lock: { name: string; mode: string } | null) => unknown): Promise<unknown> {
    if (this.held.has(name)) {
      if (options.ifAvailable) return callback(null);
      throw new Error('MemoryLocks: waiting for a held lock is not implemented');
    }
    this.held.add(name);
    try {
      return await callback({ name, mode: 'exclusive' });
    } finally {
      this.held.delete(name);
    }
  }

  async query(): Promise<{ held: { name: string; mode: string }[]; pending: [] }> {
    return { held: [...this.held].map((name) => ({ name, mode: 'exclusive' })), pending: [] };
  }
}

/**
 * An empty IndexedDB, and Web Locks that no tab holds (as if every earlier tab was closed). The
 * stand-in navigator keeps Node's user agent: exifr (the photo extractor's) reads it as it loads.
 */
export function freshBrowser(): void {
  globalThis.indexedDB = new IDBFactory();
  vi.stubGlobal('navigator', { userAgent: globalThis.navigator?.userAgent ?? 'Node.js', locks: new MemoryLocks() });
}

/** Lets IndexedDB's queued work run (fake-indexeddb runs each step in a setImmediate task). */
export async function settle(tasks = 300): Promise<void> {
  for (let i = 0; i < tasks; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A record of file `name` (size `size`), with one group of `fields` fields and these errors. */
export function record(name: string, { size = 1000, fields = 1, errors = [] as ExtractErrorData[] } = {}): MetadataRecord {
  return {
    schemaVersion: 1,
    format: { id: 'jpeg', name: 'JPEG' },
    file: { name, size, lastModified: 1 },
    summary: [{ key: 'w', value: 1 }],
    groups: [{ id: 'g', label: 'G', fields: Array.from({ length: fields }, (_, i) => ({ key: `f${i}`, value: i })) }],
    warnings: [],
    errors,
    stats: { bytesRead: 10, reads: 1, ms: 1, extractor: 'jpeg', cached: false },
  };
}
