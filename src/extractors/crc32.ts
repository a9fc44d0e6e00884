/**
 * CRC-32 (ISO 3309 / ITU-T V.42: polynomial 0xEDB88320 reflected, initial value and final XOR
 * 0xFFFFFFFF), as PNG chunks (PNG 3rd edition §5.5) and ZIP entries (APPNOTE §4.4.7) carry it.
 */
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The CRC-32 of `bytes`, an unsigned 32-bit integer. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of bytes) c = TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
