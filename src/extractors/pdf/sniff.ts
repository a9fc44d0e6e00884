import type { SniffResult } from '../types';

const MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

/**
 * ISO 32000-1 §7.5.2: a PDF starts with `%PDF-`; readers accept it anywhere in the first 1024
 * bytes (leading junk, as pdf.js and Acrobat tolerate), so does this.
 */
export function sniffPdf(head: Uint8Array): SniffResult {
  const end = Math.min(head.length, 1024) - MAGIC.length;
  for (let i = 0; i <= end; i++) {
    if (head[i] === 0x25 && MAGIC.every((b, k) => head[i + k] === b)) return 'yes';
  }
  return 'no';
}
