/**
 * A Google Photos Takeout `.tgz` part dropped in Chromium against the built app: it is read in one
 * pass (never unpacked), its file entries become rows as they are streamed (each extracted from the
 * window kept of it, `takeout-….tgz/<entry path>`), a progress bar follows the part, and dropping
 * it again or reloading is served from the cache; a multi-member gzip part is read whole (Chromium's
 * DecompressionStream stops after one member: archive/gunzip.ts); cancelling stops a pass.
 */
import { test, expect, type Page } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TAKEOUT_ALBUM, gzipMembers, takeoutSpecs, takeoutTgz, tarBytes, ustarSpecs, writeTakeoutPart } from '../scripts/fixtures/tar';
import { dropPaths } from './drop';
import { fieldValue, fixtureDir, open, row, waitForBatch } from './helpers';
import { inDb, storedCount } from './stored';

const PART = 'takeout-20240301T000000Z-001.tgz';
let dir = '';
let part = '';
let multi = '';
let big = '';
let bigFiles = 0;

test.beforeAll(async () => {
  dir = join(fixtureDir(), 'tgz-e2e');
  await mkdir(dir, { recursive: true });
  part = join(dir, PART);
  await writeFile(part, takeoutTgz());
  multi = join(dir, 'multi-member.tgz');
  await writeFile(multi, gzipMembers(tarBytes(ustarSpecs()), 4));
  big = join(dir, 'takeout-20240301T000000Z-002.tgz');
  bigFiles = (await writeTakeoutPart(big, 256 * 1024 * 1024)).files;
});

const files = takeoutSpecs().filter((s) => (s.type ?? '0') === '0');

/** Records, in the page, every value a stream bar's data-bytes takes (before the drop). */
async function watchBars(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, string[]> = {};
    (window as unknown as { barValues: typeof seen }).barValues = seen;
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll<HTMLElement>('#stream-progress .stream')) (seen[bar.dataset.name!] ??= []).push(`${bar.dataset.state}:${bar.dataset.bytes}`);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}
const barValues = (page: Page, name: string) => page.evaluate((n) => (window as unknown as { barValues: Record<string, string[]> }).barValues[n] ?? [], name);

test('a dropped .tgz part: rows for its entries with their metadata, a progress bar, and the cache on a second drop and a reload', async ({ page }) => {
  await page.goto('/');
  await dropPaths(page, [part]);
  // The part and its file entries (folders have no row).
  await waitForBatch(page, 1 + files.length);

  const archive = row(page, PART);
  await expect(archive).toHaveAttribute('data-status', 'done');
  await expect(archive).toHaveAttribute('data-format', 'tgz');
  await open(page, PART);
  expect(await fieldValue(page, 'Compression')).toBe('gzip');

  const jpeg = row(page, 'IMG_0001.jpg');
  await expect(jpeg.locator('.name')).toHaveText(`${PART}/${TAKEOUT_ALBUM}/IMG_0001.jpg`);
  await expect(jpeg).toHaveAttribute('data-format', 'photo');
  await open(page, 'IMG_0001.jpg');
  expect(await fieldValue(page, 'Make')).toContain('MetaExtract Camera Co.');
  // The part's sidecars are matched to its photos once the batch is over (src/takeout).
  await expect.poll(async () => fieldValue(page, 'TakeoutDate')).not.toBe('');

  // Larger than the window kept of an entry: their metadata from its head and tail.
  await expect(row(page, 'PXL_20240229_big.jpg')).toHaveAttribute('data-format', 'photo');
  await expect(row(page, 'PXL_20240229_big.jpg')).toHaveAttribute('data-status', 'done');
  await expect(row(page, 'VID_0001.mp4')).toHaveAttribute('data-format', 'media');
  await open(page, 'VID_0001.mp4');
  expect(await fieldValue(page, 'Title')).toBe('Fixture clip');
  await expect(row(page, 'IMG_0001.jpg.supplemental-metadata.json')).toHaveAttribute('data-format', 'takeout-sidecar');

  // Its progress bar: the whole part read, every file entry received.
  const bar = page.locator(`#stream-progress .stream[data-name="${PART}"]`);
  await expect(bar).toHaveAttribute('data-state', 'done');
  const size = Number(await bar.getAttribute('data-size'));
  expect(size).toBeGreaterThan(0);
  await expect(bar).toHaveAttribute('data-bytes', String(size));
  await expect(bar).toHaveAttribute('data-entries', String(files.length));

  // The same part again: the part and each entry are cache hits; nothing is streamed.
  const stats = page.locator('#cache-stats');
  const hits = Number(await stats.getAttribute('data-hits'));
  await dropPaths(page, [part]);
  await waitForBatch(page, 2 * (1 + files.length));
  await expect(stats).toHaveAttribute('data-hits', String(hits + 1 + files.length));
  await expect(page.locator('#stream-progress .stream')).toHaveCount(0);

  // A reload brings the list back; an entry's details are read from the cache under its own key.
  await expect.poll(() => storedCount(page, 'session')).toBe(2 * (1 + files.length));
  await page.reload();
  await waitForBatch(page, 2 * (1 + files.length));
  await row(page, 'VID_0001.mp4').first().click();
  expect(await fieldValue(page, 'Title')).toBe('Fixture clip');
  await expect(page.locator('article.detail .warning', { hasText: 'no longer in the cache' })).toHaveCount(0);
});

