/**
 * zlib inflation (RFC 1950 / 1951) with the platform's DecompressionStream, bounded: the output is
 * read chunk by chunk and reading stops once it passes `cap` (decompression bombs), or when the
 * consumer of `inflateChunks` stops. Damaged data does not throw in `inflateBounded`: the caller
 * gets what was inflated before the damage and the error, and decides (a PNG text chunk is
 * refused, a PDF stream keeps what came, as pdf.js does).
 */
export interface Inflated {
  bytes: Uint8Array;
  /** Reading stopped because the output passed `cap` (`bytes` is then empty). */
  overCap: boolean;
  /** The stream's error, when the data is damaged (truncated, a bad block, trailing garbage). */
  error?: unknown;
}

/**
 * Inflates the compressed bytes `input` yields, one after the other (`format`: 'deflate' is
 * zlib-wrapped, 'deflate-raw' bare DEFLATE, 'gzip'), yielding the output as it comes. Input is
 * pulled only as the output is consumed: a consumer that stops early (a `break`) stops the
 * reading of `input` too. Throws the stream's error for damaged data, after the output before it.
 */
export async function* inflateChunks(input: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, format: CompressionFormat = 'deflate'): AsyncGenerator<Uint8Array> {
  const ds = new DecompressionStream(format);
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  let stopped = false;
  // Fed in the background: a write waits until the stream takes it, which the reads below allow.
  // A truncated stream or trailing garbage still yields what inflated: the write's and close's
  // rejections are seen through the reader.
  void (async () => {
    for await (const part of input) {
      if (stopped) return;
      await writer.write(part as Uint8Array<ArrayBuffer>);
    }
    await writer.close();
  })().catch((e: unknown) => writer.abort(e).catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    stopped = true;
    await reader.cancel().catch(() => {});
  }
}

/** Inflates `data` (`format` as in `inflateChunks`) up to `cap` bytes of output. */
export async function inflateBounded(data: Uint8Array, cap: number, format: CompressionFormat = 'deflate'): Promise<Inflated> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let error: unknown;
  try {
    for await (const value of inflateChunks([data], format)) {
      total += value.length;
      if (total > cap) return { bytes: new Uint8Array(0), overCap: true };
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
