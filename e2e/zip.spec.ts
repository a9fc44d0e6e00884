/**
 * A ZIP picked in Chromium against the built app: the archive's row (format zip, its entries
 * listed) and one row per file entry (`archive.zip/<entry path>`), each extracted like a file
 * through range reads of the archive; adding the same ZIP again is all cache hits.
 */
import { test, expect } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipBytes } from '../scripts/fixtures/zip';
import { basicFile } from '../scripts/fixtures/fits';
import { jpegWithMetadata } from '../scripts/fixtures/photo';
import { fieldValue, fixtureDir, open, row, waitForBatch } from './helpers';
import { storedCount } from './stored';

let archive = '';
test.beforeAll(async () => {
  const dir = join(fixtureDir(), 'zip-e2e');
  await mkdir(dir, { recursive: true });
  archive = join(dir, 'archive.zip');
  const bytes = zipBytes([
    { name: 'sky/m31.fits', data: basicFile(), method: 0 },
    { name: 'photos/', data: new Uint8Array(0), method: 0 },
    { name: 'photos/camera.jpg', data: jpegWithMetadata(), method: 8 },
  ]);
  await writeFile(archive, bytes);
});

test('a picked ZIP lists its entries as rows, each extracted like a file, and comes back from the cache', async ({ page }) => {
  await page.goto('/');
  await page.setInputFiles('#files', [archive]);
  // The archive and its two file entries (the folder entry has no row).
  await waitForBatch(page, 3);

  const zip = row(page, 'archive.zip');
  await expect(zip).toHaveAttribute('data-status', 'done');
  await expect(zip).toHaveAttribute('data-format', 'zip');
  await open(page, 'archive.zip');
  expect(await fieldValue(page, 'path')).toBe('sky/m31.fits');

  const fits = row(page, 'm31.fits');
  await expect(fits.locator('.name')).toHaveText('archive.zip/sky/m31.fits');
  await expect(fits).toHaveAttribute('data-status', 'done');
  await expect(fits).toHaveAttribute('data-format', 'fits');
  await open(page, 'm31.fits');
  expect(await fieldValue(page, 'OBJECT')).toContain('M31');

  const jpeg = row(page, 'camera.jpg');
  await expect(jpeg.locator('.name')).toHaveText('archive.zip/photos/camera.jpg');
  await expect(jpeg).toHaveAttribute('data-status', 'done');
  await expect(jpeg).toHaveAttribute('data-format', 'photo');
  await open(page, 'camera.jpg');
  expect(await fieldValue(page, 'Make')).toContain('MetaExtract Camera Co.');

  // The same ZIP again: the archive and each entry are cache hits.
  const stats = page.locator('#cache-stats');
  const hits = Number(await stats.getAttribute('data-hits'));
  await page.setInputFiles('#files', []);
  await page.setInputFiles('#files', [archive]);
  await waitForBatch(page, 6);
  await expect(stats).toHaveAttribute('data-hits', String(hits + 3));
  await expect(page.locator('.row[data-status="done"] .cached')).toHaveCount(3);

  // A reload brings the list back; an entry's details are read from the cache under its own key.
  await expect.poll(() => storedCount(page, 'session')).toBe(6);
  await page.reload();
  await waitForBatch(page, 6);
  await expect(row(page, 'm31.fits').first().locator('.name')).toHaveText('archive.zip/sky/m31.fits');
  await row(page, 'm31.fits').first().click();
  expect(await fieldValue(page, 'OBJECT')).toContain('M31');
  await expect(page.locator('article.detail .warning', { hasText: 'no longer in the cache' })).toHaveCount(0);
});
