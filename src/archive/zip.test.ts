import { describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureFolder } from '../../scripts/fixtures/fixture-folder';
import { basicEntries, MODIFIED, SPARSE_FILLER, writeFixtures, writeSparseZip, zipBytes } from '../../scripts/fixtures/zip';
import { rejectionCode as code } from '../testing/error-code';
import { BytesSource } from '../extractors/source/bytes-source';
import { FileHandleSource } from '../node/file-handle-source';
import { endsAsZip, listZip, MAX_CENTRAL_DIRECTORY, startsAsZip } from './zip';

const fixture = fixtureFolder('me-zip-', writeFixtures);

async function listPath(name: string) {
  const source = await FileHandleSource.open(fixture(name));
  try {
    return { listing: await listZip(source), source };
  } finally {
    await source.close();
  }
}

const EXPECTED = [
  ['data/fits-basic.fits', 23040, 0, false],
  ['photos/', 0, 0, true],
  ['photos/photo-basic.jpg', 2010, 8, false],
  ['notes/noise.bin', 2 * 1024 * 1024, 8, false],
  ['notes/readme.txt', 80000, 8, false],
];

describe('listZip', () => {
  it('lists entries from the end records and the central directory only', async () => {
    const { listing, source } = await listPath('zip-basic.zip');
    expect(listing.entries.map((e) => [e.path, e.size, e.method, e.directory])).toEqual(EXPECTED);
    expect(listing.zip64).toBe(false);
    expect(listing.prefix).toBe(0);
    const [fits] = listing.entries;
    expect(fits).toMatchObject({ compressedSize: 23040, localHeaderOffset: 0, modified: MODIFIED, encrypted: false });
    expect(listing.entries[3]!.compressedSize).toBeGreaterThan(2 * 1024 * 1024);
    // The last 4 KiB (which holds the end record and the whole small directory) then the directory.
    expect(source.reads).toBe(2);
    expect(source.bytesRead).toBeLessThan(4096 + 400);
  });

  it('reads ZIP64 records and extra fields', async () => {
    const { listing } = await listPath('zip-zip64.zip');
    expect(listing.zip64).toBe(true);
    expect(listing.entries.map((e) => [e.path, e.size, e.method, e.directory])).toEqual(EXPECTED);
  });

  it('finds a prefixed archive (self-extractor) and moves its offsets by the prefix', async () => {
    const { listing } = await listPath('zip-prefixed.zip');
    expect(listing.prefix).toBe(5000);
    expect(listing.entries[0]!.localHeaderOffset).toBe(5000);
    expect(listing.entries.map((e) => e.path)).toEqual(EXPECTED.map((e) => e[0]));
  });

  it('finds the end record before a 60,000-byte comment', async () => {
    const { listing } = await listPath('zip-comment.zip');
    expect(listing.entries).toHaveLength(5);
  });

  it('lists a sparse archive > 4 GiB whose directory lies past 4 GiB, reading ≤ 64 KiB + the directory', async () => {
    const path = join(tmpdir(), `me-zip-sparse-${process.pid}.zip`);
    try {
      const size = await writeSparseZip(path);
      const source = await FileHandleSource.open(path);
      try {
        const { entries, zip64 } = await listZip(source);
        expect(zip64).toBe(true);
        expect(entries.map((e) => [e.path, e.size])).toEqual([
          ['filler.bin', SPARSE_FILLER],
          ['far/fits-basic.fits', 23040],
          ['far/readme.txt', 10500],
        ]);
        expect(entries[1]!.localHeaderOffset).toBeGreaterThan(2 ** 32);
        const directory = 3 * 46 + 'filler.bin'.length + 'far/fits-basic.fits'.length + 'far/readme.txt'.length + 3 * 28;
        expect(source.bytesRead).toBeLessThanOrEqual(64 * 1024 + directory);
        expect(size).toBeGreaterThan(2 ** 32);
      } finally {
        await source.close();
      }
    } finally {
      await rm(path, { force: true });
    }
  });

  it('detects ZIPs by their first bytes or their end record', async () => {
    const basic = zipBytes(basicEntries().slice(0, 1));
    expect(startsAsZip(basic)).toBe(true);
    expect(startsAsZip(new Uint8Array([0x50, 0x4b, 5, 6]))).toBe(false);
    const prefixed = new Uint8Array(basic.length + 10);
    prefixed.set(basic, 10);
    expect(startsAsZip(prefixed)).toBe(false);
    expect(await endsAsZip(new BytesSource(prefixed))).toBe(true);
    expect(await endsAsZip(new BytesSource(new Uint8Array(100)))).toBe(false);
  });

  it('turns cut, lying and hostile archives into typed errors', async () => {
    expect(await code(listPath('zip-truncated.zip'))).toBe('truncated');
    expect(await code(listPath('zip-lying-count.zip'))).toBe('corrupt');
    expect(await code(listZip(new BytesSource(new Uint8Array(10))))).toBe('truncated');

    const one = zipBytes(basicEntries().slice(0, 1));
    const eocd = one.length - 22;
    const patched = (edit: (v: DataView) => void) => {
      const b = one.slice();
      edit(new DataView(b.buffer));
      return listZip(new BytesSource(b));
    };
    // A directory larger than the file, past the cap, at a negative place; a huge count; multi-disk.
    expect(await code(patched((v) => v.setUint32(eocd + 12, one.length * 2, true)))).toBe('corrupt');
    expect(await code(patched((v) => v.setUint32(eocd + 12, MAX_CENTRAL_DIRECTORY + 1, true)))).toBe('too-large');
    expect(await code(patched((v) => v.setUint32(eocd + 16, 0xfffffff0, true)))).toBe('corrupt');
    expect(await code(patched((v) => (v.setUint16(eocd + 8, 0xfffe, true), v.setUint16(eocd + 10, 0xfffe, true))))).toBe('corrupt');
    expect(await code(patched((v) => v.setUint16(eocd + 4, 1, true)))).toBe('unsupported-feature');
    expect(await code(patched((v) => v.setUint16(eocd + 10, 2, true)))).toBe('unsupported-feature');
    // A central header whose name runs past the directory.
    expect(await code(patched((v) => v.setUint16(eocd - (46 + 20) + 28, 5000, true)))).toBe('corrupt');
  });

  it('refuses a ZIP64 archive split over disks, and a locator pointing nowhere', async () => {
    const z = zipBytes(basicEntries().slice(0, 1), { zip64: true });
    const locator = z.length - 22 - 20;
    const multi = z.slice();
    new DataView(multi.buffer).setUint32(locator + 16, 3, true);
    expect(await code(listZip(new BytesSource(multi)))).toBe('unsupported-feature');
    const lost = z.slice();
    new DataView(lost.buffer).setUint32(lost.length - 22 - 20 - 56, 0, true);
    expect(await code(listZip(new BytesSource(lost)))).toBe('corrupt');
    const huge = z.slice();
    new DataView(huge.buffer).setBigUint64(huge.length - 22 - 20 - 56 + 32, 2n ** 60n, true);
    expect(await code(listZip(new BytesSource(huge)))).toBe('corrupt');
  });
});
