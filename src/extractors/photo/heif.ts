/**
 * HEIF / HEIC / AVIF container walk (ISO/IEC 14496-12 boxes; ISO/IEC 23008-12 §9 image items).
 * Reads top-level box headers until the `meta` box, reads that box (bounded), and decodes pitm,
 * iinf/infe, iloc, iref, iprp (ipco + ipma) and idat. The main image size is the `ispe` of the
 * primary item (for a grid, the full canvas, not a tile). The Exif item (ISO/IEC 23008-12 Annex
 * A.2.1: 4-byte TIFF header offset, then the TIFF) and the XMP item (`mime`,
 * application/rdf+xml) are read from their iloc extents wherever they lie in the file: only
 * those bytes are read, never mdat as a whole. exifr's own HEIF parser is not used: it does not
 * read ispe or XMP items, and its contiguous buffer would grow to the Exif item's offset.
 * The top-level C2PA `uuid` box (C2PA 2.2 §A.4.4) is looked for by ../c2pa/locate.ts.
 */
import type { ByteSource, ExtractContext, FieldGroup } from '../types';
import { ExtractError, throwIfAborted } from '../errors';
import { makeField } from '../fields';
import { MAX_BLOCK_BYTES, concatBytes, decodeText, fourcc, indexOfNul, isTiffHeader, readBlock, u16be, u32be, uintBE } from './bytes';
import { emptyBlocks, truncatedAt, type PhotoBlocks } from './model';
import { boxHeader } from '../bmff';
import { findBmffC2pa } from '../c2pa/locate';

/** A box (ISO/IEC 14496-12 §4.2): its type and its payload's range in the array it was found in. */
export interface Box {
  type: string;
  start: number;
  end: number;
}

/** Most extents read for one metadata item (one read each; real Exif/XMP items have one). */
const MAX_ITEM_EXTENTS = 64;
interface Item {
  id: number;
  type: string;
  name: string;
  contentType?: string;
}
interface Location {
  method: number;
  extents: { offset: number; length: number }[];
}

/** Child boxes of `b[start, end)`; a size that runs past `end` ends the list. */
export function childBoxes(b: Uint8Array, start: number, end: number): Box[] {
  const out: Box[] = [];
  let o = start;
  while (o + 8 <= end) {
    let size = u32be(b, o);
    const type = fourcc(b, o + 4);
    let header = 8;
    if (size === 1) {
      if (o + 16 > end) break;
      size = uintBE(b, o + 8, 8);
      header = 16;
    } else if (size === 0) size = end - o;
    if (size < header || o + size > end) break;
    out.push({ type, start: o + header, end: o + size });
    o += size;
  }
  return out;
}

const MAJOR_MIME: Record<string, [string, string]> = {
  heic: ['image/heic', 'HEIC image'],
  heix: ['image/heic', 'HEIC image'],
  heim: ['image/heic', 'HEIC image'],
  heis: ['image/heic', 'HEIC image'],
  hevc: ['image/heic-sequence', 'HEIC image sequence'],
  hevx: ['image/heic-sequence', 'HEIC image sequence'],
  avif: ['image/avif', 'AVIF image'],
  avis: ['image/avif', 'AVIF image sequence'],
  mif1: ['image/heif', 'HEIF image'],
  msf1: ['image/heif-sequence', 'HEIF image sequence'],
};

