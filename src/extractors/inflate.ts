/**
 * zlib inflation (RFC 1950 / 1951) with the platform's DecompressionStream, bounded: the output is
 * read chunk by chunk and reading stops once it passes `cap` (decompression bombs). Damaged data
 * does not throw here: the caller gets what was inflated before the damage and the error, and
 * decides (a PNG text chunk is refused, a PDF stream keeps what came, as pdf.js does).
 */
export interface Inflated {
  bytes: Uint8Array;
  /** Reading stopped because the output passed `cap` (`bytes` is then empty). */
  overCap: boolean;
  /** The stream's error, when the data is damaged (truncated, a bad block, trailing garbage). */
  error?: unknown;
}

/** Inflates `data` (`format`: 'deflate' is zlib-wrapped, 'deflate-raw' bare DEFLATE) up to `cap` bytes of output. */
export async function inflateBounded(data: Uint8Array, cap: number, format: CompressionFormat = 'deflate'): Promise<Inflated> {
  const ds = new DecompressionStream(format);
  const writer = ds.writable.getWriter();
  // A stream truncated or with trailing garbage still yields what inflated: the write's and
  // close's rejections are seen through the reader.
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let error: unknown;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > cap) {
        await reader.cancel().catch(() => {});
        return { bytes: new Uint8Array(0), overCap: true };
      }
      chunks.push(value);
    }
  } catch (e) {
    error = e;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return error === undefined ? { bytes, overCap: false } : { bytes, overCap: false, error };
}
