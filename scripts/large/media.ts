/**
 * Large MP4 (issue 16): a 4 GiB MP4 whose `moov` comes after a sparse `mdat` (64-bit largesize,
 * ISO/IEC 14496-12 §4.2), laid out by the fixture writer (scripts/fixtures/media.ts mp4Layout):
 * ftyp, mdat header and moov are real bytes, the 4 GiB of samples a hole.
 */
import { join } from 'node:path';
import { MP4_FIXTURE, mp4Layout } from '../fixtures/media';
import { writeSparseFile } from './sparse';

/** Name of the file written by writeLargeMedia. */
export const LARGE_MEDIA_NAME = 'media-large.mp4';

/** The layout of the large file (its size, pieces and moov size). */
export const largeMediaLayout = () => mp4Layout({ ...MP4_FIXTURE, mdatBytes: 2 ** 32 });

/** Writes `media-large.mp4` into `dir`; returns its path. */
export function writeLargeMedia(dir: string): Promise<string> {
  const { size, pieces } = largeMediaLayout();
  return writeSparseFile(join(dir, LARGE_MEDIA_NAME), size, pieces);
}
