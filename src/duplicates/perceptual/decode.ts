/**
 * Pixels from the browser's own image decoder (browser only: a Window or a Worker): the file
 * decoded by `createImageBitmap`, scaled down by it when asked, and read back through an
 * `OffscreenCanvas` (HTML Standard §8.10, ImageBitmap; §4.12.5.3, OffscreenCanvas).
 */
import type { Pixels } from './pixels';

/**
 * The image in `blob` as RGBA pixels in sRGB: at its own size, or scaled to `size` × `size`
 * (aspect not kept: the hashes square the picture anyway) with `resizeQuality: 'medium'` (mipmapped: 'low' aliases fine detail, such as text, by up to 18 bits of pHash: docs/near-duplicates.md). EXIF
 * orientation is applied (the default `imageOrientation: 'from-image'`). Rejects as
 * createImageBitmap does (a DOMException `InvalidStateError` for undecodable data).
 */
export async function decodePixels(blob: Blob, size?: number): Promise<Pixels> {
  const bitmap = await createImageBitmap(blob, size ? { resizeWidth: size, resizeHeight: size, resizeQuality: 'medium' } : {});
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('No 2D context on an OffscreenCanvas.');
    ctx.drawImage(bitmap, 0, 0);
    const { width, height, data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width, height, channels: 4, data };
  } finally {
    bitmap.close();
  }
}
