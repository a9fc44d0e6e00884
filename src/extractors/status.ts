import type { MetadataRecord } from './types';

/**
 * What became of one file, from its record alone: `done` (no errors; warnings do not change it),
 * `partial` (errors, but some metadata was read: summary fields or groups), `error` (errors and
 * nothing read). The list, the cache, the CSV export and the conformance tests all use this.
 */
export type RecordStatus = 'done' | 'partial' | 'error';

/**
 * The status of a finished record (see RecordStatus). Reads `record.groups` only when the record
 * has errors and no summary, so a lazily parsed record (workers/record-text.ts `fromRecordText`)
 * is parsed only then.
 */
export function statusOf(record: MetadataRecord): RecordStatus {
  if (record.errors.length === 0) return 'done';
  return record.summary.length > 0 || record.groups.length > 0 ? 'partial' : 'error';
}
