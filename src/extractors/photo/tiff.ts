/**
 * TIFF photo files (TIFF 6.0 §2 IFD structure, EXIF 2.32 §4.6 sub-IFDs). IFD offsets in a TIFF
 * file may point anywhere, so we walk IFD0, the Exif, GPS and Interoperability IFDs and IFD1
 * ourselves, read each IFD table and each out-of-line value through the ByteSource (ranges merged,
 * image data never read), and place them at their file offsets in a buffer that exifr then
 * decodes like any TIFF. The buffer is as long as the highest metadata byte, bounded by
 * `maxMetadataBytes` and the file size; values beyond that are left out, and guardTiffCounts
 * (tiff-guard.ts, run by exif.ts) clears those entries' counts with one warning each. XMP (tag
 * 700), IPTC (33723), Photoshop resources (34377) and ICC (34675) are handed on as blocks.
 */
import type { ByteSource, ExtractContext, FieldGroup } from '../types';
import { ExtractError, throwIfAborted } from '../errors';
import { makeField } from '../fields';
import { decodeText } from './bytes';
import { emptyBlocks, type PhotoBlocks } from './model';
import { iptcFromPhotoshop } from './iptc';

/** Byte size of each TIFF field type 1–13 (TIFF 6.0 §2, type 13 = IFD), as exifr knows them. */
export const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];
/** Tags whose LONG value is the offset of another IFD (EXIF 2.32 §4.6.3). */
export const TAG_EXIF = 0x8769;
export const TAG_GPS = 0x8825;
export const TAG_INTEROP = 0xa005;
const TAG_XMP = 700;
const TAG_IPTC = 33723;
const TAG_PHOTOSHOP = 34377;
const TAG_ICC = 34675;
/** Largest IFD entry count accepted (real photo IFDs have a few dozen entries). */
const MAX_ENTRIES = 4096;

interface Range {
  offset: number;
  length: number;
}

/**
 * The IFD offset an Exif/GPS/Interoperability pointer entry (12 bytes at `entry` in `view`) holds:
 * EXIF 2.32 §4.6.3 writes one LONG; one SHORT, SLONG (≥ 0) or IFD (type 13) is read too, as exifr
 * and ExifTool read them. -1 for other types and counts.
 */
export function pointerOffset(view: DataView, entry: number, le: boolean): number {
  const type = view.getUint16(entry + 2, le);
  if (view.getUint32(entry + 4, le) !== 1) return -1;
  if (type === 3) return view.getUint16(entry + 8, le);
  if (type === 4 || type === 13) return view.getUint32(entry + 8, le);
  return type === 9 ? Math.max(-1, view.getInt32(entry + 8, le)) : -1;
}