/** Collects metadata from a HEIF-family file. Throws ExtractError when there is no readable meta box. */
export async function walkHeif(source: ByteSource, ctx: ExtractContext): Promise<PhotoBlocks> {
  const group: FieldGroup = { id: 'heif', label: 'HEIF', fields: [] };
  const blocks = emptyBlocks('heif', 'HEIF image', 'image/heif', group);
  let offset = 0;
  let meta: Uint8Array | null = null;
  let metaOffset = 0;
  const topLevel: string[] = [];
  for (let i = 0; i < ctx.options.maxObjects && offset + 8 <= source.size; i++) {
    throwIfAborted(ctx.signal);
    const hdr = await source.read(offset, 16, ctx.signal);
    const box = boxHeader(hdr, offset, source.size, ctx.warn);
    if (!box) break;
    const { type, size, header } = box;
    topLevel.push(`${type} (${size} bytes at ${offset})`);
    if (type === 'ftyp') {
      const d = await readBlock(source, offset + header, Math.min(size - header, 4096), 'ftyp box', ctx.signal);
      if (d.length >= 8) {
        const major = fourcc(d, 0);
        const brands: string[] = [];
        for (let o = 8; o + 4 <= d.length; o += 4) brands.push(fourcc(d, o));
        const [mime, name] = MAJOR_MIME[major] ?? (brands.includes('avif') ? ['image/avif', 'AVIF image'] : ['image/heif', 'HEIF image']);
        blocks.mime = mime;
        blocks.formatName = name;
        group.fields.push(
          makeField('MajorBrand', major, { label: 'Major brand' }),
          makeField('MinorVersion', u32be(d, 4), { label: 'Minor version' }),
          makeField('CompatibleBrands', brands, { label: 'Compatible brands' }),
        );
      }
    } else if (type === 'meta') {
      if (size - header > MAX_BLOCK_BYTES) throw new ExtractError('too-large', `The HEIF meta box has ${size - header} bytes.`, offset);
      meta = await readBlock(source, offset + header, size - header, 'meta box', ctx.signal);
      metaOffset = offset + header;
      if (meta.length < size - header) {
        truncatedAt(blocks, 'The file ends inside the HEIF meta box: it is truncated.');
      }
      break;
    }
    offset += size;
  }
  group.fields.push(makeField('TopLevelBoxes', topLevel, { label: 'Top-level boxes' }, ctx.options.maxArrayItems));
  if (!meta) throw new ExtractError(offset >= source.size ? 'corrupt' : 'truncated', 'No HEIF meta box (image items) was found.');
  await decodeMeta(source, ctx, meta, metaOffset, blocks, group);
  const c2pa = await findBmffC2pa(source, ctx);
  if (c2pa !== undefined) blocks.c2pa = `C2PA uuid box at offset ${c2pa}`;
  return blocks;
}

