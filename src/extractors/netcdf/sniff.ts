import type { SniffResult } from '../types';
import { asciiAt } from '../sniff-util';

/** NetCDF classic format spec: magic `CDF` + version byte 1 (classic), 2 (64-bit offset), 5 (CDF-5). */
export function sniffNetcdfClassic(head: Uint8Array): SniffResult {
  return asciiAt(head, 0, 'CDF') && (head[3] === 1 || head[3] === 2 || head[3] === 5) ? 'yes' : 'no';
}
