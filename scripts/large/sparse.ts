/**
 * Node-only helper of the large-file writers (issue 3) and the Takeout generator: writes files
 * that hold byte pieces at their offsets and zeros everywhere else, WITHOUT writing the zeros.
 * The pieces are written with `fs.promises` FileHandle positional writes and the length is set
 * with `truncate`, so the gaps stay holes on file systems with sparse files (ext4, xfs, btrfs,
 * APFS, tmpfs): a 4 GiB file costs a few kilobytes of disk.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Bytes to place at a file offset (a plain number: exact up to 2^53). */
export interface Piece {
  offset: number;
  bytes: Uint8Array;
}

/** Adjacent pieces are gathered into writes of up to this many bytes. */
const GATHER_BYTES = 1024 * 1024;

/**
 * Writes one file front to back from pieces given in offset order, leaving holes between them;
 * pieces that follow one another without a gap are gathered into one write (up to 1 MiB), so a
 * stream of small headers costs few system calls. Nothing but the gathered bytes is held in memory.
 */
export class SparseWriter {
  private readonly buffer = new Uint8Array(GATHER_BYTES);
  /** File offset of buffer[0]. */
  private start = 0;
  /** Bytes gathered in the buffer. */
  private length = 0;
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    /** The absolute path written. */
    readonly path: string,
  ) {}

  /** Creates (or replaces) `path`, creating its folder. fs errors as thrown by Node. */
  static async create(path: string): Promise<SparseWriter> {
    const abs = resolve(path);
    await mkdir(dirname(abs), { recursive: true });
    return new SparseWriter(await open(abs, 'w'), abs);
  }

  /** The end of the last piece put (the file's size so far, holes included). */
  get end(): number {
    return this.start + this.length;
  }

  /** Puts `bytes` at `offset`. Throws when `offset` is before the end of the previous piece. */
  async put(offset: number, bytes: Uint8Array): Promise<void> {
    if (!Number.isSafeInteger(offset) || offset < this.end) throw new Error(`piece at ${offset} overlaps the previous one (ends at ${this.end})`);
    if (offset > this.end || this.length + bytes.length > this.buffer.length) {
      await this.flush();
      this.start = offset;
    }
    if (bytes.length > this.buffer.length) {
      await writeAll(this.handle, bytes, offset);
      this.start = offset + bytes.length;
      return;
    }
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Writes what is gathered, sets the file's size to `size` (≥ end: a hole up to it) and closes the file. */
  async finish(size: number): Promise<void> {
    if (!Number.isSafeInteger(size) || size < this.end) throw new Error(`invalid file size ${size} (the pieces end at ${this.end})`);
    await this.flush();
    await this.handle.truncate(size);
    await this.close();
  }

  /** Closes the file without writing what is gathered (after a failure); no-op when closed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }

  private async flush(): Promise<void> {
    if (this.length > 0) await writeAll(this.handle, this.buffer.subarray(0, this.length), this.start);
    this.start += this.length;
    this.length = 0;
  }
}

async function writeAll(handle: FileHandle, bytes: Uint8Array, offset: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, offset + done);
    done += bytesWritten;
  }
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
  const writer = await SparseWriter.create(path);
  try {
    for (const p of sorted) await writer.put(p.offset, p.bytes);
    await writer.finish(size);
  } finally {
    await writer.close();
  }
  return writer.path;
}
