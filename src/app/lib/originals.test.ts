import { describe, expect, it } from 'vitest';
import { BlobSource } from '../../extractors/source/blob-source';
import { inLanes, sameBytes } from './originals';

describe('sameBytes', () => {
  const bytes = Uint8Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 7) % 251);
  const other = bytes.slice();
  other[bytes.length - 1] ^= 1;
  it('compares a Blob, or a source streamed, with what is in place', async () => {
    expect(await sameBytes(new Blob([bytes]), new Blob([bytes]))).toBe(true);
    expect(await sameBytes(new Blob([bytes]), new BlobSource(new Blob([bytes]), 'a'))).toBe(true);
    expect(await sameBytes(new Blob([other]), new BlobSource(new Blob([bytes]), 'a'))).toBe(false);
    expect(await sameBytes(new Blob([bytes.subarray(1)]), new Blob([bytes]))).toBe(false);
  });
});

describe('inLanes', () => {
  it('runs every item at most `lanes` at a time, reports failures and goes on', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const failed: string[] = [];
    await inLanes(
      [1, 2, 3, 4, 5, 6],
      2,
      async (n) => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
        if (n === 3) throw new Error('no space');
        done.push(n);
      },
      (n, message) => failed.push(`${n}: ${message}`),
      () => false,
    );
    expect(done.sort()).toEqual([1, 2, 4, 5, 6]);
    expect(failed).toEqual(['3: no space']);
    expect(most).toBe(2);
  });

  it('starts nothing more once stopped', async () => {
    const done: number[] = [];
    await inLanes(
      [1, 2, 3, 4],
      1,
      async (n) => void done.push(n),
      () => {},
      () => done.length >= 2,
    );
    expect(done).toEqual([1, 2]);
  });
});
