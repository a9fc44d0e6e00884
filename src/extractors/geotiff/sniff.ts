import type { SniffResult } from '../types';

/** TIFF 6.0 §2 header: `II*\0` / `MM\0*`; BigTIFF: `II+\0` / `MM\0+`. */
export function tiffVersion(head: Uint8Array): { littleEndian: boolean; bigTiff: boolean } | null {
  if (head.length < 8) return null;
  const le = head[0] === 0x49 && head[1] === 0x49;
  const be = head[0] === 0x4d && head[1] === 0x4d;
  if (!le && !be) return null;
  const magic = le ? head[2] | (head[3] << 8) : (head[2] << 8) | head[3];
  if (magic === 42) return { littleEndian: le, bigTiff: false };
  if (magic === 43) return { littleEndian: le, bigTiff: true };
  return null;
}

/** GeoTIFF 1.1 tags that mark a georeferenced IFD: ModelPixelScale, ModelTiepoint, ModelTransformation, GeoKeyDirectory. */
const GEO_TAGS = new Set([33550, 33922, 34264, 34735]);

/**
 * Tag numbers of IFD0 when its entries lie inside `head`; null when IFD0 is beyond the head.
 * Classic TIFF: 2-byte count, 12-byte entries; BigTIFF: 8-byte count, 20-byte entries.
 */
function ifd0Tags(head: Uint8Array): number[] | null {
  const v = tiffVersion(head);
  if (!v) return null;
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const le = v.littleEndian;
  const offset = v.bigTiff ? Number(dv.getBigUint64(8, le)) : dv.getUint32(4, le);
  const countSize = v.bigTiff ? 8 : 2;
  const entrySize = v.bigTiff ? 20 : 12;
  if (offset + countSize > head.length) return null;
  const count = v.bigTiff ? Number(dv.getBigUint64(offset, le)) : dv.getUint16(offset, le);
  if (offset + countSize + count * entrySize > head.length) return null;
  const tags: number[] = [];
  for (let i = 0; i < count; i++) tags.push(dv.getUint16(offset + countSize + i * entrySize, le));
  return tags;
}

/**
 * GeoTIFF: 'yes' for a TIFF whose IFD0 has GeoTIFF tags, and for any BigTIFF (exifr cannot read
 * BigTIFF); 'no' for a TIFF whose IFD0 is in the head without them (a photo); 'maybe' otherwise.
 */
export function sniffGeotiff(head: Uint8Array): SniffResult {
  const v = tiffVersion(head);
  if (!v) return 'no';
  if (v.bigTiff) return 'yes';
  const tags = ifd0Tags(head);
  if (tags === null) return 'maybe';
  return tags.some((t) => GEO_TAGS.has(t)) ? 'yes' : 'no';
}
