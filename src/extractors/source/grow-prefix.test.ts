import { describe, expect, it } from 'vitest';
import { ExtractError } from '../errors';
import { BytesSource } from './bytes-source';
import { CountedSource } from './counted-source';
import { extendPrefix, growPrefix, type PrefixAttempt } from './grow-prefix';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i & 0xff);

/** A BytesSource that logs each read as `offset+length`. */
class LoggedSource extends BytesSource {
  log: string[] = [];
  override read(offset: number, length: number, signal?: AbortSignal) {
    this.log.push(`${offset}+${length}`);
    return super.read(offset, length, signal);
  }
}

/** A source that claims `size` bytes but holds only `held` (a file that shrank). */
class ShrunkSource extends CountedSource {
  readonly name = 'shrunk';
  constructor(
    readonly size: number,
    private readonly held: Uint8Array,
  ) {
    super();
  }
  protected async readRange(offset: number, length: number): Promise<Uint8Array> {
    return this.held.subarray(offset, offset + length);
  }
}

/** An attempt that is done once the prefix holds `need` bytes, asking for `ask` bytes meanwhile. */
const until =
  (need: number, ask = need) =>
  (prefix: Uint8Array): PrefixAttempt<number> =>
    prefix.length >= need ? { done: prefix.length } : { more: ask };

describe('growPrefix', () => {
  it("returns the first attempt's result after one read of min(first, cap, size)", async () => {
    const source = new LoggedSource(bytes(1000));
    expect(await growPrefix(source, { first: 100, cap: 10_000 }, until(0))).toBe(100);
    expect(source.log).toEqual(['0+100']);
  });

  it('grows ×4, or to what the attempt asked for when that is more, reading only the missing part', async () => {
    const source = new LoggedSource(bytes(100_000));
    expect(await growPrefix(source, { first: 100, cap: 1e9 }, until(1500, 0))).toBe(1600);
    expect(source.log).toEqual(['0+100', '100+300', '400+1200']);
    const asked = new LoggedSource(bytes(100_000));
    expect(await growPrefix(asked, { first: 100, cap: 1e9 }, until(5000))).toBe(5000);
    expect(asked.log).toEqual(['0+100', '100+4900']);
  });

  it('hands the attempt the prefix bytes in order', async () => {
    const data = bytes(3000);
    const seen: Uint8Array[] = [];
    await growPrefix(new BytesSource(data), { first: 100, cap: 1e9 }, (p) => (seen.push(p), p.length >= 1600 ? { done: 0 } : { more: 0 }));
    expect(seen.map((p) => p.length)).toEqual([100, 400, 1600]);
    expect(Array.from(seen[2])).toEqual(Array.from(data.subarray(0, 1600)));
  });

  it('never reads past the file size or the cap', async () => {
    const small = new LoggedSource(bytes(700));
    const sizes: number[] = [];
    await growPrefix(small, { first: 100, cap: 1e9 }, (p, size) => (sizes.push(size), p.length >= 700 ? { done: 0 } : { more: 10_000 }));
    expect(small.log).toEqual(['0+100', '100+600']);
    expect(sizes).toEqual([700, 700]);
    const capped = new LoggedSource(bytes(100_000));
    await growPrefix(capped, { first: 100, cap: 1000 }, (p) => (p.length >= 1000 ? { done: 0 } : { more: 0 }));
    expect(capped.log).toEqual(['0+100', '100+300', '400+600']);
    expect(capped.bytesRead).toBe(1000);
  });

  it("a parse that never succeeds ends with the format's own error from the attempt", async () => {
    const tooLarge = () => new ExtractError('too-large', 'The XYZ header is longer than the budget.');
    const source = new BytesSource(bytes(100_000));
    const never = growPrefix(source, { first: 100, cap: 5000 }, (p) => {
      if (p.length >= 5000) throw tooLarge();
      return { more: 0 };
    });
    await expect(never).rejects.toMatchObject({ code: 'too-large', message: 'The XYZ header is longer than the budget.' });
    expect(source.bytesRead).toBe(5000);
  });

  it('an attempt that keeps asking once nothing more can be read: truncated at the end of the file, too-large at the cap', async () => {
    await expect(growPrefix(new BytesSource(bytes(500)), { first: 100, cap: 1e9 }, () => ({ more: 0 }))).rejects.toMatchObject({ code: 'truncated', offset: 500 });
    await expect(growPrefix(new BytesSource(bytes(5000)), { first: 100, cap: 1000 }, () => ({ more: 0 }))).rejects.toMatchObject({ code: 'too-large' });
  });

  it('a short read lowers the size handed to the attempt and bounds later reads', async () => {
    const source = new ShrunkSource(10_000, bytes(250));
    const sizes: number[] = [];
    await expect(growPrefix(source, { first: 100, cap: 1e9 }, (_, size) => (sizes.push(size), { more: 0 }))).rejects.toMatchObject({ code: 'truncated', offset: 250 });
    expect(sizes).toEqual([10_000, 250]);
    const first = new ShrunkSource(10_000, bytes(50));
    const seen: number[] = [];
    await growPrefix(first, { first: 100, cap: 1e9 }, (p, size) => (seen.push(p.length, size), { done: 0 }));
    expect(seen).toEqual([50, 50]);
  });

  it('stops with aborted before the next attempt, and passes the signal to the reads', async () => {
    const controller = new AbortController();
    const source = new LoggedSource(bytes(100_000));
    const run = growPrefix(source, { first: 100, cap: 1e9, signal: controller.signal }, (p) => {
      if (p.length >= 400) controller.abort();
      return { more: 0 };
    });
    await expect(run).rejects.toMatchObject({ code: 'aborted' });
    // The read after the abort refuses to start (CountedSource checks the signal): nothing past 1600.
    expect(source.bytesRead).toBe(400);
    controller.abort();
    await expect(growPrefix(new BytesSource(bytes(10)), { first: 100, cap: 1e9, signal: controller.signal }, until(0))).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('extendPrefix', () => {
  it('appends the missing bytes, shorter when the source ends first', async () => {
    const data = bytes(300);
    const source = new BytesSource(data);
    const grown = await extendPrefix(source, data.slice(0, 100), 200);
    expect(Array.from(grown)).toEqual(Array.from(data.subarray(0, 200)));
    expect((await extendPrefix(source, grown, 1000)).length).toBe(300);
  });
});