test('an entry no longer in the cache is read again by one more pass over the part, the others served from the cache', async ({ page }) => {
  await page.goto('/');
  await dropPaths(page, [part]);
  await waitForBatch(page, 1 + files.length);
  await expect.poll(() => storedCount(page, 'records')).toBe(1 + files.length);
  // Evicted: the MP4 entry's record leaves the cache.
  const removed = await inDb(page, (openDb) =>
    openDb(
      (db) =>
        new Promise<number>((resolve, reject) => {
          let n = 0;
          const req = db.transaction('records', 'readwrite').objectStore('records').openCursor();
          req.onsuccess = () => {
            const cursor = req.result;
            if (!cursor) return resolve(n);
            if (String(cursor.key).endsWith('/VID_0001.mp4')) {
              cursor.delete();
              n += 1;
            }
            cursor.continue();
          };
          req.onerror = () => reject(req.error);
        }),
    ),
  );
  expect(removed).toBe(1);
  await page.click('#clear');
  const stats = page.locator('#cache-stats');
  const hits = Number(await stats.getAttribute('data-hits'));
  await dropPaths(page, [part]);
  await waitForBatch(page, 1 + files.length);
  // The part and every other entry from the cache; the part streamed once more for the MP4.
  await expect(stats).toHaveAttribute('data-hits', String(hits + files.length));
  await expect(page.locator(`#stream-progress .stream[data-name="${PART}"]`)).toHaveAttribute('data-state', 'done');
  await expect(row(page, 'VID_0001.mp4')).toHaveAttribute('data-status', 'done');
  await open(page, 'VID_0001.mp4');
  expect(await fieldValue(page, 'Title')).toBe('Fixture clip');
  await expect.poll(() => storedCount(page, 'records')).toBe(1 + files.length);
});

test('a .tgz of several gzip members is read whole', async ({ page }) => {
  await page.goto('/?cache=off');
  await dropPaths(page, [multi]);
  const entries = ustarSpecs().filter((s) => (s.type ?? '0') === '0');
  await waitForBatch(page, 1 + entries.length);
  await expect(row(page, 'multi-member.tgz')).toHaveAttribute('data-status', 'done');
  for (const s of entries) await expect(row(page, s.name.split('/').pop()!).locator('.name')).toHaveText(`multi-member.tgz/${s.name}`);
  await expect(row(page, 'm31.fits')).toHaveAttribute('data-format', 'fits');
  await expect(row(page, 'split.jpg')).toHaveAttribute('data-format', 'photo');
});

test('a large part shows its progress as it is read, and Cancel stops the pass, keeping the rows it gave', async ({ page }) => {
  await page.goto('/?cache=off');
  await watchBars(page);
  const name = 'takeout-20240301T000000Z-002.tgz';
  await dropPaths(page, [big]);
  const bar = page.locator(`#stream-progress .stream[data-name="${name}"]`);
  // Partway: some entries in, and some bytes read (entries come in batches as they are read, the
  // bytes with the worker's next progress report: wait for both).
  await expect.poll(async () => Number(await bar.getAttribute('data-entries')), { timeout: 30_000 }).toBeGreaterThan(4);
  await expect.poll(async () => Number(await bar.getAttribute('data-bytes')), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.click('#cancel-all');
  await expect(bar).toHaveAttribute('data-state', 'stopped');
  await expect(row(page, name)).toHaveAttribute('data-status', 'cancelled');
  const got = Number(await bar.getAttribute('data-entries'));
  expect(got).toBeLessThan(bigFiles);
  // The part's row and one per entry received, all finished (the list is virtualised: count by #batch-progress).
  await waitForBatch(page, 1 + got);
  const size = Number(await bar.getAttribute('data-size'));
  const partway = (await barValues(page, name)).filter((v) => v.startsWith('reading:')).map((v) => Number(v.slice(8)));
  expect(partway.some((b) => b > 0 && b < size)).toBe(true);
});
