/**
 * Issue 3 in the real app: the generated multi-GB sparse files (make-large) picked in Chromium
 * open with complete metadata, including structures past 4 GiB, reading at most 1 MiB each
 * (HDF5 at most 4 MiB, an MP4 1 MiB plus its moov) through Blob slices in the worker.
 */
import { test, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { makeLarge } from '../scripts/large/make-large';
import { largeMediaLayout } from '../scripts/large/media';
import { waitForBatch, row, open, fieldValue } from './helpers';

const MiB = 1024 * 1024;
/** Bytes each may read: 1 MiB (HDF5 4 MiB; an MP4 1 MiB plus its moov box, issue 16). */
const BOUND: Record<string, number> = { fits: MiB, dicom: MiB, netcdf: MiB, geotiff: MiB, hdf5: 4 * MiB, pdf: MiB, media: MiB + largeMediaLayout().moovSize };

let dir = '';
let files: { format: string; path: string }[] = [];
test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'metaextract-large-e2e-'));
  files = await makeLarge(dir);
});
test.afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test.use({ viewport: { width: 1400, height: 1200 } });

test('multi-GB files open with complete metadata past 4 GiB, reading a few KiB', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/?cache=off');
  await page.setInputFiles(
    '#files',
    files.map((f) => f.path),
  );
  await waitForBatch(page, files.length, 60_000);
  await expect(page.locator('#batch-progress')).toHaveAttribute('data-errors', '0');
  for (const { format, path } of files) {
    const r = row(page, basename(path));
    await expect(r, basename(path)).toHaveAttribute('data-status', 'done');
    const bytesRead = Number(await r.getAttribute('data-bytes-read'));
    expect(bytesRead, `${format} bytes read`).toBeGreaterThan(0);
    expect(bytesRead, `${format} bytes read`).toBeLessThanOrEqual(BOUND[format]);
  }
  for (const check of PAST_4GIB) {
    const f = files.find((x) => x.format === check.format)!;
    await open(page, basename(f.path));
    expect(await fieldValue(page, check.key, check.group), `${check.format} ${check.group} ${check.key}`).toContain(check.value);
  }
});

/** A fact per format that lies past 4 GiB (or is a size beyond 2^32), as shown in the detail view. */
const PAST_4GIB: { format: string; group: string; key: string; value: string }[] = [
  { format: 'fits', group: 'hdu-1', key: 'header_offset', value: '4299166080' },
  { format: 'fits', group: 'hdu-2', key: 'data_offset', value: '4299180480' },
  { format: 'dicom', group: 'dataset', key: '(7FE0,0010)', value: '4294966272' },
  { format: 'dicom', group: 'dataset', key: '(FFFC,FFFC)', value: '4294967342' },
  { format: 'netcdf', group: 'storage:/precip', key: 'begin', value: '4294980564' },
  { format: 'hdf5', group: 'hdf5:group:/after', key: 'address', value: '0x106430070' },
  { format: 'hdf5', group: 'hdf5:attributes:/after', key: 'note', value: 'created after the 4.4 GB dataset' },
  { format: 'geotiff', group: 'tiff', key: 'FirstIFDOffset', value: '7069499408' },
];
