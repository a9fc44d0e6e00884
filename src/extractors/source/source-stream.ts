import type { ByteSource } from '../types';
import { ExtractError } from '../errors';

/** Bytes per read when streaming a source whole. */
const STREAM_CHUNK = 1024 * 1024;

/**
 * The whole of `source` as a stream of reads of `chunk` bytes, one after another (a deflated ZIP
 * entry inflates forward, keeping its window only: memory stays flat for any size). The stream
 * errors with the source's ExtractError, or `truncated` when a read comes back empty before the
 * source's size.
 */
export function sourceStream(source: ByteSource, chunk = STREAM_CHUNK, signal?: AbortSignal): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset >= source.size) return controller.close();
      const bytes = await source.read(offset, Math.min(chunk, source.size - offset), signal);
      if (bytes.length === 0) throw new ExtractError('truncated', `${source.name} ended at ${offset} of its ${source.size} bytes.`, offset);
      offset += bytes.length;
      controller.enqueue(bytes);
    },
  });
}
