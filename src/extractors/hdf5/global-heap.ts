/**
 * A guard for HDF5 global heap collections (HDF5 File Format Specification §III.E "Global Heap":
 * "GCOL", version, 3 reserved bytes, collection size; then objects of index (2 bytes), reference
 * count (2), reserved (4), size, data padded to 8 bytes; index 0 is the free space, whose size
 * includes its header and is not padded).
 *
 * HDF5 2.0 decodes a collection (H5HGcache.c, H5HG__cache_heap_deserialize) by stepping from
 * object to object with `p = begin + need`. It refuses a `need` running past the image it was
 * given (H5_IS_BUFFER_OVERFLOW) but not a `need` of 0 — a free-space object of size 0, or a size
 * that wraps h5wasm's 32-bit pointers back to `begin` — which leaves `p` in place, and the decoder
 * loops forever inside one synchronous WASM call. Found by the fuzzer (scripts/fuzz/regressions.json):
 * vlen attributes such as NetCDF-4's DIMENSION_LIST and vlen strings live in these collections.
 *
 * HDF5 reads a collection in one or two pieces (H5Centry.c, H5C__load_entry): first
 * H5HG_MINSIZE = 4096 bytes from its address (H5HG__cache_heap_get_initial_load_size; less when the
 * end of allocation comes first), then, when the header declares a larger collection
 * (H5HG__cache_heap_get_final_load_size), only the rest, [address + first length, address + size),
 * and decodes the two joined. Global heap reads bypass the metadata accumulator (H5Fio.c,
 * H5F_block_read: "Treat global heap as raw data"), so each piece is one read of the file.
 */

const SIGNATURE = [0x47, 0x43, 0x4f, 0x4c]; // "GCOL"

/** Little-endian unsigned integer of `width` bytes at `at`, exact up to 2^53 (larger values only compare as huge). */
function readLength(bytes: Uint8Array, at: number, width: number): number {
  let v = 0;
  for (let i = width - 1; i >= 0; i--) v = v * 256 + bytes[at + i];
  return v;
}

/** The collection size a read starting with a global heap collection header declares, else null. */
function declaredSize(bytes: Uint8Array, sizeOfLengths: number): number | null {
  if (bytes.length < 8 + sizeOfLengths || SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  return readLength(bytes, 8, sizeOfLengths);
}

/**
 * When `bytes` (one read, starting at its first byte) is a complete global heap collection whose
 * object walk would not end inside it — an object of size 0 or one running past the collection's
 * end — returns the problem; otherwise null (not a collection, not read whole yet, or sound).
 * `sizeOfLengths` is the superblock's "Size of Lengths" (2, 4 or 8).
 */
export function globalHeapProblem(bytes: Uint8Array, sizeOfLengths: number): string | null {
  const size = declaredSize(bytes, sizeOfLengths);
  // HDF5 decodes the objects only once it has read the whole collection.
  if (size === null || size > bytes.length) return null;
  const objectHeaderSize = 8 + sizeOfLengths;
  for (let p = 8 + sizeOfLengths; p + objectHeaderSize <= size;) {
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

/**
 * Follows HDF5's reads of one file and checks each global heap collection as HDF5 will decode it:
 * a collection read whole at once, or one larger than its first read joined with the read of its
 * rest, which HDF5 issues next (see the module comment). Holds at most the first read of one
 * collection (≤ 4096 bytes) between two calls.
 */
export class GlobalHeapGuard {
  /** A collection's first read, waiting for the read of [next, end). */
  private pending: { head: Uint8Array; next: number; end: number } | undefined;

  /** `sizeOfLengths` is the superblock's "Size of Lengths" (2, 4 or 8). */
  constructor(private readonly sizeOfLengths: number) {}

  /**
   * Takes HDF5's next read of the file, `bytes` from file offset `start`, as the reader will return
   * it (zeros included for a part past the end). Returns the problem of the collection this read
   * completes (see {@link globalHeapProblem}), or null: the read is then safe to hand to HDF5.
   */
  check(start: number, bytes: Uint8Array): string | null {
    const pending = this.pending;
    this.pending = undefined;
    if (pending && start === pending.next && start + bytes.length === pending.end) {
      const whole = new Uint8Array(pending.head.length + bytes.length);
      whole.set(pending.head);
      whole.set(bytes, pending.head.length);
      return globalHeapProblem(whole, this.sizeOfLengths);
    }
    const size = declaredSize(bytes, this.sizeOfLengths);
    if (size !== null && size > bytes.length) this.pending = { head: bytes, next: start + bytes.length, end: start + size };
    return globalHeapProblem(bytes, this.sizeOfLengths);
  }
}
