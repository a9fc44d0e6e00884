/**
 * Geometry of small pictures before hashing: EXIF orientation, and the letterbox bands of a
 * thumbnail whose shape differs from its image's.
 */
import type { Pixels } from './pixels';

/**
 * The picture as displayed under EXIF Orientation `orientation` (EXIF 2.32 §4.6.4, tag 0x0112:
 * 1 as stored, 2 mirrored, 3 rotated 180°, 4 flipped, 5 transposed, 6 rotated 90° clockwise, 7
 * transversed, 8 rotated 90° counter-clockwise), as the browser shows the main image
 * (createImageBitmap's default `imageOrientation: 'from-image'`). Other values: as stored.
 */
export function oriented(p: Pixels, orientation: number): Pixels {
  if (orientation < 2 || orientation > 8) return p;
  const { width: w, height: h, channels: ch, data } = p;
  const swap = orientation >= 5;
  const [ow, oh] = swap ? [h, w] : [w, h];
  const out = new Uint8ClampedArray(data.length);
  for (let y = 0; y < oh; y++)
    for (let x = 0; x < ow; x++) {
      // Stored pixel shown at (x, y): the 0th row and column's visual side per §4.6.4.
      const [sx, sy] = [
        [x, y],
        [w - 1 - x, y],
        [w - 1 - x, h - 1 - y],
        [x, h - 1 - y],
        [y, x],
        [y, h - 1 - x],
        [w - 1 - y, h - 1 - x],
        [w - 1 - y, x],
      ][orientation - 1];
      const from = (sy * w + sx) * ch;
      out.set(data.subarray(from, from + ch), (y * ow + x) * ch);
    }
  return { width: ow, height: oh, channels: ch, data: out };
}

/**
 * The centre of the picture with the width-to-height ratio `aspect`: a thumbnail of another shape
 * than its image (a 4:3 thumbnail of a 3:2 photo) holds the image between bands, which are cut
 * off. Within 2 % of `aspect` the picture is returned as it is.
 */
export function cropToAspect(p: Pixels, aspect: number): Pixels {
  const own = p.width / p.height;
  if (!(aspect > 0) || Math.abs(own / aspect - 1) <= 0.02) return p;
  const [w, h] = own > aspect ? [Math.max(1, Math.round(p.height * aspect)), p.height] : [p.width, Math.max(1, Math.round(p.width / aspect))];
  const left = (p.width - w) >> 1;
  const top = (p.height - h) >> 1;
  const out = new Uint8ClampedArray(w * h * p.channels);
  for (let y = 0; y < h; y++) out.set(p.data.subarray(((top + y) * p.width + left) * p.channels, ((top + y) * p.width + left + w) * p.channels), y * w * p.channels);
  return { width: w, height: h, channels: p.channels, data: out };
}
