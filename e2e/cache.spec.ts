/**
 * The IndexedDB cache in Chromium against the built app: least-recently-used eviction past a small
 * budget (`?cache-budget=`, also enforced when the page opens with a smaller one), hits refreshing
 * an entry, the totals shown in #cache-stats matching what is stored, #clear-cache, and the
 * upgrade of version-1 and version-2 databases (records stored as objects; now JSON text) and of
 * version 3 (one saved list for all tabs; now one per tab).
 */
import { test, expect, type Page } from '@playwright/test';
import { EXTRACTORS_VERSION } from '../src/extractors/versions';
import { fixture, waitForBatch, row, open, slowFits } from './helpers';
import { inDb, storedCount } from './stored';

/** What the `usage` store holds, least recently used first: file name and size (bytes) per entry. */
function stored(page: Page): Promise<{ name: string; size: number }[]> {
  return inDb(page, (openDb) =>
    openDb(
      (db) =>
        new Promise((resolve, reject) => {
          const req = db.transaction('usage').objectStore('usage').index('lastUsed').getAll();
          req.onsuccess = () => resolve(req.result.map((r: { key: string; size: number }) => ({ name: r.key.split('|')[0], size: r.size })));
          req.onerror = () => reject(req.error);
        }),
    ),
  );
}

const names = async (page: Page) => (await stored(page)).map((e) => e.name);

/** Asserts that the stored total is within `budget` and that #cache-stats shows it; returns the names. */
async function checkTotals(page: Page, budget: number): Promise<string[]> {
  const entries = await stored(page);
  const bytes = entries.reduce((sum, e) => sum + e.size, 0);
  expect(bytes).toBeLessThanOrEqual(budget);
  const stats = page.locator('#cache-stats');
  await expect(stats).toHaveAttribute('data-entries', String(entries.length));
  await expect(stats).toHaveAttribute('data-bytes', String(bytes));
  return entries.map((e) => e.name);
}

test('past the budget, least recently used records are evicted and re-extract', async ({ page }) => {
  // Each record is 3–5 KB of JSON: 12 KiB holds two or three of them.
  const budget = 12 * 1024;
  const files = ['dicom-no-preamble.dcm', 'dicom-encapsulated.dcm', 'dicom-deflated.dcm', 'dicom-no-preamble-meta.dcm', 'dicom-large-header.dcm'];
  await page.goto(`/?cache-budget=${budget}`);
  const stats = page.locator('#cache-stats');
  await expect(stats).toHaveAttribute('data-budget', String(budget));

  // One at a time, so each is stored (and used) after the previous one.
  for (const [i, name] of files.entries()) {
    await page.setInputFiles('#files', [fixture('dicom', name)]);
    await waitForBatch(page, i + 1);
    await expect(row(page, name)).toHaveAttribute('data-status', 'done');
    await expect(row(page, name).locator('.cached')).toHaveCount(0);
    await expect.poll(() => names(page)).toContain(name);
    await checkTotals(page, budget);
  }
  const kept = await checkTotals(page, budget);
  expect(kept.length).toBeGreaterThanOrEqual(2);
  expect(kept.length).toBeLessThan(files.length);
  // The survivors are the most recent picks, in the order they were used.
  expect(kept).toEqual(files.slice(files.length - kept.length));

  // A hit comes from the cache and makes its entry the most recently used one.
  const [older, newest] = files.slice(-2);
  await page.click('#clear');
  await page.setInputFiles('#files', [fixture('dicom', older)]);
  await waitForBatch(page, 1);
  await expect(row(page, older).locator('.cached')).toBeVisible();
  await expect.poll(async () => (await names(page)).slice(-2)).toEqual([newest, older]);

  // An evicted file is read again, and stored again as the most recent entry.
  await page.setInputFiles('#files', [fixture('dicom', files[0])]);
  await waitForBatch(page, 2);
  await expect(row(page, files[0])).toHaveAttribute('data-status', 'done');
  await expect(row(page, files[0]).locator('.cached')).toHaveCount(0);
  await expect.poll(async () => (await names(page)).at(-1)).toBe(files[0]);
  const after = await checkTotals(page, budget);
  expect(after.at(-2)).toBe(older);
  await expect(stats).toHaveAttribute('data-hits', '1');
  await expect(stats).toHaveAttribute('data-misses', String(files.length + 1));

  // Opening with a smaller budget evicts at once, the most recently used entry last (both are in
  // the saved list: wait until it holds them, it is saved within a second).
  await expect.poll(() => storedCount(page, 'session')).toBe(2);
  await page.goto('/?cache-budget=5000');
  await expect(stats).toHaveAttribute('data-budget', '5000');
  await expect.poll(async () => (await names(page)).length).toBe(1);
  expect(await checkTotals(page, 5000)).toEqual([files[0]]);
});

