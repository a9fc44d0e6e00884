/**
 * Canon CR3 (ISO/IEC 14496-12 base media file, `ftyp` major brand `crx `). There is no public
 * specification; the layout followed is the one ExifTool documents (Image::ExifTool::Canon, CR3
 * notes: the `uuid` box 85c0b687-820f-11e0-8111-f4ce462b6a48 in `moov` holding CMT1 = IFD0,
 * CMT2 = Exif IFD, CMT3 = Canon MakerNotes, CMT4 = GPS IFD, each a whole TIFF structure, and
 * THMB, the thumbnail; the top-level `uuid` eaf42b5e-1c98-4b88-b9fb-b7dc406e4d16 holding PRVW,
 * the preview; the XMP `uuid` be7acfcb-97a9-42e8-9c71-999491e3afac) and LibRaw's CR3 parser
 * confirms (THMB/PRVW: u32 version/flags or reserved, u16 width, u16 height, u32 JPEG length).
 * The first `trak` holds the full-size JPEG (ExifTool's JpgFromRaw): its offset from `co64`/`stco`
 * and its length from `stsz` (ISO/IEC 14496-12 §8.7.3, §8.7.5), its size from `tkhd` (§8.3.2).
 * Only box headers, `moov` and the metadata boxes are read; `mdat` never is.
 */
import type { ByteSource, ExtractContext, Field, FieldGroup } from '../types';
import { ExtractError, throwIfAborted } from '../errors';
import { makeField } from '../fields';
import { MAX_BLOCK_BYTES, decodeText, fourcc, readBlock, u16be, u32be, uintBE } from '../photo/bytes';
import { childBoxes, type Box } from '../photo/heif';
import { boxHeader } from '../bmff';
import { emptyBlocks, truncatedAt } from '../photo/model';
import { RAW_NAMES, type EmbeddedImage, type MakerNoteRef, type RawModel } from './model';
import { readIfd, firstNumber, type Space } from './ifd';

const CANON_UUID = '85c0b687820f11e08111f4ce462b6a48';
const PREVIEW_UUID = 'eaf42b5e1c984b88b9fbb7dc406e4d16';
const XMP_UUID = 'be7acfcb97a942e89c71999491e3afac';

const hex = (b: Uint8Array, o: number, n: number) => Array.from(b.subarray(o, o + n), (x) => x.toString(16).padStart(2, '0')).join('');

/**
 * THMB or PRVW payload (after the box header), as LibRaw and ExifTool read them: THMB = u32
 * version/flags, u16 width, u16 height, u32 JPEG length, 4 bytes; PRVW = 4 bytes, u16, u16 width,
 * u16 height, u16, u32 JPEG length. The JPEG follows these 16 bytes.
 */
function canonPreview(b: Uint8Array, start: number, end: number, box: 'THMB' | 'PRVW', fileOffset: number, fileSize: number): EmbeddedImage | null {
  if (start + 16 > b.length) return null;
  const [w, h, n] = box === 'THMB' ? [4, 6, 8] : [6, 8, 12];
  const declared = u32be(b, start + n);
  const dataAt = fileOffset + 16;
  const boxBytes = Math.max(0, end - start - 16);
  const length = Math.max(0, Math.min(declared, boxBytes, fileSize - dataAt));
  const image: EmbeddedImage = { name: box === 'THMB' ? 'ThumbnailImage' : 'PreviewImage', where: `CR3 ${box} box`, offset: dataAt, length, width: u16be(b, start + w), height: u16be(b, start + h) };
  if (length !== declared) image.declared = declared;
  return image;
}

/** Bounds-checked 32-bit write (TIFF byte order). */
function put32(b: Uint8Array, o: number, v: number, le: boolean): void {
  if (o >= 0 && o + 4 <= b.length) new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(o, v >>> 0, le);
}

/**
 * Adds `delta` to the value offsets of the IFD at `ifd` of `b` (TIFF 6.0 §2) and of the
 * Interoperability IFD it points at (EXIF 2.32 §4.6.3), so a TIFF structure copied `delta`
 * bytes into a larger one keeps its values. Its next-IFD link is cleared.
 */
