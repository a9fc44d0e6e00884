import type { SniffResult } from '../types';
import { asciiAt } from '../sniff-util';

/** FITS 4.0 §4.4.1.1: a primary header starts with `SIMPLE  =` in the first card. */
export function sniffFits(head: Uint8Array): SniffResult {
  return asciiAt(head, 0, 'SIMPLE  =') ? 'yes' : 'no';
}
