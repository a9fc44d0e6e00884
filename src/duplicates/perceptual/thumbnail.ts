/**
 * The EXIF thumbnail of a JPEG: IFD1's JPEGInterchangeFormat / JPEGInterchangeFormatLength
 * (tags 0x0201/0x0202, EXIF 2.32 §4.6.2 and §4.5.5: a JPEG-compressed thumbnail inside the APP1
 * segment), found through the photo extractor's JPEG walk (which reads the metadata segments
 * only), with IFD0's Orientation and the main image's size from its SOF.
 */
import type { ByteSource } from '../../extractors/types';
import { DEFAULT_OPTIONS } from '../../extractors/types';
import { walkJpeg } from '../../extractors/photo/jpeg';
import { isTiffHeader } from '../../extractors/photo/bytes';
import { bytesAt } from '../../extractors/sniff-util';

export interface ExifThumbnail {
  /** The thumbnail's JPEG bytes (from SOI). */
  jpeg: Uint8Array;
  /** IFD0 Orientation (tag 0x0112, 1–8), 1 when absent. */
  orientation: number;
  /** The main image's stored size in pixels (its SOF), when read. */
  width?: number;
  height?: number;
}

/** Whether `head` starts as a JPEG does: SOI and the next marker's 0xFF (ITU-T T.81 §B.1.1.2). */
export const isJpeg = (head: Uint8Array): boolean => bytesAt(head, 0, [0xff, 0xd8, 0xff]);

/** Largest IFD entry count read (thumbnail IFDs hold a handful). */
const MAX_ENTRIES = 1024;
/** The APP1 segments read for a thumbnail: at most 1 MiB of metadata. */
const OPTIONS = { ...DEFAULT_OPTIONS, maxMetadataBytes: 1 << 20 };

/**
 * The JPEG's EXIF thumbnail, or null when the file is no JPEG, has no EXIF, no IFD1, or an IFD1
 * without a JPEG thumbnail inside the segment (offsets and lengths out of range are treated as
 * absent). Throws ExtractError only as the source's reads do (`read-failed`, `aborted`), or
 * `too-large` for over 1 MiB of metadata segments.
 */
export async function exifThumbnail(source: ByteSource, signal?: AbortSignal): Promise<ExifThumbnail | null> {
  const soi = await source.read(0, 3, signal);
  if (!isJpeg(soi)) return null;
  const blocks = await walkJpeg(source, { signal, options: OPTIONS, warn: () => {} });
  for (const { bytes } of blocks.tiff) {
    const found = thumbnailIn(bytes);
    if (found) return { ...found, width: blocks.width, height: blocks.height };
  }
  return null;
}

/** The thumbnail and orientation in one EXIF TIFF structure (TIFF 6.0 §2: header, IFD0, its next-IFD link to IFD1). */
function thumbnailIn(tiff: Uint8Array): { jpeg: Uint8Array; orientation: number } | null {
  if (!isTiffHeader(tiff)) return null;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const le = tiff[0] === 0x49;
  const ifd0 = readIfd(view, view.getUint32(4, le), le);
  if (!ifd0) return null;
  const ifd1 = readIfd(view, ifd0.next, le);
  const offset = ifd1?.values.get(0x0201);
  const length = ifd1?.values.get(0x0202);
  if (offset === undefined || length === undefined || length < 4 || offset + length > tiff.length) return null;
  const jpeg = tiff.subarray(offset, offset + length);
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  return { jpeg, orientation: ifd0.values.get(0x0112) ?? 1 };
}

/** One IFD's single SHORT/LONG values by tag, and its next-IFD offset; null when it does not fit in the structure. */
function readIfd(view: DataView, at: number, le: boolean): { values: Map<number, number>; next: number } | null {
  if (at < 8 || at + 2 > view.byteLength) return null;
  const count = view.getUint16(at, le);
  if (count > MAX_ENTRIES || at + 2 + 12 * count + 4 > view.byteLength) return null;
  const values = new Map<number, number>();
  for (let e = at + 2; e < at + 2 + 12 * count; e += 12) {
    const type = view.getUint16(e + 2, le);
    if (view.getUint32(e + 4, le) !== 1) continue;
    if (type === 3) values.set(view.getUint16(e, le), view.getUint16(e + 8, le));
    else if (type === 4) values.set(view.getUint16(e, le), view.getUint32(e + 8, le));
  }
  return { values, next: view.getUint32(at + 2 + 12 * count, le) };
}
