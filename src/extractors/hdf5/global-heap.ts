/**
 * A guard for HDF5 global heap collections (HDF5 File Format Specification §III.E "Global Heap":
 * "GCOL", version, 3 reserved bytes, collection size; then objects of index (2 bytes), reference
 * count (2), reserved (4), size, data padded to 8 bytes; index 0 is the free space, whose size
 * includes its header and is not padded).
 *
 * HDF5 1.14 decodes a collection (H5HGcache.c, H5HG__cache_heap_deserialize) by stepping from
 * object to object with `p = begin + need`, and never checks `need`: a free-space object of size 0
 * (or a size that wraps h5wasm's 32-bit size_t to 0) leaves `p` in place and the decoder loops
 * forever inside one synchronous WASM call. Found by the fuzzer (scripts/fuzz/regressions.json):
 * vlen attributes such as NetCDF-4's DIMENSION_LIST live in these collections.
 */

const SIGNATURE = [0x47, 0x43, 0x4f, 0x4c]; // "GCOL"

/** Little-endian unsigned integer of `width` bytes at `at`, exact up to 2^53 (larger values only compare as huge). */
function readLength(bytes: Uint8Array, at: number, width: number): number {
  let v = 0;
  for (let i = width - 1; i >= 0; i--) v = v * 256 + bytes[at + i];
  return v;
}

/**
 * When `bytes` (one read, starting at its first byte) is a complete global heap collection whose
 * object walk would not end inside it — an object of size 0 or one running past the collection's
 * end — returns the problem; otherwise null (not a collection, not read whole yet, or sound).
 * `sizeOfLengths` is the superblock's "Size of Lengths" (2, 4 or 8).
 */
export function globalHeapProblem(bytes: Uint8Array, sizeOfLengths: number): string | null {
  const headerSize = 8 + sizeOfLengths;
  if (bytes.length < headerSize || SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  const size = readLength(bytes, 8, sizeOfLengths);
  // HDF5 decodes the objects only once it has read the whole collection.
  if (size > bytes.length) return null;
  const objectHeaderSize = 8 + sizeOfLengths;
  for (let p = headerSize; p + objectHeaderSize <= size; ) {
    const index = bytes[p] | (bytes[p + 1] << 8);
    const objectSize = readLength(bytes, p + 8, sizeOfLengths);
    const need = index > 0 ? objectHeaderSize + Math.ceil(objectSize / 8) * 8 : objectSize;
    if (need === 0 || need > size - p) {
      return `global heap collection: object ${index} at +${p} declares ${objectSize} bytes, ${need === 0 ? 'no room at all' : `past the collection's ${size} bytes`}`;
    }
    p += need;
  }
  return null;
}
