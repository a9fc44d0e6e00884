import type { ByteSource } from '../types';
import { ExtractError } from '../errors';

/**
 * Reads exactly `length` bytes at `offset`, or throws ExtractError('truncated') with the offset
 * when the file ends first. `what` names the structure for the message ("FITS header block").
 */
export async function readExact(
  source: ByteSource,
  offset: number,
  length: number,
  what: string,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const bytes = await source.read(offset, length, signal);
  if (bytes.length < length) {
    throw new ExtractError(
      'truncated',
      `File ends inside the ${what}: needed ${length} bytes at offset ${offset}, file is ${source.size} bytes.`,
      offset,
    );
  }
  return bytes;
}
