/**
 * Bounds a TIFF/EXIF structure's declared value counts before exifr decodes it. exifr 7.1
 * (segment-parsers/tiff-exif.mjs `parseTag`) allocates `new Uint16Array(count)` (and the like)
 * from an entry's 32-bit count before reading a value, as long as the value's offset lies inside
 * its buffer: a 200-byte JPEG with count 0x7FFFFFFF allocated 4 GiB, then the out-of-bounds read
 * threw and the whole IFD was lost. Entries whose value (count × type size, TIFF 6.0 §2) does not
 * fit in the buffer get count 0 here, so exifr decodes the rest of their IFD, and one note each.
 * The note is the only warning for such an entry, also in TIFF files (tiff.ts leaves values past
 * the file end or the metadata read limit out of its buffer). An Exif, GPS, Interoperability IFD
 * or IFD1 whose offset lies outside the buffer (exifr skips it silently; ExifTool warns "Bad
 * ExifOffset SubDirectory start" and reads the rest) gets a note too, the only one in TIFF files.
 */

import { TAG_EXIF, TAG_GPS, TAG_INTEROP, TYPE_SIZE, pointerOffset } from './tiff';

/** Tags whose value is the offset of another IFD: Exif, GPS, Interoperability. */
const POINTER_TAGS = new Set([TAG_EXIF, TAG_GPS, TAG_INTEROP]);
/** IFDs visited at most (exifr reads IFD0, Exif, GPS, Interop and IFD1). */
const MAX_IFDS = 16;

/** A guarded TIFF structure and one note per entry whose count was cleared. */
export interface GuardedTiff {
  /** `bytes` itself when nothing had to change, else a patched copy. */
  bytes: Uint8Array;
  notes: string[];
}

/**
 * Walks the IFDs exifr reads (IFD0, its next IFD, and the IFDs the Exif/GPS/Interop pointers of
 * any of them name; each offset once) and clears the count of every entry whose value runs past
 * the end of `bytes`. Never throws; structures it cannot follow are left for exifr to report.
 */
export function guardTiffCounts(bytes: Uint8Array): GuardedTiff {
  const notes: string[] = [];
  if (bytes.length < 8) return { bytes, notes };
  const le = bytes[0] === 0x49 && bytes[1] === 0x49;
  if (!le && !(bytes[0] === 0x4d && bytes[1] === 0x4d)) return { bytes, notes };
  let out = bytes;
  let view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const queue: [number, string][] = [[view.getUint32(4, le), 'IFD0']];
  const seen = new Set<number>();
  while (queue.length && seen.size < MAX_IFDS) {
    const [offset, name] = queue.shift()!;
    if (seen.has(offset)) continue;
    if (offset < 8 || offset + 2 > out.length) {
      if (name !== 'IFD0') notes.push(`the ${name} offset ${offset} lies outside the ${out.length} bytes of TIFF data read (EXIF 2.32 §4.6.3): that IFD is not read.`);
      continue;
    }
    seen.add(offset);
    const count = view.getUint16(offset, le);
    const tableEnd = offset + 2 + 12 * count;
    if (tableEnd > out.length) continue;
    for (let i = 0; i < count; i++) {
      const at = offset + 2 + 12 * i;
      const tag = view.getUint16(at, le);
      const type = view.getUint16(at + 2, le);
      const n = view.getUint32(at + 4, le);
      const size = (TYPE_SIZE[type] ?? 0) * n;
      if (size <= 4) {
        const pointer = POINTER_TAGS.has(tag) ? pointerOffset(view, at, le) : -1;
        if (pointer >= 0) queue.push([pointer, tag === TAG_EXIF ? 'Exif IFD' : tag === TAG_GPS ? 'GPS IFD' : 'Interoperability IFD']);
        continue;
      }
      const valueOffset = view.getUint32(at + 8, le);
      if (valueOffset + size <= out.length) continue;
      if (out === bytes) {
        out = bytes.slice();
        view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      }
      view.setUint32(at + 4, 0, le);
      notes.push(
        `${name} tag 0x${tag.toString(16).padStart(4, '0')} declares ${n} values (${size} bytes at offset ${valueOffset}) past the end of the ${out.length} bytes of TIFF data read: not decoded.`,
      );
    }
    if (name === 'IFD0' && tableEnd + 4 <= out.length) {
      const next = view.getUint32(tableEnd, le);
      if (next) queue.push([next, 'IFD1']);
    }
  }
  return { bytes: out, notes };
}
