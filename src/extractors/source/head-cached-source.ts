import type { ByteSource } from '../types';

/**
 * Wraps a source whose first bytes were already read (the sniffing head): reads that fall inside
 * the head are served from memory, so detection and extraction read those bytes once.
 * Counters include the inner source's reads.
 */
export class HeadCachedSource implements ByteSource {
  constructor(
    private readonly inner: ByteSource,
    private readonly head: Uint8Array,
  ) {}
  get size() { return this.inner.size; }
  get name() { return this.inner.name; }
  get blob() { return this.inner.blob; }
  get path() { return this.inner.path; }
  get bytesRead() { return this.inner.bytesRead; }
  get reads() { return this.inner.reads; }

  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    const end = Math.min(offset + length, this.size);
    if (offset >= 0 && end <= this.head.length && Number.isSafeInteger(length)) {
      return Promise.resolve(this.head.subarray(offset, Math.max(offset, end)));
    }
    return this.inner.read(offset, length, signal);
  }
}
