/** The list's filter and sort, on the generated fixtures folder, in the real app. */
import { test, expect } from '@playwright/test';
import { fixtureDir, waitForBatch, listedTotal } from './helpers';

test.use({ viewport: { width: 1400, height: 1400 } });

test('filter by text, format and status; sort by size and by a summary field', async ({ page }) => {
  await page.goto('/?cache=off');
  await page.setInputFiles('#folder', fixtureDir());
  const total = await listedTotal(page);
  await waitForBatch(page, total);
  const names = () => page.locator('.row').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));

  await page.selectOption('#list-format', 'fits');
  const fits = await names();
  expect(fits.length).toBeGreaterThan(3);
  expect(fits.every((n) => n?.endsWith('.fits'))).toBe(true);

  await page.fill('#list-filter', 'M31');
  expect(await names()).toContain('fits-basic.fits');
  expect((await names()).length).toBeLessThan(fits.length);
  await page.fill('#list-filter', '');
  await page.selectOption('#list-format', '');

  await page.selectOption('#list-status', 'error');
  const errors = await names();
  expect(errors.length).toBe(await page.locator('.row[data-status="error"]').count());
  expect(errors.length).toBeGreaterThan(0);
  await page.selectOption('#list-status', '');

  await page.selectOption('#list-sort', 'size');
  await page.click('#list-sort-direction');
  const sizes = await page.locator('.row').evaluateAll((els) => els.map((e) => e.querySelector('.size')?.textContent ?? ''));
  expect(sizes[0]).toMatch(/MiB/);

  await page.selectOption('#list-format', 'fits');
  await page.selectOption('#list-sort', 'summary:EXPTIME');
  await expect(page.locator('#list-sort')).toHaveValue('summary:EXPTIME');
  await expect(page.locator('.toolbar .count')).toContainText(`of ${total}`);
});

test('the performance panel shows live batch figures', async ({ page }) => {
  await page.goto('/?cache=off');
  await page.click('#perf-panel summary');
  await page.setInputFiles('#folder', fixtureDir());
  const total = await listedTotal(page);
  await waitForBatch(page, total);
  await expect(page.locator('#perf-files')).toHaveText(String(total));
  expect(Number(await page.locator('#perf-rate').textContent())).toBeGreaterThan(0);
  for (const format of ['fits', 'dicom', 'hdf5', 'netcdf', 'geotiff', 'photo']) {
    await expect(page.locator(`#perf-formats tr[data-format="${format}"]`)).toBeVisible();
  }
  await expect(page.locator('#perf-panel .errors [data-code="truncated"]')).toBeVisible();
});
