/**
 * h5wasm loading and file mounting. One code path everywhere: the ESM
 * (web) build of h5wasm reads the file through Emscripten WORKERFS, whose node contents is a
 * duck-typed blob `{size, slice(a, b)}` (WORKERFS only calls `.size` and `.slice`) and whose
 * reader we replace with our own, so every byte HDF5 reads is counted. The bytes come from a
 * SyncReader (../source/sync-reader.ts): FileReaderSync over the Blob in a browser worker,
 * `fs.readSync` in Node, or an in-memory buffer. h5wasm's Node loader is src/node/hdf5-io.ts,
 * loaded with a variable specifier so it never enters the browser bundle.
 */
import { isNode, type SyncReader } from '../source/sync-reader';
import { importNodeHalf, loadOnce } from '../lazy';
import type { H5TypeMeta } from './dtype';
import { GlobalHeapGuard } from './global-heap';

/** Dataset/attribute metadata as h5wasm returns it (shape null = null dataspace). */
export interface H5Meta extends H5TypeMeta {
  shape: number[] | null;
  maxshape: number[] | null;
  chunks: number[] | null;
  total_size: number;
  virtual_sources?: Array<{ file_name: string; dset_name: string }>;
}

export interface H5Filter {
  id: number;
  name: string;
  cd_values: number[];
}

/** The part of h5wasm's Emscripten module we call (see h5wasm src/hdf5_util.cc). */
export interface H5Module {
  FS: EmFS;
  HEAPU8: Uint8Array;
  _malloc(n: number): number;
  _free(ptr: number): void;
  open(path: string, mode: number, trackOrder: boolean, libverLow: number, libverHigh: number): bigint;
  close_file(fileId: bigint): number;
  get_names(fileId: bigint, path: string, recursive: boolean): string[];
  get_type(fileId: bigint, path: string): number;
  get_symbolic_link(fileId: bigint, path: string): string | null;
  get_external_link(fileId: bigint, path: string): { filename?: string; obj_path?: string };
  get_attribute_names(fileId: bigint, path: string): string[];
  get_attribute_metadata(fileId: bigint, path: string, name: string): H5Meta;
  get_attribute_data(fileId: bigint, path: string, name: string, ptr: bigint): number;
  reclaim_vlen_memory(fileId: bigint, path: string, name: string, ptr: bigint): number;
  get_dataset_metadata(fileId: bigint, path: string): H5Meta;
  get_dataset_filters(fileId: bigint, path: string): H5Filter[];
  get_datatype_metadata(fileId: bigint, path: string): H5TypeMeta;
  create_object_reference(fileId: bigint, path: string): ArrayLike<number>;
  activate_throwing_error_handler(): number;
  H5G_GROUP: number;
  H5G_DATASET: number;
  H5G_TYPE: number;
  H5G_LINK: number;
  H5G_UDLINK: number;
}

interface EmFS {
  mkdir(path: string): void;
  rmdir(path: string): void;
  mount(type: unknown, opts: unknown, mountpoint: string): void;
  unmount(mountpoint: string): void;
  filesystems: { WORKERFS: { reader: unknown } };
  /** Emscripten's errno error: thrown from a file system read, the syscall returns that errno. */
  ErrnoError: new (errno: number) => Error;
}

/** Emscripten's EIO: HDF5 sees a failed read and reports it as an HDF5 error. */
const EIO = 29;

/** A chunk handed to WORKERFS: `.size` is what it reports as read. */
interface Chunk {
  readonly size: number;
  readonly start: number;
  readonly end: number;
}

/** Counts what h5wasm read through WORKERFS. */
export interface ReadCounter {
  bytes: number;
  reads: number;
}

/** Node-only helpers (src/node/hdf5-io.ts). */
interface NodeIo {
  importH5wasmWeb(): Promise<unknown>;
}

/**
 * Loads h5wasm once (in Node its ESM build, WASM embedded; in the browser its factory with the
 * WASM as a separate file, ./h5wasm-web.ts) and turns on its throwing error handler, so HDF5
 * failures are JS Errors with the HDF5 message instead of `-1` ids and silent partial trees.
 */
export const loadH5 = loadOnce(async (): Promise<H5Module> => {
  const Module = (
    isNode()
      ? await ((await (await importNodeHalf<NodeIo>('hdf5-io')).importH5wasmWeb()) as { default: { ready: Promise<H5Module> } }).default.ready
      : await (await import('./h5wasm-web')).startH5wasm()
  ) as H5Module;
  Module.activate_throwing_error_handler();
  return Module;
});

let mountCount = 0;

/**
 * Aligned block size for HDF5's reads beyond the head. Each synchronous read of a disk-backed
 * Blob is an IPC round trip (≈1–2 ms in Chromium), while HDF5 asks for many small, scattered
 * metadata pieces: reading whole 64 KiB blocks and serving later reads from them cuts the
 * round trips several-fold for a few KiB more read.
 */
const BLOCK = 64 * 1024;
/** Blocks kept per mounted file (4 MiB); reads larger than 4 blocks bypass the cache. */
const MAX_BLOCKS = 64;

/**
 * HDF5's reads of a file: [start, end) from `head` (the already-read first bytes) or from aligned
 * blocks read through `reader` (the underlying reads counted in `counter`). The blocks stay
 * readable after the walk (`peek`), so the object headers read later (object-header.ts) come from
 * memory instead of new round trips: HDF5 read each of them to walk the file.
 */
export class BlockCache {
  private readonly blocks = new Map<number, Uint8Array>();

