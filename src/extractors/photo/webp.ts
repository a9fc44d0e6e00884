/**
 * WebP container walk (RFC 9649 "WebP Image Format": RIFF chunks VP8X, VP8, VP8L, ANIM/ANMF,
 * ICCP, EXIF, XMP). exifr has no WebP parser, so we read the chunk headers (8 bytes each; image
 * chunks are skipped) and the small metadata chunks, and hand EXIF/XMP/ICC on as blocks.
 * Canvas size: VP8X when present, else the VP8 key-frame header or the VP8L header. A `C2PA` chunk
 * (C2PA 2.2 §A.4.5) is noted for ../c2pa/.
 */
import type { ByteSource, ExtractContext, Field, FieldGroup } from '../types';
import { throwIfAborted } from '../errors';
import { makeField } from '../fields';
import { MAX_BLOCK_BYTES, decodeText, exifTiffStart, fourcc, readBlock, u16le, u24le, u32le } from './bytes';
import { emptyBlocks, truncatedAt, type PhotoBlocks } from './model';
import { RIFF_C2PA_CHUNK } from '../c2pa/locate';

/** Collects metadata from a WebP file. */
export async function walkWebp(source: ByteSource, ctx: ExtractContext): Promise<PhotoBlocks> {
  const group: FieldGroup = { id: 'riff', label: 'WebP (RIFF)', fields: [] };
  const blocks = emptyBlocks('webp', 'WebP image', 'image/webp', group);
  const chunks: Field[] = [];
  const counts = new Map<string, { n: number; bytes: number; first: number }>();
  const head = await source.read(0, 12, ctx.signal);
  const riffEnd = Math.min(source.size, 8 + u32le(head, 4));
  if (8 + u32le(head, 4) > source.size) truncatedAt(blocks, `The RIFF header declares ${8 + u32le(head, 4)} bytes but the file has ${source.size}: it is truncated.`);
  let offset = 12;
  let frames = 0;
  for (let i = 0; i < ctx.options.maxObjects && offset + 8 <= riffEnd; i++) {
    throwIfAborted(ctx.signal);
    const hdr = await source.read(offset, 8, ctx.signal);
    if (hdr.length < 8) break;
    const type = fourcc(hdr, 0);
    const size = u32le(hdr, 4);
    const dataOffset = offset + 8;
    const c = counts.get(type) ?? { n: 0, bytes: 0, first: offset };
    c.n++;
    c.bytes += size;
    counts.set(type, c);
    if (dataOffset + size > source.size) {
      truncatedAt(blocks, `WebP ends inside the ${type} chunk at offset ${offset}: the file is truncated.`, offset);
      break;
    }
    const small = size <= MAX_BLOCK_BYTES;
    if (type === 'VP8X' && size >= 10) {
      const d = await source.read(dataOffset, 10, ctx.signal);
      blocks.width = u24le(d, 4) + 1;
      blocks.height = u24le(d, 7) + 1;
      const f = d[0];
      const flags = [f & 0x20 && 'ICC profile', f & 0x10 && 'alpha', f & 0x08 && 'EXIF', f & 0x04 && 'XMP', f & 0x02 && 'animation'].filter(Boolean);
      group.fields.push(makeField('VP8XFlags', flags.join(', ') || 'none', { label: 'Features', raw: f }));
    } else if (type === 'VP8 ' && size >= 10 && blocks.width === undefined) {
      const d = await source.read(dataOffset, 10, ctx.signal);
      if (d[3] === 0x9d && d[4] === 0x01 && d[5] === 0x2a) {
        blocks.width = u16le(d, 6) & 0x3fff;
        blocks.height = u16le(d, 8) & 0x3fff;
      }
    } else if (type === 'VP8L' && size >= 5 && blocks.width === undefined) {
      const d = await source.read(dataOffset, 5, ctx.signal);
      if (d[0] === 0x2f) {
        const bits = u32le(d, 1);
        blocks.width = (bits & 0x3fff) + 1;
        blocks.height = ((bits >>> 14) & 0x3fff) + 1;
      }
    } else if (type === 'ANMF') {
      frames++;
    } else if (type === RIFF_C2PA_CHUNK) {
      blocks.c2pa ??= `WebP C2PA chunk at offset ${offset}`;
    } else if ((type === 'EXIF' || type === 'XMP ' || type === 'ICCP') && small) {
      const d = await readBlock(source, dataOffset, size, `WebP ${type} chunk`, ctx.signal);
      if (type === 'EXIF') {
        // Some writers keep the JPEG "Exif\0\0" prefix.
        const tiff = d.subarray(Math.max(0, exifTiffStart(d)));
        blocks.tiff.push({ bytes: tiff, origin: `WebP EXIF chunk at offset ${offset}` });
      } else if (type === 'XMP ') blocks.xmp.push(decodeText(d));
      else blocks.icc = d;
    }
    if (type === 'VP8 ' || type === 'VP8L') {
      group.fields.push(makeField('Encoding', type === 'VP8L' ? 'lossless (VP8L)' : 'lossy (VP8)', { label: 'Encoding' }));
    }
    offset = dataOffset + size + (size & 1);
  }
  if (blocks.width !== undefined) {
    group.fields.unshift(makeField('ImageWidth', blocks.width, { label: 'Image width', unit: 'px' }), makeField('ImageHeight', blocks.height, { label: 'Image height', unit: 'px' }));
  }
  for (const [type, c] of counts) {
    chunks.push(makeField(type.trim() || type, c.n === 1 ? `${c.bytes} bytes at offset ${c.first}` : `${c.n} chunks, ${c.bytes} bytes, first at offset ${c.first}`));
  }
  if (frames) group.fields.push(makeField('AnimationFrames', frames, { label: 'Animation frames' }));
  group.children = [{ id: 'riff-chunks', label: 'Chunks', fields: chunks }];
  return blocks;
}
