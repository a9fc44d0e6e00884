/** A file in the list and how its status follows from its record. */
import type { MetadataRecord } from '../../extractors/types';

export type { PickedFile } from '../../workers/folder-walk';

export type RowStatus = 'queued' | 'reading' | 'done' | 'partial' | 'error' | 'cancelled';

/** One file in the list. Row objects are immutable: an update replaces the row. */
export interface Row {
  id: number;
  name: string;
  path?: string;
  size: number;
  status: RowStatus;
  record?: MetadataRecord;
  /** Bytes read so far while `reading`. */
  bytesRead?: number;
  /**
   * Set on a row restored from the saved list or found in the cache: its record's groups are
   * still only in the cache, under this key (`record.groups` is empty until FileQueue reads them).
   */
  storedKey?: string;
  /** Lower-case text the list filter searches (name, path, format, summary values). */
  text: string;
}


/**
 * Status of a finished record: errors with nothing shown = error, errors with data = partial.
 * `hasGroups` says whether it has groups, where they are not loaded (a cached record's head).
 */
export function statusOf(record: MetadataRecord, hasGroups = record.groups.length > 0): RowStatus {
  if (record.errors.length === 0) return 'done';
  return hasGroups || record.summary.length > 0 ? 'partial' : 'error';
}
