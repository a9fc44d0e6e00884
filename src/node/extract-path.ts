/**
 * Node-only: extracts the file at `path` exactly as the CLI does (a FileHandleSource through
 * `extractRecord`), closing the file afterwards. Used by the CLI and the tests.
 */
import { basename } from 'node:path';
import type { MetadataRecord } from '../extractors/types';
import { extractRecord, type RunInput } from '../extractors/run';
import { describeThrown, toErrorData } from '../extractors/errors';
import { emptyRecord } from '../extractors/empty-record';
import { FileHandleSource } from './file-handle-source';
import { endsAsZip, listZip, startsAsZip } from '../archive/zip';
import { ZipEntrySource } from '../archive/zip-entry-source';

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

/**
 * The records of the file at `path` as the CLI writes them. A file a format claims gives
 * `extractPath`'s record (a JPEG with a ZIP appended stays a JPEG). A file no format claims that
 * is a ZIP archive (a local file header at byte 0, or an end of central directory record in its
 * last 22 bytes: a self-extractor or a prefixed archive without a comment) gives one record per
 * file entry (folder entries have none), each extracted through a ZipEntrySource with `file.path`
 * = the archive's path (`input.path`, else its name) + `/` + the entry's path; an archive that
 * cannot be listed gives one record of its own with the listing's typed error. Other files cost
 * nothing more than `extractPath`.
 */
export async function* extractPathRecords(path: string, input: Omit<RunInput, 'source' | 'lastModified'> = {}): AsyncGenerator<MetadataRecord> {
  let source: FileHandleSource;
  try {
    source = await FileHandleSource.open(path);
  } catch {
    yield await extractPath(path, input);
    return;
  }
  try {
    const record = await extractRecord({ ...input, source, lastModified: source.lastModified });
    const unclaimed = record.errors.some((e) => e.code === 'unsupported-format');
    const zip = unclaimed && source.size >= 22 && (startsAsZip(await source.read(0, 4, input.signal)) || (await endsAsZip(source, input.signal)));
    if (!zip) {
      yield record;
      return;
    }
    const archivePath = input.path ?? source.name;
    let entries;
    try {
      ({ entries } = await listZip(source, input.signal));
    } catch (e) {
      const data = toErrorData(e);
      if (data.code === 'aborted') throw e;
      const record = emptyRecord({ name: source.name, size: source.size, lastModified: source.lastModified, ...(input.path ? { path: input.path } : {}) }, [data]);
      record.format = { id: 'zip', name: 'ZIP archive' };
      record.stats.bytesRead = source.bytesRead;
      record.stats.reads = source.reads;
      yield record;
      return;
    }
    for (const entry of entries) {
      if (entry.directory) continue;
      // MS-DOS times have no zone (APPNOTE.TXT §4.4.6): read as local time, as unzip does.
      const modified = Date.parse(entry.modified);
      yield await extractRecord({
        ...input,
        source: new ZipEntrySource(source, entry),
        path: `${archivePath}/${entry.path}`,
        ...(Number.isNaN(modified) ? {} : { lastModified: modified }),
      });
    }
  } catch (e) {
    // A probe read that failed (read-failed): one record for the file, as extractPath gives.
    const data = toErrorData(e, 'read-failed');
    if (data.code === 'aborted') throw e;
    yield emptyRecord({ name: basename(path), size: source.size, ...(input.path ? { path: input.path } : {}) }, [data]);
  } finally {
    await source.close();
  }
}
