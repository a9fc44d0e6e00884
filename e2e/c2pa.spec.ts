/**
 * Content Credentials in the built app, with real extraction workers: c2pa-wasm is fetched only
 * when a dropped file carries a manifest store, from the app's own origin and served by the
 * service worker's precache (its chunk and its `.wasm`); nothing else is requested, and no
 * request leaves the origin. The app checks trust against its bundled C2PA trust list, on which
 * the fixtures' test CA is not: valid fixtures read as valid with an untrusted signer.
 */
import { test, expect, type BrowserContext, type Request } from '@playwright/test';
import { join } from 'node:path';
import { writeC2paFixtures } from '../scripts/fixtures/c2pa';
import { fieldValue, fixture, fixtureDir, open, row, waitForBatch } from './helpers';

let dir = '';

test.beforeAll(async () => {
  dir = join(fixtureDir(), 'c2pa-e2e');
  await writeC2paFixtures(dir);
});

/** Every request the context sees (page, its workers, the service worker), in order. */
function recordRequests(context: BrowserContext): Request[] {
  const requests: Request[] = [];
  context.on('request', (r) => requests.push(r));
  return requests;
}

const C2PA_ASSET = /\/assets\/(c2pa-web-[^/]+\.js|c2pa_bg-[^/]+\.wasm)$/;

test('c2pa-wasm loads only for a file with Content Credentials, from the precache; integrity and trust are shown', async ({ page, context, baseURL }) => {
  const requests = recordRequests(context);
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-workers', 'ready', { timeout: 30_000 });
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // The service worker precached it at install (its own requests); warm workers and the page did not load it.
  const precached = requests.filter((r) => C2PA_ASSET.test(r.url()));
  expect(precached.length).toBe(2);
  for (const r of precached) expect(r.serviceWorker(), r.url()).not.toBeNull();

  // A photo without a manifest store: no request at all.
  let before = requests.length;
  await page.setInputFiles('#files', [fixture('photo', 'photo-basic.jpg')]);
  await waitForBatch(page, 1);
  expect(requests.slice(before).map((r) => r.url())).toEqual([]);

  before = requests.length;
  const names = ['c2pa-valid.jpg', 'c2pa-tampered.png', 'c2pa-untrusted.png', 'c2pa-valid.mp4', 'c2pa-garbled.jpg'];
  await page.setInputFiles(
    '#files',
    names.map((n) => join(dir, n)),
  );
  await waitForBatch(page, 1 + names.length);
  for (const name of names) await expect(row(page, name)).toHaveAttribute('data-status', 'done');

  // Only c2pa-wasm's chunk and module (once per worker that read such a file), from the app's
  // origin, each answered by the service worker from its precache (which itself made no request).
  const fetched = requests.slice(before);
  expect(new Set(fetched.map((r) => r.url().replace(/.*\/assets\/(c2pa[-_]\w+)-.*\.(\w+)$/, '$1.$2')))).toEqual(new Set(['c2pa-web.js', 'c2pa_bg.wasm']));
  for (const r of fetched) {
    expect(new URL(r.url()).origin).toBe(new URL(baseURL!).origin);
    expect(r.serviceWorker(), r.url()).toBeNull();
    expect((await r.response())?.fromServiceWorker(), r.url()).toBe(true);
  }

  await open(page, 'c2pa-valid.jpg');
  expect(await fieldValue(page, 'ContentCredentials', 'c2pa')).toBe('Valid, untrusted signer');
  expect(await fieldValue(page, 'Integrity', 'c2pa')).toBe('Hashes match');
  expect(await fieldValue(page, 'ClaimGenerator', 'c2pa')).toBe('MetaExtract fixtures 1.0');
  expect(await fieldValue(page, 'Signer', 'c2pa')).toBe('C2PA Test Signing Cert');
  expect(await fieldValue(page, 'SigningTime', 'c2pa')).toContain('2026-03-01');
  await open(page, 'c2pa-tampered.png');
  expect(await fieldValue(page, 'ContentCredentials', 'c2pa')).toBe('Tampered');
  await open(page, 'c2pa-valid.mp4');
  expect(await fieldValue(page, 'Integrity', 'c2pa')).toBe('Hashes match');
  await open(page, 'c2pa-garbled.jpg');
  expect(await fieldValue(page, 'ContentCredentials', 'c2pa')).toBe('Unreadable');
});
