/**
 * Large HDF5 file (issue 3), written with h5wasm's Node build (HDF5 2.0.0 compiled to WASM;
 * NODERAWFS writes the real file with positional `fs.writeSync` calls: the WASM heap stays at
 * its initial 18 MiB and the process RSS grows by about 6 MB).
 *
 * Layout of `hdf5-large.h5` (4,400,042,218 bytes, about 50 KiB on disk; superblock v2, 8-byte
 * offsets and lengths, v2 object headers; HDF5 picks the addresses, the constants below and the
 * test pin them):
 * - 0 … 21,615 (phase 1, file created): superblock; object headers of the root group (48:
 *   attributes `title`, `institution`, `history`, `version` int32, `element_count` int64),
 *   `/calibration` (403: attributes `instrument`, `gain`), its chunked datasets `gain_map`
 *   (686: float32 128×128, chunks 32×32, gzip 6) and `flags` (1023: uint16 64×64, chunks
 *   16×16, shuffle), and `/big` (1357: attributes `units`, `long_name`); the chunk data.
 * - 21,616 … 4,400,021,615: the raw data of `/big`, float32 [1,100,000,000], CONTIGUOUS,
 *   4,400,000,000 bytes. Only its last element (42.5, at 4,400,021,612) is written; the rest is
 *   a hole that reads as zeros (default fill value).
 * - 4,400,021,616 … end (phase 2, file reopened): group `/after`, its object header exactly at
 *   the end of the big data (attributes `note`, `index` int32, `coefficients` float64[3], a
 *   3 KiB `long_text`), and its chunked gzip-4 datasets `series` (header 4,400,022,035:
 *   float64 [1000], chunks [250]) and `mask` (header 4,400,022,370: uint8 256×256, chunks
 *   64×64) with their chunk indexes and chunk data: every byte of /after lies past 2^32.
 *
 * How the big dataset is made without 4.4 GB of data: h5wasm's `Group.create_dataset` wants the
 * whole array, so the generator calls the underlying `Module.create_dataset` (H5Dcreate2 +
 * H5Dwrite) with a NULL data pointer. H5Dcreate2 creates the contiguous dataset with the default
 * LATE allocation time; the H5Dwrite that follows fails at once with "no input buffer" before
 * touching the file (the expected HDF5-DIAG text is captured, checked and swallowed). Then
 * `Dataset.write_slice` writes the last element: HDF5 allocates the whole contiguous block at the
 * end of the file (no fill value is written: fill time IFSET with the default fill value) and
 * writes 4 bytes at its end. The file is then closed and reopened: HDF5 keeps no free-space
 * information across opens (the default), so everything created in phase 2 is allocated at the
 * end of the file, past the big data, and not in leftovers of phase 1's metadata blocks.
 *
 * Deterministic: HDF5 stores object modification times; the clock (`Date.now`, which Emscripten
 * reads) is pinned to LARGE_HDF5_CLOCK while the file is written, so the bytes are identical run
 * to run.
 */
import fs from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { atClock } from '../fixtures/hdf5';

/** Name of the file written by writeLargeHdf5. */
export const LARGE_HDF5_NAME = 'hdf5-large.h5';
/** Elements of the contiguous float32 dataset /big (4,400,000,000 bytes). */
export const LARGE_HDF5_ELEMENTS = 1_100_000_000;
/** The value written into the last element of /big. */
export const LARGE_HDF5_LAST_VALUE = 42.5;
/** Modification time stored in the object headers (2024-11-02T03:14:15Z), in ms since epoch. */
export const LARGE_HDF5_CLOCK = Date.UTC(2024, 10, 2, 3, 14, 15);
/** Absolute offset of /big's contiguous raw data (chosen by HDF5 2.0.0 as bundled by h5wasm 0.10.3). */
export const LARGE_HDF5_BIG_OFFSET = 21_616;
/** Bytes of /big's raw data. */
export const LARGE_HDF5_BIG_BYTES = 4 * LARGE_HDF5_ELEMENTS;
/** Object header addresses written by HDF5 (as h5ls -v "Location" shows them). */
export const LARGE_HDF5_HEADERS = {
  '/': 48,
  '/calibration': 403,
  '/calibration/gain_map': 686,
  '/calibration/flags': 1023,
  '/big': 1357,
  '/after': LARGE_HDF5_BIG_OFFSET + LARGE_HDF5_BIG_BYTES,
  '/after/series': 4_400_022_035,
  '/after/mask': 4_400_022_370,
} as const;
/** File size (HDF5's end-of-file address). */
export const LARGE_HDF5_SIZE = 4_400_042_218;
/** 3 KiB attribute text on /after (a large attribute in an object header past 4 GiB). */
export const LARGE_HDF5_LONG_TEXT = 'Past the 4 GiB mark. '.repeat(147).trim();

type H5 = typeof import('h5wasm');
type H5File = InstanceType<H5['File']>;
interface LowLevel {
  create_dataset(fileId: bigint, path: string, dataPtr: bigint, metadata: Record<string, unknown>): number;
}

async function h5(): Promise<{ lib: H5; Module: LowLevel; dtypeToMetadata: (d: string) => Record<string, unknown> }> {
  const mod = (await import('h5wasm/node')) as unknown as { default: H5; ready: Promise<LowLevel>; dtype_to_metadata: (d: string) => Record<string, unknown> };
  const Module = await mod.ready;
  return { lib: mod.default, Module, dtypeToMetadata: mod.dtype_to_metadata };
}

