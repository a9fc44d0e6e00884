/** Byte edits of a copy: the writers describe what changes, and the rest is copied as it is. */

/** New bytes at `at`, replacing `[at, end)` of the input, or inserted there when `end` is `at`. */
export interface Edit {
  at: number;
  end: number;
  bytes: Uint8Array;
}

/**
 * A copy of `bytes` with `edits` applied. Edits must not overlap; an insertion and a replacement
 * may start at one offset, and edits at one offset apply in the order given.
 */
export function splice(bytes: Uint8Array, edits: readonly Edit[]): Uint8Array {
  const sorted = sortedEdits(edits);
  const out = new Uint8Array(bytes.length + sorted.reduce((n, e) => n + e.bytes.length - (e.end - e.at), 0));
  let from = 0;
  let to = 0;
  for (const e of sorted) {
    out.set(bytes.subarray(from, e.at), to);
    to += e.at - from;
    out.set(e.bytes, to);
    to += e.bytes.length;
    from = e.end;
  }
  out.set(bytes.subarray(from), to);
  return out;
}

/**
 * The copy `splice` makes of `original`'s bytes, as a Blob whose unchanged runs are slices of
 * `original` (the browser copies those itself when the Blob is written: the page holds only the
 * edits' bytes). Same rules for `edits` as `splice`.
 */
export function spliceBlob(original: Blob, edits: readonly Edit[]): Blob {
  const parts: BlobPart[] = [];
  let from = 0;
  for (const e of sortedEdits(edits)) {
    if (e.at > from) parts.push(original.slice(from, e.at));
    parts.push(e.bytes as Uint8Array<ArrayBuffer>);
    from = e.end;
  }
  if (from < original.size) parts.push(original.slice(from));
  return new Blob(parts);
}

/** `edits` by offset; those at one offset in the order given (Array.prototype.sort is stable). */
const sortedEdits = (edits: readonly Edit[]) => [...edits].sort((a, b) => a.at - b.at);
