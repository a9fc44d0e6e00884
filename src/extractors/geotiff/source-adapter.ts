/**
 * A geotiff.js source (`{ fetch(slices, signal) → ArrayBuffer[] }`, geotiff src/source/basesource.js)
 * over our ByteSource, so geotiff reads exactly the ranges it asks for through `source.read` in the
 * worker (BlobSource) and in Node (FileHandleSource). No block cache or readahead of geotiff's is
 * involved (`GeoTIFF.fromSource` uses the source as given); a small cache of recent ranges here
 * serves repeated reads of the same IFD bytes by geotiff and by our own IFD scan.
 */
import type { ByteSource } from '../types';
import { ExtractError } from '../errors';

export interface Slice {
  offset: number;
  length: number;
}

/** Cached ranges kept (most recent first) and their total size cap. */
const CACHE_ENTRIES = 16;
const CACHE_BYTES = 4 * 1024 * 1024;

export class GeotiffSource {
  private cache: { offset: number; bytes: Uint8Array }[] = [];

  /**
   * @param maxSliceBytes largest single read allowed; larger requests throw ExtractError('too-large')
   *   (lengths come from the file and are untrusted).
   */
  constructor(
    private readonly source: ByteSource,
    private readonly maxSliceBytes: number,
    private readonly signal?: AbortSignal,
  ) {}

  get fileSize(): number {
    return this.source.size;
  }

  /** geotiff's source interface: one ArrayBuffer per slice (shorter at EOF). */
  async fetch(slices: Slice[], signal?: AbortSignal): Promise<ArrayBuffer[]> {
    return Promise.all(
      slices.map(async (s) => {
        const bytes = await this.bytes(s.offset, s.length, signal);
        // geotiff wraps the whole ArrayBuffer in a DataView: hand over an exact copy.
        return bytes.slice().buffer as ArrayBuffer;
      }),
    );
  }

  /** Reads `length` bytes at `offset` (fewer at EOF), from the cache when possible. */
  async bytes(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new ExtractError('corrupt', `Invalid TIFF offset or length (${offset}, ${length}).`);
    }
    const want = Math.max(0, Math.min(length, this.source.size - offset));
    if (want > this.maxSliceBytes) {
      throw new ExtractError('too-large', `A TIFF structure asks for ${want} bytes at offset ${offset}; the limit is ${this.maxSliceBytes}.`, offset);
    }
    for (const c of this.cache) {
      if (offset >= c.offset && offset + want <= c.offset + c.bytes.length) return c.bytes.subarray(offset - c.offset, offset - c.offset + want);
    }
    const bytes = await this.source.read(offset, want, signal ?? this.signal);
    this.cache.unshift({ offset, bytes });
    let total = 0;
    this.cache = this.cache.filter((c, i) => (total += c.bytes.length) <= CACHE_BYTES && i < CACHE_ENTRIES);
    return bytes;
  }

  async close(): Promise<void> {
    this.cache = [];
  }
}