/** Walks a classic TIFF's metadata IFDs. Throws ExtractError('corrupt'/'truncated') when the header or IFD0 is unusable. */
export async function walkTiff(source: ByteSource, ctx: ExtractContext): Promise<PhotoBlocks> {
  const group: FieldGroup = { id: 'tiff', label: 'TIFF', fields: [] };
  const blocks = emptyBlocks('tiff', 'TIFF image', 'image/tiff', group);
  const head = await source.read(0, 8, ctx.signal);
  if (head.length < 8) throw new ExtractError('truncated', 'File ends inside the TIFF header.', 0);
  const le = head[0] === 0x49;
  const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  const h = dv(head);
  if (h.getUint16(2, le) !== 42) throw new ExtractError('unsupported-format', 'Not a classic TIFF (BigTIFF and others are read as GeoTIFF).', 2);
  group.fields.push(makeField('ExifByteOrder', le ? 'Little-endian (Intel, II)' : 'Big-endian (Motorola, MM)', { label: 'Byte order', raw: le ? 'II' : 'MM' }));

  const cap = Math.min(ctx.options.maxMetadataBytes, source.size);
  const ranges: Range[] = [{ offset: 0, length: 8 }];
  const embedded: { tag: number; range: Range }[] = [];
  const queue: { offset: number; kind: string }[] = [{ offset: h.getUint32(4, le), kind: 'IFD0' }];
  const seen = new Set<number>();
  while (queue.length) {
    throwIfAborted(ctx.signal);
    const { offset, kind } = queue.shift()!;
    if (seen.has(offset) || offset < 8 || offset + 2 > source.size) {
      if (kind === 'IFD0') throw new ExtractError('corrupt', `IFD0 offset ${offset} is outside the file.`, offset);
      continue; // guardTiffCounts (tiff-guard.ts) warns of it, as of such IFDs in other containers
    }
    seen.add(offset);
    const countBytes = await source.read(offset, 2, ctx.signal);
    const count = dv(countBytes).getUint16(0, le);
    if (count > MAX_ENTRIES) {
      if (kind === 'IFD0') throw new ExtractError('corrupt', `IFD0 declares ${count} entries.`, offset);
      ctx.warn(`${kind} declares ${count} entries; it is not read.`);
      continue;
    }
    const tableLength = 2 + 12 * count + 4;
    if (offset + tableLength > cap) {
      if (kind === 'IFD0')
        throw new ExtractError(
          offset + tableLength > source.size ? 'truncated' : 'too-large',
          `IFD0 at offset ${offset} ends beyond ${offset + tableLength > source.size ? 'the end of the file' : 'the metadata read limit'}.`,
          offset,
        );
      ctx.warn(`${kind} at offset ${offset} is beyond the metadata read limit; it is not read.`);
      continue;
    }
    const table = await source.read(offset, tableLength, ctx.signal);
    ranges.push({ offset, length: tableLength });
    const t = dv(table);
    for (let i = 0; i < count; i++) {
      const e = 2 + 12 * i;
      const tag = t.getUint16(e, le);
      const type = t.getUint16(e + 2, le);
      const n = t.getUint32(e + 4, le);
      const size = (TYPE_SIZE[type] ?? 0) * n;
      const inline = size <= 4;
      const valueOffset = inline ? offset + e + 8 : t.getUint32(e + 8, le);
      if (!inline && valueOffset + size <= cap) ranges.push({ offset: valueOffset, length: size });
      if (kind === 'IFD0' && (tag === 256 || tag === 257) && n === 1 && (type === 3 || type === 4)) {
        const v = type === 3 ? t.getUint16(e + 8, le) : t.getUint32(e + 8, le);
        if (tag === 256) blocks.width = v;
        else blocks.height = v;
      }
      if (kind === 'IFD0' && [TAG_XMP, TAG_IPTC, TAG_PHOTOSHOP, TAG_ICC].includes(tag) && size > 0 && valueOffset + size <= cap) {
        embedded.push({ tag, range: { offset: valueOffset, length: size } });
      }
      const pointer = tag === TAG_EXIF || tag === TAG_GPS || tag === TAG_INTEROP ? pointerOffset(t, e, le) : -1;
      if (pointer > 0) {
        if (tag === TAG_EXIF && kind === 'IFD0') queue.push({ offset: pointer, kind: 'Exif IFD' });
        if (tag === TAG_GPS && kind === 'IFD0') queue.push({ offset: pointer, kind: 'GPS IFD' });
        if (tag === TAG_INTEROP) queue.push({ offset: pointer, kind: 'Interoperability IFD' });
      }
    }
    if (kind === 'IFD0') {
      const next = t.getUint32(2 + 12 * count, le);
      if (next > 0) queue.push({ offset: next, kind: 'IFD1' });
    }
  }

  // Read merged ranges into one buffer addressed by file offset.
  const end = ranges.reduce((m, r) => Math.max(m, r.offset + r.length), 0);
  const buffer = new Uint8Array(end);
  for (const r of mergeRanges(ranges, 4096)) {
    const bytes = await source.read(r.offset, r.length, ctx.signal);
    buffer.set(bytes, r.offset);
  }
  blocks.tiff.push({ bytes: buffer, origin: 'TIFF file' });
  for (const { tag, range } of embedded) {
    const bytes = buffer.subarray(range.offset, range.offset + range.length);
    if (tag === TAG_XMP) blocks.xmp.push(decodeText(bytes));
    else if (tag === TAG_IPTC && !blocks.iptc) blocks.iptc = bytes;
    else if (tag === TAG_PHOTOSHOP && !blocks.iptc) blocks.iptc = iptcFromPhotoshop(bytes) ?? undefined;
    else if (tag === TAG_ICC) blocks.icc = bytes;
  }
  if (blocks.width !== undefined) group.fields.push(makeField('ImageWidth', blocks.width, { label: 'Image width', unit: 'px' }));
  if (blocks.height !== undefined) group.fields.push(makeField('ImageHeight', blocks.height, { label: 'Image height', unit: 'px' }));
  group.fields.push(makeField('MetadataBytesRead', buffer.length, { label: 'Metadata span', unit: 'bytes', comment: 'offset of the last metadata byte read' }));
  return blocks;
}

/** Sorts ranges and merges those closer than `gap` bytes. */
export function mergeRanges(ranges: Range[], gap: number): Range[] {
  const sorted = [...ranges].sort((a, b) => a.offset - b.offset);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.offset <= last.offset + last.length + gap) {
      last.length = Math.max(last.length, r.offset + r.length - last.offset);
    } else out.push({ ...r });
  }
  return out;
}
