/**
 * What begins a FITS header (FITS 4.0 §4.4.1.1 primary, §7.1 extensions), as leniently as
 * astropy opens files. No imports beyond types: the registry loads this eagerly.
 */
import type { SniffResult } from '../types';

/** The first `n` bytes as Latin-1 text. */
function latin1(bytes: Uint8Array, n: number): string {
  return String.fromCharCode(...bytes.subarray(0, n));
}

/**
 * True when `bytes` starts with a SIMPLE card. FITS 4.0 §4.4.1.1 asks for `SIMPLE  =` and T in
 * byte 30; astropy (`HDUList._readfrom`) opens any first card matching `SIMPLE\s*=\s*[TF]`, with
 * a VerifyWarning, so this accepts the same.
 */
export function startsPrimary(bytes: Uint8Array): boolean {
  return /^SIMPLE[ \t\n\r\f\v]*=[ \t\n\r\f\v]*[TF]/.test(latin1(bytes, Math.min(bytes.length, 80)));
}

/** True when a SIMPLE record is in the fixed format of FITS 4.0 §4.4.1.1 (`= ` in bytes 9–10, T or F in byte 30). */
export function standardSimple(record: string): boolean {
  return /^SIMPLE {2}= {20}[TF]/.test(record);
}

/**
 * True when `bytes` starts with an XTENSION card: keyword XTENSION in bytes 1–8 (FITS 4.0 §7.1),
 * wherever its value indicator is (astropy reads such a header as an HDU too).
 */
export function startsExtension(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && latin1(bytes, 8) === 'XTENSION';
}

/** A file is FITS when it starts with a SIMPLE card. */
export function sniffFits(head: Uint8Array): SniffResult {
  return startsPrimary(head) ? 'yes' : 'no';
}
