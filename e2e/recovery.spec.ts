/**
 * Every file ends (issue 5): a file still running at the per-file time limit has its worker
 * stopped and replaced and ends as `timeout`; the batch goes on, results already shown stay, and
 * the new worker extracts what follows. The limit is the user's setting, kept across visits.
 */
import { test, expect } from '@playwright/test';
import { fixture, waitForBatch, row, open, slowFits } from './helpers';

test('a file over the time limit ends as timeout; its worker is replaced and the batch goes on', async ({ page }) => {
  const slow = await slowFits(99_000);
  const stopped: string[] = [];
  page.on('worker', (w) => /extract\.worker/.test(w.url()) && w.on('close', () => stopped.push(w.url())));
  await page.goto('/?cache=off');
  await expect(page.locator('html')).toHaveAttribute('data-workers', 'ready', { timeout: 30_000 });
  await page.setInputFiles('#files', [fixture('fits', 'fits-basic.fits')]);
  await waitForBatch(page, 1);

  await page.locator('#settings summary').click();
  await page.locator('#time-limit').fill('0.2');
  await page.locator('#time-limit').dispatchEvent('change');
  const later = [fixture('dicom', 'dicom-basic.dcm'), fixture('photo', 'photo-basic.jpg'), fixture('netcdf', 'netcdf-basic.nc')];
  await page.setInputFiles('#files', [slow, ...later]);
  await waitForBatch(page, 5);
  await expect(row(page, 'many-cards.fits')).toHaveAttribute('data-status', 'error');
  await open(page, 'many-cards.fits');
  await expect(page.locator('.error[data-code="timeout"]')).toBeVisible();
  for (const name of ['fits-basic.fits', 'dicom-basic.dcm', 'photo-basic.jpg', 'netcdf-basic.nc']) {
    await expect(row(page, name), name).toHaveAttribute('data-status', 'done');
  }
  // The timed-out file's worker was stopped (the pool starts a new one when files need it); the
  // close event reaches the test after the row's status may have.
  await expect.poll(() => stopped.length).toBe(1);

  // The setting is kept; with a generous limit the same file, on a new worker, completes.
  await page.reload();
  await expect(page.locator('#time-limit')).toHaveValue('0.2');
  await page.locator('#settings summary').click();
  await page.locator('#time-limit').fill('60');
  await page.locator('#time-limit').dispatchEvent('change');
  await page.setInputFiles('#files', [slow]);
  await waitForBatch(page, 1, 60_000);
  await expect(row(page, 'many-cards.fits')).toHaveAttribute('data-status', 'done');
  expect(Number(await row(page, 'many-cards.fits').getAttribute('data-ms'))).toBeGreaterThan(200);

  // Its 99,003 header records are shown a page at a time.
  const detail = await open(page, 'many-cards.fits');
  await detail.locator('details[data-group="hdu-0"] > summary').click();
  const header = detail.locator('details[data-group="hdu-0-header"]');
  await header.locator('summary').click();
  await expect(header.locator(':scope > table tr.field')).toHaveCount(500);
  await header.locator(':scope > button.more').click();
  await expect(header.locator(':scope > table tr.field')).toHaveCount(1000);
  await expect(header.locator(':scope > button.more')).toContainText('1000 of 99003 shown');
});

test('an out-of-range setting is refused with a message and not kept', async ({ page }) => {
  await page.goto('/?cache=off');
  await page.locator('#settings summary').click();
  await page.locator('#time-limit').fill('0.01');
  await page.locator('#time-limit').dispatchEvent('change');
  await expect(page.locator('#settings [role="alert"]')).toContainText('out of range');
  await expect(page.locator('#time-limit')).toHaveValue('10');
  expect(await page.evaluate(() => localStorage.getItem('metaextract.settings'))).toBeNull();
  await page.reload();
  await expect(page.locator('#time-limit')).toHaveValue('10');
});
