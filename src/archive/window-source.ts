/**
 * A ByteSource over the part of a streamed archive entry that was kept (tar-scan.ts): its head and
 * its tail. An entry read in one pass cannot be read again, so an extractor gets the bytes where
 * metadata lies (a file's start, and its end: a JPEG's EOI, an MP4's `moov` written last) and a
 * read elsewhere fails with `read-failed` saying why.
 */
import { CountedSource } from '../extractors/source/counted-source';
import { ExtractError } from '../extractors/errors';

export class WindowSource extends CountedSource {
  /** Offset of `tail` in the entry. */
  private readonly tailStart: number;

  /**
   * `head` holds the entry's bytes [0, head.length), `tail` its last tail.length bytes (empty when
   * the head holds the whole entry); `entryPath` names the entry in messages.
   * @throws RangeError when the windows are larger than the entry
   */
  constructor(
    readonly name: string,
    readonly size: number,
    private readonly head: Uint8Array,
    private readonly tail: Uint8Array,
    private readonly entryPath: string,
  ) {
    super();
    if (head.length + tail.length > size) throw new RangeError(`windows of ${head.length} + ${tail.length} bytes for a ${size}-byte entry`);
    this.tailStart = size - tail.length;
  }

  /** Serves a range inside one window. @throws ExtractError `read-failed` for a range that is not */
  protected async readRange(offset: number, length: number): Promise<Uint8Array> {
    const end = offset + length;
    if (end <= this.head.length) return this.head.subarray(offset, end);
    if (offset >= this.tailStart) return this.tail.subarray(offset - this.tailStart, end - this.tailStart);
    throw new ExtractError(
      'read-failed',
      `${this.entryPath} was read from a stream in one pass: only its first ${this.head.length} and last ${this.tail.length} bytes were kept, and bytes ${offset}–${end - 1} are not among them.`,
      offset,
    );
  }
}
