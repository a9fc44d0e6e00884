import type { ByteSource, SniffResult } from '../types';
import { bytesAt } from '../sniff-util';

/** HDF5 format signature (HDF5 File Format Specification §II.A, superblock). */
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/**
 * Offset of the HDF5 superblock within `head`: the signature is at 0 or at 512·2ⁿ (after a user
 * block). Returns -1 when not found in `head`.
 */
function findHdf5Superblock(head: Uint8Array): number {
  if (bytesAt(head, 0, HDF5_SIGNATURE)) return 0;
  for (let off = 512; off + 8 <= head.length; off *= 2) if (bytesAt(head, off, HDF5_SIGNATURE)) return off;
  return -1;
}

/** HDF5 (and so NetCDF-4, which is HDF5 underneath). */
export function sniffHdf5(head: Uint8Array): SniffResult {
  return findHdf5Superblock(head) >= 0 ? 'yes' : 'no';
}

/**
 * Offset of the first HDF5 signature in `source` at 0 or 512·2ⁿ, searching from `from` up to the
 * file's end as HDF5 does (H5FD_locate_signature), one 8-byte read per candidate; -1 when none.
 * Finds superblocks after user blocks of any size (h5jam writes them of 64 KiB and more).
 */
export async function locateHdf5(source: ByteSource, from: number, signal?: AbortSignal): Promise<number> {
  for (let off = 0; off + 8 <= source.size; off = off === 0 ? 512 : off * 2) {
    if (off >= from && bytesAt(await source.read(off, 8, signal), 0, HDF5_SIGNATURE)) return off;
  }
  return -1;
}
