/**
 * The HDF5 superblock, read directly from the bytes (HDF5 File Format Specification v3,
 * §II.A "Disk Format: Level 0A - Format Signature and Superblock"): the signature sits at 0 or
 * at 512·2ⁿ (after a user block), the version byte follows it.
 */
import type { ByteSource } from '../types';
import { ExtractError } from '../errors';
import { locateHdf5 } from './sniff';

export interface Superblock {
  /** Byte offset of the signature (= user block size). */
  offset: number;
  version: number;
  sizeOfOffsets: number;
  sizeOfLengths: number;
  /** Absolute base address that object addresses are relative to. */
  baseAddress: number;
  /** End-of-file address recorded in the superblock (absolute), when known; may lie past the file's end. */
  eofAddress?: number;
  /** Root group object header address (absolute), for v2/v3 superblocks. */
  rootAddress?: number;
}

/** Reads an unsigned little-endian integer of `size` bytes (undefined = "undefined address"). */
export function readUint(b: Uint8Array, at: number, size: number): number | undefined {
  let v = 0n;
  let allOnes = true;
  for (let i = size - 1; i >= 0; i--) {
    v = (v << 8n) | BigInt(b[at + i]);
    if (b[at + i] !== 0xff) allOnes = false;
  }
  if (allOnes) return undefined;
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.MAX_SAFE_INTEGER;
}

/**
 * Finds and parses the superblock. Searches 0, 512, 1024… up to the file size.
 * Throws ExtractError('unsupported-format') without a signature, ('truncated') when the file ends
 * inside the superblock, ('corrupt') for an unknown version or field sizes. A recorded end-of-file
 * address past the file's end is returned as is (see {@link missingBytes}).
 */
export async function readSuperblock(source: ByteSource, signal?: AbortSignal): Promise<Superblock> {
  const offset = await locateHdf5(source, 0, signal);
  if (offset < 0) throw new ExtractError('unsupported-format', 'No HDF5 signature at offset 0 or 512·2ⁿ.');
  const b = await source.read(offset, 96, signal);
  const version = b[8];
  if (version === undefined) throw new ExtractError('truncated', 'File ends after the HDF5 signature.', offset);
  let sizeOfOffsets: number;
  let sizeOfLengths: number;
  let at: number;
  if (version === 0 || version === 1) {
    sizeOfOffsets = b[13];
    sizeOfLengths = b[14];
    at = version === 0 ? 24 : 28;
  } else if (version === 2 || version === 3 || version === 4) {
    sizeOfOffsets = b[9];
    sizeOfLengths = b[10];
    at = 12;
  } else {
    throw new ExtractError('corrupt', `Unknown HDF5 superblock version ${version}.`, offset + 8);
  }
  if (![2, 4, 8].includes(sizeOfOffsets) || ![2, 4, 8].includes(sizeOfLengths)) {
    throw new ExtractError('corrupt', `Invalid HDF5 superblock field sizes (offsets ${sizeOfOffsets}, lengths ${sizeOfLengths}).`, offset + 8);
  }
  const need = at + 4 * sizeOfOffsets;
  if (b.length < need) throw new ExtractError('truncated', 'File ends inside the HDF5 superblock.', offset);
  // As the HDF5 library does (H5F__super_read), addresses are taken relative to where the
  // superblock was found, also when the stored base address says otherwise (a user block
  // prepended after the file was written).
  const base = offset;
  const sb: Superblock = { offset, version, sizeOfOffsets, sizeOfLengths, baseAddress: base };
  // v0/1: base, free-space, EOF, driver; v2+: base, extension, EOF, root object header.
  const eof = readUint(b, at + 2 * sizeOfOffsets, sizeOfOffsets);
  if (eof !== undefined) sb.eofAddress = base + eof;
  if (version >= 2) {
    const root = readUint(b, at + 3 * sizeOfOffsets, sizeOfOffsets);
    if (root !== undefined) sb.rootAddress = base + root;
  }
  return sb;
}

/**
 * Bytes the superblock's end-of-file address claims beyond the file's `size` (0 when it claims
 * none or is undefined): a file cut short, or one whose writer reserved space it never wrote.
 */
export function missingBytes(sb: Superblock, size: number): number {
  return sb.eofAddress !== undefined && sb.eofAddress > size ? sb.eofAddress - size : 0;
}
