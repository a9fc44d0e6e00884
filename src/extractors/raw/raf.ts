/**
 * Fujifilm RAF. There is no public specification; the layout followed is ExifTool's
 * (Image::ExifTool::FujiFilm, RAF notes and the RAF / RAFHeader tables) and LibRaw's: a 16-byte
 * "FUJIFILMCCD-RAW " signature, a 4-byte format version, an 8-byte camera ID, the 32-byte camera
 * name, a 4-byte directory version, 20 unknown bytes, then big-endian u32 pairs at offset 84:
 * embedded JPEG (offset, length), RAF directory ("CFA header": offset, length) and CFA data
 * (offset, length). The JPEG's APP1 holds the EXIF (with a Fujifilm MakerNote) and is read with
 * the photo JPEG walker through a window of the file; the RAF directory is a big-endian u32
 * count of entries (u16 tag, u16 size, data). The CFA data is never read.
 */
import type { ByteSource, ExtractContext, Field } from '../types';
import { ExtractError } from '../errors';
import { makeField } from '../fields';
import { decodeLatin1, readBlock, u16be, u32be } from '../photo/bytes';
import { walkJpeg } from '../photo/jpeg';
import { emptyBlocks, truncatedAt } from '../photo/model';
import { RAW_NAMES, type EmbeddedImage, type RawModel } from './model';
import { findMakerNote } from './tiff-raw';

/** Bytes of the RAF header read (through the CFA length at 104). */
const HEADER_BYTES = 108;
/** Largest RAF directory read (real ones hold a few KiB). */
const MAX_DIRECTORY_BYTES = 1 << 20;

/** Names of RAF directory tags (ExifTool FujiFilm::RAF). */
const RAF_TAGS: Record<number, string> = {
  0x100: 'RawImageFullSize',
  0x110: 'RawImageCropTopLeft',
  0x111: 'RawImageCroppedSize',
  0x115: 'RawImageAspectRatio',
  0x121: 'RawImageSize',
  0x130: 'FujiLayout',
};

/**
 * A window [offset, offset + length) of `source` as a ByteSource of its own (the RAF's embedded
 * JPEG); reads are clamped to the window and counted by `source`.
 */
function windowSource(source: ByteSource, offset: number, length: number): ByteSource {
  const size = Math.max(0, Math.min(length, source.size - offset));
  return {
    size,
    name: source.name,
    get bytesRead() {
      return source.bytesRead;
    },
    get reads() {
      return source.reads;
    },
    read(at, n, signal) {
      const start = Math.max(0, Math.min(at, size));
      return source.read(offset + start, Math.max(0, Math.min(n, size - start)), signal);
    },
  };
}

