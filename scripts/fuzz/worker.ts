/**
 * Fuzz worker (Node worker_threads; started through worker-entry.mjs): extracts each mutant it
 * is sent with `extractRecord` over a BytesSource (a ZIP no format claims: its listing and then
 * each file entry through a ZipEntrySource, as the app's worker does; a tar or tgz: one pass
 * extracting each file entry from its window, archive/tar-scan.ts), serialises the record as
 * the app's worker does (record-text.ts) and posts back a `WorkerReport`. Posts `{ type: 'ready' }` once warm as the
 * app's workers are (worker-api.ts `warm`: every extractor and what it preloads, h5wasm and the
 * EPSG names included), so loading time never counts against a mutant's time limit.
 */
import { parentPort } from 'node:worker_threads';
import { extractRecord } from '../../src/extractors/run';
import { BytesSource } from '../../src/extractors/source/bytes-source';
import { describeThrown, toErrorData } from '../../src/extractors/errors';
import { statusOf } from '../../src/extractors/status';
import { createWorkerApi, recordOf } from '../../src/workers/worker-api';
import { toRecordText } from '../../src/workers/record-text';
import { endsAsZip, listZip, startsAsZip } from '../../src/archive/zip';
import { ZipEntrySource } from '../../src/archive/zip-entry-source';
import { scanTar } from '../../src/archive/tar-scan';
import { tarKindOf, tarRecord } from '../../src/archive/tar-record';
import type { MetadataRecord } from '../../src/extractors/types';
import type { ExtractErrorData } from '../../src/extractors/errors';

/** Entries of a mutated archive extracted at most (the rest add nothing a fuzz run needs). */
const MAX_ENTRIES = 8;

/**
 * A ZIP's records as the app makes them: a listing that fails is one typed error; otherwise each
 * file entry's record (up to MAX_ENTRIES). Null when `source` is not a ZIP. Throws what escapes.
 */
async function zipRecords(source: BytesSource): Promise<{ errors: ExtractErrorData[] } | MetadataRecord[] | null> {
  if (!(startsAsZip(await source.read(0, 4)) || (await endsAsZip(source)))) return null;
  let listing;
  try {
    listing = await listZip(source);
  } catch (e) {
    const data = toErrorData(e);
    if (data.code === 'internal') throw e;
    return { errors: [data] };
  }
  const files = listing.entries.filter((e) => !e.directory).slice(0, MAX_ENTRIES);
  const out: MetadataRecord[] = [];
  for (const entry of files) out.push(await extractRecord({ source: new ZipEntrySource(source, entry), path: entry.path }));
  return out;
}
/**
 * A tar's records as the app makes them (workers/worker-api.ts `streamArchive`): each file entry's
 * record from one pass, then the archive's (its listing, and the error that ended the pass). Null
 * when `bytes` is not a tar or tgz (archive/tar-record.ts `tarKindOf`). Throws what escapes.
 */
async function tarRecords(bytes: Uint8Array<ArrayBuffer>, name: string): Promise<{ format: string; records: MetadataRecord[] } | null> {
  const kind = tarKindOf(bytes.subarray(0, 512), name);
  if (!kind) return null;
  const records: MetadataRecord[] = [];
  const scan = await scanTar(
    { blob: new Blob([bytes]), gzip: kind === 'tgz', path: name },
    { extract: (source, entry, path) => recordOf(source, entry.mtime * 1000, path), record: (_, r) => records.push(r) },
  );
  records.push(tarRecord({ name, size: bytes.length }, kind, { scan }, { bytesRead: bytes.length, reads: 0, ms: 0 }));
  return { format: kind, records };
}

import type { WorkerJob, WorkerMessage, WorkerReport } from './protocol';

async function extract(job: WorkerJob): Promise<WorkerReport> {
  let record;
  const source = new BytesSource(new Uint8Array(job.buffer), job.name);
  try {
    record = await extractRecord({ source });
    const unclaimed = record.errors.some((e) => e.code === 'unsupported-format');
    const zip = unclaimed ? await zipRecords(source) : null;
    if (zip && !Array.isArray(zip)) return { format: 'zip', errors: zip.errors, status: 'error' };
    const archive = zip ? { format: 'zip', records: zip } : unclaimed ? await tarRecords(new Uint8Array(job.buffer), job.name) : null;
    if (archive) {
      // The archive's outcome is its worst entry's (an escape first, then any error but an entry of
      // no known format, which archives hold as a matter of course), else done.
      const { format, records } = archive;
      const worst = records.find((r) => r.errors.some((e) => e.code === 'internal')) ?? records.find((r) => r.errors.some((e) => e.code !== 'unsupported-format'));
      for (const r of records) if (r !== worst) toRecordText(r);
      if (!worst) return { format, errors: [], status: 'done' };
      record = worst;
    }
  } catch (e) {
    return { format: 'unknown', errors: [], status: 'error', thrown: describeThrown(e) };
  }
  const report: WorkerReport = {
    format: record.format.id,
    errors: record.errors,
    status: statusOf(record),
  };
  try {
    toRecordText(record);
  } catch (e) {
    report.unserialisable = describeThrown(e);
  }
  return report;
}

const port = parentPort;
if (!port) throw new Error('scripts/fuzz/worker.ts runs only as a worker thread');
const failed = await createWorkerApi().warm();
if (failed.length) throw new Error(`extractors failed to load: ${failed.join(', ')}`);
port.on('message', async (job: WorkerJob) => {
  const message: WorkerMessage = { type: 'done', id: job.id, report: await extract(job) };
  port.postMessage(message);
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
