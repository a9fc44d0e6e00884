/** Byte helpers for format sniffing (magic numbers at fixed offsets). */

/** True when `head` holds the ASCII string `text` at `offset`. */
export function asciiAt(head: Uint8Array, offset: number, text: string): boolean {
  if (offset + text.length > head.length) return false;
  for (let i = 0; i < text.length; i++) if (head[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** True when `head` holds `bytes` at `offset`. */
export function bytesAt(head: Uint8Array, offset: number, bytes: readonly number[]): boolean {
  if (offset + bytes.length > head.length) return false;
  for (let i = 0; i < bytes.length; i++) if (head[offset + i] !== bytes[i]) return false;
  return true;
}

/** Lower-case extension of a file name without the dot ('' when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}
