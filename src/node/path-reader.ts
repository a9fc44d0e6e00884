/**
 * Node-only half of src/extractors/source/sync-reader.ts (loaded there with a variable specifier,
 * so never bundled for the browser): files read synchronously with `fs.readSync` (exact past 4 GiB).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { SyncReader } from '../extractors/source/sync-reader';

/** A SyncReader over a file path. Throws the fs error (ENOENT…) as is. */
export function openPathReader(path: string): SyncReader {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  return {
    size,
    read(start: number, end: number): Uint8Array {
      const buf = new Uint8Array(end - start);
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, start + got);
        if (n === 0) break;
        got += n;
      }
      return got === buf.length ? buf : buf.subarray(0, got);
    },
    close: () => closeSync(fd),
  };
}
