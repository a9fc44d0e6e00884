/**
 * Node-only helper of the large-file writers (issue 3): writes a file of `size` bytes that holds
 * the given byte pieces at their offsets and zeros everywhere else, WITHOUT writing the zeros.
 * The pieces are written with `fs.promises` FileHandle positional writes and the length is set
 * with `truncate`, so the gaps stay holes on file systems with sparse files (ext4, xfs, btrfs,
 * APFS, tmpfs): a 4 GiB file costs a few kilobytes of disk.
 */
import { mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Bytes to place at a file offset (a plain number: exact up to 2^53). */
export interface Piece {
  offset: number;
  bytes: Uint8Array;
}

/**
 * Writes `path` (created or replaced) as `size` bytes holding `pieces` and holes elsewhere.
 * Throws when a piece overlaps another or runs past `size`, or when `size` is not a safe integer;
 * fs errors as thrown by Node. Returns the absolute path.
 */
export async function writeSparseFile(path: string, size: number, pieces: readonly Piece[]): Promise<string> {
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`invalid file size ${size}`);
  const sorted = [...pieces].sort((a, b) => a.offset - b.offset);
  let end = 0;
  for (const p of sorted) {
    if (!Number.isSafeInteger(p.offset) || p.offset < end) throw new Error(`piece at ${p.offset} overlaps the previous one (ends at ${end})`);
    end = p.offset + p.bytes.length;
    if (end > size) throw new Error(`piece at ${p.offset} (${p.bytes.length} bytes) runs past the file size ${size}`);
  }
  const abs = resolve(path);
  await mkdir(dirname(abs), { recursive: true });
  const fh = await open(abs, 'w');
  try {
    for (const p of sorted) {
      let done = 0;
      while (done < p.bytes.length) {
        const { bytesWritten } = await fh.write(p.bytes, done, p.bytes.length - done, p.offset + done);
        done += bytesWritten;
      }
    }
    await fh.truncate(size);
  } finally {
    await fh.close();
  }
  return abs;
}
