/** Cancelling: queued and running files stop, the batch still completes, and the pool keeps working. */
import { test, expect } from '@playwright/test';
import { fixtureDir, fixture, waitForBatch, listedTotal, row, cancelQueued } from './helpers';

test('cancel one file and then the whole batch; the workers stay usable', async ({ page }) => {
  await page.goto('/?cache=off');
  await page.setInputFiles('#folder', fixtureDir());

  // As soon as a queued row is on screen: cancel the last one by its own ✕, then everything still
  // unfinished (which also stops the listing if it is still under way: how many rows were listed
  // depends on timing, so only the rows that came are checked).
  const name = await cancelQueued(page, 'click', true);
  const total = await listedTotal(page);
  await waitForBatch(page, total);
  await expect(page.locator('.row[data-status="queued"], .row[data-status="reading"]')).toHaveCount(0);
  // The list is virtualised: show only the cancelled rows to find and count them.
  await page.selectOption('#list-status', 'cancelled');
  await expect(row(page, name).first()).toHaveAttribute('data-status', 'cancelled');
  expect(await page.locator('.row[data-status="cancelled"]').count()).toBeGreaterThan(1);
  await page.selectOption('#list-status', '');

  // The pool still extracts after cancelling (a cancelled running job's worker was replaced).
  await page.click('#clear');
  await page.setInputFiles('#files', [fixture('hdf5', 'hdf5-basic.h5'), fixture('fits', 'fits-basic.fits')]);
  await waitForBatch(page, 2);
  await expect(row(page, 'hdf5-basic.h5')).toHaveAttribute('data-status', 'done');
  await expect(row(page, 'fits-basic.fits')).toHaveAttribute('data-status', 'done');
});
