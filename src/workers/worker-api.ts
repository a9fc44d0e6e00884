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

export const api = {
  /**
   * Extracts one File (structured-cloned, not copied: reads are Blob slices of the original).
   * Resolves with a MetadataRecord; never rejects for a bad file.
   */
  async extract(file: File, request: ExtractRequest = {}): Promise<MetadataRecord> {
    const source = new BlobSource(file, file.name);
    return extractRecord({ source, lastModified: file.lastModified, path: request.path, options: request.options });
  },

  /** Size of this worker's JS heap in bytes where the browser reports it (for recycling decisions). */
  heapBytes(): number {
    const mem = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    return mem?.usedJSHeapSize ?? 0;
  },
};

export type ExtractWorkerApi = typeof api;
