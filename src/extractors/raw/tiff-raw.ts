/**
 * TIFF-based RAW files (TIFF/EP, ISO 12234-2, which CR2, NEF, ARW, PEF, SRW follow; DNG 1.6;
 * ORF and RW2, TIFF with Olympus's "RO"/"RS" or Panasonic's 0x55 magic, read as TIFF as ExifTool
 * reads them). The EXIF is walked by the photo code (photo/tiff.ts: IFD0, Exif, GPS, Interop,
 * IFD1, their values, the MakerNote among them). This module then walks the image IFDs (the IFD0
 * chain and the SubIFDs, TIFF/EP §"SubIFDs", DNG 1.6 §"SubIFDs"), reading their entry tables
 * only, to name the embedded JPEGs as ExifTool does (PreviewImage, JpgFromRaw, ThumbnailImage)
 * and find the raw image's size; image data is never read.
 */
import type { ByteSource, ExtractContext } from '../types';
import { throwIfAborted } from '../errors';
import { extensionOf } from '../sniff-util';
import { walkTiff } from '../photo/tiff';
import { firstNumber, numbers, readIfd, text, MAX_IFD_ENTRIES, type Ifd, type Space } from './ifd';
import { RAW_NAMES, type EmbeddedImage, type MakerNoteRef, type RawKind, type RawModel } from './model';
import type { RawContainer } from './sniff';

/** IFDs of the IFD0 chain and SubIFDs visited at most. */
const MAX_IMAGE_IFDS = 32;
/** SubIFD offsets read from one SubIFDs entry at most. */
const MAX_SUBIFDS = 16;
/** TIFF/EP PhotometricInterpretation values of raw sensor data: CFA (32803), LinearRaw (DNG 1.6, 34892). */
const RAW_PHOTOMETRIC = new Set([32803, 34892]);
/** Compression codes of JPEG data (TIFF 6.0 §22 old-style 6, TIFF Technical Note 2 7). */
const JPEG_COMPRESSION = new Set([6, 7]);
/** Compression codes of raw sensor data: Nikon NEF (34713), Sony ARW (32767), Pentax (65535). */
const RAW_COMPRESSION = new Set([34713, 32767, 32769, 32770, 65535]);

const KIND_BY_EXTENSION: Record<string, RawKind> = { cr2: 'cr2', nef: 'nef', nrw: 'nrw', arw: 'arw', srf: 'srf', sr2: 'sr2', dng: 'dng', pef: 'pef', srw: 'srw', orf: 'orf', rw2: 'rw2' };

/**
 * A ByteSource that shows the classic TIFF magic 42 (TIFF 6.0 §2) in place of ORF's "RO"/"RS"
 * or RW2's 0x55, so the photo TIFF walker and exifr read the rest as TIFF (ExifTool reads both
 * as TIFF with their own magic numbers). Reads pass through; only bytes 2–3 are changed.
 */
function withTiffMagic(source: ByteSource, le: boolean): ByteSource {
  const magic = le ? [42, 0] : [0, 42];
  return {
    get size() {
      return source.size;
    },
    get name() {
      return source.name;
    },
    get bytesRead() {
      return source.bytesRead;
    },
    get reads() {
      return source.reads;
    },
    async read(offset, length, signal) {
      const b = await source.read(offset, length, signal);
      if (offset > 3 || offset + b.length <= 2) return b;
      const out = b.slice();
      for (const i of [2, 3]) if (i - offset >= 0 && i - offset < out.length) out[i - offset] = magic[i - 2];
      return out;
    },
  };
}

/** The kind of a TIFF-based RAW from its container and, for plain TIFF/EP files, its extension. */
function kindOf(container: RawContainer, name: string): RawKind {
  if (container === 'cr2' || container === 'dng' || container === 'orf' || container === 'rw2') return container;
  return KIND_BY_EXTENSION[extensionOf(name)] ?? 'tiff';
}

/** Reads an IFD's entry table from the file (2 + 12n + 4 bytes, TIFF 6.0 §2); values outside the table read as nothing. */
async function readIfdAt(source: ByteSource, offset: number, le: boolean, signal?: AbortSignal): Promise<{ ifd: Ifd; space: Space } | null> {
  if (offset < 8 || offset + 2 > source.size) return null;
  const c = await source.read(offset, 2, signal);
  if (c.length < 2) return null;
  const count = le ? c[0] | (c[1] << 8) : (c[0] << 8) | c[1];
  if (count === 0 || count > MAX_IFD_ENTRIES) return null;
  const table = await source.read(offset, 2 + 12 * count + 4, signal);
  const space: Space = { bytes: table, le };
  const ifd = readIfd(space, 0, -offset);
  return ifd ? { ifd, space } : null;
}

interface ImageIfd {
  name: string;
  /** 'chain' for IFD0, IFD1…; 'sub' for SubIFDs. */
  kind: 'chain' | 'sub';
  index: number;
  subfile?: number;
  width?: number;
  height?: number;
  compression?: number;
  photometric?: number;
  jpeg?: { offset: number; length: number; tags: string };
  /** Uncompressed image data (TIFF 6.0 Compression 1) in one strip: its offset and length. */
  strip?: { offset: number; length: number };
}

