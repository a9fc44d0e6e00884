/**
 * Node-only: extracts the file at `path` exactly as the CLI does (a FileHandleSource through
 * `extractRecord`), closing the file afterwards. Used by the CLI and the tests.
 */
import type { MetadataRecord } from './types';
import { extractRecord, type RunInput } from './run';
import { FileHandleSource } from './source/file-handle-source';

export async function extractPath(path: string, input: Omit<RunInput, 'source' | 'lastModified'> = {}): Promise<MetadataRecord> {
  const source = await FileHandleSource.open(path);
  try {
    return await extractRecord({ ...input, source, lastModified: source.lastModified });
  } finally {
    await source.close();
  }
}
