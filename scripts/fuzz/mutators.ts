/**
 * Mutations of a file's bytes for the fuzzer, as plain data (a recipe), so a mutant can be rebuilt
 * from its input and its mutation list without storing bytes. Randomness comes from pure-rand
 * (seeded xoroshiro128+); `applyMutations` is pure and deterministic.
 */
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

/** One mutation. Offsets refer to the bytes as they are when the mutation is applied. */
export type Mutation =
  /** Flips bit `bit` (0 = least significant) of the byte at `offset`. */
  | { op: 'flip'; offset: number; bit: number }
  /** Sets the byte at `offset` to `value` (0x00, 0xFF, 0x7F or 0x80). */
  | { op: 'byte'; offset: number; value: number }
  /** Keeps only the first `length` bytes (1 ≤ length < size). */
  | { op: 'truncate'; length: number }
  /** Writes `value` (hex text, unsigned) as a `width`-byte word at `offset` ("length field set to an extreme"). */
  | { op: 'word'; offset: number; width: 2 | 4 | 8; endian: 'le' | 'be'; value: string }
  /** Inserts a copy of [offset, offset + length) right after it. */
  | { op: 'duplicate'; offset: number; length: number }
  /** Removes [offset, offset + length). */
  | { op: 'remove'; offset: number; length: number };

/** Headers live in the first 64 KiB: three in four positions are drawn there. */
const HEAD_SPAN = 64 * 1024;
/** Longest duplicated or removed chunk (log-uniform up to this). */
const MAX_CHUNK = 64 * 1024;
const BYTE_VALUES = [0x00, 0xff, 0x7f, 0x80] as const;
const WORD_WIDTHS = [2, 4, 8] as const;

/** Extreme values per word width: 0, 1, max, max−1, signed max/min, and a few sizes past 2^31 / 2^53. */
const EXTREMES: Record<2 | 4 | 8, readonly bigint[]> = {
  2: [0n, 1n, 0xffffn, 0xfffen, 0x7fffn, 0x8000n],
  4: [0n, 1n, 0xffffffffn, 0xfffffffen, 0x7fffffffn, 0x80000000n],
  8: [0n, 1n, 0xffffffffffffffffn, 0xfffffffffffffffen, 0x7fffffffffffffffn, 0x8000000000000000n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x20000000000001n],
};

/** An integer in [from, to] (both included). */
function int(rng: RandomGenerator, from: number, to: number): number {
  return uniformInt(rng, from, to);
}

function pick<T>(rng: RandomGenerator, items: readonly T[]): T {
  return items[int(rng, 0, items.length - 1)];
}

/** A position in [0, size), favouring the first 64 KiB. */
function position(rng: RandomGenerator, size: number): number {
  const span = int(rng, 0, 3) < 3 ? Math.min(size, HEAD_SPAN) : size;
  return int(rng, 0, span - 1);
}

/** A chunk length in [1, max], log-uniform (short chunks as likely per octave as long ones). */
function chunkLength(rng: RandomGenerator, max: number): number {
  const bits = int(rng, 0, Math.floor(Math.log2(Math.max(1, Math.min(max, MAX_CHUNK)))));
  return Math.min(max, int(rng, 1 << bits, Math.min(max, (1 << (bits + 1)) - 1)));
}

/** Draws one mutation valid for `size` bytes (size ≥ 1). */
export function randomMutation(rng: RandomGenerator, size: number): Mutation {
  const ops = size > 1 ? (['flip', 'byte', 'truncate', 'word', 'duplicate', 'remove'] as const) : (['flip', 'byte', 'duplicate'] as const);
  const op = pick(rng, ops);
  switch (op) {
    case 'flip':
      return { op, offset: position(rng, size), bit: int(rng, 0, 7) };
    case 'byte':
      return { op, offset: position(rng, size), value: pick(rng, BYTE_VALUES) };
    case 'truncate':
      return { op, length: 1 + position(rng, size - 1) };
    case 'word': {
      const width = pick(
        rng,
        WORD_WIDTHS.filter((w) => w <= size),
      );
      const offset = Math.floor(position(rng, size - width + 1) / width) * width;
      return { op, offset, width, endian: int(rng, 0, 1) ? 'be' : 'le', value: `0x${pick(rng, EXTREMES[width]).toString(16)}` };
    }
    case 'duplicate':
    case 'remove': {
      const offset = position(rng, size);
      const length = chunkLength(rng, size - offset);
      // Removing everything leaves an empty file, which run.ts rejects before any extractor: no use.
      if (op === 'remove' && length === size) return { op, offset, length: length - 1 };
      return { op, offset, length };
    }
  }
}

/** Draws 1–3 mutations for an input of `size` bytes, each valid for the bytes the previous ones leave. */
export function randomMutations(rng: RandomGenerator, size: number): Mutation[] {
  const count = int(rng, 1, 3);
  const out: Mutation[] = [];
  for (let i = 0; i < count; i++) {
    const m = randomMutation(rng, size);
    out.push(m);
    size = sizeAfter(m, size);
  }
  return out;
}

/** The byte length after applying `m` to `size` bytes. */
function sizeAfter(m: Mutation, size: number): number {
  if (m.op === 'truncate') return m.length;
  if (m.op === 'duplicate') return size + m.length;
  if (m.op === 'remove') return size - m.length;
  return size;
}

/**
 * Applies `m` to `bytes` and returns the result (a new array; `bytes` is never changed).
 * Throws RangeError when `m` does not fit `bytes` (a recipe applied to other bytes than its own).
 */
export function applyMutation(bytes: Uint8Array, m: Mutation): Uint8Array {
  const fits = (offset: number, length: number) => Number.isSafeInteger(offset) && offset >= 0 && length >= 0 && offset + length <= bytes.length;
  const range = m.op === 'truncate' ? [0, m.length] : m.op === 'word' ? [m.offset, m.width] : m.op === 'flip' || m.op === 'byte' ? [m.offset, 1] : [m.offset, m.length];
  if (!fits(range[0], range[1])) throw new RangeError(`Mutation ${JSON.stringify(m)} does not fit ${bytes.length} bytes.`);
  switch (m.op) {
    case 'flip': {
      const out = bytes.slice();
      out[m.offset] ^= 1 << m.bit;
      return out;
    }
    case 'byte': {
      const out = bytes.slice();
      out[m.offset] = m.value;
      return out;
    }
    case 'truncate':
      return bytes.slice(0, m.length);
    case 'word': {
      const out = bytes.slice();
      const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      const value = BigInt(m.value);
      const le = m.endian === 'le';
      if (m.width === 2) view.setUint16(m.offset, Number(value), le);
      else if (m.width === 4) view.setUint32(m.offset, Number(value), le);
      else view.setBigUint64(m.offset, value, le);
      return out;
    }
    case 'duplicate': {
      const end = m.offset + m.length;
      const out = new Uint8Array(bytes.length + m.length);
      out.set(bytes.subarray(0, end));
      out.set(bytes.subarray(m.offset, end), end);
      out.set(bytes.subarray(end), end + m.length);
      return out;
    }
    case 'remove': {
      const out = new Uint8Array(bytes.length - m.length);
      out.set(bytes.subarray(0, m.offset));
      out.set(bytes.subarray(m.offset + m.length), m.offset);
      return out;
    }
  }
}

/** Applies the mutations in order (see `applyMutation`). */
export function applyMutations(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  return mutations.reduce(applyMutation, bytes);
}