async function decodeMeta(source: ByteSource, ctx: ExtractContext, meta: Uint8Array, metaOffset: number, blocks: PhotoBlocks, group: FieldGroup): Promise<void> {
  const boxes = childBoxes(meta, 4, meta.length); // FullBox: skip version/flags
  const find = (type: string, list = boxes) => list.find((b) => b.type === type);
  let primary: number | undefined;
  const pitm = find('pitm');
  if (pitm) primary = meta[pitm.start] === 0 ? u16be(meta, pitm.start + 4) : u32be(meta, pitm.start + 4);

  const items = new Map<number, Item>();
  const iinf = find('iinf');
  if (iinf) {
    const v = meta[iinf.start];
    const first = iinf.start + 4 + (v === 0 ? 2 : 4);
    for (const infe of childBoxes(meta, first, iinf.end)
      .filter((b) => b.type === 'infe')
      .slice(0, ctx.options.maxObjects)) {
      const item = parseInfe(meta, infe);
      if (item) items.set(item.id, item);
    }
  }
  const locations = parseIloc(meta, find('iloc'), ctx.options.maxObjects);
  const props: Box[] = [];
  const assoc = new Map<number, number[]>();
  const iprp = find('iprp');
  if (iprp) {
    const inner = childBoxes(meta, iprp.start, iprp.end);
    const ipco = find('ipco', inner);
    if (ipco) props.push(...childBoxes(meta, ipco.start, ipco.end));
    for (const ipma of inner.filter((b) => b.type === 'ipma')) parseIpma(meta, ipma, assoc, ctx.options.maxObjects);
  }
  const refs: { type: string; from: number; to: number[] }[] = [];
  const iref = find('iref');
  if (iref) {
    const idSize = meta[iref.start] === 0 ? 2 : 4;
    for (const r of childBoxes(meta, iref.start + 4, iref.end)) {
      const from = uintBE(meta, r.start, idSize);
      const n = u16be(meta, r.start + idSize);
      const to: number[] = [];
      for (let k = 0; k < n && r.start + idSize + 2 + (k + 1) * idSize <= r.end; k++) to.push(uintBE(meta, r.start + idSize + 2 + k * idSize, idSize));
      refs.push({ type: r.type, from, to });
    }
  }
  const idat = find('idat');

  // Primary item properties.
  const primaryItem = primary !== undefined ? items.get(primary) : undefined;
  for (const index of (primary !== undefined ? assoc.get(primary) : undefined) ?? []) {
    const p = props[index - 1];
    if (!p) continue;
    if (p.type === 'ispe' && p.end - p.start >= 12 && blocks.width === undefined) {
      blocks.width = u32be(meta, p.start + 4);
      blocks.height = u32be(meta, p.start + 8);
    } else if (p.type === 'irot' && p.end > p.start) {
      group.fields.push(makeField('Rotation', (meta[p.start] & 3) * 90, { label: 'Rotation (anticlockwise)', unit: '°' }));
    } else if (p.type === 'imir' && p.end > p.start) {
      group.fields.push(makeField('Mirror', meta[p.start] & 1 ? 'horizontal axis' : 'vertical axis', { label: 'Mirror' }));
    } else if (p.type === 'colr' && p.end - p.start >= 4) {
      const ct = fourcc(meta, p.start);
      if (ct === 'prof' || ct === 'rICC') blocks.icc = meta.subarray(p.start + 4, p.end);
      else if (ct === 'nclx' && p.end - p.start >= 11) {
        group.fields.push(
          makeField('ColorPrimaries', u16be(meta, p.start + 4), { label: 'Colour primaries (nclx)' }),
          makeField('TransferCharacteristics', u16be(meta, p.start + 6), { label: 'Transfer characteristics (nclx)' }),
          makeField('MatrixCoefficients', u16be(meta, p.start + 8), { label: 'Matrix coefficients (nclx)' }),
          makeField('VideoFullRangeFlag', meta[p.start + 10] >> 7, { label: 'Full range' }),
        );
      }
    } else if (p.type === 'pixi' && p.end - p.start >= 5) {
      const n = meta[p.start + 4];
      group.fields.push(makeField('BitsPerChannel', Array.from(meta.subarray(p.start + 5, Math.min(p.end, p.start + 5 + n))), { label: 'Bits per channel' }));
    }
  }
  group.fields.unshift(
    ...(blocks.width !== undefined
      ? [makeField('ImageWidth', blocks.width, { label: 'Image width', unit: 'px' }), makeField('ImageHeight', blocks.height, { label: 'Image height', unit: 'px' })]
      : []),
    makeField('PrimaryItemID', primary ?? null, { label: 'Primary item', comment: primaryItem ? `type ${primaryItem.type}` : undefined }),
  );
  if (blocks.width === undefined) ctx.warn('The primary HEIF item has no ispe (image size) property.');
  const byType: Record<string, number> = {};
  for (const it of items.values()) byType[it.type] = (byType[it.type] ?? 0) + 1;
  group.fields.push(makeField('ItemCount', items.size, { label: 'Items' }), makeField('ItemTypes', byType, { label: 'Items by type' }));

  // Exif and XMP items; prefer those that describe (cdsc) the primary item.
  const describesPrimary = (id: number) => refs.some((r) => r.type === 'cdsc' && r.from === id && r.to.includes(primary ?? -1));
  const pick = (pred: (it: Item) => boolean) => {
    const all = [...items.values()].filter(pred);
    return all.find((it) => describesPrimary(it.id)) ?? all[0];
  };
  const exifItem = pick((it) => it.type === 'Exif');
  const xmpItem = pick((it) => it.type === 'mime' && (it.contentType ?? '').includes('rdf+xml'));
  const readItem = async (it: Item): Promise<Uint8Array | null> => {
    const loc = locations.get(it.id);
    if (!loc || loc.extents.length === 0) return null;
    const total = loc.extents.reduce((n, e) => n + e.length, 0);
    if (total > MAX_BLOCK_BYTES || loc.extents.length > MAX_ITEM_EXTENTS || loc.extents.some((e) => e.length === 0)) {
      ctx.warn(`HEIF item ${it.id} (${it.type}) is too large, in too many pieces or open-ended; it is not read.`);
      return null;
    }
    const parts: Uint8Array[] = [];
    for (const e of loc.extents) {
      if (loc.method === 1) {
        if (!idat || idat.start + e.offset + e.length > idat.end) return null;
        parts.push(meta.subarray(idat.start + e.offset, idat.start + e.offset + e.length));
      } else if (loc.method === 0) {
        const d = await readBlock(source, e.offset, e.length, `HEIF item ${it.id}`, ctx.signal);
        if (d.length < e.length) {
          truncatedAt(blocks, `The file ends inside HEIF item ${it.id} (${it.type}) at offset ${e.offset}: it is truncated.`, e.offset);
          return null;
        }
        parts.push(d);
      } else return null;
    }
    return concatBytes(parts);
  };
  if (exifItem) {
    const d = await readItem(exifItem);
    if (d && d.length > 4) {
      let start = 4 + u32be(d, 0);
      const isTiff = (o: number) => isTiffHeader(d, o);
      if (!isTiff(start)) start = [...Array(Math.min(64, d.length)).keys()].find(isTiff) ?? -1;
      if (start >= 0) blocks.tiff.push({ bytes: d.subarray(start), origin: `HEIF Exif item ${exifItem.id}` });
      else ctx.warn(`HEIF Exif item ${exifItem.id} holds no TIFF header.`);
    }
  }
  if (xmpItem) {
    const d = await readItem(xmpItem);
    if (d) blocks.xmp.push(decodeText(d));
  }
  group.fields.push(makeField('MetaBoxOffset', metaOffset - 8, { label: 'meta box offset' }));
}

