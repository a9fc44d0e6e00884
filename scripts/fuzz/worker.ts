/**
 * Fuzz worker (Node worker_threads; started through worker-entry.mjs): extracts each mutant it
 * is sent with `extractRecord` over a BytesSource, serialises the record as the app's worker does
 * (record-text.ts) and posts back a `WorkerReport`. Posts `{ type: 'ready' }` once warm as the
 * app's workers are (worker-api.ts `warm`: every extractor and what it preloads, h5wasm and the
 * EPSG names included), so loading time never counts against a mutant's time limit.
 */
import { parentPort } from 'node:worker_threads';
import { extractRecord } from '../../src/extractors/run';
import { BytesSource } from '../../src/extractors/source/bytes-source';
import { describeThrown } from '../../src/extractors/errors';
import { statusOf } from '../../src/extractors/status';
import { createWorkerApi } from '../../src/workers/worker-api';
import { toRecordText } from '../../src/workers/record-text';
import type { WorkerJob, WorkerMessage, WorkerReport } from './protocol';

async function extract(job: WorkerJob): Promise<WorkerReport> {
  let record;
  try {
    record = await extractRecord({ source: new BytesSource(new Uint8Array(job.buffer), job.name) });
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
