import type { SniffResult } from '../types';
import { asciiAt } from '../sniff-util';
import { inferEncoding } from './encoding';

/**
 * DICOM PS3.10 §7.1: 128-byte preamble then `DICM` ('yes'). Without them, a 'maybe' when the
 * first elements read as a data set in one of the four encodings (see `inferEncoding`): a File Meta
 * group without preamble, or a raw data set (implicit or explicit VR, little or big endian, ACR-NEMA
 * files starting with command group 0000).
 */
export function sniffDicom(head: Uint8Array): SniffResult {
  if (asciiAt(head, 128, 'DICM')) return 'yes';
  return inferEncoding(head, 0) ? 'maybe' : 'no';
}
