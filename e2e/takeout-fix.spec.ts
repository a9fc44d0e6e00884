/**
 * Writing fixed copies of a Takeout export dropped as ZIP parts, in Chromium against the built app:
 * the copies go into an origin-private folder (the folder picker, which a test cannot click, is
 * replaced by one that returns it: the writing itself is the real File System Access API), the
 * page is killed midway, the export added again and the run resumed; every copy is then read back
 * with our own extractor in Node and checked against its sidecar, copies written before the kill
 * were not written again, and no original changed. Without a folder picker the copies come as one
 * ZIP download, each dated with its photo's date taken.
 */
import { test, expect, type Page } from '@playwright/test';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { baselineJpeg } from '../scripts/fixtures/photo';
import { mp4Bytes } from '../scripts/fixtures/media';
import { zipBytes, type ZipFileSpec } from '../scripts/fixtures/zip';
import { extractRecord } from '../src/extractors/run';
import { BytesSource } from '../src/extractors/source/bytes-source';
import { embeddedDate, embeddedPeople, embeddedPosition } from '../src/takeout/annotate';
import { listZip } from '../src/archive/zip';
import { ZipEntrySource } from '../src/archive/zip-entry-source';
import { fixtureDir, waitForBatch } from './helpers';

const PHOTOS = 120;
const FOLDER = 'Takeout/Google Photos/Photos from 2019';
const taken = (i: number) => 1559383810 + i * 60;
const sidecar = (title: string, i: number) =>
  new TextEncoder().encode(
    JSON.stringify({
      title,
      photoTakenTime: { timestamp: String(taken(i)), formatted: '' },
      creationTime: { timestamp: String(taken(i) + 99), formatted: '' },
      geoData: { latitude: 38.7 + i / 1000, longitude: -9.1, altitude: 12.0, latitudeSpan: 0.0, longitudeSpan: 0.0 },
      people: [{ name: `Person ${i}` }],
    }),
  );

/** Bytes after photo 0's EOI (copied byte for byte): they make it larger than the head the page reads of a JPEG to embed its tags (fix-copies.svelte.ts JPEG_HEAD_BYTES). */
const TRAILER = Uint8Array.from({ length: 300 * 1024 }, (_, i) => (i * 7) & 0xff);

let parts: string[] = [];
const originals = new Map<string, string>();
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

test.beforeAll(async () => {
  const dir = join(fixtureDir(), 'takeout-fix-e2e');
  await mkdir(dir, { recursive: true });
  const specs: ZipFileSpec[][] = [[], []];
  for (let i = 0; i < PHOTOS; i++) {
    const name = `IMG_${String(i).padStart(4, '0')}.jpg`;
    const image = baselineJpeg({ width: 16 + (i % 5) * 8, height: 16, sampling: '4:2:0', quality: 80 + (i % 10) });
    const jpeg = i === 0 ? new Uint8Array([...image, ...TRAILER]) : image;
    // Each photo's JSON in the other part half of the time; photo 1 deflated (its copy is spliced from its inflated bytes, not from slices of its part).
    specs[0].push({ name: `${FOLDER}/${name}`, data: jpeg, method: i === 1 ? 8 : 0 });
    specs[i % 2].push({ name: `${FOLDER}/${name}.json`, data: sidecar(name, i), method: 8 });
  }
  const video = mp4Bytes({ mdatBytes: 4096, title: 'clip', artist: '', location: '' });
  specs[1].push({ name: `${FOLDER}/VID_0001.mp4`, data: video, method: 0 }, { name: `${FOLDER}/VID_0001.mp4.json`, data: sidecar('VID_0001.mp4', 999), method: 8 });
  parts = await Promise.all(
    specs.map(async (entries, k) => {
      const path = join(dir, `takeout-20261207T000000Z-00${k + 1}.zip`);
      const bytes = zipBytes(entries);
      await writeFile(path, bytes);
      originals.set(path, sha(bytes));
      return path;
    }),
  );
});

/** Every file under the origin-private folder `fixed`, as path → bytes and lastModified. */
async function copies(page: Page): Promise<Map<string, { bytes: Uint8Array; modified: number }>> {
  const listed = await page.evaluate(async () => {
    const out: [string, number[], number][] = [];
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string) => {
      for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
        else {
          const file = await (handle as FileSystemFileHandle).getFile();
          out.push([`${prefix}${name}`, [...new Uint8Array(await file.arrayBuffer())], file.lastModified]);
        }
      }
    };
    const root = await navigator.storage.getDirectory();
    await walk(await root.getDirectoryHandle('fixed', { create: true }), '');
    return out;
  });
  return new Map(listed.map(([path, bytes, modified]) => [path, { bytes: Uint8Array.from(bytes), modified }]));
}

