/**
 * Reads a NetCDF classic-family header through a ByteSource with a growing prefix
 * (source/grow-prefix.ts): starts with the sniffing head (already cached from detection), and
 * while the parser signals NeedMoreBytes reads more (×4, at least what it asked for), never past
 * `maxMetadataBytes`.
 */
import type { ByteSource, ExtractContext } from '../types';
import { ExtractError } from '../errors';
import { HEAD_BYTES } from '../source/head';
import { growPrefix } from '../source/grow-prefix';
import { NeedMoreBytes, parseClassicHeader, type ClassicHeader } from './header';

/**
 * Returns the parsed header. Throws ExtractError: 'truncated' (file ends inside the header),
 * 'corrupt' (impossible counts, tags or types), 'too-large' (header longer than
 * `ctx.options.maxMetadataBytes` or more objects than `maxObjects`), 'aborted'.
 */
export async function readClassicHeader(source: ByteSource, ctx: ExtractContext): Promise<ClassicHeader> {
  const cap = Math.max(1024, ctx.options.maxMetadataBytes);
  const limits = { maxObjects: ctx.options.maxObjects, maxValues: ctx.options.maxArrayItems, maxBytes: cap };
  return growPrefix<ClassicHeader>(source, { first: HEAD_BYTES, cap, signal: ctx.signal }, (prefix, size) => {
    try {
      return { done: parseClassicHeader(prefix, source.size, limits) };
    } catch (e) {
      if (!(e instanceof NeedMoreBytes)) throw e;
      if (size < source.size) {
        // The source gave fewer bytes than its size promised: the file shrank or ends early.
        throw new ExtractError('truncated', `The file ends inside the NetCDF header (offset ${prefix.length}).`, prefix.length);
      }
      if (e.needed > cap) {
        throw new ExtractError('too-large', `The NetCDF header is longer than the ${cap}-byte metadata budget (needs at least ${e.needed} bytes).`);
      }
      return { more: e.needed };
    }
  });
}
