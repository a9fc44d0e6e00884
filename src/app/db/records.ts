/**
 * Reading cached records: many entries by key in few requests (readByKeys), and a stored record's
 * text into the head the list shows (headOf), or null for a damaged entry.
 */
import type { MetadataRecord } from '../../extractors/types';
import type { RowStatus } from '../state/row';
import { statusOf } from '../../extractors/status';
import { groupsOf, type RecordText } from '../../workers/record-text';

/**
 * A cached record without its groups (`groups` is empty: `getGroups(key)` reads them), marked
 * `cached`, and its status (extractors/status.ts, of the whole record).
 */
export interface CachedHead {
  record: MetadataRecord;
  status: RowStatus;
}

/** Entries per read request where many are read at once. */
const PAGE = 200;

/**
 * The entries with these keys, by key (absent keys are missing from the map). Reads by key range:
 * the keys sorted, PAGE at a time, one `getAll` over each page's range, or one `get` per key
 * where other entries crowd the range (more than `spread` times the keys, by `count`). A folder's
 * keys (name|size|date) sort together, so
 * 10,000 keys take ≈50 requests instead of 10,000: in Chromium each request costs the main
 * thread ≈0.1 ms, the bytes far less.
 */
export async function readByKeys<T extends { key: string }>(
  keys: string[],
  store: { count(range: IDBKeyRange): Promise<number>; getAll(range: IDBKeyRange): Promise<T[]>; get(key: string): Promise<T | undefined> },
  spread = 2,
): Promise<Map<string, T>> {
  const sorted = [...new Set(keys)].sort();
  const out = new Map<string, T>();
  for (let i = 0; i < sorted.length; i += PAGE) {
    const page = sorted.slice(i, i + PAGE);
    const range = IDBKeyRange.bound(page[0], page[page.length - 1]);
    if ((await store.count(range)) <= spread * page.length) {
      const wanted = new Set(page);
      for (const e of await store.getAll(range)) if (wanted.has(e.key)) out.set(e.key, e);
    } else {
      for (const e of await Promise.all(page.map((k) => store.get(k)))) if (e) out.set(e.key, e);
    }
  }
  return out;
}

/**
 * A stored record's head, parsed, with no groups (`getGroups` reads them) and marked `cached`,
 * and its status (extractors/status.ts); null when its text is not a record's (a damaged entry).
 */
export function headOf(text: RecordText): CachedHead | null {
  let record: unknown;
  try {
    if (typeof text.head !== 'string' || typeof text.groups !== 'string') return null;
    record = JSON.parse(text.head);
  } catch {
    return null;
  }
  if (!isRecordHead(record)) return null;
  record.stats.cached = true;
  // The groups text is parsed only if the status needs it (errors and no summary): a damaged one counts as no groups.
  const status = statusOf(Object.defineProperty({ ...record }, 'groups', { get: () => groupsOf(text.groups) ?? [] }));
  record.groups = [];
  return { record, status };
}

/** Whether a parsed head has the fields the list and the detail view rely on. */
function isRecordHead(r: unknown): r is MetadataRecord {
  const o = r as Partial<MetadataRecord> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.file?.name === 'string' &&
    typeof o.file.size === 'number' &&
    typeof o.format?.id === 'string' &&
    typeof o.format.name === 'string' &&
    Array.isArray(o.summary) &&
    Array.isArray(o.errors) &&
    Array.isArray(o.warnings) &&
    typeof o.stats === 'object' &&
    o.stats !== null
  );
}
