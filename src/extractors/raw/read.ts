/**
 * Reads a RAW file into the model present.ts shows: picks the container from the first bytes
 * (sniff.ts) and hands over to its reader (tiff-raw.ts for TIFF-based files, cr3.ts, raf.ts).
 */
import type { ByteSource, ExtractContext } from '../types';
import { ExtractError } from '../errors';
import { rawContainer } from './sniff';
import { readTiffRaw } from './tiff-raw';
import { readCr3 } from './cr3';
import { readRaf } from './raf';
import type { RawModel } from './model';

/** Bytes read to recognise the container (enough for IFD0 of most TIFF-based RAWs). */
const HEAD_BYTES = 4096;

/** Reads a RAW file's metadata. Throws ExtractError when it is not a RAW file or its header is unusable. */
export async function readRaw(source: ByteSource, ctx: ExtractContext): Promise<RawModel> {
  if (source.size === 0) throw new ExtractError('truncated', 'The file is empty (0 bytes).', 0);
  const head = await source.read(0, Math.min(HEAD_BYTES, source.size), ctx.signal);
  const container = rawContainer(head);
  if (!container) throw new ExtractError('unsupported-format', 'Not a camera RAW file (no TIFF, CR3 or RAF signature).');
  if (container === 'cr3') return readCr3(source, ctx);
  if (container === 'raf') return readRaf(source, ctx);
  return readTiffRaw(source, ctx, container);
}