function rebaseIfd(b: Uint8Array, ifd: number, delta: number, le: boolean, depth = 0): void {
  const space: Space = { bytes: b, le };
  const table = readIfd(space, ifd, delta);
  if (!table) return;
  table.entries.forEach((e, i) => {
    const at = ifd + 2 + 12 * i + 8;
    if (e.size > 4) put32(b, at, e.raw + delta, le);
    else if (e.tag === 0xa005 && depth === 0 && (e.type === 4 || e.type === 13)) {
      put32(b, at, e.raw + delta, le);
      rebaseIfd(b, e.raw + delta, delta, le, 1);
    }
  });
  put32(b, ifd + 2 + 12 * table.entries.length, 0, le);
}

/** A TIFF structure's byte order and first-IFD offset (TIFF 6.0 §2), or null. */
function tiffHeader(b: Uint8Array): { le: boolean; ifd: number } | null {
  if (b.length < 8) return null;
  const le = b[0] === 0x49 && b[1] === 0x49;
  if (!le && !(b[0] === 0x4d && b[1] === 0x4d)) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (dv.getUint16(2, le) !== 42) return null;
  return { le, ifd: dv.getUint32(4, le) };
}

/**
 * One TIFF structure from CMT1 (IFD0), CMT2 (its IFD is the Exif IFD) and CMT4 (the GPS IFD), as
 * a camera would write it in a JPEG: CMT1 first, CMT2 and CMT4 after it with their offsets moved,
 * and a new IFD0 (CMT1's entries plus the ExifIFD and GPSInfo pointers) at the end. Null when CMT1
 * is not a TIFF structure; CMT2/CMT4 in another byte order are left out (with a warning).
 */
function mergeCmt(cmt1: Uint8Array, cmt2: Uint8Array | undefined, cmt4: Uint8Array | undefined, warn: (m: string) => void): Uint8Array | null {
  const h1 = tiffHeader(cmt1);
  if (!h1) return null;
  const le = h1.le;
  const ifd0 = readIfd({ bytes: cmt1, le }, h1.ifd);
  if (!ifd0) return null;
  const parts: { bytes: Uint8Array; at: number; ifd: number; tag: number }[] = [];
  let end = cmt1.length + (cmt1.length & 1);
  for (const [bytes, tag, name] of [
    [cmt2, 0x8769, 'CMT2'],
    [cmt4, 0x8825, 'CMT4'],
  ] as const) {
    if (!bytes) continue;
    const h = tiffHeader(bytes);
    if (!h || h.le !== le) {
      warn(`The CR3 ${name} box is not a TIFF structure in CMT1's byte order; it is not read.`);
      continue;
    }
    parts.push({ bytes, at: end, ifd: h.ifd, tag });
    end += bytes.length + (bytes.length & 1);
  }
  const kept = ifd0.entries.map((_, i) => cmt1.subarray(h1.ifd + 2 + 12 * i, h1.ifd + 14 + 12 * i)).filter((_, i) => ![0x8769, 0x8825].includes(ifd0.entries[i].tag));
  const pointers = parts.map((p) => {
    const e = new Uint8Array(12);
    const dv = new DataView(e.buffer);
    dv.setUint16(0, p.tag, le);
    dv.setUint16(2, 4, le);
    dv.setUint32(4, 1, le);
    dv.setUint32(8, p.at + p.ifd, le);
    return e;
  });
  const entries = [...kept, ...pointers].sort((a, b) => new DataView(a.buffer, a.byteOffset).getUint16(0, le) - new DataView(b.buffer, b.byteOffset).getUint16(0, le));
  const out = new Uint8Array(end + 2 + 12 * entries.length + 4);
  out.set(cmt1, 0);
  for (const p of parts) {
    out.set(p.bytes, p.at);
    rebaseIfd(out, p.at + p.ifd, p.at, le);
  }
  const dv = new DataView(out.buffer);
  dv.setUint16(end, entries.length, le);
  entries.forEach((e, i) => out.set(e, end + 2 + 12 * i));
  dv.setUint32(end + 2 + 12 * entries.length, ifd0.next, le);
  dv.setUint32(4, end, le);
  return out;
}