  constructor(
    private readonly reader: SyncReader,
    private readonly head: Uint8Array,
    private readonly counter: ReadCounter,
  ) {}

  /** Reads [start, end) (within the file), through the blocks when it spans at most 4 of them. */
  read(start: number, end: number): Uint8Array {
    if (end <= this.head.length) return this.head.slice(start, end);
    const first = Math.floor(start / BLOCK);
    const last = Math.floor((end - 1) / BLOCK);
    if (last - first >= 4) return this.fetch(start, end);
    return this.gather(start, end, (i) => this.block(i));
  }

  /** [start, end) clamped to the file, when all of it is in the head or in blocks read; never reads. */
  peek(start: number, end: number): Uint8Array | undefined {
    const stop = Math.min(end, this.reader.size);
    if (stop <= this.head.length) return this.head.subarray(start, stop);
    for (let i = Math.floor(start / BLOCK); i <= Math.floor((stop - 1) / BLOCK); i++) if (!this.blocks.has(i)) return undefined;
    return this.gather(start, stop, (i) => this.blocks.get(i)!);
  }

  private gather(start: number, end: number, block: (i: number) => Uint8Array): Uint8Array {
    const out = new Uint8Array(end - start);
    for (let i = Math.floor(start / BLOCK); i <= Math.floor((end - 1) / BLOCK); i++) {
      const b = block(i);
      const from = Math.max(start, i * BLOCK);
      const to = Math.min(end, i * BLOCK + b.length);
      out.set(b.subarray(from - i * BLOCK, to - i * BLOCK), from - start);
    }
    return out;
  }

  private fetch(start: number, end: number): Uint8Array {
    const bytes = this.reader.read(start, end);
    this.counter.bytes += bytes.length;
    this.counter.reads += 1;
    return bytes;
  }

  private block(i: number): Uint8Array {
    let b = this.blocks.get(i);
    if (!b) {
      b = this.fetch(i * BLOCK, Math.min(this.reader.size, (i + 1) * BLOCK));
      if (this.blocks.size >= MAX_BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
      this.blocks.set(i, b);
    }
    return b;
  }
}

/** How {@link withMounted} presents a file to HDF5. */
export interface MountOptions {
  /** Serves HDF5's reads (the head, then 64 KiB blocks of the reader) and counts them. */
  blocks: BlockCache;
  /** The superblock's Size of Lengths (for the global heap guard). */
  sizeOfLengths: number;
  /**
   * The file size HDF5 is told, at least `reader.size`: the superblock's stored end of file when
   * that lies past the real end, so that HDF5 opens the file (H5F__super_read refuses a file
   * shorter than its stored end of file).
   */
  size: number;
}

/** A mounted file: its path, and a running count of HDF5's reads that asked for bytes past the real end. */
export interface Mounted {
  path: string;
  readsPastEnd(): number;
}

/**
 * Mounts `reader` as `<dir>/file.h5` on WORKERFS, runs `fn` and always unmounts and removes the
 * directory. Later reads than the head go through 64 KiB blocks (see BLOCK). A read that completes
 * a global heap collection that would make HDF5 loop forever (global-heap.ts: the collection read
 * whole, or the read of the rest of one larger than HDF5's first 4096-byte read) fails with EIO
 * instead, so HDF5 reports an error. When `opts.size` exceeds the file, a read that starts at or
 * past the real end fails with EIO (there is nothing of it to decode); one that runs across the end gets zeros
 * for the missing part, as HDF5's own POSIX driver fills reads past the end of file (H5FD__sec2_read),
 * so HDF5's speculative reads of a complete object near the end still work. Both are counted in
 * {@link Mounted.readsPastEnd}.
 */
export function withMounted<T>(Module: H5Module, reader: SyncReader, opts: MountOptions, fn: (file: Mounted) => T): T {
  const FS = Module.FS;
  const WORKERFS = FS.filesystems.WORKERFS;
  const read = (start: number, end: number) => opts.blocks.read(start, end);
  const end = reader.size;
  let pastEnd = 0;
  const globalHeap = new GlobalHeapGuard(opts.sizeOfLengths);
  // WORKERFS calls reader.readAsArrayBuffer(contents.slice(a, b)) and returns chunk.size.
  WORKERFS.reader = {
    readAsArrayBuffer: (chunk: Chunk) => {
      let bytes: Uint8Array;
      if (chunk.end <= end) bytes = read(chunk.start, chunk.end);
      else {
        pastEnd += 1;
        if (chunk.start >= end) throw new FS.ErrnoError(EIO);
        bytes = new Uint8Array(chunk.size);
        bytes.set(read(chunk.start, end));
      }
      // HDF5 reads a global heap collection from its first byte, in one or two reads (global-heap.ts).
      if (globalHeap.check(chunk.start, bytes)) throw new FS.ErrnoError(EIO);
      return bytes;
    },
  };
  const size = Math.max(end, opts.size);
  const blobLike = {
    size,
    slice(a: number, b?: number) {
      const start = Math.max(0, Math.min(a, size));
      const stop = Math.max(start, Math.min(b ?? size, size));
      return { size: stop - start, start, end: stop };
    },
  };
  const dir = `/metaextract-h5-${++mountCount}`;
  FS.mkdir(dir);
  try {
    FS.mount(WORKERFS, { blobs: [{ name: 'file.h5', data: blobLike }] }, dir);
    try {
      return fn({ path: `${dir}/file.h5`, readsPastEnd: () => pastEnd });
    } finally {
      FS.unmount(dir);
    }
  } finally {
    FS.rmdir(dir);
  }
}
