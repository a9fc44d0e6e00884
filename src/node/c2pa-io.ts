/**
 * Node-only half of src/extractors/c2pa/runtime.ts (never bundled for the browser: runtime.ts
 * imports it with a variable specifier). c2pa-wasm's module is compiled from node_modules with
 * `initSync`. It reads files with the Web Worker API FileReaderSync (`readAsArrayBuffer` of a
 * Blob's `slice`), which Node lacks: files are handed to it as duck-typed blobs over a SyncReader
 * (`fs.readSync` on the path, or the bytes in memory: ../extractors/source/sync-reader.ts), and a
 * FileReaderSync that reads only those is installed while the module is loaded.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, WasmReader } from '@contentauth/c2pa-wasm';
import type { C2paRuntime } from '../extractors/c2pa/runtime';
import { syncReaderFor, type SyncReader } from '../extractors/source/sync-reader';

/** A range of a SyncReader, with the two members of Blob that c2pa-wasm uses (`size`, `slice`). */
class ReaderBlob {
  constructor(
    readonly reader: SyncReader,
    readonly start: number,
    readonly end: number,
  ) {}
  get size(): number {
    return this.end - this.start;
  }
  slice(a = 0, b = this.size): ReaderBlob {
    const clamp = (x: number) => this.start + Math.min(Math.max(x, 0), this.size);
    return new ReaderBlob(this.reader, clamp(a), Math.max(clamp(a), clamp(b)));
  }
}

/** FileReaderSync for ReaderBlobs (the Web API's only method c2pa-wasm calls). */
class ReaderBlobFileReaderSync {
  readAsArrayBuffer(blob: unknown): ArrayBuffer {
    if (!(blob instanceof ReaderBlob)) throw new TypeError('FileReaderSync (Node stand-in) reads only files opened by src/node/c2pa-io.ts');
    const { buffer, byteOffset, byteLength } = blob.reader.read(blob.start, blob.end);
    // c2pa-wasm only copies out of it: a view spanning its whole buffer (a read from disk) goes without another copy.
    return (byteOffset === 0 && byteLength === buffer.byteLength ? buffer : buffer.slice(byteOffset, byteOffset + byteLength)) as ArrayBuffer;
  }
}

/** Compiles c2pa-wasm from node_modules and reads the bundled trust list. Throws the fs or WebAssembly error as is. */
export async function createC2paNode(): Promise<C2paRuntime> {
  const require = createRequire(import.meta.url);
  initSync({ module: readFileSync(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm')) });
  const g = globalThis as { FileReaderSync?: unknown };
  g.FileReaderSync ??= ReaderBlobFileReaderSync;
  return {
    async readStore(format, file, settings) {
      try {
        return await WasmReader.fromBlob(format, file, settings);
      } finally {
        (file as unknown as ReaderBlob).reader.close?.();
      }
    },
    async fileOf(source, maxBytes, signal) {
      const reader = await syncReaderFor(source, maxBytes, signal);
      return new ReaderBlob(reader, 0, reader.size) as unknown as Blob;
    },
    trustAnchors: readFileSync(new URL('../extractors/c2pa/trust/C2PA-TRUST-LIST.pem', import.meta.url), 'utf8'),
  };
}
