import type { SniffResult } from '../types';
import { asciiAt, bytesAt } from '../sniff-util';
import { tiffVersion } from '../geotiff/sniff';

/** ISO-BMFF `ftyp` brands of HEIF/HEIC/AVIF still images (ISO/IEC 23008-12, AV1 Image File Format). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis']);

/** JPEG (SOI FFD8FF), PNG signature, WebP (RIFF…WEBP), HEIC/AVIF (ftyp brand), classic TIFF ('maybe'). */
export function sniffPhoto(head: Uint8Array): SniffResult {
  if (bytesAt(head, 0, [0xff, 0xd8, 0xff])) return 'yes';
  if (bytesAt(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'yes';
  if (asciiAt(head, 0, 'RIFF') && asciiAt(head, 8, 'WEBP')) return 'yes';
  if (asciiAt(head, 4, 'ftyp') && head.length >= 12) {
    const brand = String.fromCharCode(head[8], head[9], head[10], head[11]);
    if (HEIF_BRANDS.has(brand)) return 'yes';
  }
  const tiff = tiffVersion(head);
  if (tiff && !tiff.bigTiff) return 'maybe';
  return 'no';
}
