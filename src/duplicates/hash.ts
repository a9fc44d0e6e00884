/**
 * Content hashes of a file for exact-duplicate finding, over a ByteSource (so the same code runs
 * in a Web Worker over a File or a ZIP entry, and in Node over memory or a file handle):
 * - the partial hash: the file's size, its first PARTIAL_EDGE bytes and, past CHUNK_BYTES, its last
 *   PARTIAL_EDGE bytes (the whole file when it is at most twice that: `partialCoversAll`); files up
 *   to WHOLE_READ_MAX are read whole for it, and get their full hash at the same time;
 * - the full hash: every byte, read CHUNK_BYTES at a time with the next chunk read while the
 *   current one is hashed.
 * Both are XXH3-128 (hash-wasm `createXXHash128`, seed 0), as lower-case hex. XXH3-128 is not a
 * cryptographic hash: it tells accidental copies apart (a 2^-128 collision chance per pair), not
 * files crafted to collide. Chosen by speed, measured in Node 20 (V8, as in Chromium) on this
 * project's 2-core machine over 256 MiB in memory: XXH3-128 7.1–8.0 GB/s, BLAKE3 0.92–0.97 GB/s,
 * at 1, 2, 4 and 8 MiB per update: at disk speed (≤ 1–3 GB/s) BLAKE3 would be the bottleneck.
 */
import { createXXHash128, type IHasher } from 'hash-wasm';
import type { ByteSource } from '../extractors/types';
import { ExtractError, throwIfAborted } from '../extractors/errors';

/**
 * The hashes' definition, named in the cache (a different one is a miss): the hash function, and
 * `/2` since partial hashes of files up to CHUNK_BYTES leave their tail out.
 */
export const HASH_ALGORITHM = 'xxh3-128/2';
/** Bytes hashed at each end of the file by the partial hash. */
export const PARTIAL_EDGE = 64 * 1024;
/**
 * Bytes per read of the full hash. The hash runs at ≥ 7 GB/s at any size from 1 to 8 MiB (above),
 * so the size is the Blob reads': measured in a Chromium worker over a 512 MiB file in the page
 * cache, one read ahead, three rounds, MiB/s: 1 MiB 134–333, 2 MiB 247–372, 4 MiB 329–537,
 * 8 MiB 656–679, 16 MiB 349–1000, 32 MiB 458–738. 8 MiB is the steadiest of the fastest; two
 * chunks (one being hashed, one read) are 16 MiB a worker.
 */
export const CHUNK_BYTES = 8 * 1024 * 1024;

/** Which hash: `partial` (size, head and tail) or `full` (every byte). */
export type HashKind = 'partial' | 'full';

/** Whether the partial hash of a file of `size` bytes reads all of it (its full hash then tells nothing more). */
export const partialCoversAll = (size: number): boolean => size <= 2 * PARTIAL_EDGE;

/** Bytes the hash of `kind` reads from a file of `size` bytes. */
export const bytesToHash = (kind: HashKind, size: number): number => (kind === 'full' ? size : partialReads(size).reduce((n, [, length]) => n + length, 0));

/** The size as 8 bytes, little-endian (exact up to 2^53). */
function sizeBytes(size: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, size % 2 ** 32, true);
  view.setUint32(4, Math.floor(size / 2 ** 32), true);
  return out;
}

/** Reads exactly `length` bytes at `offset`; a shorter answer means the file changed since it was listed. */
async function readExactly(source: ByteSource, offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
  const bytes = await source.read(offset, length, signal);
  if (bytes.length !== length) throw new ExtractError('read-failed', `${source.name} is shorter than its listed size (changed on disk?): pick it again.`, offset + bytes.length);
  return bytes;
}

/**
 * Files up to this size are read whole by their partial hash, which then gives their full hash
 * too (`partialHash`). Measured in a Chromium worker, 150 files read at once from the page cache,
 * ms in 3 rounds, whole against two 64 KiB slices: 256 KiB 101–178 vs 181–215, 512 KiB 155–309 vs
 * 174–279, 1 MiB 320–361 vs 149–188, 2 MiB 841–1202 vs 176–204: each sliced read is a round trip
 * to the browser's file thread; at 512 KiB the bytes start to cost more.
 */
export const WHOLE_READ_MAX = 512 * 1024;

