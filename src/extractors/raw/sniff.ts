import type { SniffResult } from '../types';
import { asciiAt, bytesAt, extensionOf } from '../sniff-util';
import { tiffVersion } from '../geotiff/sniff';

/** Extensions of TIFF-based RAW files (TIFF/EP, ISO 12234-2, and the makers' variants of it). */
const TIFF_RAW_EXTENSIONS = new Set(['cr2', 'nef', 'nrw', 'arw', 'srf', 'sr2', 'dng', 'pef', 'srw', 'orf', 'rw2']);
/** DNG 1.6 §"DNGVersion": tag 50706 in IFD0 marks a DNG file. */
const TAG_DNG_VERSION = 50706;

/** The RAW container a file's first bytes show, or null. See `sniffRaw`. */
export type RawContainer = 'cr2' | 'cr3' | 'raf' | 'orf' | 'rw2' | 'dng' | 'tiff';

/**
 * The container from the first bytes: CR2 (TIFF with "CR" 2 0 at offset 8, ExifTool Canon CR2
 * notes), CR3 (ISO/IEC 14496-12 `ftyp` with major brand `crx `), RAF ("FUJIFILMCCD-RAW ", ExifTool
 * FujiFilm RAF notes), ORF ("IIRO", "IIRS", "MMOR": TIFF with Olympus's magic), RW2 ("IIU\0":
 * Panasonic's magic 0x55), DNG (TIFF whose IFD0 in the head holds DNGVersion), other TIFF ('tiff').
 */
export function rawContainer(head: Uint8Array): RawContainer | null {
  if (asciiAt(head, 4, 'ftyp') && asciiAt(head, 8, 'crx ')) return 'cr3';
  if (asciiAt(head, 0, 'FUJIFILMCCD-RAW ')) return 'raf';
  if (asciiAt(head, 0, 'IIRO') || asciiAt(head, 0, 'IIRS') || asciiAt(head, 0, 'MMOR')) return 'orf';
  if (bytesAt(head, 0, [0x49, 0x49, 0x55, 0x00])) return 'rw2';
  const tiff = tiffVersion(head);
  if (!tiff || tiff.bigTiff) return null;
  if (asciiAt(head, 8, 'CR') && head[10] === 2 && head[11] === 0) return 'cr2';
  return ifd0HasTag(head, tiff.littleEndian, TAG_DNG_VERSION) ? 'dng' : 'tiff';
}

/** True when IFD0 lies in `head` and holds `tag` (TIFF 6.0 §2: 2-byte count, 12-byte entries). */
function ifd0HasTag(head: Uint8Array, le: boolean, tag: number): boolean {
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const offset = dv.getUint32(4, le);
  if (offset < 8 || offset + 2 > head.length) return false;
  const count = dv.getUint16(offset, le);
  for (let i = 0; i < count && offset + 2 + 12 * i + 2 <= head.length; i++) if (dv.getUint16(offset + 2 + 12 * i, le) === tag) return true;
  return false;
}

/**
 * 'yes' for CR2, CR3, RAF, ORF, RW2, DNG and for a classic TIFF named with a RAW extension; 'no'
 * otherwise, so plain TIFF photos and GeoTIFFs stay with their extractors.
 */
export function sniffRaw(head: Uint8Array, name: string): SniffResult {
  const container = rawContainer(head);
  if (!container) return 'no';
  if (container !== 'tiff') return 'yes';
  return TIFF_RAW_EXTENSIONS.has(extensionOf(name)) ? 'yes' : 'no';
}
