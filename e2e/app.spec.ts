/**
 * The main job end to end, in Chromium against the built app: pick one generated file of each
 * format plus bad files, see real values, search, export JSON and CSV, reload from the cache,
 * drop files and a folder.
 */
import { test, expect, type Page } from '@playwright/test';
import { readFile, writeFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import { fixture, fixtureDir, waitForBatch, listedTotal, row, open, fieldValue } from './helpers';
import { dropPaths } from './drop';

/** One generated file per format and facts a user sees for it (key → value text). */
const GOOD = [
  { format: 'fits', name: 'fits-basic.fits', formatName: /FITS/, fields: { OBJECT: 'M31', TELESCOP: 'MetaExtract 0.5m', EXPTIME: '300' } },
  { format: 'dicom', name: 'dicom-basic.dcm', formatName: /DICOM/, fields: { '(0010,0010)': 'Doe^Jane', '(0008,0060)': 'CT' } },
  { format: 'hdf5', name: 'hdf5-basic.h5', formatName: /HDF5/, fields: { datasets: '7', title: 'MetaExtract <img src=x onerror=alert(1)> sampler' } },
  { format: 'netcdf', name: 'netcdf-basic.nc', formatName: /NetCDF classic/, fields: { Conventions: 'CF-1.8', title: 'MetaExtract NetCDF test fixture' } },
  { format: 'geotiff', name: 'geotiff-basic.tif', formatName: /GeoTIFF/, fields: { EPSG: '32633', CRS: 'WGS 84 / UTM zone 33N', GDAL_NODATA: '-9999' } },
  { format: 'photo', name: 'photo-basic.jpg', formatName: /JPEG/, fields: { Make: 'MetaExtract Camera Co.', Orientation: 'Rotate 90 CW', GPSAltitude: '-12.5' } },
];

/** Each format's multi-megabyte fixture: the worker must read only a small part of it. */
const BIG = [
  ['fits', 'fits-big.fits'],
  ['dicom', 'dicom-multiframe-big.dcm'],
  ['hdf5', 'hdf5-big.h5'],
  ['netcdf', 'netcdf-large.nc'],
  ['geotiff', 'geotiff-large.tif'],
  ['photo', 'photo-big.jpg'],
] as const;

async function badFiles(): Promise<string[]> {
  const dir = join(fixtureDir(), 'bad');
  await mkdir(dir, { recursive: true });
  const fits = await readFile(fixture('fits', 'fits-basic.fits'));
  const files: [string, Uint8Array][] = [
    ['empty.jpg', new Uint8Array(0)],
    ['notes.txt', new TextEncoder().encode('just some text, no known signature\n')],
    ['cut.fits', fits.subarray(0, 1000)],
  ];
  for (const [name, bytes] of files) await writeFile(join(dir, name), bytes);
  return files.map(([name]) => join(dir, name));
}

test.use({ viewport: { width: 1400, height: 1400 } });

test('every format shows real metadata; bad files get typed errors; export; reload from cache', async ({ page }) => {
  await page.goto('/');
  const bad = await badFiles();
  await page.setInputFiles('#files', [...GOOD.map((g) => fixture(g.format, g.name)), ...BIG.map(([f, n]) => fixture(f, n)), ...bad]);
  const total = GOOD.length + BIG.length + bad.length;
  await waitForBatch(page, total);
  await expect(page.locator('#batch-progress')).toHaveAttribute('data-errors', String(bad.length));
  await expect.poll(async () => Object.keys(await statuses(page)).length).toBe(total);
  const extracted = await statuses(page);

  for (const g of GOOD) {
    await expect(row(page, g.name)).toHaveAttribute('data-status', 'done');
    const detail = await open(page, g.name);
    await expect(detail.locator('.meta .format')).toHaveText(g.formatName);
    for (const [key, value] of Object.entries(g.fields)) expect(await fieldValue(page, key), `${g.name} ${key}`).toContain(value);
  }

  // Bad files: an error row with a typed code, others unaffected.
  await expect(row(page, 'empty.jpg')).toHaveAttribute('data-status', 'error');
  await open(page, 'empty.jpg');
  await expect(page.locator('.error[data-code="truncated"]')).toBeVisible();
  await open(page, 'notes.txt');
  await expect(page.locator('.error[data-code="unsupported-format"]')).toBeVisible();
  await expect(row(page, 'cut.fits')).toHaveAttribute('data-status', /error|partial/);
  await open(page, 'cut.fits');
  await expect(page.locator('.error[data-code="truncated"]')).toBeVisible();

  // Search keeps the parents of hits and hides the rest.
  await open(page, 'fits-basic.fits');
  await page.getByLabel('Search metadata').fill('OBJECT');
  await expect(page.locator('section.groups tr.field').first()).toBeVisible();
  const keys = await page.locator('section.groups tr.field').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
  expect(keys.length).toBeGreaterThan(0);
  expect(keys.every((k) => k === 'OBJECT' || (k ?? '').includes('OBJECT'))).toBe(true);
  await page.getByLabel('Search metadata').fill('');

  // Export JSON: the record array.
  const [jsonDl] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const records = JSON.parse(await readFile((await jsonDl.path())!, 'utf8'));
  expect(records).toHaveLength(total);
  for (const [format, name] of BIG) {
    const rec = records.find((r: { file: { name: string } }) => r.file.name === name);
    expect(rec.errors, name).toEqual([]);
    expect(rec.file.size, name).toBeGreaterThan(4_000_000);
    // Read through Blob slices in the worker: at most ~2% of the file.
    expect(rec.stats.bytesRead, `${format} ${name} bytesRead`).toBeLessThan(rec.file.size / 50);
  }

  // Export CSV: one row per file with summary columns.
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const csv = Papa.parse<Record<string, string>>(await readFile((await csvDl.path())!, 'utf8'), { header: true, skipEmptyLines: true });
  expect(csv.data).toHaveLength(total);
  expect(csv.data.find((r) => r.name === 'empty.jpg')?.errors).toMatch(/^truncated:/);
  expect(csv.meta.fields?.slice(0, 4)).toEqual(['name', 'path', 'size', 'format']);

  // Reload: the list comes back from IndexedDB, marked cached, without the files.
  await page.reload();
  await waitForBatch(page, total);
  for (const g of GOOD) await expect(row(page, g.name).locator('.cached')).toBeVisible();
  await expect(page.locator('#batch-progress')).toHaveAttribute('data-errors', String(bad.length));
  const detail = await open(page, 'fits-basic.fits');
  await expect(detail.locator('.meta .cached')).toBeVisible();
  expect(await fieldValue(page, 'OBJECT')).toContain('M31');
  // The list came back without the records' groups; opening a file reads them from the cache.
  await expect(detail.locator('details[data-group]').first()).toBeVisible();
  await expect(detail.locator('[data-loading]')).toHaveCount(0);
  // And an export after the reload has every record complete.
  const [reloadedDl] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const reloaded = JSON.parse(await readFile((await reloadedDl.path())!, 'utf8')) as { file: { name: string }; groups: unknown[]; stats: { cached: boolean } }[];
  for (const g of GOOD) expect(reloaded.find((r) => r.file.name === g.name)?.groups.length).toBeGreaterThan(0);
  expect(reloaded.every((r) => r.stats.cached)).toBe(true);

  // Picking the same files again hits the cache: no worker read.
  await page.click('#clear');
  await page.setInputFiles('#files', [fixture('fits', 'fits-basic.fits')]);
  await waitForBatch(page, 1);
  await expect(row(page, 'fits-basic.fits').locator('.cached')).toBeVisible();
  // A single file added to an empty list is shown at once (a folder's first file is not); a hit's
  // groups stay in the cache until shown, then the detail view reads them.
  await expect(page.locator('article.detail h2')).toHaveText('fits-basic.fits');
  await expect(page.locator('article.detail details[data-group]').first()).toBeVisible();
  await expect(page.locator('article.detail [data-loading]')).toHaveCount(0);

  // All again: every file a hit, with the status it was extracted with (errors with or without
  // groups), and complete in an export.
  await page.click('#clear');
  await page.setInputFiles('#files', [...GOOD.map((g) => fixture(g.format, g.name)), ...BIG.map(([f, n]) => fixture(f, n)), ...bad]);
  await waitForBatch(page, total);
  await expect(page.locator('#cache-stats')).toHaveAttribute('data-hits', String(total + 1));
  await expect.poll(() => statuses(page)).toEqual(extracted);
  const [hitsDl] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const hits = JSON.parse(await readFile((await hitsDl.path())!, 'utf8')) as { file: { name: string }; groups: unknown[]; stats: { cached: boolean } }[];
  for (const g of GOOD) expect(hits.find((r) => r.file.name === g.name)?.groups.length).toBeGreaterThan(0);
  expect(hits.every((r) => r.stats.cached)).toBe(true);
});

/** Each listed row's status, by file name (the list shows every row of these small batches, drawn a moment after #batch-progress counts them: poll). */
function statuses(page: Page): Promise<Record<string, string | null>> {
  return page.locator('.row[data-name]').evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-name'), r.getAttribute('data-status')])));
}

test('a folder dropped from disk: walked recursively, relative paths kept, hidden files skipped', async ({ page }) => {
  // A real drop (e2e/drop.ts): the page gets directory entries and handles, as from a file manager.
  const root = join(await mkdtemp(join(tmpdir(), 'metaextract-drop-')), 'dropped-folder');
  await mkdir(join(root, 'night', 'm31'), { recursive: true });
  await writeFile(join(root, 'night', 'm31', 'fits-basic.fits'), await readFile(fixture('fits', 'fits-basic.fits')));
  await writeFile(join(root, 'night', 'netcdf-basic.nc'), await readFile(fixture('netcdf', 'netcdf-basic.nc')));
  await writeFile(join(root, 'photo-basic.jpg'), await readFile(fixture('photo', 'photo-basic.jpg')));
  for (const hidden of ['.DS_Store', 'Thumbs.db', 'desktop.ini']) await writeFile(join(root, hidden), 'x');
  await mkdir(join(root, '__MACOSX'), { recursive: true });
  await writeFile(join(root, '__MACOSX', '._photo-basic.jpg'), 'x');
  await page.goto('/?cache=off');
  await dropPaths(page, [root, fixture('dicom', 'dicom-basic.dcm')]);
  await waitForBatch(page, 4);
  await expect(row(page, 'fits-basic.fits').locator('.name')).toHaveText('dropped-folder/night/m31/fits-basic.fits');
  await expect(row(page, 'netcdf-basic.nc').locator('.name')).toHaveText('dropped-folder/night/netcdf-basic.nc');
  await expect(row(page, 'photo-basic.jpg').locator('.name')).toHaveText('dropped-folder/photo-basic.jpg');
  for (const name of ['fits-basic.fits', 'netcdf-basic.nc', 'photo-basic.jpg', 'dicom-basic.dcm']) await expect(row(page, name)).toHaveAttribute('data-status', 'done');
  expect(await page.locator('#batch-progress').getAttribute('data-total')).toBe('4');
  await open(page, 'fits-basic.fits');
  expect(await fieldValue(page, 'OBJECT')).toContain('M31');
  await rm(dirname(root), { recursive: true, force: true });
});

test('folders keep relative paths; dropped files are extracted', async ({ page }) => {
  await page.goto('/');
  await page.setInputFiles('#folder', join(fixtureDir(), 'fits'));
  await waitForBatch(page, await listedTotal(page));
  await expect(row(page, 'fits-basic.fits').locator('.name')).toHaveText('fits/fits-basic.fits');

  // A synthetic drop (a DataTransfer built in the page, no entries or handles): the plain Files.
  await page.click('#clear');
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.id = 'drop-source';
    input.hidden = true;
    document.body.append(input);
  });
  await page.setInputFiles('#drop-source', [fixture('dicom', 'dicom-basic.dcm'), fixture('photo', 'photo-basic.jpg')]);
  await page.evaluate(() => {
    const input = document.getElementById('drop-source') as HTMLInputElement;
    const dt = new DataTransfer();
    for (const f of Array.from(input.files ?? [])) dt.items.add(f);
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await waitForBatch(page, 2);
  await expect(row(page, 'dicom-basic.dcm')).toHaveAttribute('data-status', 'done');
  await expect(row(page, 'photo-basic.jpg')).toHaveAttribute('data-status', 'done');
});
