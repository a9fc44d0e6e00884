/**
 * Node-only: extracts the file at `path` exactly as the CLI does (a FileHandleSource through
 * `extractRecord`), closing the file afterwards. Used by the CLI and the tests.
 */
import { basename } from 'node:path';
import type { MetadataRecord } from '../extractors/types';
import { extractRecord, type RunInput } from '../extractors/run';
import { describeThrown } from '../extractors/errors';
import { emptyRecord } from '../extractors/empty-record';
import { FileHandleSource } from './file-handle-source';

/**
 * The record of the file at `path`; rejects only as `extractRecord` does (aborted). A file that
 * cannot be opened (EACCES, ENOENT when removed since it was listed, a FIFO or other non-regular
 * file) gives a record with one `read-failed` error naming the OS error, its `size` 0 (unknown).
 */
export async function extractPath(path: string, input: Omit<RunInput, 'source' | 'lastModified'> = {}): Promise<MetadataRecord> {
  let source: FileHandleSource;
  try {
    source = await FileHandleSource.open(path);
  } catch (e) {
    const file = { name: basename(path), size: 0, ...(input.path ? { path: input.path } : {}) };
    return emptyRecord(file, [{ code: 'read-failed', message: `Cannot open the file: ${describeThrown(e)}` }]);
  }
  try {
    return await extractRecord({ ...input, source, lastModified: source.lastModified });
  } finally {
    await source.close();
  }
}
