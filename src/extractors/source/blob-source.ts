import { CountedSource } from './counted-source';

/**
 * ByteSource over a browser `File`/`Blob`: each read is one `blob.slice(a, b).arrayBuffer()`, or
 * `blob.arrayBuffer()` when it covers the whole file.
 */
export class BlobSource extends CountedSource {
  readonly size: number;
  readonly name: string;
  /** Ranges asked for early (`prefetch`), by `offset:length`, until a read takes them. */
  private readonly early = new Map<string, Promise<Uint8Array>>();

  constructor(
    readonly blob: Blob,
    name?: string,
  ) {
    super();
    this.size = blob.size;
    this.name = name ?? (blob as File).name ?? 'blob';
  }

  /**
   * Starts reading `[offset, offset + length)` (clamped to the file) now; the first `read` of
   * exactly that range gets these bytes. A worker asks for a batch's sniffing heads (and JPEG
   * tails) this way while it parses the first file: each Blob read is a round trip to the browser's
   * file thread, and reads in flight together cost less than the same reads one after another.
   * A failed prefetch fails that read like any other.
   */
  prefetch(offset: number, length: number): void {
    const clamped = Math.max(0, Math.min(length, this.size - offset));
    if (clamped === 0) return;
    const bytes = this.fetch(offset, clamped);
    bytes.catch(() => {}); // reported by the read that takes it
    this.early.set(`${offset}:${clamped}`, bytes);
  }

  protected readRange(offset: number, length: number): Promise<Uint8Array> {
    const key = `${offset}:${length}`;
    const early = this.early.get(key);
    if (!early) return this.fetch(offset, length);
    this.early.delete(key);
    return early;
  }

  /**
   * A range of the Blob; the whole file without `slice`: in Chromium each slice registers a new
   * Blob with the browser process, and reading 1,000 small files whole instead of sliced took
   * 531 instead of 897 ms (browser process CPU 370 instead of 640 ms).
   */
  private async fetch(offset: number, length: number): Promise<Uint8Array> {
    const whole = offset === 0 && length >= this.size;
    return new Uint8Array(await (whole ? this.blob : this.blob.slice(offset, offset + length)).arrayBuffer());
  }
}
