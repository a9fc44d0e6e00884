/**
 * What the RAW readers (tiff-raw.ts, cr3.ts, raf.ts) hand to present.ts: the photo blocks the
 * photo code decodes (EXIF, XMP, ICC…), where the MakerNote lies, and the embedded images.
 */
import type { PhotoBlocks } from '../photo/model';

/** Which RAW family a file is; names the record (`RAW_NAMES`). */
export type RawKind = 'cr2' | 'cr3' | 'nef' | 'nrw' | 'arw' | 'srf' | 'sr2' | 'dng' | 'raf' | 'orf' | 'rw2' | 'pef' | 'srw' | 'tiff';

/** Format name and media type of each kind (media types as ExifTool gives them). */
export const RAW_NAMES: Record<RawKind, [name: string, mime: string]> = {
  cr2: ['Canon CR2 raw image', 'image/x-canon-cr2'],
  cr3: ['Canon CR3 raw image', 'image/x-canon-cr3'],
  nef: ['Nikon NEF raw image', 'image/x-nikon-nef'],
  nrw: ['Nikon NRW raw image', 'image/x-nikon-nrw'],
  arw: ['Sony ARW raw image', 'image/x-sony-arw'],
  srf: ['Sony SRF raw image', 'image/x-sony-srf'],
  sr2: ['Sony SR2 raw image', 'image/x-sony-sr2'],
  dng: ['Adobe DNG raw image', 'image/x-adobe-dng'],
  raf: ['Fujifilm RAF raw image', 'image/x-fuji-raf'],
  orf: ['Olympus ORF raw image', 'image/x-olympus-orf'],
  rw2: ['Panasonic RW2 raw image', 'image/x-panasonic-rw2'],
  pef: ['Pentax PEF raw image', 'image/x-pentax-pef'],
  srw: ['Samsung SRW raw image', 'image/x-samsung-srw'],
  tiff: ['TIFF-based raw image', 'image/tiff'],
};

/** An embedded image (ExifTool's PreviewImage, JpgFromRaw, ThumbnailImage…): where and how big. */
export interface EmbeddedImage {
  /** ExifTool's tag name for it: 'PreviewImage', 'JpgFromRaw', 'ThumbnailImage'. */
  name: string;
  /** Where it was found ("IFD1", "SubIFD 2", "CR3 THMB box"). */
  where: string;
  /** File offset of its first byte, when known. */
  offset?: number;
  /** Bytes available in the file (a declared length past the end is cut to the end). */
  length: number;
  /** Declared length, when it differs from `length`. */
  declared?: number;
  width?: number;
  height?: number;
}

/** A MakerNote (EXIF tag 0x927C) located in a byte array addressed like its TIFF structure. */
export interface MakerNoteRef {
  /** The array holding the note and the values it points at. */
  bytes: Uint8Array;
  /** Byte order of the enclosing TIFF structure. */
  le: boolean;
  /** The note's first byte in `bytes`, and its length. */
  start: number;
  length: number;
  /** File offset of `bytes[0]`, when `bytes` is a window of the file (for embedded image offsets). */
  fileOffset?: number;
  /** Where it was found, for messages. */
  origin: string;
  /**
   * A DNG DNGPrivateData "MakN" block: where offset 0 of the note's original TIFF structure would
   * be in `bytes` (for makers whose values count from the TIFF header).
   */
  base?: number;
}

/** Everything read from a RAW file. */
export interface RawModel {
  kind: RawKind;
  blocks: PhotoBlocks;
  makerNote?: MakerNoteRef;
  images: EmbeddedImage[];
  /** Size of the raw sensor image (the main raw IFD, RAF directory), when known. */
  rawWidth?: number;
  rawHeight?: number;
}
