/**
 * Privacy, enforced (issue 5): once the app has loaded, extracting files of every format makes no
 * request at all (page, workers and service worker alike), the built app carries its Content
 * Security Policy, and metadata text with HTML, script and URL payloads is shown as text: nothing
 * executes, nothing loads.
 */
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { fixture, waitForBatch, open, openAllGroups, row } from './helpers';
import { IMG_PAYLOAD, URL_PAYLOAD } from '../scripts/fixtures/payloads';

/**
 * Files of every format (and NetCDF-4) with hostile text (scripts/fixtures/payloads.ts) in their
 * text fields: `img` (all of them) and `url` (a `javascript:` link and an absolute URL).
 */
const FILES = [
  ['photo', 'photo-basic.jpg', { url: true }],
  ['photo', 'photo-text.png', { url: false }],
  ['dicom', 'dicom-basic.dcm', { url: true }],
  ['fits', 'fits-basic.fits', { url: false }],
  ['fits', 'fits-cards.fits', { url: true }],
  ['hdf5', 'hdf5-basic.h5', { url: true }],
  ['hdf5', 'hdf5-netcdf4.nc', { url: false }],
  ['netcdf', 'netcdf-basic.nc', { url: true }],
  ['geotiff', 'geotiff-basic.tif', { url: true }],
  ['pdf', 'pdf-classic.pdf', { url: true }],
  ['media', 'media-payload.mp4', { url: true }],
] as const;

/** Every request the context sees (page, its workers, the service worker), in order. */
function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  return urls;
}

/** Collects Content Security Policy violations reported in the page into `window.__violations`. */
function observeViolations() {
  const w = window as unknown as { __violations: string[] };
  w.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

/** Loads the app and waits until it is fully loaded: workers warm, service worker active. */
async function loadApp(page: Page) {
  await page.addInitScript(observeViolations);
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-workers', 'ready', { timeout: 30_000 });
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
}

test('after the app has loaded, extracting every format makes no request at all', async ({ page, context }) => {
  const requests = recordRequests(context);
  await loadApp(page);
  // The recorder sees the workers' own requests: their extractor chunks and h5wasm's WASM module
  // (a file of its own, scripts/vite-h5wasm.ts) were fetched while warming.
  expect(requests.some((u) => /\/assets\/extract\.worker-[^/]+\.js$/.test(u))).toBe(true);
  expect(requests.some((u) => /\/assets\/h5wasm-web-[^/]+\.js$/.test(u))).toBe(true);
  expect(requests.some((u) => /\/assets\/hdf5_util-[^/]+\.wasm$/.test(u))).toBe(true);

  const before = requests.length;
  await page.setInputFiles(
    '#files',
    FILES.map(([f, n]) => fixture(f, n)),
  );
  await waitForBatch(page, FILES.length);
  for (const [, name] of FILES) {
    await expect(row(page, name)).toHaveAttribute('data-status', 'done');
    await open(page, name);
  }
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  await json.path();
  expect(requests.slice(before)).toEqual([]);
  expect(await violations(page)).toEqual([]);
});

test('the built app sends its Content Security Policy, and it holds', async ({ page }) => {
  await page.addInitScript(observeViolations);
  const response = await page.goto('/');
  const policy = response!.headers()['content-security-policy'];
  expect(policy).toContain("connect-src 'self'");
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).not.toMatch(/'unsafe-(eval|inline)'/);
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(policy);
  // (DevTools' own evaluation may eval, so what is probed is what a page could do: inline
  // script, inline event handlers, connections elsewhere.)
  await page.addScriptTag({ content: 'window.__inline = true' }).catch(() => undefined);
  const probe = await page.evaluate(async () => {
    const img = document.createElement('div');
    img.innerHTML = '<img src="data:," onerror="window.__handler = true">';
    document.body.append(img);
    await new Promise((r) => setTimeout(r, 100));
    img.remove();
    // Another origin that answers (the same server by IP): only the policy can stop this.
    const leaked = await fetch(`http://127.0.0.1:${location.port}/`, { mode: 'no-cors' }).then(
      () => true,
      () => false,
    );
    const w = window as unknown as { __inline?: boolean; __handler?: boolean };
    return { inline: w.__inline ?? false, handler: w.__handler ?? false, leaked };
  });
  expect(probe).toEqual({ inline: false, handler: false, leaked: false });
  const blocked = (await violations(page)).map((v) => v.split(' ')[0]);
  expect(blocked).toEqual(expect.arrayContaining(['script-src-elem', 'script-src-attr', 'connect-src']));
});

test('metadata text with HTML, script and URL payloads is shown as text; nothing runs or loads', async ({ page, context }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
  const requests = recordRequests(context);
  await loadApp(page);
  const before = requests.length;
  const scripts = await page.locator('script').count();

  await page.setInputFiles(
    '#files',
    FILES.map(([f, n]) => fixture(f, n)),
  );
  await waitForBatch(page, FILES.length);
  for (const [format, name, flags] of FILES) {
    const detail = await open(page, name);
    await openAllGroups(page);
    // The payloads are there, as text.
    await expect(detail.locator('section.groups'), `${format} ${name}`).toContainText(IMG_PAYLOAD);
    if (flags.url) await expect(detail.locator('section.groups'), `${format} ${name}`).toContainText(URL_PAYLOAD);
    await expect(page.locator('img')).toHaveCount(0);
    await expect(page.locator('a')).toHaveCount(0);
    await expect(page.locator('script')).toHaveCount(scripts);
    await page.getByLabel('Search metadata').fill('onerror');
    await expect(detail.locator('section.groups tr.field').first()).toContainText('onerror');
    await page.getByLabel('Search metadata').fill('');
  }
  expect(dialogs).toEqual([]);
  expect(requests.slice(before)).toEqual([]);
  expect(await violations(page)).toEqual([]);
});
