import type { ExtractErrorData } from './errors';
import type { MetadataRecord } from './types';

/**
 * A record holding no metadata yet: format `unknown`, nothing read, `errors` as given. The runner
 * fills one in (run.ts); the worker pool and the CLI return one for a file that failed outside an
 * extractor (time limit, crashed worker, a file that could not be opened).
 */
export function emptyRecord(file: MetadataRecord['file'], errors: ExtractErrorData[] = [], ms = 0): MetadataRecord {
  return {
    schemaVersion: 1,
    format: { id: 'unknown', name: 'Unknown' },
    file,
    summary: [],
    groups: [],
    warnings: [],
    errors,
    stats: { bytesRead: 0, reads: 0, ms, extractor: '', cached: false },
  };
}
