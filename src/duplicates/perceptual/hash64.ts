/**
 * 64-bit perceptual hashes as two unsigned 32-bit halves (JavaScript bit operations are 32-bit),
 * their 16-hex-digit text form and their Hamming distance.
 */

/** A 64-bit hash: `hi` holds bits 63–32, `lo` bits 31–0, both unsigned. */
export interface Hash64 {
  hi: number;
  lo: number;
}

/** Number of set bits of a 32-bit integer (SWAR popcount, Hacker's Delight §5-1). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance of two hashes: the number of bits in which they differ, 0–64. */
export function hamming(a: Hash64, b: Hash64): number {
  return popcount32(a.hi ^ b.hi) + popcount32(a.lo ^ b.lo);
}

/** The hash as 16 lower-case hex digits, bit 63 first. */
export function toHex(h: Hash64): string {
  return (h.hi >>> 0).toString(16).padStart(8, '0') + (h.lo >>> 0).toString(16).padStart(8, '0');
}

/** Parses 16 hex digits (as `toHex` writes them). Throws RangeError for any other text. */
export function fromHex(text: string): Hash64 {
  if (!/^[0-9a-fA-F]{16}$/.test(text)) throw new RangeError(`Not a 64-bit hash in hex: ${JSON.stringify(text)}.`);
  return { hi: parseInt(text.slice(0, 8), 16), lo: parseInt(text.slice(8), 16) };
}

/** Packs 64 bits given most significant first (`bits[0]` is bit 63) into a hash. */
export function packBits(bits: ArrayLike<boolean>): Hash64 {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) hi = (hi << 1) | (bits[i] ? 1 : 0);
  for (let i = 32; i < 64; i++) lo = (lo << 1) | (bits[i] ? 1 : 0);
  return { hi: hi >>> 0, lo: lo >>> 0 };
}