function parseInfe(b: Uint8Array, box: Box): Item | null {
  const v = b[box.start];
  let o = box.start + 4;
  if (v < 2) {
    const id = u16be(b, o);
    o += 4;
    const nameEnd = indexOfNul(b.subarray(0, box.end), o);
    const name = nameEnd > 0 ? decodeText(b.subarray(o, nameEnd)) : '';
    const ctEnd = nameEnd > 0 ? indexOfNul(b.subarray(0, box.end), nameEnd + 1) : -1;
    return { id, type: 'mime', name, contentType: ctEnd > 0 ? decodeText(b.subarray(nameEnd + 1, ctEnd)) : undefined };
  }
  const idSize = v === 2 ? 2 : 4;
  if (o + idSize + 6 > box.end) return null;
  const id = uintBE(b, o, idSize);
  o += idSize + 2;
  const type = fourcc(b, o);
  o += 4;
  const view = b.subarray(0, box.end);
  const nameEnd = indexOfNul(view, o);
  const name = nameEnd >= 0 ? decodeText(b.subarray(o, nameEnd)) : '';
  let contentType: string | undefined;
  if (type === 'mime' && nameEnd >= 0) {
    const ctEnd = indexOfNul(view, nameEnd + 1);
    contentType = decodeText(b.subarray(nameEnd + 1, ctEnd >= 0 ? ctEnd : box.end));
  }
  return { id, type, name, contentType };
}

/** Item locations (ISO/IEC 14496-12 §8.11.3), at most `maxItems` of them. */
function parseIloc(b: Uint8Array, box: Box | undefined, maxItems: number): Map<number, Location> {
  const out = new Map<number, Location>();
  if (!box) return out;
  const v = b[box.start];
  let o = box.start + 4;
  const offsetSize = b[o] >> 4;
  const lengthSize = b[o] & 15;
  const baseSize = b[o + 1] >> 4;
  const indexSize = v === 1 || v === 2 ? b[o + 1] & 15 : 0;
  o += 2;
  const count = Math.min(v < 2 ? u16be(b, o) : u32be(b, o), maxItems);
  o += v < 2 ? 2 : 4;
  for (let i = 0; i < count && o < box.end; i++) {
    const id = v < 2 ? u16be(b, o) : u32be(b, o);
    o += v < 2 ? 2 : 4;
    let method = 0;
    if (v === 1 || v === 2) {
      method = u16be(b, o) & 15;
      o += 2;
    }
    o += 2; // data_reference_index
    const base = uintBE(b, o, baseSize);
    o += baseSize;
    const n = u16be(b, o);
    o += 2;
    const extents: { offset: number; length: number }[] = [];
    // ISO/IEC 14496-12 §8.11.3: index, offset and length sizes may all be 0, and then an extent
    // takes no bytes: extent_count (up to 65535 per item) must not be trusted beyond the first.
    const extentBytes = indexSize + offsetSize + lengthSize;
    for (let k = 0; k < (extentBytes === 0 ? Math.min(n, 1) : n); k++) {
      if (o + extentBytes > box.end) break;
      o += indexSize;
      const off = uintBE(b, o, offsetSize);
      o += offsetSize;
      const len = uintBE(b, o, lengthSize);
      o += lengthSize;
      extents.push({ offset: base + off, length: len });
    }
    out.set(id, { method, extents });
  }
  return out;
}

/** Item property associations (ISO/IEC 23008-12 §9.3.3), at most `maxItems` entries. */
function parseIpma(b: Uint8Array, box: Box, out: Map<number, number[]>, maxItems: number): void {
  const v = b[box.start];
  const flags = b[box.start + 3];
  let o = box.start + 4;
  const count = Math.min(u32be(b, o), maxItems);
  o += 4;
  for (let i = 0; i < count && o < box.end; i++) {
    const id = v < 1 ? u16be(b, o) : u32be(b, o);
    o += v < 1 ? 2 : 4;
    const n = b[o++];
    const list = out.get(id) ?? [];
    for (let k = 0; k < n && o < box.end; k++) {
      if (flags & 1) {
        list.push(u16be(b, o) & 0x7fff);
        o += 2;
      } else {
        list.push(b[o] & 0x7f);
        o += 1;
      }
    }
    out.set(id, list);
  }
}