/** Reads a CR3 file's metadata boxes. Throws ExtractError when there is no `moov` box. */
export async function readCr3(source: ByteSource, ctx: ExtractContext): Promise<RawModel> {
  const [formatName, mime] = RAW_NAMES.cr3;
  const group: FieldGroup = { id: 'cr3', label: 'CR3 boxes', fields: [] };
  const blocks = emptyBlocks('tiff', formatName, mime, group);
  const images: EmbeddedImage[] = [];
  const containerFields: Field[] = [];
  let moov: { bytes: Uint8Array; offset: number } | null = null;
  const topLevel: string[] = [];
  let offset = 0;
  for (let i = 0; i < ctx.options.maxObjects && offset + 8 <= source.size; i++) {
    throwIfAborted(ctx.signal);
    const hdr = await source.read(offset, 40, ctx.signal);
    const box = boxHeader(hdr, offset, source.size, ctx.warn);
    if (!box) break;
    const { type, size, header } = box;
    topLevel.push(`${type} (${size} bytes at ${offset})`);
    if (offset + size > source.size) truncatedAt(blocks, `The ${type} box at offset ${offset} (${size} bytes) runs past the end of the file.`, offset);
    if (type === 'ftyp' && hdr.length >= header + 8) {
      containerFields.push(makeField('MajorBrand', fourcc(hdr, header), { label: 'Major brand' }), makeField('MinorVersion', u32be(hdr, header + 4), { label: 'Minor version' }));
    } else if (type === 'moov') {
      if (size - header > MAX_BLOCK_BYTES) throw new ExtractError('too-large', `The CR3 moov box has ${size - header} bytes.`, offset);
      moov = { bytes: await readBlock(source, offset + header, size - header, 'moov box', ctx.signal), offset: offset + header };
    } else if (type === 'uuid' && hdr.length >= header + 16) {
      const id = hex(hdr, header, 16);
      const body = offset + header + 16;
      if (id === XMP_UUID) {
        const xmp = await readBlock(source, body, size - header - 16, 'XMP uuid box', ctx.signal);
        blocks.xmp.push(decodeText(xmp));
      } else if (id === PREVIEW_UUID) {
        // 8 bytes, then the PRVW box (ExifTool Canon CR3 notes).
        const b = await source.read(body + 8, 24, ctx.signal);
        if (b.length >= 24 && fourcc(b, 4) === 'PRVW') {
          const end = Math.min(u32be(b, 0), offset + size - body - 8);
          const image = canonPreview(b, 8, end, 'PRVW', body + 16, source.size);
          if (image) images.push(image);
        }
      }
    }
    offset += size;
  }
  containerFields.push(makeField('TopLevelBoxes', topLevel, { label: 'Top-level boxes' }, ctx.options.maxArrayItems));
  if (!moov) throw new ExtractError(offset >= source.size ? 'corrupt' : 'truncated', 'No CR3 moov box was found.');
  const m = moov.bytes;
  const boxes = childBoxes(m, 0, m.length);
  const cmt: Record<string, { bytes: Uint8Array; offset: number }> = {};
  for (const box of boxes) {
    if (box.type === 'uuid' && box.end - box.start >= 16 && hex(m, box.start, 16) === CANON_UUID) {
      for (const child of childBoxes(m, box.start + 16, box.end)) {
        if (/^CMT[1-4]$/.test(child.type)) cmt[child.type] = { bytes: m.subarray(child.start, child.end), offset: moov.offset + child.start };
        else if (child.type === 'THMB') {
          const image = canonPreview(m, child.start, child.end, 'THMB', moov.offset + child.start, source.size);
          if (image) images.push(image);
        } else if (child.type === 'CNCV') containerFields.push(makeField('CompressorVersion', decodeText(m.subarray(child.start, child.end)).replace(/\0+$/, ''), { label: 'Compressor version' }));
      }
    }
  }
  const firstTrak = boxes.find((b) => b.type === 'trak');
  const jpg = firstTrak ? trackJpeg(m, firstTrak, source.size) : null;
  if (jpg) images.push(jpg);
  const warn = ctx.warn;
  if (cmt.CMT1) {
    const merged = mergeCmt(cmt.CMT1.bytes, cmt.CMT2?.bytes, cmt.CMT4?.bytes, warn);
    if (merged) {
      blocks.tiff.push({ bytes: merged, origin: 'CR3 CMT1, CMT2, CMT4 boxes' });
      const h = tiffHeader(cmt.CMT1.bytes)!;
      const space: Space = { bytes: cmt.CMT1.bytes, le: h.le };
      const ifd0 = readIfd(space, h.ifd);
      blocks.width = firstNumber(
        space,
        ifd0?.entries.find((e) => e.tag === 0x0100),
      );
      blocks.height = firstNumber(
        space,
        ifd0?.entries.find((e) => e.tag === 0x0101),
      );
    } else warn('The CR3 CMT1 box is not a TIFF structure (ExifTool Canon CR3 notes); its EXIF is not read.');
  } else warn('The CR3 file has no CMT1 box (IFD0).');
  let makerNote: MakerNoteRef | undefined;
  const h3 = cmt.CMT3 ? tiffHeader(cmt.CMT3.bytes) : null;
  if (cmt.CMT3 && h3) makerNote = { bytes: cmt.CMT3.bytes, le: h3.le, start: h3.ifd, length: Math.max(0, cmt.CMT3.bytes.length - h3.ifd), fileOffset: cmt.CMT3.offset, origin: 'CR3 CMT3 box' };
  group.fields.push(...containerFields);
  return { kind: 'cr3', blocks, images, ...(makerNote ? { makerNote } : {}) };
}

