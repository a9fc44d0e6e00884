/**
 * The two 64-bit perceptual hashes measured for near duplicates (docs/near-duplicates.md):
 * pHash (a DCT of the grey picture; Zauner, "Implementation and Benchmarking of Perceptual Image
 * Hash Functions", 2010, §3.2, as the imagehash library computes it) and dHash (horizontal
 * gradients of a 9 × 8 grey picture; N. Krawetz, "Kind of like that", 2013). Both take any
 * picture size and reduce it with `greyCells` (box filter), so a picture and its downscaled copy
 * start from nearly the same grid.
 */
import { packBits, type Hash64 } from './hash64';
import { greyCells, type Pixels } from './pixels';

/** Side of the grey grid pHash transforms (32 × 32), and of the low-frequency corner it keeps (8 × 8). */
const DCT_SIZE = 32;
const KEEP = 8;

/** cos((2x + 1) u π / 2N) for u < KEEP, x < N: the only DCT-II basis rows pHash needs. */
const COS = (() => {
  const t = new Float64Array(KEEP * DCT_SIZE);
  for (let u = 0; u < KEEP; u++) for (let x = 0; x < DCT_SIZE; x++) t[u * DCT_SIZE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * DCT_SIZE));
  return t;
})();

/**
 * pHash: the picture as 32 × 32 grey cells, its 2-D DCT-II (unnormalised: scale does not change
 * the comparison), the 8 × 8 lowest frequencies (DC included, row-major, vertical frequency
 * first), each bit set when its coefficient is above their median.
 */
export function pHash(p: Pixels): Hash64 {
  const g = greyCells(p, DCT_SIZE, DCT_SIZE);
  // Rows first: rowT[y][u] = Σx g[y][x] cos(u, x); then columns for the kept v.
  const rowT = new Float64Array(DCT_SIZE * KEEP);
  for (let y = 0; y < DCT_SIZE; y++)
    for (let u = 0; u < KEEP; u++) {
      let s = 0;
      for (let x = 0; x < DCT_SIZE; x++) s += g[y * DCT_SIZE + x] * COS[u * DCT_SIZE + x];
      rowT[y * KEEP + u] = s;
    }
  const coeff = new Float64Array(KEEP * KEEP);
  for (let v = 0; v < KEEP; v++)
    for (let u = 0; u < KEEP; u++) {
      let s = 0;
      for (let y = 0; y < DCT_SIZE; y++) s += rowT[y * KEEP + u] * COS[v * DCT_SIZE + y];
      coeff[v * KEEP + u] = s;
    }
  const sorted = Float64Array.from(coeff).sort();
  const median = (sorted[31] + sorted[32]) / 2;
  return packBits(Array.from(coeff, (c) => c > median));
}

/** dHash: the picture as 9 × 8 grey cells; per row, a bit for each of the 8 neighbour pairs, set when the right cell is brighter. */
export function dHash(p: Pixels): Hash64 {
  const g = greyCells(p, 9, 8);
  const bits: boolean[] = [];
  for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) bits.push(g[r * 9 + c + 1] > g[r * 9 + c]);
  return packBits(bits);
}
