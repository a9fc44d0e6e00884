/**
 * The cache cannot hurt (issue 5): a database of another version or shape is rebuilt; damaged
 * entries, saved rows and totals are detected (misses, left out, recounted) without breaking the
 * list; a full storage quota degrades to "not cached" with a notice and nothing on screen is lost.
 */
import { test, expect, type Page } from '@playwright/test';
import { fixture, waitForBatch, row, open } from './helpers';
import { inDb, storedCount } from './stored';

/** A storage quota (bytes) under what the test's results take in IndexedDB. */
const QUOTA_BYTES = 24 * 1024;

/** Creates database `metaextract` at `version` with one store `name` keyed by `keyPath` (the app is not using it). */
async function foreignDatabase(page: Page, version: number, name: string, keyPath: string) {
  await page.goto('/?cache=off');
  await inDb(
    page,
    (openDb, { version, name, keyPath }) =>
      openDb(
        () => undefined,
        version,
        (db) => db.createObjectStore(name, { keyPath }).put({ [keyPath]: 'x', junk: true }),
      ),
    { version, name, keyPath },
  );
}

for (const [what, version, store, keyPath] of [
  ['a newer version', 9, 'junk', 'id'],
  ['the current version with other stores', 5, 'records', 'id'],
] as const) {
  test(`a database of ${what} is rebuilt and caches again`, async ({ page }) => {
    await foreignDatabase(page, version, store, keyPath);
    await page.goto('/');
    await page.setInputFiles('#files', [fixture('fits', 'fits-basic.fits')]);
    await waitForBatch(page, 1);
    await expect(page.locator('#cache-stats')).toHaveAttribute('data-entries', '1');
    await expect(page.locator('#cache-notice')).toHaveCount(0);
    expect(await storedCount(page, 'records')).toBe(1);
  });
}

test('a newer database held open by another tab: runs uncached with a notice, files still extracted', async ({ context }) => {
  // Tab 1 holds a newer version open and does not let go (no versionchange handler closes it).
  const other = await context.newPage();
  await other.goto('/?cache=off');
  await other.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('metaextract', 9);
        req.onupgradeneeded = () => req.result.createObjectStore('junk');
        req.onsuccess = () => (((window as unknown as { held: IDBDatabase }).held = req.result), resolve());
        req.onerror = () => reject(req.error);
      }),
  );
  const page = await context.newPage();
  await page.goto('/');
  await page.setInputFiles('#files', [fixture('fits', 'fits-basic.fits')]);
  await waitForBatch(page, 1);
  await expect(row(page, 'fits-basic.fits')).toHaveAttribute('data-status', 'done');
  await expect(page.locator('#cache-notice')).toHaveAttribute('data-problem', 'blocked');
});

test('damaged entries are misses and are replaced, damaged saved rows are left out, damaged totals recounted', async ({ page }) => {
  await page.goto('/');
  await page.setInputFiles('#files', [fixture('fits', 'fits-basic.fits'), fixture('dicom', 'dicom-basic.dcm'), fixture('netcdf', 'netcdf-basic.nc')]);
  await waitForBatch(page, 3);
  await expect.poll(() => storedCount(page, 'session')).toBe(3);
  await expect.poll(() => storedCount(page, 'records')).toBe(3);

  // Damage: fits-basic's stored groups, dicom-basic's stored head, netcdf-basic's saved row, a
  // saved row of nonsense, and the totals.
  await inDb(page, (openDb) =>
    openDb(
      (db) =>
        new Promise<void>((resolve, reject) => {
          const tx = db.transaction(['records', 'session', 'meta'], 'readwrite');
          const records = tx.objectStore('records');
          records.openCursor().onsuccess = (e) => {
            const c = (e.target as IDBRequest<IDBCursorWithValue | null>).result;
            if (!c) return;
            if (c.value.key.startsWith('fits-basic.fits|')) c.update({ ...c.value, groups: '[{"id": "cut' });
            if (c.value.key.startsWith('dicom-basic.dcm|')) c.update({ ...c.value, head: '"just a string"' });
            c.continue();
          };
          tx.objectStore('session').openCursor().onsuccess = (e) => {
            const c = (e.target as IDBRequest<IDBCursorWithValue | null>).result;
            if (!c) return;
            const page = c.value;
            for (const r of page.rows) if (r.key.startsWith('netcdf-basic.nc|')) r.head = '{"file": 3}';
            page.rows.push({ order: 'x', key: null, head: 7 }, null);
            c.update(page);
          };
          tx.objectStore('meta').put({ bytes: 'lots', entries: -3 }, 'totals');
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        }),
    ),
  );

  await page.reload();
  // The saved list comes back without the rows that do not read as records.
  await waitForBatch(page, 2);
  await expect(row(page, 'netcdf-basic.nc')).toHaveCount(0);
  // fits-basic's details no longer read: the row says so, and the entry is dropped.
  await open(page, 'fits-basic.fits');
  await expect(page.locator('article.detail .warning')).toContainText('no longer in the cache');
  await expect.poll(() => storedCount(page, 'records')).toBe(2);

  // Added again: dicom-basic (damaged head) and fits-basic (dropped) are extracted and stored
  // anew, netcdf-basic is still a good hit; the totals are recounted from the entries.
  await page.click('#clear');
  await page.setInputFiles('#files', [fixture('fits', 'fits-basic.fits'), fixture('dicom', 'dicom-basic.dcm'), fixture('netcdf', 'netcdf-basic.nc')]);
  await waitForBatch(page, 3);
  await expect(row(page, 'netcdf-basic.nc').locator('.cached')).toBeVisible();
  await expect(row(page, 'dicom-basic.dcm').locator('.cached')).toHaveCount(0);
  await expect(row(page, 'fits-basic.fits').locator('.cached')).toHaveCount(0);
  await expect(row(page, 'dicom-basic.dcm')).toHaveAttribute('data-status', 'done');
  await expect.poll(() => storedCount(page, 'records')).toBe(3);
  await expect(page.locator('#cache-stats')).toHaveAttribute('data-entries', '3');
  await expect(page.locator('#cache-notice')).toHaveCount(0);
});

test('a full storage quota degrades to "not cached" with a notice; results stay; clearing the cache recovers', async ({ page, baseURL }) => {
  // A quota too small for the results (DevTools' override; it takes effect for an origin that has
  // not used storage yet in this context).
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(baseURL!).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: QUOTA_BYTES });
  await page.goto('/');
  const files = ['fits-basic.fits', 'fits-cards.fits', 'fits-big.fits', 'dicom-basic.dcm', 'netcdf-basic.nc'];
  await page.setInputFiles(
    '#files',
    files.map((n) => fixture(n.split('-')[0], n)),
  );
  await waitForBatch(page, files.length);
  await expect(page.locator('#cache-notice')).toHaveAttribute('data-problem', 'quota');
  await expect(page.locator('#cache-stats')).toContainText('not cached');
  for (const name of files) await expect(row(page, name)).toHaveAttribute('data-status', 'done');

  // Room again (the override lifted), and the cache cleared: results are cached again.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.click('#clear-cache');
  await expect(page.locator('#cache-notice')).toHaveCount(0);
  await page.click('#clear');
  await page.setInputFiles('#files', [fixture('dicom', 'dicom-basic.dcm')]);
  await waitForBatch(page, 1);
  await expect(page.locator('#cache-stats')).toHaveAttribute('data-entries', '1');
});
