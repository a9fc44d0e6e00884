/**
 * The API a pool worker exposes over Comlink. Everything that crosses back is plain data: failures
 * are already `errors` in the record (run.ts), so no library throw value reaches Comlink.
 */
import type { ExtractOptions, MetadataRecord } from '../extractors/types';
import { extractRecord } from '../extractors/run';
import { BlobSource } from '../extractors/source/blob-source';

export interface ExtractRequest {
  /** Relative path inside a dropped folder, kept in the record. */
  path?: string;
  options?: Partial<ExtractOptions>;
}

/** Bytes and reads so far for one file; sent while it is being extracted. */
export interface ExtractProgress {
  bytesRead: number;
  reads: number;
}

/** How often progress is reported (ms): each Comlink callback costs ≈0.2 ms (TOOLCHAIN.md §10). */
const PROGRESS_INTERVAL_MS = 200;

export const api = {
  /**
   * Extracts one File (structured-cloned, not copied: reads are Blob slices of the original).
   * Resolves with a MetadataRecord; never rejects for a bad file. `onProgress` (a Comlink proxy)
   * is called at most every 200 ms while the extraction runs (not during synchronous WASM calls).
   */
  async extract(file: File, request: ExtractRequest = {}, onProgress?: (p: ExtractProgress) => void): Promise<MetadataRecord> {
    const source = new BlobSource(file, file.name);
    const timer = onProgress
      ? setInterval(() => void onProgress({ bytesRead: source.bytesRead, reads: source.reads }), PROGRESS_INTERVAL_MS)
      : undefined;
    try {
      return await extractRecord({ source, lastModified: file.lastModified, path: request.path, options: request.options });
    } finally {
      clearInterval(timer);
    }
  },
};

export type ExtractWorkerApi = typeof api;