/** Walks the IFD0 chain and the SubIFDs of every IFD, one level deep; entry tables only. */
async function walkImageIfds(source: ByteSource, ctx: ExtractContext, le: boolean, ifd0: number, kind: RawKind): Promise<ImageIfd[]> {
  const out: ImageIfd[] = [];
  const seen = new Set<number>();
  const queue: { offset: number; kind: 'chain' | 'sub'; index: number }[] = [{ offset: ifd0, kind: 'chain', index: 0 }];
  let subs = 0;
  while (queue.length && seen.size < MAX_IMAGE_IFDS) {
    throwIfAborted(ctx.signal);
    const at = queue.shift()!;
    if (seen.has(at.offset)) continue;
    seen.add(at.offset);
    const read = await readIfdAt(source, at.offset, le, ctx.signal);
    if (!read) continue;
    const { ifd, space } = read;
    const get = (tag: number) => ifd.entries.find((e) => e.tag === tag);
    const num = (tag: number) => firstNumber(space, get(tag));
    const image: ImageIfd = { name: at.kind === 'chain' ? `IFD${at.index}` : `SubIFD${at.index ? at.index : ''}`, kind: at.kind, index: at.index };
    image.subfile = num(0x00fe);
    image.width = num(0x0100);
    image.height = num(0x0101);
    image.compression = num(0x0103);
    image.photometric = num(0x0106);
    const jif = get(0x0201);
    const jifLength = get(0x0202);
    const strips = get(0x0111);
    const stripBytes = get(0x0117);
    if (jif && jifLength && jif.count === 1 && jifLength.count === 1) {
      image.jpeg = { offset: num(0x0201) ?? 0, length: num(0x0202) ?? 0, tags: 'JPEGInterchangeFormat' };
    } else if (strips?.count === 1 && stripBytes?.count === 1 && JPEG_COMPRESSION.has(image.compression ?? 0) && !RAW_PHOTOMETRIC.has(image.photometric ?? 0)) {
      if (!(kind === 'cr2' && at.kind === 'chain' && at.index >= 2)) image.jpeg = { offset: num(0x0111) ?? 0, length: num(0x0117) ?? 0, tags: 'StripOffsets' };
    } else if (strips?.count === 1 && stripBytes?.count === 1 && image.compression === 1) {
      image.strip = { offset: num(0x0111) ?? 0, length: num(0x0117) ?? 0 };
    }
    // RW2 IFD0 tag 0x002E holds a whole JPEG (ExifTool PanasonicRaw JpgFromRaw).
    const rw2Jpeg = kind === 'rw2' && at.kind === 'chain' && at.index === 0 ? get(0x002e) : undefined;
    if (rw2Jpeg && rw2Jpeg.size > 4) out.push({ name: 'IFD0', kind: 'sub', index: -1, jpeg: { offset: rw2Jpeg.raw, length: rw2Jpeg.size, tags: 'JpgFromRaw' } });
    out.push(image);
    if (at.kind === 'chain' && ifd.next > 0) queue.push({ offset: ifd.next, kind: 'chain', index: at.index + 1 });
    const subIfds = get(0x014a);
    if (subIfds && (subIfds.type === 4 || subIfds.type === 13)) {
      const n = Math.min(subIfds.count, MAX_SUBIFDS);
      let offsets = numbers(space, subIfds, n);
      if (offsets.length === 0 && subIfds.count > 1) {
        const b = await source.read(subIfds.raw, 4 * n, ctx.signal);
        offsets = numbers({ bytes: b, le }, { ...subIfds, at: 0, count: Math.floor(b.length / 4) }, n);
      }
      for (const o of offsets) queue.push({ offset: o, kind: 'sub', index: subs++ });
    }
  }
  return out;
}

/** ExifTool's name for a JPEG found in an image IFD, given the raw image's width. */
function imageName(img: ImageIfd, rawWidth: number | undefined): string {
  if (img.jpeg?.tags === 'JpgFromRaw') return 'JpgFromRaw';
  if (img.kind === 'chain') return img.index === 1 ? 'ThumbnailImage' : 'PreviewImage';
  if (img.width === undefined || (rawWidth !== undefined && img.width >= 0.8 * rawWidth)) return 'JpgFromRaw';
  return 'PreviewImage';
}

/**
 * The MakerNote in a TIFF buffer addressed by file offset (photo/tiff.ts): EXIF tag 0x927C of
 * the Exif IFD, else a DNG's DNGPrivateData (DNG 1.6 §"DNGPrivateData"; Adobe's "Adobe\0MakN"
 * layout as ExifTool's DNG notes give it: a big-endian count, the note's byte order, its offset
 * in the original file, then the note).
 */