/**
 * The ranges (offset, length) the partial hash of a file of `size` bytes reads: the whole file up
 * to WHOLE_READ_MAX; its first PARTIAL_EDGE bytes up to CHUNK_BYTES; past that, its first and last
 * PARTIAL_EDGE bytes. The tail is left out where the full hash is one read: reading it costs about
 * a read (≈ 0.5 ms each in Chromium, the bytes aside) for every file of a shared size, and saves
 * one read only for files of one size and head whose tails differ. Measured on the duplicates
 * bench's folder (`npm run bench -- --duplicates`: 1,078 files of a shared size, none past
 * CHUNK_BYTES), in a bare page reading what the search reads, ms in 3 rounds from disk: heads only
 * 1,295–1,637 against heads and tails 1,755–2,296; both send the same files to the full hash but 2
 * (778 against 780: same-size edits change the middle, and different photos differ in the head).
 */
export function partialReads(size: number): [number, number][] {
  if (size <= WHOLE_READ_MAX) return [[0, size]];
  if (size <= CHUNK_BYTES) return [[0, PARTIAL_EDGE]];
  return [
    [0, PARTIAL_EDGE],
    [size - PARTIAL_EDGE, PARTIAL_EDGE],
  ];
}

/** A partial hash, and the full hash when the partial hash read the whole file. */
export interface PartialHash {
  partial: string;
  full?: string;
}

/**
 * The partial hash of `source`: XXH3-128 of its size (8 bytes, little-endian), its first
 * min(size, PARTIAL_EDGE) bytes and, when larger than PARTIAL_EDGE and either at most
 * WHOLE_READ_MAX or past CHUNK_BYTES, its last min(size − PARTIAL_EDGE, PARTIAL_EDGE) bytes. Read
 * as `partialReads` says (reads in flight together); a file read whole gets its full hash as well
 * (`fullHash`'s digest).
 * @throws ExtractError `read-failed` (unreadable, or shorter than `source.size`), `aborted`
 */
export async function partialHash(source: ByteSource, signal?: AbortSignal): Promise<PartialHash> {
  const { size } = source;
  const parts = await Promise.all(partialReads(size).map(([offset, length]) => readExactly(source, offset, length, signal)));
  const whole = size <= WHOLE_READ_MAX ? parts[0] : undefined;
  const head = whole ? whole.subarray(0, Math.min(size, PARTIAL_EDGE)) : parts[0];
  const tail = whole ? whole.subarray(size - Math.min(size - head.length, PARTIAL_EDGE)) : (parts[1] ?? new Uint8Array(0));
  // No await between init and digest: the shared hasher serves one call at a time.
  const hasher = await sharedHasher();
  const partial = hasher.init().update(sizeBytes(size)).update(head).update(tail).digest('hex');
  return whole ? { partial, full: hasher.init().update(whole).digest('hex') } : { partial };
}

/**
 * The full hash of `source`: XXH3-128 of all its bytes, read CHUNK_BYTES at a time in order (a
 * ZIP entry is then inflated once), the next read in flight while a chunk is hashed.
 * `onProgress` receives the bytes hashed so far after each chunk.
 * @throws ExtractError `read-failed` (unreadable, or shorter than `source.size`), `aborted`
 */
export async function fullHash(source: ByteSource, onProgress?: (bytes: number) => void, signal?: AbortSignal): Promise<string> {
  // A hasher of its own while it runs (reads come between updates, and another hash may run
  // meanwhile), taken from those idle: each new one is a WebAssembly instance.
  const hasher = idleHashers.pop() ?? (await createXXHash128());
  try {
    return await hashAll(source, hasher.init(), onProgress, signal);
  } finally {
    idleHashers.push(hasher);
  }
}

/** `fullHash` with `hasher` (initialised). */
async function hashAll(source: ByteSource, hasher: IHasher, onProgress?: (bytes: number) => void, signal?: AbortSignal): Promise<string> {
  const { size } = source;
  const readAt = (offset: number) => readExactly(source, offset, Math.min(CHUNK_BYTES, size - offset), signal);
  let next = size > 0 ? readAt(0) : null;
  for (let at = 0; next;) {
    const bytes = await next;
    at += bytes.length;
    next = at < size ? readAt(at) : null;
    // A read ahead that fails after an abort or an error here is not awaited: keep it from being reported unhandled.
    next?.catch(() => {});
    throwIfAborted(signal);
    hasher.update(bytes);
    onProgress?.(at);
  }
  return hasher.digest('hex');
}

/** Full-hash hashers of this thread not in use (`fullHash`). */
const idleHashers: IHasher[] = [];

let shared: Promise<IHasher> | undefined;
/** One hasher for the partial hashes of this thread (hash-wasm compiles its WASM once, then instantiates it per hasher). */
const sharedHasher = () => (shared ??= createXXHash128());
