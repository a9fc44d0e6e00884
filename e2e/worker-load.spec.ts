/**
 * A worker script that cannot load (issue 14): its chunk answers 404, as when a new version has
 * replaced the files of the page on screen. The pool tries a few workers, then stops: the files
 * end as `internal` errors, one notice asks for a reload, and those errors are not cached, so
 * once the chunk is back the same files are read.
 */
import { test, expect } from '@playwright/test';
import { fixture, waitForBatch, row, open } from './helpers';

// The service worker would answer the chunk from its precache, before the route sees it.
test.use({ serviceWorkers: 'block' });

const WORKER_CHUNK = /\/assets\/extract\.worker-[\w-]+\.js$/;
const NAMES = ['fits-basic.fits', 'dicom-basic.dcm', 'photo-basic.jpg'];
const FILES = [fixture('fits', NAMES[0]), fixture('dicom', NAMES[1]), fixture('photo', NAMES[2])];

test('workers that cannot load: files end as internal errors, one notice, no endless retries, nothing cached', async ({ page, context }) => {
  let requests = 0;
  await context.route(WORKER_CHUNK, (route) => ((requests += 1), route.fulfill({ status: 404, body: 'gone' })));
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-workers', 'unavailable', { timeout: 30_000 });
  await expect(page.locator('#worker-notice')).toContainText('Reload the page');

  await page.setInputFiles('#files', FILES);
  await waitForBatch(page, FILES.length);
  for (const name of NAMES) await expect(row(page, name)).toHaveAttribute('data-status', 'error');
  await open(page, NAMES[0]);
  await expect(page.locator('.error[data-code="internal"]')).toContainText('could not be loaded');
  await expect(page.locator('#worker-notice')).toHaveCount(1);
  // No worker is started after the pool gave up.
  const tried = requests;
  expect(tried).toBeGreaterThan(0);
  await page.waitForTimeout(1000);
  expect(requests).toBe(tried);

  // The chunk is back: after a reload the same files are read, not taken from the cache.
  await context.unroute(WORKER_CHUNK);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-workers', 'ready', { timeout: 30_000 });
  await expect(page.locator('#worker-notice')).toHaveCount(0);
  await page.click('#clear');
  await page.setInputFiles('#files', FILES);
  await waitForBatch(page, FILES.length);
  for (const name of NAMES) await expect(row(page, name)).toHaveAttribute('data-status', 'done');
});