/**
 * Runs `fn` while writes to file descriptor 2 (where HDF5's default error handler prints its
 * HDF5-DIAG stack through NODERAWFS) are captured instead of printed; returns the captured text.
 */
function captureStderr(fn: () => void): string {
  const original = fs.writeSync;
  let captured = '';
  const patched = ((fd: number, buffer: string | NodeJS.ArrayBufferView, ...rest: unknown[]) => {
    if (fd !== 2) return (original as (...a: unknown[]) => number)(fd, buffer, ...rest);
    if (typeof buffer === 'string') {
      captured += buffer;
      return Buffer.byteLength(buffer);
    }
    const [offset = 0, length = buffer.byteLength - (offset as number)] = rest as [number?, number?];
    captured += Buffer.from(buffer.buffer, buffer.byteOffset + offset, length).toString('utf8');
    return length;
  }) as typeof fs.writeSync;
  fs.writeSync = patched;
  try {
    fn();
  } finally {
    fs.writeSync = original;
  }
  return captured;
}

/**
 * Creates the contiguous float32 dataset `path` of `elements` elements with unallocated storage
 * (see the module comment). Throws when HDF5 reports anything but the expected "no input buffer".
 */
function createUnallocated(f: H5File, Module: LowLevel, dtypeToMetadata: (d: string) => Record<string, unknown>, path: string, elements: number): void {
  const meta = { ...dtypeToMetadata('<f4'), shape: [BigInt(elements)], maxshape: [BigInt(elements)], chunks: null, compression: 0, compression_opts: [], track_order: false };
  let rc = 0;
  const diag = captureStderr(() => {
    rc = Module.create_dataset(f.file_id, path, 0n, meta);
  });
  const expected = diag === '' || (/no input buffer/.test(diag) && !/H5Dcreate|unable to create/i.test(diag));
  if (!expected) throw new Error(`HDF5 failed to create ${path}:\n${diag}`);
  if (f.get(path) === null) throw new Error(`HDF5 did not create ${path} (status ${rc})`);
}

/** Phase 1: root attributes, /calibration, and /big with its storage allocated. */
function before(f: H5File, Module: LowLevel, dtypeToMetadata: (d: string) => Record<string, unknown>): void {
  f.create_attribute('title', 'MetaExtract large HDF5 <img src=x onerror=alert(1)>');
  f.create_attribute('institution', 'MetaExtract test suite');
  f.create_attribute('history', '2024-11-02 written sparse by scripts/large/hdf5.ts');
  f.create_attribute('version', 3);
  f.create_attribute('element_count', new BigInt64Array([BigInt(LARGE_HDF5_ELEMENTS)]), []);

  const cal = f.create_group('calibration');
  cal.create_attribute('instrument', 'Sparse imager');
  cal.create_attribute('gain', 1.25);
  cal.create_dataset({ name: 'gain_map', data: new Float32Array(128 * 128).map((_, i) => (i % 128) / 128), shape: [128, 128], chunks: [32, 32], compression: 'gzip', compression_opts: 6 });
  cal.create_dataset({ name: 'flags', data: new Uint16Array(64 * 64).map((_, i) => i & 0xff), shape: [64, 64], chunks: [16, 16], compression: 2, compression_opts: [2] });

  createUnallocated(f, Module, dtypeToMetadata, '/big', LARGE_HDF5_ELEMENTS);
  const big = f.get('big') as InstanceType<H5['Dataset']>;
  big.create_attribute('units', 'K');
  big.create_attribute('long_name', 'mostly unwritten contiguous data');
  big.write_slice([[LARGE_HDF5_ELEMENTS - 1, LARGE_HDF5_ELEMENTS]], new Float32Array([LARGE_HDF5_LAST_VALUE]));
}

/** Phase 2 (file reopened): /after, allocated at the end of the file, past the big data. */
function after(f: H5File): void {
  const after = f.create_group('after');
  after.create_attribute('note', 'created after the 4.4 GB dataset: everything here lies past 4 GiB');
  after.create_attribute('index', 7);
  after.create_attribute('coefficients', new Float64Array([0.5, -1.25, 2]));
  after.create_attribute('long_text', LARGE_HDF5_LONG_TEXT);
  after.create_dataset({ name: 'series', data: new Float64Array(1000).map((_, i) => Math.sin(i / 50)), shape: [1000], chunks: [250], compression: 'gzip', compression_opts: 4 });
  after.create_dataset({ name: 'mask', data: new Uint8Array(256 * 256).map((_, i) => ((i >> 8) + (i & 255)) & 1), shape: [256, 256], chunks: [64, 64], compression: 'gzip', compression_opts: 4 });
}

/**
 * Writes `hdf5-large.h5` into `dir` (created if needed) as the module comment describes and
 * returns its absolute path. Throws when h5wasm/HDF5 fails.
 */
export async function writeLargeHdf5(dir: string): Promise<string> {
  const { lib, Module, dtypeToMetadata } = await h5();
  const d = resolve(dir);
  await mkdir(d, { recursive: true });
  const path = join(d, LARGE_HDF5_NAME);
  await rm(path, { force: true });
  atClock(LARGE_HDF5_CLOCK, () => {
    const f = new lib.File(path, 'w');
    try {
      before(f, Module, dtypeToMetadata);
    } finally {
      f.close();
    }
    const g = new lib.File(path, 'a');
    try {
      after(g);
    } finally {
      g.close();
    }
  });
  return path;
}
