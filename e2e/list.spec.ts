/** The list's filter and sort, on the generated fixtures folder, in the real app. */
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
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

test('the source facet counts what made each file, filters the list, and the CSV has the source columns', async ({ page }) => {
  await page.goto('/?cache=off');
  await page.setInputFiles('#folder', fixtureDir());
  const total = await listedTotal(page);
  await waitForBatch(page, total);
  // The list is virtual: what it holds is read from its count ("N of total"), names only of short lists.
  const shown = async () => Number((await page.locator('.toolbar .count').textContent())!.split(' ')[0]);
  const names = () => page.locator('.row').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')!).sort());
  const facet = page.locator('#source-facet');
  // Every file something was read from has a source: the kinds add up to the files without the status "error".
  await page.selectOption('#list-status', 'error');
  const errors = await shown();
  await page.selectOption('#list-status', '');
  const kindCounts = async () =>
    Object.fromEntries(await facet.locator('[data-source-kind]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-source-kind')!, Number(e.getAttribute('data-count'))])));
  await expect.poll(async () => Object.values(await kindCounts()).reduce((n, c) => n + c, 0)).toBe(total - errors);
  const kinds = await kindCounts();
  expect(Object.keys(kinds)).toEqual(expect.arrayContaining(['generator', 'phone', 'screenshot', 'instrument', 'unknown']));

  for (const [kind, count] of Object.entries(kinds)) {
    await facet.locator(`[data-source-kind="${kind}"]`).click();
    expect(await shown(), kind).toBe(count);
    await facet.locator(`[data-source-kind="${kind}"]`).click();
  }
  await facet.locator('[data-source-kind="generator"]').click();
  await facet.locator('[data-source="SwarmUI"]').click();
  expect(await names()).toEqual(['ai-swarmui.jpg', 'ai-swarmui.png']);
  await facet.locator('[data-source="SwarmUI"]').click();
  await facet.locator('[data-source-kind="phone"]').click();
  expect(await names()).toContain('ai-phone.jpg');
  await facet.locator('[data-source-kind="phone"]').click();
  await expect(page.locator('.toolbar .count')).toHaveText(`${total} files`);

  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const csv = Papa.parse<Record<string, string>>(await readFile((await csvDl.path())!, 'utf8'), { header: true, skipEmptyLines: true });
  expect(csv.data.find((r) => r.name === 'ai-phone.jpg')).toMatchObject({ source: 'Apple iPhone 13', sourceKind: 'phone' });
  expect(csv.data.find((r) => r.name === 'ai-swarmui.png')).toMatchObject({ source: 'SwarmUI', sourceKind: 'generator' });
  expect(csv.data.find((r) => r.name === 'ai-swarmui.png')?.sourceEvidence).toMatch(/generation parameters \(PNG tEXt parameters\)/);
});
