/**
 * Extracts bytes held in memory as a file named `name` (a BytesSource through `extractRecord`),
 * timed. Used by the tests that build hostile files in memory.
 */
import type { ExtractOptions, MetadataRecord } from '../extractors/types';
import { extractRecord } from '../extractors/run';
import { BytesSource } from '../extractors/source/bytes-source';

/** The record, its source (whose `bytesRead`/`reads` say what was read) and the wall time in ms. */
export async function extractBytes(bytes: Uint8Array, name: string, options?: Partial<ExtractOptions>): Promise<{ r: MetadataRecord; source: BytesSource; ms: number }> {
  const source = new BytesSource(bytes, name);
  const started = performance.now();
  const r = await extractRecord({ source, options });
  return { r, source, ms: performance.now() - started };
}
