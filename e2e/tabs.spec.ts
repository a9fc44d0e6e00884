/**
 * Two open tabs share one cache without corrupting each other (issue 5): each saves and restores
 * its own list (held with a Web Lock, tab-lock.ts), both store records in the shared cache with
 * consistent totals, and a new tab takes over the list of a closed one.
 */
import { test, expect, type Page } from '@playwright/test';
import { fixture, waitForBatch } from './helpers';
import { storedCount } from './stored';

/** The names of the rows on screen, sorted (rendered a moment after #batch-progress counts them: poll). */
const names = (page: Page) => page.locator('.row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')).sort());

test('two tabs keep their own lists and share the cache', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await Promise.all([a.goto('/'), b.goto('/')]);
  const inA = ['dicom-basic.dcm', 'fits-basic.fits'];
  const inB = ['geotiff-basic.tif', 'netcdf-basic.nc', 'photo-basic.jpg'];
  // Both at once: their records and saved lists are written in interleaved transactions.
  await Promise.all([
    a.setInputFiles(
      '#files',
      inA.map((n) => fixture(n.split('-')[0], n)),
    ),
    b.setInputFiles(
      '#files',
      inB.map((n) => fixture(n.split('-')[0], n)),
    ),
  ]);
  await Promise.all([waitForBatch(a, inA.length), waitForBatch(b, inB.length)]);
  await expect.poll(() => storedCount(a, 'session')).toBe(inA.length + inB.length);
  await expect.poll(() => storedCount(a, 'records')).toBe(inA.length + inB.length);

  // Each reload brings back that tab's own list, and both see the whole cache.
  await a.reload();
  await b.reload();
  await Promise.all([waitForBatch(a, inA.length), waitForBatch(b, inB.length)]);
  await expect.poll(() => names(a)).toEqual(inA);
  await expect.poll(() => names(b)).toEqual(inB);
  for (const page of [a, b]) await expect(page.locator('#cache-stats')).toHaveAttribute('data-entries', String(inA.length + inB.length));

  // Clearing one tab's list leaves the other's saved list alone.
  await b.click('#clear');
  await expect.poll(() => storedCount(b, 'session')).toBe(inA.length);
  await b.reload();
  // The restore is over once the workers start warming (main.ts): then the list is still empty.
  await expect(b.locator('html')).toHaveAttribute('data-workers', 'ready', { timeout: 30_000 });
  await expect(b.locator('#batch-progress')).toHaveAttribute('data-total', '0');
  await a.reload();
  await waitForBatch(a, inA.length);
  await expect.poll(() => names(a)).toEqual(inA);

  // A tab opened after A is closed takes over A's list.
  await a.close();
  const c = await context.newPage();
  await c.goto('/');
  await waitForBatch(c, inA.length);
  await expect.poll(() => names(c)).toEqual(inA);
  await expect(b.locator('#cache-notice')).toHaveCount(0);
});