/** Reads a RAF file's header, directory and embedded JPEG's metadata. Throws ExtractError for an unusable header. */
export async function readRaf(source: ByteSource, ctx: ExtractContext): Promise<RawModel> {
  const h = await source.read(0, HEADER_BYTES, ctx.signal);
  if (h.length < HEADER_BYTES) throw new ExtractError('truncated', 'The file ends inside the RAF header (108 bytes).', 0);
  const text = (o: number, n: number) =>
    decodeLatin1(h.subarray(o, o + n))
      .replace(/\0.*$/s, '')
      .trim();
  const jpegOffset = u32be(h, 84);
  const jpegLength = u32be(h, 88);
  const dirOffset = u32be(h, 92);
  const dirLength = u32be(h, 96);
  const fields: Field[] = [
    makeField('RAFVersion', text(16, 4), { label: 'RAF format version' }),
    makeField('RAFCameraID', text(20, 8), { label: 'Camera ID' }),
    makeField('RAFCameraModel', text(28, 32), { label: 'Camera model (RAF header)' }),
    makeField('RAFDirectoryVersion', text(60, 4), { label: 'Directory version' }),
    makeField('JPEGOffset', jpegOffset, { label: 'Embedded JPEG offset' }),
    makeField('JPEGLength', jpegLength, { label: 'Embedded JPEG length', unit: 'bytes' }),
    makeField('CFAHeaderOffset', dirOffset, { label: 'RAF directory offset' }),
    makeField('CFAHeaderLength', dirLength, { label: 'RAF directory length', unit: 'bytes' }),
    makeField('CFAOffset', u32be(h, 100), { label: 'CFA data offset' }),
    makeField('CFALength', u32be(h, 104), { label: 'CFA data length', unit: 'bytes' }),
  ];
  const [formatName, mime] = RAW_NAMES.raf;
  let blocks = emptyBlocks('jpeg', formatName, mime, { id: 'raf', label: 'RAF', fields });
  const images: EmbeddedImage[] = [];
  if (jpegOffset >= HEADER_BYTES && jpegLength > 0 && jpegOffset < source.size) {
    const window = windowSource(source, jpegOffset, jpegLength);
    try {
      const jpeg = await walkJpeg(window, ctx);
      const image: EmbeddedImage = { name: 'PreviewImage', where: 'RAF embedded JPEG', offset: jpegOffset, length: window.size };
      if (window.size !== jpegLength) image.declared = jpegLength;
      if (jpeg.width !== undefined) image.width = jpeg.width;
      if (jpeg.height !== undefined) image.height = jpeg.height;
      images.push(image);
      jpeg.containerGroup.label = 'Embedded JPEG';
      blocks = { ...jpeg, formatName, mime, containerGroup: blocks.containerGroup, extraGroups: [jpeg.containerGroup, ...jpeg.extraGroups], width: undefined, height: undefined };
    } catch (e) {
      if (!(e instanceof ExtractError) || e.code === 'aborted' || e.code === 'read-failed') throw e;
      ctx.warn(`The RAF's embedded JPEG (offset ${jpegOffset}) could not be read: ${e.message}`);
    }
  } else ctx.warn(`The RAF header's JPEG offset ${jpegOffset} / length ${jpegLength} is outside the file; no EXIF is read.`);
  if (jpegOffset + jpegLength > source.size) truncatedAt(blocks, `The RAF embedded JPEG (${jpegLength} bytes at ${jpegOffset}) runs past the end of the file.`, jpegOffset);

  let rawWidth: number | undefined;
  let rawHeight: number | undefined;
  if (dirOffset >= HEADER_BYTES && dirOffset + 4 <= source.size && dirLength >= 4) {
    const dir = await readBlock(source, dirOffset, Math.min(dirLength, MAX_DIRECTORY_BYTES), 'RAF directory', ctx.signal);
    const count = dir.length >= 4 ? u32be(dir, 0) : 0;
    const entries: Field[] = [];
    let o = 4;
    for (let i = 0; i < count && i < ctx.options.maxObjects && o + 4 <= dir.length; i++) {
      const tag = u16be(dir, o);
      const size = u16be(dir, o + 2);
      const data = dir.subarray(o + 4, Math.min(dir.length, o + 4 + size));
      o += 4 + size;
      const name = RAF_TAGS[tag];
      if (!name) continue;
      const shorts = Array.from({ length: Math.floor(data.length / 2) }, (_, k) => u16be(data, 2 * k));
      entries.push(makeField(name, shorts.length === 1 ? shorts[0] : shorts, { comment: `RAF tag 0x${tag.toString(16).padStart(4, '0')}` }, ctx.options.maxArrayItems));
      // RawImageFullSize / RawImageSize: height then width (ExifTool FujiFilm::RAF).
      if ((tag === 0x100 || (tag === 0x121 && rawWidth === undefined)) && shorts.length >= 2) {
        rawHeight = shorts[0];
        rawWidth = shorts[1];
      }
    }
    fields.push(...entries);
  }
  const tiff = blocks.tiff[0];
  const makerNote = tiff ? findMakerNote(tiff.bytes, 'RAF embedded JPEG') : undefined;
  return { kind: 'raf', blocks, images, ...(makerNote ? { makerNote } : {}), ...(rawWidth ? { rawWidth, rawHeight } : {}) };
}
