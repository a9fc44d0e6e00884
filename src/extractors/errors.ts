/**
 * Typed, cloneable extraction errors. Failures cross Comlink as
 * `ExtractErrorData`, never as thrown library values.
 */

/**
 * `password-required`: the file is encrypted and the password given (none by default) does not open
 * it; the record holds what can be read without it (ExtractOptions `password` opens it).
 */
export type ExtractErrorCode = 'unsupported-format' | 'unsupported-feature' | 'password-required' | 'truncated' | 'corrupt' | 'too-large' | 'timeout' | 'aborted' | 'read-failed' | 'internal';

/** Plain-data form of an ExtractError (structured-cloneable). */
export interface ExtractErrorData {
  code: ExtractErrorCode;
  message: string;
  /** Byte offset in the file where the problem was found, when known. */
  offset?: number;
  /** Text of the underlying library error, when there was one. */
  cause?: string;
}

export class ExtractError extends Error {
  override readonly name = 'ExtractError';
  constructor(
    readonly code: ExtractErrorCode,
    message: string,
    readonly offset?: number,
    readonly causeText?: string,
  ) {
    super(message);
  }

  toData(): ExtractErrorData {
    const d: ExtractErrorData = { code: this.code, message: this.message };
    if (this.offset !== undefined) d.offset = this.offset;
    if (this.causeText !== undefined) d.cause = this.causeText;
    return d;
  }
}

/**
 * Text of any thrown value: Error message, string, dicom-parser's `{exception}` object, a DOM
 * ProgressEvent (exifr/geotiff on unreadable files), or anything else.
 */
export function describeThrown(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object') {
    const o = e as { exception?: unknown; message?: unknown; type?: unknown; target?: { error?: unknown } };
    if (typeof o.exception === 'string') return o.exception;
    if (typeof o.message === 'string') return o.message;
    if (o.target && o.target.error) return describeThrown(o.target.error);
    if (typeof o.type === 'string') return `event: ${o.type}`;
  }
  try {
    return String(e);
  } catch {
    return 'unknown error';
  }
}

/** True when a thrown value means the file became unreadable (changed on disk after picking). */
function isNotReadable(e: unknown): boolean {
  if (e && typeof e === 'object') {
    const name = (e as { name?: unknown }).name;
    if (name === 'NotReadableError' || name === 'NotFoundError') return true;
    const target = (e as { target?: { error?: { name?: unknown } } }).target;
    if (target?.error && (target.error.name === 'NotReadableError' || target.error.name === 'NotFoundError')) return true;
  }
  return false;
}

/**
 * Converts any thrown value into ExtractErrorData. ExtractErrors keep their code; unreadable-file
 * errors become `read-failed`; AbortErrors `aborted`; anything else gets `fallback` (default
 * `internal`).
 */
export function toErrorData(e: unknown, fallback: ExtractErrorCode = 'internal'): ExtractErrorData {
  if (e instanceof ExtractError) return e.toData();
  if (isNotReadable(e)) {
    return { code: 'read-failed', message: 'The file can no longer be read (changed or moved on disk?): pick it again.', cause: describeThrown(e) };
  }
  if (e && typeof e === 'object' && (e as { name?: unknown }).name === 'AbortError') {
    return { code: 'aborted', message: 'Cancelled.' };
  }
  const text = describeThrown(e);
  return { code: fallback, message: text, cause: text };
}

/** Throws ExtractError('aborted') if the signal has fired. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new ExtractError('aborted', 'Cancelled.');
}