export function findMakerNote(bytes: Uint8Array, origin: string, fileOffset?: number): MakerNoteRef | undefined {
  if (bytes.length < 8) return undefined;
  const le = bytes[0] === 0x49;
  const space: Space = { bytes, le };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ifd0 = readIfd(space, dv.getUint32(4, le));
  if (!ifd0) return undefined;
  const exifPointer = ifd0.entries.find((e) => e.tag === 0x8769);
  const exif = exifPointer ? readIfd(space, firstNumber(space, exifPointer) ?? -1) : null;
  const note = exif?.entries.find((e) => e.tag === 0x927c);
  if (note && note.at >= 0 && note.size > 0) return { bytes, le, start: note.at, length: note.size, origin: `Exif IFD tag 0x927C, ${origin}`, ...(fileOffset !== undefined ? { fileOffset } : {}) };
  const priv = ifd0.entries.find((e) => e.tag === 0xc634);
  if (priv && priv.at >= 0 && priv.size > 20 && text(space, { ...priv, size: 5 }) === 'Adobe' && String.fromCharCode(...bytes.subarray(priv.at + 6, priv.at + 10)) === 'MakN') {
    const count = dv.getUint32(priv.at + 10, false);
    const noteLe = bytes[priv.at + 14] === 0x49;
    const original = dv.getUint32(priv.at + 16, false);
    const start = priv.at + 20;
    const length = Math.min(Math.max(0, count - 6), priv.at + priv.size - start);
    return { bytes, le: noteLe, start, length, base: start - original, origin: `DNGPrivateData (IFD0 tag 0xC634), ${origin}`, ...(fileOffset !== undefined ? { fileOffset } : {}) };
  }
  return undefined;
}

/** Reads a TIFF-based RAW file. Throws ExtractError when its header or IFD0 is unusable (photo/tiff.ts). */
export async function readTiffRaw(source: ByteSource, ctx: ExtractContext, container: RawContainer): Promise<RawModel> {
  const kind = kindOf(container, source.name);
  const head = await source.read(0, 8, ctx.signal);
  const le = head[0] === 0x49;
  const tiffSource = container === 'orf' || container === 'rw2' ? withTiffMagic(source, le) : source;
  const blocks = await walkTiff(tiffSource, ctx);
  const [formatName, mime] = RAW_NAMES[kind];
  blocks.formatName = formatName;
  blocks.mime = mime;
  blocks.containerGroup.label = kind === 'dng' ? 'DNG (TIFF)' : 'TIFF';
  const ifd0 = head.length >= 8 ? new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(4, le) : 0;
  const ifds = await walkImageIfds(tiffSource, ctx, le, ifd0, kind);
  let rawWidth: number | undefined;
  let rawHeight: number | undefined;
  for (const img of ifds) {
    const isRaw = (img.subfile ?? 0) === 0 && !img.jpeg && (RAW_PHOTOMETRIC.has(img.photometric ?? 0) || RAW_COMPRESSION.has(img.compression ?? 0));
    if (isRaw && img.width && img.height && img.width * img.height > (rawWidth ?? 0) * (rawHeight ?? 0)) {
      rawWidth = img.width;
      rawHeight = img.height;
    }
  }
  const images: EmbeddedImage[] = [];
  for (const img of ifds) {
    if (!img.jpeg || img.jpeg.length <= 0 || img.jpeg.offset <= 0) continue;
    if (img.jpeg.offset >= source.size) {
      ctx.warn(`${img.name}: the embedded JPEG's offset ${img.jpeg.offset} (${img.jpeg.tags}) lies outside the file; it is not listed.`);
      continue;
    }
    const available = Math.max(0, Math.min(img.jpeg.length, source.size - img.jpeg.offset));
    const image: EmbeddedImage = { name: imageName(img, rawWidth), where: img.name, offset: img.jpeg.offset, length: available };
    if (available !== img.jpeg.length) image.declared = img.jpeg.length;
    if (img.width !== undefined && img.jpeg.tags !== 'JpgFromRaw') image.width = img.width;
    if (img.height !== undefined && img.jpeg.tags !== 'JpgFromRaw') image.height = img.height;
    images.push(image);
  }
  // A DNG's IFD0 is its thumbnail (DNG 1.6 §"IFD0": NewSubFileType 1), often uncompressed RGB;
  // ExifTool lists it as ThumbnailTIFF (its length there is of a TIFF it builds around the strip:
  // here it is the strip's, the bytes in the file).
  const thumb = kind === 'dng' ? ifds.find((img) => img.kind === 'chain' && img.index === 0 && img.subfile === 1 && img.strip) : undefined;
  if (thumb?.strip && thumb.strip.offset > 0 && thumb.strip.offset < source.size) {
    const length = Math.max(0, Math.min(thumb.strip.length, source.size - thumb.strip.offset));
    images.push({
      name: 'ThumbnailTIFF',
      where: 'IFD0 (uncompressed)',
      offset: thumb.strip.offset,
      length,
      ...(length !== thumb.strip.length ? { declared: thumb.strip.length } : {}),
      ...(thumb.width !== undefined ? { width: thumb.width } : {}),
      ...(thumb.height !== undefined ? { height: thumb.height } : {}),
    });
  }
  const tiff = blocks.tiff[0];
  const makerNote = tiff ? findMakerNote(tiff.bytes, 'TIFF file', 0) : undefined;
  return { kind, blocks, images, ...(makerNote ? { makerNote } : {}), ...(rawWidth ? { rawWidth, rawHeight } : {}) };
}
