/**
 * One pass over a generated Google Photos Takeout part (scripts/fixtures/tar.ts takeoutTgz): every
 * file entry gets the record the worker gives the same file read directly (workers/worker-api.ts
 * `recordOf`), JPEG and MP4 entries larger than the kept window included (their metadata lies in
 * its head and tail), with progress over the compressed file; and a cut part keeps what it read.
 */
import { describe, expect, it } from 'vitest';
import { TAKEOUT_ALBUM, gzipMembers, takeoutSpecs, takeoutTgz, tarBytes } from '../../scripts/fixtures/tar';
import { BytesSource } from '../extractors/source/bytes-source';
import type { MetadataRecord } from '../extractors/types';
import { recordOf } from '../workers/worker-api';
import { statusOf } from '../extractors/status';
import { HEAD_WINDOW, TAIL_WINDOW, scanTar, type ScanHandlers } from './tar-scan';
import { WindowSource } from './window-source';
import { entryName } from './entry';
import type { TarEntry } from './tar';

const PART = 'Takeout/takeout-20240301T000000Z-001.tgz';

/** Scans `bytes` as the worker does; returns the records by entry path, the progress heard, the result. */
async function scan(bytes: Uint8Array, gzip = true) {
  const records = new Map<string, MetadataRecord>();
  const progress: number[] = [];
  const handlers: ScanHandlers = {
    extract: (source, entry, path) => recordOf(source, entry.mtime * 1000, path),
    record: (entry: TarEntry, record) => records.set(entry.path, record),
    progress: (n) => progress.push(n),
  };
  const result = await scanTar({ blob: new Blob([bytes as Uint8Array<ArrayBuffer>]), gzip, path: PART }, handlers);
  return { records, progress, result };
}

/** A record without what differs between two reads of the same bytes (timings, bytes read). */
const comparable = (r: MetadataRecord) => ({ ...r, groups: r.groups, stats: { ...r.stats, ms: 0, bytesRead: 0, reads: 0 } });

const files = () => takeoutSpecs().filter((s) => (s.type ?? '0') === '0');

describe('scanTar', () => {
  it('gives each file entry of a Takeout part the record of the same file read directly, larger-than-window ones included', async () => {
    const bytes = takeoutTgz();
    const { records, result } = await scan(bytes);
    expect(result.error).toBeUndefined();
    expect(result.endMarker).toBe(true);
    expect(result.entries.map((e) => e.path)).toEqual(takeoutSpecs().map((s) => s.name));
    expect([...records.keys()]).toEqual(files().map((s) => s.name));
    const big = files().filter((s) => s.data!.length > HEAD_WINDOW + TAIL_WINDOW);
    expect(big.map((s) => entryName({ path: s.name }))).toEqual(['PXL_20240229_big.jpg', 'VID_0001.mp4']);
    for (const spec of files()) {
      const streamed = records.get(spec.name)!;
      const path = `${PART}/${spec.name}`;
      const direct = await recordOf(new BytesSource(spec.data!, entryName({ path: spec.name })), streamed.file.lastModified, path);
      expect(comparable(streamed), spec.name).toEqual(comparable(direct));
      expect(streamed.file).toEqual({ name: entryName({ path: spec.name }), size: spec.data!.length, lastModified: 1709251198000, path });
    }
    const formats = Object.fromEntries([...records].map(([p, r]) => [entryName({ path: p }), [r.format.id, statusOf(r)]]));
    expect(formats).toMatchObject({
      'metadata.json': ['takeout-album', 'done'],
      'IMG_0001.jpg': ['photo', 'done'],
      'IMG_0001.jpg.supplemental-metadata.json': ['takeout-sidecar', 'done'],
      'PXL_20240229_big.jpg': ['photo', 'done'],
      'VID_0001.mp4': ['media', 'done'],
      'archive_browser.html': ['unknown', 'error'],
    });
    const mp4 = records.get(`${TAKEOUT_ALBUM}/VID_0001.mp4`)!;
    expect(mp4.summary.find((f) => f.key === 'Title')?.value).toBe('Fixture clip');
    // A window read: each big entry's record read no more than its two windows.
    expect(mp4.stats.bytesRead).toBeLessThanOrEqual(HEAD_WINDOW + TAIL_WINDOW);
  });

  it('reports progress over the compressed file, growing, up to its size', async () => {
    const bytes = takeoutTgz();
    const { progress } = await scan(bytes);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(bytes.length);
    expect(progress.every((n, i) => i === 0 || n >= progress[i - 1]!)).toBe(true);
    // Plain tar: the same records, progress over the tar file.
    const tar = tarBytes(takeoutSpecs(), 'pax');
    const plain = await scan(tar, false);
    expect([...plain.records.keys()]).toEqual(files().map((s) => s.name));
    expect(plain.progress.at(-1)).toBe(tar.length);
  });

  it('keeps the records of the entries before a cut, and says the part is truncated', async () => {
    const tar = tarBytes(takeoutSpecs(), 'pax');
    // Cut inside the big JPEG's data.
    const at = tar.indexOf(0xff, new TextDecoder('latin1').decode(tar).indexOf('PXL_20240229_big.jpg') + 2048);
    const { records, result } = await scan(gzipMembers(tar.subarray(0, at + 100_000)));
    expect(result.error?.code).toBe('truncated');
    expect([...records.keys()].map((p) => entryName({ path: p }))).toEqual(['metadata.json', 'IMG_0001.jpg', 'IMG_0001.jpg.supplemental-metadata.json']);
  });

  it('a corrupt gzip stream ends the scan with a corrupt error', async () => {
    const bytes = takeoutTgz();
    const bad = bytes.slice();
    bad.fill(0x55, 3000, 3100);
    const { result } = await scan(bad);
    expect(result.error?.code).toBe('corrupt');
  });
});

describe('WindowSource', () => {
  it('serves its head and tail, and fails a read between them with read-failed saying why', async () => {
    const size = 1000;
    const all = new Uint8Array(size).map((_, i) => i & 0xff);
    const source = new WindowSource('a.bin', size, all.slice(0, 100), all.slice(900), 'part.tgz/a.bin');
    expect(await source.read(10, 20)).toEqual(all.subarray(10, 30));
    expect(await source.read(950, 100)).toEqual(all.subarray(950));
    await expect(source.read(90, 20)).rejects.toMatchObject({
      code: 'read-failed',
      message: expect.stringMatching(/part\.tgz\/a\.bin was read from a stream in one pass: only its first 100 and last 100 bytes/),
    });
  });
});
