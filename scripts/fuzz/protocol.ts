/** Messages between the fuzz pool (pool.ts) and its worker threads (worker.ts). */
import type { ExtractErrorData } from '../../src/extractors/errors';
import type { RecordStatus } from '../../src/extractors/status';

/** One mutant to extract; `buffer` is transferred. */
export interface WorkerJob {
  id: number;
  name: string;
  buffer: ArrayBuffer;
}

/** What a worker learnt from one mutant's record. */
export interface WorkerReport {
  /** `record.format.id` ('unknown' when nothing claimed the file). */
  format: string;
  errors: ExtractErrorData[];
  /** The record's status (src/extractors/status.ts); `error` when extractRecord threw. */
  status: RecordStatus;
  /** `extractRecord` threw (it must only reject on abort): the thrown text. */
  thrown?: string;
  /** The record could not be serialised as the app's worker does (record-text.ts): the error text. */
  unserialisable?: string;
}

export type WorkerMessage = { type: 'ready' } | { type: 'done'; id: number; report: WorkerReport };
