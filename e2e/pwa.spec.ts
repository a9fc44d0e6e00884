/**
 * The installable, offline app (issue 6), in Chromium against the built app: after one visit the
 * service worker serves everything (every extractor chunk and WASM module) with the network cut;
 * Chromium finds the app installable (manifest, icons, service worker) and its manifest offers to
 * open every supported file type; the files an installed app is launched with are extracted; a
 * new version is offered, and applied only when the user says so, never in the middle of a batch.
 */
import { test, expect, type Page } from '@playwright/test';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fixture, waitForBatch, row, slowFits } from './helpers';

/** One file of each format (NetCDF-4 through HDF5 too). */
const FILES = [
  ['photo', 'photo-basic.jpg'],
  ['dicom', 'dicom-basic.dcm'],
  ['fits', 'fits-basic.fits'],
  ['hdf5', 'hdf5-basic.h5'],
  ['hdf5', 'hdf5-netcdf4.nc'],
  ['netcdf', 'netcdf-basic.nc'],
  ['geotiff', 'geotiff-basic.tif'],
  ['media', 'moov-at-end.mp4'],
  ['media', 'id3v24.mp3'],
  ['raw', 'raw-canon.cr3'],
  ['raw', 'raw-fuji.raf'],
  ['pdf', 'pdf-xref-stream.pdf'],
  ['pdf', 'pdf-aes256.pdf'],
] as const;

/** Loads the app and waits until its service worker controls the page and its workers are warm. */
async function loadApp(page: Page) {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-workers', 'ready', { timeout: 30_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
}

test('after one visit, with the network cut, the app loads and extracts every format', async ({ page, context }) => {
  await loadApp(page);
  await context.setOffline(true);
  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  await page.reload();
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await expect(page.locator('html')).toHaveAttribute('data-workers', 'ready', { timeout: 30_000 });
  await page.setInputFiles(
    '#files',
    FILES.map(([f, n]) => fixture(f, n)),
  );
  await waitForBatch(page, FILES.length);
  for (const [, name] of FILES) await expect(row(page, name), name).toHaveAttribute('data-status', 'done');
  expect(failed).toEqual([]);
  await context.setOffline(false);
});

test('Chromium finds the app installable; its manifest opens every supported file type', async ({ playwright, launchOptions, baseURL }) => {
  // On a real profile: Chromium never offers to install from an incognito one (Playwright's default).
  const profile = await mkdtemp(join(tmpdir(), 'metaextract-pwa-'));
  const context = await playwright.chromium.launchPersistentContext(profile, { ...launchOptions, baseURL });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await checkInstallable(page);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

/** Asserts Chromium's installability verdict on the loaded app, and the manifest's icons and file handlers. */
async function checkInstallable(page: Page) {
  await loadApp(page);
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
  expect(installabilityErrors).toEqual([]);
  const { errors, data } = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; data: string };
  expect(errors).toEqual([]);
  const manifest = JSON.parse(data) as {
    display: string;
    icons: { sizes: string; purpose?: string }[];
    file_handlers: { action: string; accept: Record<string, string[]> }[];
  };
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  const offered = Object.values(manifest.file_handlers[0].accept).flat();
  for (const [, name] of FILES) expect(offered, name).toContain(name.slice(name.lastIndexOf('.')));
  // The icons the manifest names are served (generated from public/favicon.svg at build time).
  for (const src of ['pwa-192x192.png', 'pwa-512x512.png', 'maskable-icon-512x512.png']) {
    const res = await page.request.get(`/${src}`);
    expect(res.headers()['content-type'], src).toBe('image/png');
  }
}

test('files the installed app is launched with are extracted', async ({ page }) => {
  // A launch from the operating system cannot be made headless: the test takes the consumer the app
  // gives window.launchQueue and calls it as a launch would, with real file handles (in the
  // origin's private file system) of two files.
  await page.addInitScript(() => {
    const w = window as unknown as { launchQueue?: { setConsumer(c: unknown): void }; __launch?: unknown };
    const queue = w.launchQueue;
    if (!queue) return;
    const set = queue.setConsumer.bind(queue);
    queue.setConsumer = (consumer) => ((w.__launch = consumer), set(consumer));
  });
  await loadApp(page);
  const files = [fixture('fits', 'fits-basic.fits'), fixture('dicom', 'dicom-basic.dcm')];
  const contents = await Promise.all(files.map(async (f) => ({ name: basename(f), bytes: [...(await readFile(f))] })));
  await page.evaluate(async (contents) => {
    const root = await navigator.storage.getDirectory();
    const handles = [];
    for (const { name, bytes } of contents) {
      const handle = await root.getFileHandle(name, { create: true });
      const writable = await handle.createWritable();
      await writable.write(new Uint8Array(bytes));
      await writable.close();
      handles.push(handle);
    }
    (window as unknown as { __launch: (p: { files: FileSystemFileHandle[] }) => void }).__launch({ files: handles });
  }, contents);
  await waitForBatch(page, 2);
  await expect(row(page, 'fits-basic.fits')).toHaveAttribute('data-status', 'done');
  await expect(row(page, 'dicom-basic.dcm')).toHaveAttribute('data-status', 'done');
});

test('a new version is offered, never forced: a batch in progress ends first, then "Reload to update" updates', async ({ page }) => {
  await loadApp(page);
  // The next version: the built service worker, one byte different (vite preview serves dist/
  // as it is on disk at each request). Put back whatever happens.
  const sw = join(process.cwd(), 'dist', 'sw.js');
  const original = await readFile(sw, 'utf8');
  const slow = await slowFits(99_000);
  const batch = await Promise.all(
    Array.from({ length: 10 }, async (_, i) => {
      const path = join(dirname(slow), `slow-${i}.fits`);
      await copyFile(slow, path);
      return path;
    }),
  );
  try {
    await writeFile(sw, `${original}\n// the next version\n`);
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    await expect(page.locator('#update')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('#update-reload')).toHaveText('Reload to update');
    // A batch starts: while files are being read, the reload waits for it.
    await page.setInputFiles('#files', batch);
    await expect(page.locator('#update-reload')).toBeDisabled();
    await expect(page.locator('#update-reload')).toHaveText('Reload to update after this batch');
    await waitForBatch(page, batch.length);
    await expect(page.locator('#update-reload')).toBeEnabled();
    await expect(page.locator('#update-reload')).toHaveText('Reload to update');
    // Nothing reloaded on its own: the batch ran to its end in the same page.
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    await Promise.all([page.waitForEvent('load'), page.click('#update-reload')]);
    await expect(page.locator('#update')).toHaveCount(0);
    const registration = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return { waiting: r?.waiting ?? null, active: r?.active?.state, controlled: navigator.serviceWorker.controller !== null };
    });
    expect(registration).toEqual({ waiting: null, active: 'activated', controlled: true });
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBeUndefined();
    // The list comes back after the update's reload.
    await waitForBatch(page, batch.length);
  } finally {
    await writeFile(sw, original);
  }
});
