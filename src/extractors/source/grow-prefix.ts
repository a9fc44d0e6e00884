/**
 * Parsing a header from a growing prefix of the file: read a prefix, try to parse it, and while
 * the parser says a longer prefix would help, read more and parse again. Used by the NetCDF
 * classic reader (netcdf/read.ts) and the DICOM reader (dicom/read.ts), each with its own
 * bounds and its own errors; the loop, the growth rule and the short-read bookkeeping live here.
 */
import type { ByteSource } from '../types';
import { ExtractError, throwIfAborted } from '../errors';

/**
 * What one parse of a prefix decided: `done` with the result, or `more`: a prefix of at least
 * `more` bytes (from the start of the file) may finish it (0 when the parser cannot tell).
 */
export type PrefixAttempt<T> = { done: T } | { more: number };

/** Bounds of a growing prefix. */
export interface GrowPrefixOptions {
  /** Length of the first read, before clamping to `cap` and the file size. */
  first: number;
  /** Most bytes ever read: the prefix never grows past it. */
  cap: number;
  signal?: AbortSignal;
}

/**
 * Reads `[0, min(first, cap, size))` of `source` and calls `attempt(prefix, size)` until it returns
 * `{ done }`, whose value is returned.
 *
 * - `size` is `source.size`, or the prefix length once a read came back shorter than asked (the
 *   file shrank or ends early); an attempt that must fail on a short read compares it with
 *   `source.size`.
 * - Growth: after `{ more }`, the prefix is extended to
 *   `min(size, cap, max(4 × prefix length, more))` bytes by one read of the missing part, so a file
 *   is read in at most ⌈log4(cap / first)⌉ + 1 reads, never past `cap` or the file.
 * - Errors: whatever `attempt` or `source.read` throws (the format's own errors: its truncated or
 *   too-large checks belong in `attempt`, which sees the prefix and `size`); ExtractError('aborted')
 *   before each attempt when `signal` is aborted; and, when an attempt asks for more but the prefix
 *   already holds `min(size, cap)` bytes, ExtractError('truncated') (the whole file was read) or
 *   ExtractError('too-large') (the cap was reached) instead of parsing the same prefix forever.
 */
export async function growPrefix<T>(source: ByteSource, opts: GrowPrefixOptions, attempt: (prefix: Uint8Array, size: number) => PrefixAttempt<T> | Promise<PrefixAttempt<T>>): Promise<T> {
  let size = source.size;
  const want = Math.min(size, opts.first, opts.cap);
  let prefix = await source.read(0, want, opts.signal);
  if (prefix.length < want) size = prefix.length;
  for (;;) {
    throwIfAborted(opts.signal);
    const step = await attempt(prefix, size);
    if ('done' in step) return step.done;
    const next = Math.min(size, opts.cap, Math.max(prefix.length * 4, step.more));
    if (next <= prefix.length) {
      throw prefix.length >= size
        ? new ExtractError('truncated', `The file ends inside the header (after ${prefix.length} bytes).`, prefix.length)
        : new ExtractError('too-large', `The header is longer than the ${opts.cap}-byte metadata budget.`);
    }
    prefix = await extendPrefix(source, prefix, next, opts.signal);
    if (prefix.length < next) size = prefix.length;
  }
}

/**
 * `prefix` (the file's first bytes) followed by the bytes of `[prefix.length, end)` read from
 * `source`, in a new array; shorter than `end` when the source ends early.
 */
export async function extendPrefix(source: ByteSource, prefix: Uint8Array, end: number, signal?: AbortSignal): Promise<Uint8Array> {
  const more = await source.read(prefix.length, end - prefix.length, signal);
  const out = new Uint8Array(prefix.length + more.length);
  out.set(prefix, 0);
  out.set(more, prefix.length);
  return out;
}
