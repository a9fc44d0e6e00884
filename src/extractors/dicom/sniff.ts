import type { SniffResult } from '../types';
import { asciiAt } from '../sniff-util';

/**
 * DICOM PS3.10 §7.1: 128-byte preamble then `DICM`. Preamble-less streams (no Part 10 header)
 * are recognised as 'maybe' when they start with a group 0002 or 0008 element whose VR field
 * (explicit VR) is two upper-case letters or whose 32-bit length (implicit VR) is small.
 */
export function sniffDicom(head: Uint8Array): SniffResult {
  if (asciiAt(head, 128, 'DICM')) return 'yes';
  if (head.length < 8) return 'no';
  const group = head[0] | (head[1] << 8);
  if (group !== 0x0002 && group !== 0x0008) return 'no';
  const isUpper = (b: number) => b >= 0x41 && b <= 0x5a;
  if (isUpper(head[4]) && isUpper(head[5])) return 'maybe';
  const len = (head[4] | (head[5] << 8) | (head[6] << 16)) + head[7] * 0x1000000;
  return len < 1024 ? 'maybe' : 'no';
}