/** The first sample of a track (the CR3 full-size JPEG), from its `tkhd`, `stsz` and `co64`/`stco`. */
function trackJpeg(m: Uint8Array, trak: Box, fileSize: number): EmbeddedImage | null {
  const find = (list: Box[], type: string) => list.find((b) => b.type === type);
  const inTrak = childBoxes(m, trak.start, trak.end);
  const tkhd = find(inTrak, 'tkhd');
  const mdia = find(inTrak, 'mdia');
  const minf = mdia && find(childBoxes(m, mdia.start, mdia.end), 'minf');
  const stbl = minf && find(childBoxes(m, minf.start, minf.end), 'stbl');
  if (!stbl) return null;
  const inStbl = childBoxes(m, stbl.start, stbl.end);
  const stsz = find(inStbl, 'stsz');
  const co64 = find(inStbl, 'co64');
  const stco = find(inStbl, 'stco');
  if (!stsz || stsz.end - stsz.start < 12 || u32be(m, stsz.start + 8) < 1) return null;
  let length = u32be(m, stsz.start + 4);
  if (length === 0 && stsz.end - stsz.start >= 16) length = u32be(m, stsz.start + 12);
  let offset: number | undefined;
  if (co64 && co64.end - co64.start >= 16 && u32be(m, co64.start + 4) >= 1) offset = uintBE(m, co64.start + 8, 8);
  else if (stco && stco.end - stco.start >= 12 && u32be(m, stco.start + 4) >= 1) offset = u32be(m, stco.start + 8);
  if (offset === undefined || !Number.isSafeInteger(offset)) return null;
  const available = Math.max(0, Math.min(length, fileSize - offset));
  const image: EmbeddedImage = { name: 'JpgFromRaw', where: 'CR3 track 1', offset, length: available };
  if (available !== length) image.declared = length;
  if (tkhd) {
    const v1 = m[tkhd.start] === 1;
    const at = tkhd.start + (v1 ? 88 : 76);
    if (at + 8 <= tkhd.end) {
      image.width = u32be(m, at) / 65536;
      image.height = u32be(m, at + 4) / 65536;
    }
  }
  return image;
}
