import type { ByteSource } from '../types';

/**
 * Wraps a source whose first bytes were already read (the sniffing head): reads that fall inside
 * the head are served from memory, so detection and extraction read those bytes once. `memo`, when
 * given, serves other ranges already in memory (it returns the bytes of [offset, end), or
 * undefined when it does not hold all of them). Counters include the inner source's reads.
 */
export class HeadCachedSource implements ByteSource {
  constructor(
    private readonly inner: ByteSource,
    private readonly head: Uint8Array,
    private readonly memo?: (offset: number, end: number) => Uint8Array | undefined,
  ) {}
  get size() {
    return this.inner.size;
  }
  get name() {
    return this.inner.name;
  }
  get blob() {
    return this.inner.blob;
  }
  get path() {
    return this.inner.path;
  }
  get bytesRead() {
    return this.inner.bytesRead;
  }
  get reads() {
    return this.inner.reads;
  }

  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    const end = Math.min(offset + length, this.size);
    if (offset >= 0 && end <= this.head.length && Number.isSafeInteger(length)) {
      return Promise.resolve(this.head.subarray(offset, Math.max(offset, end)));
    }
    const held = offset >= 0 && offset < end && Number.isSafeInteger(length) ? this.memo?.(offset, end) : undefined;
    return held ? Promise.resolve(held) : this.inner.read(offset, length, signal);
  }
}