test('a page left during a batch comes back with its list as saved before the batch, every row with its details', async ({ page }) => {
  // The cache writes once it is quiet (write-queue.ts QUIET_MS), the saved list's rows after
  // their records: a reload mid-batch must not restore rows whose records were never written.
  await page.goto('/');
  await page.setInputFiles('#files', [fixture('fits', 'fits-basic.fits')]);
  await waitForBatch(page, 1);
  await expect.poll(() => storedCount(page, 'session')).toBe(1);
  // Sixteen files of 99,000 cards (under the reader's 100,000-card cap), ≈0.3 s each: on two
  // workers the batch runs ≈2.5 s after its first two rows.
  const slow = await Promise.all([...'abcdefghijklmnop'].map((n) => slowFits(99_000, `slow-${n}.fits`)));
  await page.setInputFiles('#files', [fixture('dicom', 'dicom-basic.dcm'), ...slow]);
  const progress = page.locator('#batch-progress');
  await expect(progress).toHaveAttribute('data-done', /^([2-9]|1[0-6])$/, { timeout: 30_000 });
  await page.waitForTimeout(1200); // past the list's save delay (1 s)
  expect(Number(await progress.getAttribute('data-done')), 'the batch is still running').toBeLessThan(18);
  await page.reload();
  // The list comes back from the cache after the page loads (FileQueue.restore): wait for its first row.
  await expect(row(page, 'fits-basic.fits')).toBeVisible();
  await expect(progress).toHaveAttribute('data-listing', 'false');
  const restored = await page.locator('.row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')!));
  expect(restored).toContain('fits-basic.fits');
  for (const name of restored) {
    const detail = await open(page, name);
    await expect(detail.locator('details[data-group]').first()).toBeVisible();
    await expect(detail.locator('.warning', { hasText: 'no longer in the cache' })).toHaveCount(0);
  }
});

test('Clear cache empties it, keeps the list on screen; the next pick is extracted again', async ({ page }) => {
  const name = 'fits-basic.fits';
  await page.goto('/');
  const stats = page.locator('#cache-stats');
  await expect(stats).toHaveAttribute('data-budget', String(200 * 1024 * 1024));
  await page.setInputFiles('#files', [fixture('fits', name)]);
  await waitForBatch(page, 1);
  await expect(stats).toHaveAttribute('data-entries', '1');
  await page.click('#clear');
  await page.setInputFiles('#files', [fixture('fits', name)]);
  await waitForBatch(page, 1);
  await expect(row(page, name).locator('.cached')).toBeVisible();

  await page.click('#clear-cache');
  await expect(stats).toHaveAttribute('data-entries', '0');
  await expect(stats).toHaveAttribute('data-bytes', '0');
  expect(await stored(page)).toEqual([]);
  await expect(row(page, name)).toHaveAttribute('data-status', 'done');

  await page.click('#clear');
  await page.setInputFiles('#files', [fixture('fits', name)]);
  await waitForBatch(page, 1);
  await expect(row(page, name)).toHaveAttribute('data-status', 'done');
  await expect(row(page, name).locator('.cached')).toHaveCount(0);
  await expect(stats).toHaveAttribute('data-entries', '1');
  await expect(stats).toHaveAttribute('data-hits', '1');
  await expect(stats).toHaveAttribute('data-misses', '2');
});

