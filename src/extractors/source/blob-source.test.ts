import { describe, expect, it } from 'vitest';
import { BlobSource } from './blob-source';

/** A Blob that counts the slices actually read. */
function countingBlob(bytes: Uint8Array<ArrayBuffer>) {
  const blob = new Blob([bytes]);
  const slices: [number, number][] = [];
  const slice = blob.slice.bind(blob);
  blob.slice = (start?: number, end?: number) => (slices.push([start ?? 0, end ?? bytes.length]), slice(start, end));
  return { blob, slices };
}

describe('BlobSource.prefetch', () => {
  const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);

  it('serves the first read of the prefetched range from the early read, once', async () => {
    const { blob, slices } = countingBlob(bytes);
    const source = new BlobSource(blob, 'x');
    source.prefetch(900, 4096); // clamped to the file: [900, 1000)
    expect(slices).toEqual([[900, 1000]]);
    expect(Array.from(await source.read(900, 4096))).toEqual(Array.from(bytes.subarray(900)));
    expect(slices).toHaveLength(1);
    expect(source.reads).toBe(1);
    expect(source.bytesRead).toBe(100);
    await source.read(900, 4096);
    expect(slices).toHaveLength(2);
  });

  it('reads a range covering the whole file without slicing', async () => {
    const { blob, slices } = countingBlob(bytes);
    const source = new BlobSource(blob, 'x');
    source.prefetch(0, 65536);
    expect(Array.from(await source.read(0, 65536))).toEqual(Array.from(bytes));
    expect(Array.from(await source.read(0, 1000))).toEqual(Array.from(bytes));
    expect(slices).toEqual([]);
  });

  it('keeps several prefetched ranges (a head and a tail), each served once', async () => {
    const { blob, slices } = countingBlob(bytes);
    const source = new BlobSource(blob, 'x');
    source.prefetch(0, 100);
    source.prefetch(900, 100);
    expect(slices).toEqual([
      [0, 100],
      [900, 1000],
    ]);
    expect(Array.from(await source.read(900, 100))).toEqual(Array.from(bytes.subarray(900)));
    expect(Array.from(await source.read(0, 100))).toEqual(Array.from(bytes.subarray(0, 100)));
    expect(slices).toHaveLength(2);
  });

  it('reads other ranges from the Blob as usual', async () => {
    const { blob, slices } = countingBlob(bytes);
    const source = new BlobSource(blob, 'x');
    source.prefetch(0, 100);
    expect(Array.from(await source.read(10, 5))).toEqual([10, 11, 12, 13, 14]);
    expect(slices).toEqual([
      [0, 100],
      [10, 15],
    ]);
  });
});
