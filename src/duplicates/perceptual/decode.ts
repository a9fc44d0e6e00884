/**
 * Pixels from the browser's own image decoders (browser only: a Window or a Worker): a JPEG
 * decoded at a reduced scale by WebCodecs' `ImageDecoder` where there is one (W3C WebCodecs §10),
 * other images by `createImageBitmap`, scaled down by it when asked (HTML Standard §8.10); both
 * read back through an `OffscreenCanvas` (§4.12.5.3).
 */
import type { Pixels } from './pixels';

/** The drawn image's pixels, RGBA in sRGB, at `width` × `height`. */
function readBack(image: CanvasImageSource, width: number, height: number): Pixels {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('No 2D context on an OffscreenCanvas.');
  ctx.drawImage(image, 0, 0, width, height);
  return { width, height, channels: 4, data: ctx.getImageData(0, 0, width, height).data };
}

/**
 * The image in `blob` as RGBA pixels: at its own size, or scaled to `size` × `size` (aspect not
 * kept: the hashes square the picture anyway) with `resizeQuality: 'medium'` (mipmapped: 'low'
 * aliases fine detail, a text page by 18 bits of pHash: docs/near-duplicates.md). EXIF orientation
 * is applied (the default `imageOrientation: 'from-image'`). Rejects as createImageBitmap does (a
 * DOMException `InvalidStateError` for undecodable data).
 */
export async function decodePixels(blob: Blob, size?: number): Promise<Pixels> {
  const bitmap = await createImageBitmap(blob, size ? { resizeWidth: size, resizeHeight: size, resizeQuality: 'medium' } : {});
  try {
    return readBack(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

/**
 * A JPEG in `blob` decoded at the smallest scale the decoder offers of at least `size` a side
 * (`desiredWidth`/`desiredHeight`: Chromium's JPEG decoder then scales in the DCT domain, down to
 * ⅛: 506 × 380 for a 12-MP photo), EXIF orientation applied (the VideoFrame's rotation and flip,
 * kept by drawImage). Null when the browser has no ImageDecoder for JPEG (not a secure context,
 * an older browser) or its scaled image is under `size` on a side (a small JPEG). Rejects as ImageDecoder.decode does for undecodable data.
 */
export async function decodeJpegScaled(blob: Blob, size: number): Promise<Pixels | null> {
  if (typeof ImageDecoder === 'undefined' || !(await ImageDecoder.isTypeSupported('image/jpeg'))) return null;
  const decoder = new ImageDecoder({ data: blob.stream(), type: 'image/jpeg', desiredWidth: size, desiredHeight: size });
  try {
    const { image } = await decoder.decode();
    try {
      // Chromium may round the scale down below the size asked for (a 480 × 360 JPEG asked for 64
      // gives ⅛: 60 × 45). Measured on the generated 480 × 360 scene of e2e/duplicates.spec.ts,
      // re-encoded at quality 0.95: its hash from those pixels was 8–12 bits from the PNG's, 0–4 once
      // decoded by createImageBitmap as other images are; so such a JPEG goes that way instead.
      if (image.displayWidth < size || image.displayHeight < size) return null;
      return readBack(image, image.displayWidth, image.displayHeight);
    } finally {
      image.close();
    }
  } finally {
    decoder.close();
  }
}
