/**
 * A gzip file (RFC 1952) inflated as a stream with the runtime's `DecompressionStream('gzip')`,
 * reporting how far into the file it has read.
 *
 * A gzip file is a series of members (RFC 1952 §2.2), and `gzip -d` (hence `tar -xzf`) reads them
 * all. Node's DecompressionStream does too; Chromium's reads one and then fails with "Junk found
 * after end of compressed data", dropping the output it had not handed over yet. So when the
 * inflater reports junk after a member, the member's end is found in the input chunk it was
 * given last: at a place where the next member's header starts (`1f 8b 08`, no reserved flag,
 * §2.3.1) or where only zeros follow (tape padding, which `gzip -d` ignores). The member is then
 * inflated again from its start up to that place, its output before what was already delivered
 * skipped, and reading goes on with the next member. Inflating a prefix of a member gives a prefix
 * of its output, so nothing wrong is ever delivered; an extra member costs one more inflation of
 * the member before it.
 *
 * Errors: ExtractError `truncated` (the file ends inside a member), `corrupt` (data that does not
 * inflate, a CRC or length that does not match, data after a member that is no member), `aborted`.
 */
import { ExtractError, describeThrown, throwIfAborted } from '../extractors/errors';

/** The inflater's message for bytes after a member's end (Chromium). */
const JUNK = /junk/i;
/** The inflaters' messages for input that ends inside a member (Chromium, Node). */
const CUT = /truncated|unexpected end/i;

/** One inflation of [from, to) of the file: its output, and the input chunk it was last given. */
interface Inflation {
  output: ReadableStreamDefaultReader<Uint8Array>;
  /** Input range written last (where the inflater stopped when it fails). */
  last: { start: number; end: number };
  stop(): void;
}

function inflate(blob: Blob, from: number, to: number, consumed: (at: number) => void): Inflation {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const input = blob.slice(from, to).stream().getReader();
  const last = { start: from, end: from };
  let stopped = false;
  void (async () => {
    try {
      for (let at = from; ;) {
        const { done, value } = await input.read();
        if (done || stopped) break;
        last.start = at;
        last.end = at += value.length;
        // Awaited: a write that fails names the chunk the member ended in.
        await writer.write(value as Uint8Array<ArrayBuffer>);
        consumed(at);
      }
      if (!stopped) await writer.close();
    } catch (e) {
      // The output side then fails with the inflater's error (or this one, a read error).
      await writer.abort(e).catch(() => {});
      await input.cancel().catch(() => {});
    }
  })();
  const output = ds.readable.getReader();
  return {
    output,
    last,
    stop: () => {
      stopped = true;
      output.cancel().catch(() => {});
      input.cancel().catch(() => {});
    },
  };
}

/** An inflater's error as an ExtractError (`at`: the input offset reached). */
function asExtractError(e: unknown, at: number): ExtractError {
  if (e instanceof ExtractError) return e;
  const text = describeThrown(e);
  if (CUT.test(text)) return new ExtractError('truncated', 'The gzip data ends inside a member (RFC 1952): the file is cut.', at, text);
  return new ExtractError('corrupt', 'The gzip data (RFC 1952) does not inflate.', at, text);
}

/** Where a member may end in `bytes` (the file's bytes from `base`): a next member's header, or zeros to the end of `bytes`. */
function memberEnds(bytes: Uint8Array, base: number): { at: number; last: boolean }[] {
  const out: { at: number; last: boolean }[] = [];
  let zerosFrom = bytes.length;
  while (zerosFrom > 0 && bytes[zerosFrom - 1] === 0) zerosFrom--;
  for (let i = 0; i < bytes.length; i++) {
    if (i === zerosFrom) {
      out.push({ at: base + i, last: true });
      break;
    }
    if (bytes[i] === 0x1f && bytes[i + 1] === 0x8b && bytes[i + 2] === 8 && (i + 3 >= bytes.length || (bytes[i + 3]! & 0xe0) === 0)) out.push({ at: base + i, last: false });
  }
  return out;
}

/**
 * The inflated bytes of the gzip file `blob`, as a stream; `progress(bytes)` hears how far into the
 * file the inflater has read (never backwards). Cancelling the stream stops reading the file.
 */
export function gunzip(blob: Blob, progress: (bytes: number) => void = () => {}, signal?: AbortSignal): ReadableStream<Uint8Array> {
  let furthest = 0;
  const consumed = (at: number) => {
    if (at > furthest) progress((furthest = at));
  };
  let current: Inflation | undefined;
  const members = (async function* (): AsyncGenerator<Uint8Array> {
    for (let start = 0; start < blob.size;) {
      let delivered = 0;
      const first = (current = inflate(blob, start, blob.size, consumed));
      try {
        for (;;) {
          throwIfAborted(signal);
          const { done, value } = await first.output.read();
          if (done) return; // the rest of the file inflated as one stream
          delivered += value.length;
          yield value;
        }
      } catch (e) {
        if (e instanceof ExtractError || !JUNK.test(describeThrown(e))) throw asExtractError(e, first.last.end);
      }
      // The member ended in the chunk written last: try each place it may end, in order.
      const { start: chunkStart, end: chunkEnd } = first.last;
      const ends = memberEnds(new Uint8Array(await blob.slice(chunkStart, chunkEnd).arrayBuffer()), chunkStart);
      let next: { at: number; last: boolean } | undefined;
      for (const end of ends) {
        if (end.at <= start) continue;
        const again = (current = inflate(blob, start, end.at, () => {}));
        let seen = 0;
        try {
          for (;;) {
            throwIfAborted(signal);
            const { done, value } = await again.output.read();
            if (done) break;
            const fresh = seen + value.length - delivered;
            seen += value.length;
            if (fresh > 0) {
              delivered += fresh;
              yield value.subarray(value.length - fresh);
            }
          }
          next = end;
          break;
        } catch (e) {
          if (e instanceof ExtractError) throw e;
          again.stop(); // not its end: try the next place
        }
      }
      if (!next) throw new ExtractError('corrupt', 'Data follows a gzip member that is not another member (RFC 1952 §2.2).', chunkStart);
      if (next.last) return;
      start = next.at;
    }
  })();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await members.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        current?.stop();
        await members.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