test('results cached by an older version of an extractor are not used after an update: the file is extracted again', async ({ page }) => {
  const name = 'fits-basic.fits';
  await page.goto('/');
  await page.setInputFiles('#files', [fixture('fits', name)]);
  await waitForBatch(page, 1);
  await expect.poll(() => storedCount(page, 'records')).toBe(1);
  await page.click('#clear');
  // The entry as the previous release (its FITS extractor one version older) left it.
  const older = EXTRACTORS_VERSION.replace(/fits@\d+/, 'fits@0');
  await inDb(
    page,
    (openDb, [current, older]) =>
      openDb(
        (db) =>
          new Promise<void>((resolve, reject) => {
            const tx = db.transaction(['records', 'usage'], 'readwrite');
            for (const name of ['records', 'usage']) {
              const store = tx.objectStore(name);
              store.getAll().onsuccess = (e) => {
                for (const entry of (e.target as IDBRequest<{ key: string }[]>).result) {
                  store.delete(entry.key);
                  store.put({ ...entry, key: entry.key.replace(current, older) });
                }
              };
            }
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          }),
      ),
    [EXTRACTORS_VERSION, older] as const,
  );
  await page.setInputFiles('#files', [fixture('fits', name)]);
  await waitForBatch(page, 1);
  await expect(row(page, name)).toHaveAttribute('data-status', 'done');
  await expect(row(page, name).locator('.cached')).toHaveCount(0);
  await expect(page.locator('#cache-stats')).toHaveAttribute('data-hits', '0');
  await expect(page.locator('#cache-stats')).toHaveAttribute('data-misses', '2');
  // Stored anew under this version's key; the older entry stays until evicted.
  await expect.poll(() => storedCount(page, 'records')).toBe(2);
});

/** A small FITS record as an older version stored it, for a database written by hand. */
const oldRecord = (name: string, object: string) => ({
  schemaVersion: 1,
  format: { id: 'fits', name: 'FITS' },
  file: { name, size: 2880, lastModified: 1 },
  summary: [{ key: 'OBJECT', value: object }],
  groups: [],
  warnings: [],
  errors: [],
  stats: { bytesRead: 2880, reads: 1, ms: 1, extractor: 'fits', cached: false },
});

for (const version of [1, 2])
  test(`a version-${version} cache (records stored as objects) is upgraded in place: its list comes back, measured`, async ({ page }) => {
    // With the cache off the app leaves the database alone: write an old one by hand.
    await page.goto('/?cache=off');
    const record = oldRecord('old.fits', 'M42');
    await inDb(
      page,
      (openDb, { record, key, version }) =>
        openDb(
          () => undefined,
          version,
          (db) => {
            db.createObjectStore('records', { keyPath: 'key' }).put({ key, record, storedAt: 5, lastUsed: 5 });
            db.createObjectStore('session', { keyPath: 'order' }).put({ order: 0, key });
            if (version === 2) {
              const usage = db.createObjectStore('usage', { keyPath: 'key' });
              usage.createIndex('lastUsed', 'lastUsed');
              usage.put({ key, size: 999, lastUsed: 7 });
              db.createObjectStore('meta').put({ bytes: 999, entries: 1 }, 'totals');
            }
          },
        ),
      { record, key: `old.fits|2880|1|${EXTRACTORS_VERSION}`, version },
    );
    await page.goto('/');
    await waitForBatch(page, 1);
    await expect(row(page, 'old.fits').locator('.cached')).toBeVisible();
    const stats = page.locator('#cache-stats');
    await expect(stats).toHaveAttribute('data-entries', '1');
    // Stored as two texts: the record without its groups, and the groups.
    const { groups, ...head } = record;
    const size = JSON.stringify(head).length + JSON.stringify(groups).length;
    await expect(stats).toHaveAttribute('data-bytes', String(size));
    expect(await stored(page)).toEqual([{ name: 'old.fits', size }]);
  });

test('a version-3 cache (one saved list for all tabs) is upgraded: the first tab takes its list over', async ({ page }) => {
  await page.goto('/?cache=off');
  const { groups: _, ...head } = oldRecord('v3.fits', 'M81');
  const key = `v3.fits|2880|1|${EXTRACTORS_VERSION}`;
  await inDb(
    page,
    (openDb, { head, key }) =>
      openDb(
        () => undefined,
        3,
        (db) => {
          const text = { head: JSON.stringify(head), groups: '[]' };
          db.createObjectStore('records', { keyPath: 'key' }).put({ key, ...text, storedAt: 5 });
          const usage = db.createObjectStore('usage', { keyPath: 'key' });
          usage.createIndex('lastUsed', 'lastUsed');
          usage.put({ key, size: text.head.length + 2, lastUsed: 5 });
          db.createObjectStore('meta').put({ bytes: text.head.length + 2, entries: 1 }, 'totals');
          db.createObjectStore('session', { keyPath: 'page' }).put({ page: 0, rows: [{ order: 0, key, head: text.head, status: 'done' }] });
        },
      ),
    { head, key },
  );
  await page.goto('/');
  await waitForBatch(page, 1);
  await expect(row(page, 'v3.fits').locator('.cached')).toBeVisible();
  await expect(page.locator('#cache-stats')).toHaveAttribute('data-entries', '1');
});
