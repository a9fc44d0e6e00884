import type { ByteSource } from '../types';
import { ExtractError, throwIfAborted, toErrorData } from '../errors';

/**
 * Base for ByteSources: clamps ranges to the file, counts reads and bytes, checks the abort
 * signal, and turns read failures into ExtractError('read-failed'). Subclasses implement
 * `readRange` for an in-bounds, non-empty range.
 */
export abstract class CountedSource implements ByteSource {
  bytesRead = 0;
  reads = 0;
  abstract readonly size: number;
  abstract readonly name: string;

  protected abstract readRange(offset: number, length: number): Promise<Uint8Array>;

  async read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    throwIfAborted(signal);
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new ExtractError('corrupt', `Invalid read range (offset ${offset}, length ${length}).`);
    }
    const end = Math.min(this.size, offset + length);
    if (end <= offset) return new Uint8Array(0);
    let bytes: Uint8Array;
    try {
      bytes = await this.readRange(offset, end - offset);
    } catch (e) {
      const data = toErrorData(e, 'read-failed');
      throw new ExtractError(data.code, data.message, offset, data.cause);
    }
    this.reads += 1;
    this.bytesRead += bytes.length;
    throwIfAborted(signal);
    return bytes;
  }
}
