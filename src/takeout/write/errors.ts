/** The one error the Takeout writers throw: a file (or tag set) they cannot safely rewrite. */

/**
 * - `not-jpeg` / `not-png` / `not-webp`: the bytes do not start with the container's signature;
 * - `truncated`: a length or offset from the file points past its end;
 * - `corrupt`: a structure is invalid (a marker where none can be, an IFD count that does not fit);
 * - `too-large`: the result would not fit its container (a JPEG APP1 segment, 65,535 bytes);
 * - `unsupported`: valid, but not rewritten safely (two Exif APP1 segments, an XMP packet in a
 *   PNG tEXt chunk, a JPEG whose MPF offsets an insertion would break);
 * - `bad-tags`: the tags to write are out of range (a latitude past 90°, a fractional offset).
 */
export type WriteErrorCode = 'not-jpeg' | 'not-png' | 'not-webp' | 'truncated' | 'corrupt' | 'too-large' | 'unsupported' | 'bad-tags';

export class WriteError extends Error {
  constructor(
    readonly code: WriteErrorCode,
    message: string,
    /** Byte offset in the input where the problem is, when known. */
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'WriteError';
  }
}
