/**
 * A picture's pixels as the hashes take them, and its reduction to a small grid of grey levels.
 */

/**
 * Pixels of a picture, row-major without padding: `channels` 4 is RGBA (as `ImageData.data`),
 * 1 is grey. Values 0–255.
 */
export interface Pixels {
  width: number;
  height: number;
  channels: 1 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

/**
 * The picture reduced to `cols` × `rows` grey cells (row-major): each cell the mean luma of the
 * source pixels it covers (a box filter; a cell covers at least one pixel, so a picture smaller
 * than the grid is enlarged by repetition). Luma is ITU-R BT.601's Y′ = 0.299 R′ + 0.587 G′ +
 * 0.114 B′ on the stored (gamma-encoded) values, alpha ignored. Throws RangeError for an empty
 * picture or a buffer shorter than width × height × channels.
 */
export function greyCells(p: Pixels, cols: number, rows: number): Float64Array {
  const { width, height, channels, data } = p;
  if (width < 1 || height < 1) throw new RangeError(`Empty picture (${width}×${height}).`);
  if (data.length < width * height * channels) throw new RangeError(`Pixel buffer holds ${data.length} values, fewer than ${width}×${height}×${channels}.`);
  const xs = cellSpans(width, cols);
  const ys = cellSpans(height, rows);
  const out = new Float64Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let y = ys[2 * r]; y < ys[2 * r + 1]; y++) {
        for (let x = xs[2 * c], i = (y * width + x) * channels; x < xs[2 * c + 1]; x++, i += channels) {
          s += channels === 1 ? data[i] : 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
        }
      }
      out[r * cols + c] = s / ((xs[2 * c + 1] - xs[2 * c]) * (ys[2 * r + 1] - ys[2 * r]));
    }
  }
  return out;
}

/** Start and end (exclusive) of each of `n` cells along a side of `size` pixels, interleaved; a cell spans at least one pixel. */
function cellSpans(size: number, n: number): Int32Array {
  const s = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    s[2 * i] = Math.floor((i * size) / n);
    s[2 * i + 1] = Math.max(s[2 * i] + 1, Math.floor(((i + 1) * size) / n));
  }
  return s;
}