async function openExport(page: Page) {
  // The folder picker returns an origin-private folder; everything after it is the real API.
  await page.addInitScript(() => {
    (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle('fixed', { create: true });
  });
  await page.goto('/?cache=off');
  await page.setInputFiles('#files', parts);
  await waitForBatch(page, 2 + 2 * PHOTOS + 2, 60_000);
  await expect(page.locator('#takeout-summary button[data-facet="sidecar"]')).toHaveAttribute('data-count', String(PHOTOS + 1));
  await expect(page.locator('#takeout-summary button[data-facet="gains-people"]')).toHaveAttribute('data-count', String(PHOTOS + 1));
}

test('fixed copies are written into a picked folder, survive a killed page, resume, and carry their sidecar', async ({ context }) => {
  test.setTimeout(180_000);
  let page = await context.newPage();
  await openExport(page);
  await page.click('#fix-write');
  const progress = page.locator('#fix-progress');
  await expect.poll(async () => Number(await progress.getAttribute('data-written')), { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
  await page.close({ runBeforeUnload: false });

  page = await context.newPage();
  await page.goto('/?cache=off');
  const before = await copies(page);
  // A copy being written when the page died is an empty file (created, its bytes not yet moved
  // into place from the API's swap file): only whole copies count as written.
  const written = [...before].filter(([p, f]) => p.endsWith('.jpg') && f.bytes.length > 0).map(([p]) => p);
  expect(written.length).toBeGreaterThanOrEqual(10);
  expect(written.length).toBeLessThan(PHOTOS);
  await openExport(page);
  await page.click('#fix-resume');
  await expect(page.locator('#fix-progress')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.locator('#fix-progress')).toHaveAttribute('data-failed', '0');
  await expect(page.locator('#fix-progress')).toHaveAttribute('data-written', String(PHOTOS + 1));
  // Up to four copies are in progress at once (fix-copies.svelte.ts COPIES_AT_ONCE) and their journal marks are not waited for: the kill may catch a few written but not yet in the journal.
  expect(Number(await page.locator('#fix-progress').getAttribute('data-resumed'))).toBeGreaterThanOrEqual(written.length - 4);

  const after = await copies(page);
  // Copies the killed run had finished were not written again.
  const kept = written.filter((p) => after.get(p)?.modified === before.get(p)!.modified);
  expect(kept).toEqual(written);
  for (let i = 0; i < PHOTOS; i++) {
    const path = `${FOLDER}/IMG_${String(i).padStart(4, '0')}.jpg`;
    const copy = after.get(path);
    expect(copy, path).toBeDefined();
    const record = await extractRecord({ source: new BytesSource(copy!.bytes, path) });
    expect(embeddedDate(record)?.seconds, path).toBe(taken(i));
    const here = embeddedPosition(record)!;
    expect(here.lat).toBeCloseTo(38.7 + i / 1000, 5);
    expect(here.lon).toBeCloseTo(-9.1, 5);
    expect(embeddedPeople(record)).toEqual([`Person ${i}`]);
  }
  // The large photo's copy ends with its original's trailing bytes, unchanged.
  const large = after.get(`${FOLDER}/IMG_0000.jpg`)!.bytes;
  expect(large.length).toBeGreaterThan(TRAILER.length);
  expect(Buffer.from(large.subarray(large.length - TRAILER.length)).equals(Buffer.from(TRAILER))).toBe(true);
  // The video: an unmodified copy and an XMP sidecar.
  expect(after.get(`${FOLDER}/VID_0001.mp4`)?.bytes.length).toBe(mp4Bytes({ mdatBytes: 4096, title: 'clip', artist: '', location: '' }).length);
  expect(new TextDecoder().decode(after.get(`${FOLDER}/VID_0001.mp4.xmp`)?.bytes)).toContain('Person 999');
  // The originals are untouched.
  for (const [path, hash] of originals) expect(sha(new Uint8Array(await readFile(path)))).toBe(hash);
});

test('without a folder picker (browsers other than Chromium), the fixed copies come as one ZIP download', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => {
    delete (window as unknown as { showDirectoryPicker?: unknown }).showDirectoryPicker;
  });
  await page.goto('/?cache=off');
  await page.setInputFiles('#files', parts);
  await waitForBatch(page, 2 + 2 * PHOTOS + 2, 60_000);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('#fix-write')]);
  const zip = new Uint8Array(await readFile(await download.path()));
  const archive = new BytesSource(zip, 'fixed.zip');
  const { entries } = await listZip(archive);
  const names = entries.map((e) => e.path);
  expect(names).toContain(`${FOLDER}/IMG_0007.jpg`);
  expect(names).toContain(`${FOLDER}/VID_0001.mp4.xmp`);
  const entry = entries.find((e) => e.path === `${FOLDER}/IMG_0007.jpg`)!;
  const copy = await new ZipEntrySource(archive, entry).read(0, entry.size);
  const record = await extractRecord({ source: new BytesSource(copy, 'IMG_0007.jpg') });
  expect(embeddedDate(record)?.seconds).toBe(taken(7));
  expect(embeddedPeople(record)).toEqual(['Person 7']);
  // The copy's date in the ZIP is the photo's date taken (MS-DOS time, two-second steps).
  expect(Math.abs(Date.parse(entry.modified) - taken(7) * 1000)).toBeLessThanOrEqual(2000);
  await expect(page.locator('#fix-progress')).toHaveAttribute('data-state', 'done');
});
