/**
 * What a container walker (JPEG, PNG, WebP, HEIF, TIFF) hands to the metadata decoders: the raw
 * metadata blocks it found, the main image size, its own container fields, and where the file is
 * cut short.
 */
import type { FieldGroup } from '../types';
import type { ExtractErrorData } from '../errors';
import type { RawText } from './generation/model';
import type { C2paMark } from '../c2pa/locate';

/** A TIFF structure (EXIF) ready for exifr: a contiguous TIFF byte array. */
interface TiffBlock {
  bytes: Uint8Array;
  /** Where it came from, for messages ("APP1 Exif segment at 2"). */
  origin: string;
}

export interface PhotoBlocks {
  /** Container kind; also the format name in the record. */
  container: 'jpeg' | 'png' | 'webp' | 'heif' | 'tiff';
  /** Human format name: 'JPEG image', 'HEIC image'… */
  formatName: string;
  /** Media type as exiftool names it (image/jpeg, image/heic, image/heif, image/avif…). */
  mime: string;
  /** Main image size in pixels (JPEG SOF, PNG IHDR, WebP VP8X/VP8/VP8L, HEIF primary item `ispe`, TIFF IFD0). */
  width?: number;
  height?: number;
  /**
   * EXIF TIFF structures in file order: usually one; a JPEG may carry two APP1 Exif segments, a PNG
   * an eXIf chunk and an ImageMagick raw profile. All are decoded; where two hold the same tag, the
   * later one is the summary's (ExifTool's order for duplicate tags).
   */
  tiff: TiffBlock[];
  /** XMP packets (main, then extended parts already joined), as text. */
  xmp: string[];
  /** IPTC-IIM data (dataset stream starting with 0x1C), when present. */
  iptc?: Uint8Array;
  /** ICC profile bytes (multi-segment JPEG profiles joined), when present. */
  icc?: Uint8Array;
  /** Text metadata in file order (PNG tEXt/zTXt/iTXt by keyword, JPEG COM as "Comment"), for generation parameters. */
  texts: RawText[];
  /** A PNG's image layout (IHDR) and its IDAT chunks, for the alpha-channel read (png-alpha.ts). */
  png?: PngImage;
  /** Text hidden in a PNG's alpha channel (generation/stealth.ts), when read. */
  stealth?: RawText;
  /** Container group (JPEG segments, PNG chunks, HEIF items, RIFF chunks) and extra groups (PNG text). */
  containerGroup: FieldGroup;
  extraGroups: FieldGroup[];
  /** Where the walk found an embedded C2PA manifest store (read by ../c2pa/credentials.ts), when it did. */
  c2pa?: C2paMark;
  /**
   * Where the walk found the file cut short: `truncated` errors (the record's status is then
   * partial, with everything read before the cut). Added with `truncatedAt`.
   */
  damage: ExtractErrorData[];
}

/** A PNG's IHDR fields (ISO 15948 §11.2.2) and where its image data lies. */
export interface PngImage {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  /** IDAT chunks' data (offset past the chunk header, length), in file order. */
  idat: { offset: number; length: number }[];
}

/** Notes that the file ends early at `offset` (one of PhotoBlocks `damage`). */
export function truncatedAt(blocks: PhotoBlocks, message: string, offset?: number): void {
  blocks.damage.push(offset === undefined ? { code: 'truncated', message } : { code: 'truncated', message, offset });
}

/** Empty block set for a container. */
export function emptyBlocks(container: PhotoBlocks['container'], formatName: string, mime: string, group: FieldGroup): PhotoBlocks {
  return { container, formatName, mime, tiff: [], xmp: [], texts: [], containerGroup: group, extraGroups: [], damage: [] };
}
