import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { fixtureFolder } from '../../scripts/fixtures/fixture-folder';
import { basicEntries, writeFixtures } from '../../scripts/fixtures/zip';
import { rejectionCode as code } from '../testing/error-code';
import { BytesSource } from '../extractors/source/bytes-source';
import { listZip, type ZipEntry } from './zip';
import { ZipEntrySource } from './zip-entry-source';

const fixture = fixtureFolder('me-zip-entry-', writeFixtures);
const originals = new Map(basicEntries().map((f) => [f.name, f.data as Uint8Array]));

async function open(name: string) {
  const archive = new BytesSource(new Uint8Array(await readFile(fixture(name))), name);
  const { entries } = await listZip(archive);
  const entry = (path: string) =>
    new ZipEntrySource(
      archive,
      entries.find((e) => e.path === path)!,
    );
  return { archive, entries, entry };
}

describe('ZipEntrySource', () => {
  for (const archive of ['zip-basic.zip', 'zip-zip64.zip', 'zip-prefixed.zip']) {
    it(`reads stored and deflated entries at any offset as the original bytes (${archive})`, async () => {
      const { entry } = await open(archive);
      for (const path of ['data/fits-basic.fits', 'photos/photo-basic.jpg', 'notes/noise.bin', 'notes/readme.txt']) {
        const original = originals.get(path)!;
        const source = entry(path);
        expect(source.size).toBe(original.length);
        expect(source.name).toBe(path.split('/').pop());
        const n = original.length;
        // Forward, backward within the window, at the end, past the end, then back to the start.
        for (const [offset, length] of [
          [0, 100],
          [1000, 5000],
          [n - 10, 100],
          [500, 20],
          [n, 10],
          [0, n],
          [Math.floor(n / 2), 3],
        ] as const) {
          const got = await source.read(offset, length);
          // Buffer.equals: toEqual walks 2 MiB element by element (seconds).
          expect(Buffer.from(got).equals(original.subarray(offset, Math.min(n, offset + length))), `${path} @${offset}+${length}`).toBe(true);
        }
      }
    });
  }

  it('counts archive bytes: a stored read is its range plus the local header', async () => {
    const { entry } = await open('zip-basic.zip');
    const fits = entry('data/fits-basic.fits');
    await fits.read(2880, 80);
    expect(fits.bytesRead).toBe(30 + 80);
    expect(fits.reads).toBe(2);
  });

  it('inflates only as far as asked: reading the start of a 2 MiB deflated entry reads a little of it', async () => {
    const { entry } = await open('zip-basic.zip');
    const noise = entry('notes/noise.bin');
    await noise.read(0, 100);
    expect(noise.entry.compressedSize).toBeGreaterThan(2 * 1024 * 1024);
    expect(noise.bytesRead).toBeLessThanOrEqual(30 + 4 * 64 * 1024);
    const before = noise.bytesRead;
    await noise.read(1024 * 1024, 100); // further on: more compressed bytes, not all of them
    expect(noise.bytesRead).toBeGreaterThan(before);
    expect(noise.bytesRead).toBeLessThan(noise.entry.compressedSize);
    await noise.read(2 * 1024 * 1024 - 100, 100); // the end: all of it, once
    expect(noise.bytesRead).toBe(30 + noise.entry.compressedSize);
    await noise.read(0, 100); // before the window: inflates again from the start
    expect(noise.bytesRead).toBeGreaterThan(30 + noise.entry.compressedSize);
  });

  it('serves concurrent reads of a deflated entry in turn', async () => {
    const { entry } = await open('zip-basic.zip');
    const noise = entry('notes/noise.bin');
    const original = originals.get('notes/noise.bin')!;
    const got = await Promise.all([noise.read(1_500_000, 10), noise.read(5, 10), noise.read(900_000, 10)]);
    expect(got).toEqual([original.subarray(1_500_000, 1_500_010), original.subarray(5, 15), original.subarray(900_000, 900_010)]);
  });

  it('refuses other methods and encrypted entries, and reports corrupt data, bad headers and lying sizes', async () => {
    const { entry } = await open('zip-unsupported.zip');
    expect(await code(entry('a.bz2.txt').read(0, 10))).toBe('unsupported-feature');
    expect(await code(entry('secret.txt').read(0, 10))).toBe('unsupported-feature');
    expect(await code((await open('zip-corrupt-deflate.zip')).entry('bad.txt').read(0, 10))).toBe('corrupt');

    const { archive, entries } = await open('zip-basic.zip');
    const readme = entries.find((e) => e.path === 'notes/readme.txt')!;
    const lying = (e: Partial<ZipEntry>) => new ZipEntrySource(archive, { ...readme, ...e });
    expect(await code(lying({ size: 70_000 }).read(0, 70_000))).toBe('corrupt'); // inflates to more
    expect(await code(lying({ size: 90_000 }).read(0, 90_000))).toBe('corrupt'); // inflates to less
    expect(await code(lying({ localHeaderOffset: 1 }).read(0, 10))).toBe('corrupt');
    expect(await code(lying({ localHeaderOffset: archive.size - 10 }).read(0, 10))).toBe('truncated');
    expect(await code(lying({ compressedSize: archive.size }).read(0, 10))).toBe('truncated');
    // A small entry, inflated whole (zip-entry-source.ts inflateWhole), whose sizes lie the same ways.
    const jpeg = entries.find((e) => e.path === 'photos/photo-basic.jpg')!;
    expect(jpeg.size).toBeLessThan(64 * 1024);
    const small = (e: Partial<ZipEntry>) => new ZipEntrySource(archive, { ...jpeg, ...e });
    expect(await code(small({ size: jpeg.size - 1 }).read(0, 10))).toBe('corrupt'); // inflates to more
    expect(await code(small({ size: jpeg.size + 1 }).read(0, 10))).toBe('corrupt'); // inflates to less
    expect(await code(small({ compressedSize: jpeg.compressedSize - 20 }).read(0, 10))).toBe('corrupt'); // cut short
    expect(await code(small({ compressedSize: archive.size }).read(0, 10))).toBe('truncated');
    const fits = entries.find((e) => e.path === 'data/fits-basic.fits')!;
    expect(await code(new ZipEntrySource(archive, { ...fits, size: 99 }).read(0, 10))).toBe('corrupt');
  });

  for (const archive of ['zip-basic.zip', 'zip-zip64.zip', 'zip-prefixed.zip']) {
    it(`prefetch: a small entry's local header and data come from one archive read (${archive})`, async () => {
      const { archive: source, entry } = await open(archive);
      for (const path of ['notes/readme.txt', 'data/fits-basic.fits']) {
        const e = entry(path);
        const before = source.reads;
        e.prefetch();
        expect(await e.read(0, e.size)).toEqual(originals.get(path));
        expect(source.reads - before).toBe(1);
        expect(e.reads).toBe(1);
      }
      // A big entry is not prefetched: its reads go to the archive as they come.
      const big = entry('notes/noise.bin');
      big.prefetch();
      expect((await big.read(0, 100)).length).toBe(100);
      expect(big.reads).toBe(2);
    });
  }
});
