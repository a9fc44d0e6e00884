import type { FormatInfo } from '../format-info';

/** Bytes at the end of a JPEG searched for its EOI marker (jpeg.ts `checkEoi`). */
export const JPEG_TAIL_BYTES = 4096;

/** Photos: JPEG, TIFF, PNG, HEIC/HEIF/AVIF, WebP; media types as IANA registers them (DNG and other camera RAW files: raw/format.ts). */
export const format = {
  id: 'photo',
  label: 'Photo',
  version: '6',
  fileTypes: {
    'image/jpeg': ['jpg', 'jpeg'],
    'image/tiff': ['tif', 'tiff'],
    'image/png': ['png'],
    'image/heic': ['heic'],
    'image/heif': ['heif'],
    'image/avif': ['avif'],
    'image/webp': ['webp'],
  },
  tail: { extensions: ['jpg', 'jpeg'], bytes: JPEG_TAIL_BYTES },
} as const satisfies FormatInfo;
