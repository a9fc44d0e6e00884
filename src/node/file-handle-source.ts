/**
 * Node-only ByteSource over a path, reading with `fs.promises` FileHandle.read (exact sizes past
 * 4 GiB, unlike Node 20's `fs.openAsBlob`, which reports sizes modulo 2^32). Never imported by browser code.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { CountedSource } from '../extractors/source/counted-source';

export class FileHandleSource extends CountedSource {
  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    readonly name: string,
    readonly path: string,
    readonly lastModified: number,
  ) {
    super();
  }

  /**
   * Opens `path` for reading. Throws the fs error (ENOENT, EACCES…) as is, and an Error for
   * anything but a regular file. O_NONBLOCK (POSIX open(2); no such flag on Windows) makes opening
   * a FIFO return at once instead of waiting for a writer; regular files ignore it.
   */
  static async open(path: string): Promise<FileHandleSource> {
    const abs = resolve(path);
    const handle = await open(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const st = await handle.stat();
      if (!st.isFile()) throw new Error(`${path} is not a regular file`);
      return new FileHandleSource(handle, st.size, basename(abs), abs, Math.round(st.mtimeMs));
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  protected async readRange(offset: number, length: number): Promise<Uint8Array> {
    const buf = new Uint8Array(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await this.handle.read(buf, got, length - got, offset + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got === length ? buf : buf.subarray(0, got);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
