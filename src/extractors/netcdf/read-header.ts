/**
 * Reads a NetCDF classic-family header through a ByteSource with a growing prefix: starts with
 * the first 64 KiB (already cached from sniffing), and while the parser signals NeedMoreBytes
 * reads more (×4, at least what it asked for), never past `maxMetadataBytes`.
 */
import type { ByteSource, ExtractContext } from '../types';
import { ExtractError, throwIfAborted } from '../errors';
import { NeedMoreBytes, parseClassicHeader, type ClassicHeader } from './header';

/** First prefix length in bytes (the sniffing head, so usually no extra read). */
export const FIRST_PREFIX = 64 * 1024;

/**
 * Returns the parsed header. Throws ExtractError: 'truncated' (file ends inside the header),
 * 'corrupt' (impossible counts, tags or types), 'too-large' (header longer than
 * `ctx.options.maxMetadataBytes` or more objects than `maxObjects`), 'aborted'.
 */
export async function readClassicHeader(source: ByteSource, ctx: ExtractContext): Promise<ClassicHeader> {
  const cap = Math.max(1024, ctx.options.maxMetadataBytes);
  const limits = { maxObjects: ctx.options.maxObjects, maxValues: ctx.options.maxArrayItems, maxBytes: cap };
  let want = Math.min(FIRST_PREFIX, cap, source.size);
  let prefix = await source.read(0, want, ctx.signal);
  for (;;) {
    throwIfAborted(ctx.signal);
    try {
      return parseClassicHeader(prefix, source.size, limits);
    } catch (e) {
      if (!(e instanceof NeedMoreBytes)) throw e;
      if (prefix.length < want) {
        // The source gave fewer bytes than its size promised: the file shrank or ends early.
        throw new ExtractError('truncated', `The file ends inside the NetCDF header (offset ${prefix.length}).`, prefix.length);
      }
      if (e.needed > cap) {
        throw new ExtractError('too-large', `The NetCDF header is longer than the ${cap}-byte metadata budget (needs at least ${e.needed} bytes).`);
      }
      want = Math.min(source.size, cap, Math.max(e.needed, prefix.length * 4));
      const more = await source.read(prefix.length, want - prefix.length, ctx.signal);
      const grown = new Uint8Array(prefix.length + more.length);
      grown.set(prefix, 0);
      grown.set(more, prefix.length);
      prefix = grown;
    }
  }
}
