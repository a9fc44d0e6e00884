/**
 * ISO base media file format (ISO/IEC 14496-12) box headers, shared by the readers of files built
 * of boxes: HEIF/AVIF photos, Canon CR3, MP4/MOV/M4A.
 */

/** A box header: its type, its size in bytes (header included) and the header's length (8, or 16 with a largesize). */
export interface BoxHeader {
  type: string;
  size: number;
  header: number;
}

/**
 * The header of the box whose first bytes (16 or more) are `hdr`, at `offset` among boxes that
 * end at `end` (§4.2: a 32-bit size, or 1 and a 64-bit largesize, or 0 for "to the end"; then the
 * type). Null, after `warn` for a size that cannot be, when a walk must stop there: no largesize
 * in `hdr`, or a size smaller than its header or past 2^53.
 */
export function boxHeader(hdr: Uint8Array, offset: number, end: number, warn: (message: string) => void = () => {}): BoxHeader | null {
  if (hdr.length < 8) return null;
  const dv = new DataView(hdr.buffer, hdr.byteOffset, hdr.byteLength);
  let size = dv.getUint32(0);
  const type = String.fromCharCode(hdr[4], hdr[5], hdr[6], hdr[7]);
  let header = 8;
  if (size === 1) {
    if (hdr.length < 16) return null;
    size = dv.getUint32(8) * 2 ** 32 + dv.getUint32(12);
    header = 16;
  } else if (size === 0) size = end - offset;
  if (size < header || !Number.isSafeInteger(size)) {
    warn(`Box ${JSON.stringify(type)} at offset ${offset} has an invalid size ${size}; later boxes are not read.`);
    return null;
  }
  return { type, size, header };
}
