/**
 * Exact duplicates in the built app (real Chromium, real workers, real IndexedDB): a dropped folder
 * with backups, downloads, a same-size edit and empty files (scripts/bench/duplicate-folder.ts);
 * the groups found, the progress in bytes, the decision exported, and the hashes taken from the
 * cache on a second search; cancelling; copies inside a ZIP archive; similar images (a generated
 * picture, resized and recompressed copies, an unrelated one: scripts/fixtures/near-duplicates.ts)
 * grouped, regrouped by the threshold, with thumbnails.
 */
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dropPaths } from './drop';
import { waitForBatch } from './helpers';
import { storedCount, storedHashCount } from './stored';
import { writeDuplicateFolder } from '../scripts/bench/duplicate-folder';
import { photo, pad } from '../scripts/bench/photos';
import { noise, zipBytes, type ZipFileSpec } from '../scripts/fixtures/zip';
import { nearDuplicateSet, picture, rgbaPng } from '../scripts/fixtures/near-duplicates';

const KIB = 1024;

/**
 * Clicks Find duplicates, then Cancel once a stage is under way (its `phase` attribute of
 * #duplicates says hashing, its `done` figure past 0 and short of its `total`): in the page,
 * without a round trip.
 */
function cancelMidway(page: Page, stage: { phase: string; done: string; total: string }): Promise<void> {
  return page.evaluate(
    ({ phase, done, total }) =>
      new Promise<void>((resolve) => {
        (document.querySelector('#find-duplicates') as HTMLButtonElement).click();
        const check = () => {
          const el = document.querySelector('#duplicates');
          const n = Number(el?.getAttribute(done));
          if (el?.getAttribute(phase) === 'hashing' && n > 0 && n < Number(el.getAttribute(total))) {
            (document.querySelector('#duplicates-cancel') as HTMLButtonElement).click();
            resolve();
          } else requestAnimationFrame(check);
        };
        check();
      }),
    stage,
  );
}

/**
 * Writes a folder `zipped` (in a new temporary folder named from `prefix`) holding one file (name,
 * bytes) and `archive.zip` of `entries`, drops it, waits for its rows (the file, the archive
 * and its entries) and clicks Find duplicates. Returns the folder's path.
 */
async function searchBesideZip(page: Page, prefix: string, [name, bytes]: [string, Uint8Array], entries: ZipFileSpec[]): Promise<string> {
  const root = join(await mkdtemp(join(tmpdir(), prefix)), 'zipped');
  await mkdir(root, { recursive: true });
  await writeFile(join(root, name), bytes);
  await writeFile(join(root, 'archive.zip'), zipBytes(entries));
  await page.goto('/?cache=off');
  await dropPaths(page, [root]);
  await waitForBatch(page, 2 + entries.length);
  await page.click('#find-duplicates');
  return root;
}

test('finds the groups of identical files, shows the bytes read, exports the decision and reuses cached hashes', async ({ page }) => {
  const root = join(await mkdtemp(join(tmpdir(), 'metaextract-dupes-')), 'photos');
  // 24 originals of 150–173 KB, all of different sizes: over the partial hash's two 64 KiB ends,
  // under 512 KiB (src/duplicates/hash.ts WHOLE_READ_MAX): read whole by the partial hash.
  const folder = await writeDuplicateFolder(root, 24, (i) => ({ name: `IMG_${pad(i, 4)}.jpg`, head: photo(i), body: 150 * KIB + i * KIB - photo(i).length, mtime: 1_700_000_000 + i * 60 }));
  for (const empty of ['empty-a.txt', 'empty-b.txt']) await writeFile(join(root, empty), '');
  const total = folder.files.length + 2;
  const sizeOf = async (path: string) => (await readFile(join(root, path))).length;

  await page.goto('/');
  await dropPaths(page, [root]);
  await waitForBatch(page, total);
  // Every value the progress showed, as the search runs.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    new MutationObserver(() => {
      const el = document.querySelector('#duplicates');
      if (el) seen.push(`${el.getAttribute('data-phase')} ${el.getAttribute('data-bytes-done')}/${el.getAttribute('data-bytes-total')}`);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.click('#find-duplicates');
  const view = page.locator('#duplicates');
  await expect(view).toHaveAttribute('data-phase', 'done');

  // The groups: each original with its copies, and the empty files; not the same-size edit.
  const groups = (await page.locator('.dup-group').evaluateAll((els) => els.map((e) => JSON.parse(e.getAttribute('data-paths')!) as string[]))).map((g) =>
    g.map((p) => p.replace(/^photos\//, '')).sort(),
  );
  const expected = [...folder.groups, ['empty-a.txt', 'empty-b.txt']];
  expect(groups.sort((a, b) => a[0].localeCompare(b[0]))).toEqual(expected.sort((a, b) => a[0].localeCompare(b[0])));
  expect(folder.groups).toHaveLength(4);

  // Bytes: each file of a shared size (the groups, and the edit with its original) read once,
  // whole, for its partial and full hashes; no other file, and the empty files never.
  const hashedFiles = [...folder.groups.flat(), 'camera/d000/IMG_0011.jpg', 'edited/IMG_0011.jpg'];
  const bytes = String((await Promise.all(hashedFiles.map(sizeOf))).reduce((a, b) => a + b, 0));
  await expect(view).toHaveAttribute('data-bytes-done', bytes);
  await expect(view).toHaveAttribute('data-bytes-total', bytes);
  await expect(view).toHaveAttribute('data-hashed', String(hashedFiles.length));
  await expect(view).toHaveAttribute('data-cached', '0');
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  expect(seen.some((s) => s.startsWith('hashing '))).toBe(true);
  const done = seen.filter((s) => s.startsWith('hashing ')).map((s) => Number(s.split(' ')[1].split('/')[0]));
  expect(done.every((b, i) => i === 0 || b >= done[i - 1])).toBe(true);

  // The group of the original downloaded twice: its facts side by side, paths and dates differing.
  const downloaded = page.locator('.dup-group', { hasText: 'IMG_0007 (2).jpg' });
  await expect(downloaded.locator('tr.differs th')).toHaveText(['Path', 'Modified']);
  await expect(downloaded.locator('input[type=checkbox]:checked')).toHaveCount(1);
  await downloaded.locator('input[type=checkbox]').nth(2).check();

  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('#duplicates-export-csv')]);
  const csv = Papa.parse<Record<string, string>>(await readFile((await csvDl.path())!, 'utf8'), { header: true, skipEmptyLines: true });
  expect(csv.meta.fields).toEqual(['group', 'kind', 'path', 'size', 'distance', 'keep']);
  const exactRows = csv.data.filter((r) => r.kind === 'exact');
  expect(exactRows).toHaveLength(expected.flat().length);
  const seven = exactRows.filter((r) => r.path.includes('IMG_0007'));
  expect(seven.map((r) => r.keep)).toEqual(['keep', 'duplicate', 'keep']);
  expect(seven.every((r) => r.size === String(150 * KIB + 7 * KIB + 2) && r.group === seven[0].group)).toBe(true);
  const [jsonDl] = await Promise.all([page.waitForEvent('download'), page.click('#duplicates-export-json')]);
  const json = JSON.parse(await readFile((await jsonDl.path())!, 'utf8')) as { groups: { kind: string; size: number; keep: string[]; duplicates: string[] }[] };
  const exactGroups = json.groups.filter((g) => g.kind === 'exact');
  expect(exactGroups).toHaveLength(5);
  expect(exactGroups.every((g) => g.keep.length >= 1)).toBe(true);
  expect(exactGroups.find((g) => g.keep.some((p) => p.includes('IMG_0007')))?.keep).toHaveLength(2);

  // Hashes are cached under the records' keys, by path: a backup (same name, size and date)
  // shares its original's entry.
  const backups = folder.files.filter((p) => p.startsWith('backup/')).length;
  expect(backups).toBe(3);
  // The pictures' perceptual hashes join the same entries (every JPEG here is a picture).
  await expect(view).toHaveAttribute('data-near-phase', 'done');
  await expect(view).toHaveAttribute('data-near-hashed', String(folder.files.length));
  expect(await storedHashCount(page, 'partial')).toBe(hashedFiles.length - backups);
  expect(await storedHashCount(page, 'perceptual')).toBe(folder.files.length - backups);
  expect(await storedCount(page, 'hashes')).toBe(folder.files.length - backups);
  await page.click('#duplicates-close');
  await page.click('#find-duplicates');
  await expect(view).toHaveAttribute('data-phase', 'done');
  await expect(view).toHaveAttribute('data-groups', '5');
  await expect(view).toHaveAttribute('data-cached', String(hashedFiles.length));
  await expect(view).toHaveAttribute('data-hashed', '0');
  await expect(view).toHaveAttribute('data-bytes-done', '0');
  await rm(dirname(root), { recursive: true, force: true });
});

test('cancels a search while it reads', async ({ page }) => {
  const root = join(await mkdtemp(join(tmpdir(), 'metaextract-dupes-')), 'big');
  // Two identical 256 MiB files (written sparse would be read as fast as zeros: write real bytes).
  const folder = await writeDuplicateFolder(root, 8, (i) => ({ name: `V${i}.jpg`, head: new Uint8Array([0xff, 0xd8]), body: i === 3 ? 256 * 1024 * KIB : 1000 + i, mtime: 1_700_000_000 }));
  await page.goto('/?cache=off');
  await dropPaths(page, [root]);
  await waitForBatch(page, folder.files.length);
  // Cancel once the full hashes have started (bytes read, not all).
  await cancelMidway(page, { phase: 'data-phase', done: 'data-bytes-done', total: 'data-bytes-total' });
  const view = page.locator('#duplicates');
  await expect(view).toHaveAttribute('data-phase', 'cancelled');
  await expect(view).toHaveAttribute('data-groups', '0');
  expect(Number(await view.getAttribute('data-bytes-done'))).toBeLessThan(Number(await view.getAttribute('data-bytes-total')));
  await rm(dirname(root), { recursive: true, force: true });
});

test('finds copies inside a ZIP archive, stored or deflated, beside the file', async ({ page }) => {
  const bytes = noise(300 * KIB, 5);
  const root = await searchBesideZip(
    page,
    'metaextract-dupes-',
    ['a.bin', bytes],
    [
      { name: 'inner/a.bin', data: bytes, method: 0 },
      { name: 'inner/b.bin', data: bytes, method: 8 },
      { name: 'inner/other.bin', data: noise(300 * KIB, 6), method: 0 },
    ],
  );
  const view = page.locator('#duplicates');
  await expect(view).toHaveAttribute('data-phase', 'done');
  await expect(view).toHaveAttribute('data-failed', '0');
  const groups = await page.locator('.dup-group').evaluateAll((els) => els.map((e) => JSON.parse(e.getAttribute('data-paths')!) as string[]));
  expect(groups.map((g) => [...g].sort())).toEqual([['zipped/a.bin', 'zipped/archive.zip/inner/a.bin', 'zipped/archive.zip/inner/b.bin']]);
  await rm(dirname(root), { recursive: true, force: true });
});

test('copies the kept files into a picked folder by a template, beside a file already there, and writes nothing twice', async ({ page }) => {
  const root = join(await mkdtemp(join(tmpdir(), 'metaextract-dupes-')), 'kept');
  const [canon, nikon, iphone] = [photo(0), photo(1), photo(4)].map((head, i) => Uint8Array.from([...head, ...noise(40 * KIB + i, 7 + i)]));
  await mkdir(join(root, 'backup'), { recursive: true });
  await writeFile(join(root, 'a.jpg'), canon);
  await writeFile(join(root, 'backup', 'a.jpg'), canon);
  await writeFile(join(root, 'c.jpg'), iphone);
  await writeFile(join(root, 'archive.zip'), zipBytes([{ name: 'inner/d.jpg', data: nikon, method: 8 }]));
  // The folder picker returns an origin-private folder holding another file at a.jpg's target; everything after it is the real API.
  await page.addInitScript(() => {
    (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle('kept', { create: true });
  });
  await page.goto('/?cache=off');
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry('kept', { recursive: true }).catch(() => {});
    let dir = await root.getDirectoryHandle('kept', { create: true });
    for (const name of ['Canon EOS R6', '2023', '06']) dir = await dir.getDirectoryHandle(name, { create: true });
    const w = await (await dir.getFileHandle('a.jpg', { create: true })).createWritable();
    await w.write('not the photo');
    await w.close();
  });
  await dropPaths(page, [root]);
  await waitForBatch(page, 5);
  await page.click('#find-duplicates');
  await expect(page.locator('#duplicates')).toHaveAttribute('data-phase', 'done');
  await expect(page.locator('.dup-group')).toHaveCount(1);
  // Keep every file but the backup copy, among the identical files and among the similar images (the
  // generated photos' pixels are alike): a file is copied when kept in a group it is in.
  const keepAllButBackup = async (kind: 'exact' | 'near') => {
    await page.click(`#duplicates-tab-${kind}`);
    for (const group of await page.locator(`.dup-group[data-kind=${kind}]`).all()) {
      const paths = JSON.parse((await group.getAttribute('data-paths'))!) as string[];
      const boxes = group.locator('input[type=checkbox]');
      for (const [i, path] of paths.entries()) if (!path.endsWith('backup/a.jpg')) await boxes.nth(i).check();
      for (const [i, path] of paths.entries()) if (path.endsWith('backup/a.jpg')) await boxes.nth(i).uncheck();
    }
  };
  await expect(page.locator('#duplicates')).toHaveAttribute('data-near-phase', 'done');
  await keepAllButBackup('exact');
  await keepAllButBackup('near');

  await page.fill('#copy-template', '{source}/{bogus}/');
  await expect(page.locator('#copy-kept')).toBeDisabled();
  await page.fill('#copy-template', '{source}/{yyyy}/{mm}/');
  await page.click('#copy-kept');
  const progress = page.locator('#copy-progress');
  await expect(progress).toHaveAttribute('data-state', 'done');
  await expect(progress).toHaveAttribute('data-written', '3');
  await expect(progress).toHaveAttribute('data-failed', '0');

  const listed = async () =>
    new Map(
      await page.evaluate(async () => {
        const out: [string, number[]][] = [];
        const walk = async (dir: FileSystemDirectoryHandle, prefix: string) => {
          for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
            if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
            else out.push([`${prefix}${name}`, [...new Uint8Array(await (await (handle as FileSystemFileHandle).getFile()).arrayBuffer())]]);
          }
        };
        await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('kept'), '');
        return out;
      }),
    );
  const copies = await listed();
  expect([...copies.keys()].sort()).toEqual(['Apple iPhone 15 Pro/2023/06/c.jpg', 'Canon EOS R6/2023/06/a (2).jpg', 'Canon EOS R6/2023/06/a.jpg', 'NIKON Z 6_2/2023/06/d.jpg']);
  expect(Buffer.from(copies.get('Canon EOS R6/2023/06/a.jpg')!).toString()).toBe('not the photo');
  expect(copies.get('Canon EOS R6/2023/06/a (2).jpg')).toEqual([...canon]);
  expect(copies.get('NIKON Z 6_2/2023/06/d.jpg')).toEqual([...nikon]);
  expect(copies.get('Apple iPhone 15 Pro/2023/06/c.jpg')).toEqual([...iphone]);

  // Again: every copy is found in place, byte for byte (the deflated entry too), and nothing is written.
  await page.click('#copy-kept');
  await expect(progress).toHaveAttribute('data-state', 'done');
  await expect(progress).toHaveAttribute('data-present', '3');
  await expect(progress).toHaveAttribute('data-written', '0');
  expect((await listed()).size).toBe(4);

  // A file no longer kept in its similar group is not copied (here every file is in a group, so leaving out those in none changes nothing).
  await page.click('#duplicates-tab-near');
  const near = page.locator('.dup-group[data-kind=near]', { hasText: 'c.jpg' });
  const paths = JSON.parse((await near.getAttribute('data-paths'))!) as string[];
  await near
    .locator('input[type=checkbox]')
    .nth(paths.findIndex((p) => p.endsWith('/c.jpg')))
    .uncheck();
  await page.uncheck('#copy-unique');
  await page.click('#copy-kept');
  await expect(progress).toHaveAttribute('data-total', '2');
  await expect(progress).toHaveAttribute('data-present', '2');
  await rm(dirname(root), { recursive: true, force: true });
});

test('finds similar images: a resized and a recompressed copy group with their original, the threshold regroups, thumbnails show', async ({ page }) => {
  const root = join(await mkdtemp(join(tmpdir(), 'metaextract-near-')), 'near');
  const set = nearDuplicateSet();
  await page.goto('/');
  // The recompressed copy: the original re-encoded as JPEG at quality 0.5 by Chromium's encoder.
  const jpeg = await page.evaluate(
    async (png) => {
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(png)]));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
      return [...new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.5 })).arrayBuffer())];
    },
    [...set.original],
  );
  await mkdir(join(root, 'copies'), { recursive: true });
  await writeFile(join(root, 'original.png'), set.original);
  await writeFile(join(root, 'copies/original.png'), set.original);
  await writeFile(join(root, 'copies/resized.png'), set.resized);
  await writeFile(join(root, 'recompressed.jpg'), new Uint8Array(jpeg));
  await writeFile(join(root, 'unrelated.png'), set.unrelated);
  // Named as a picture, not one: counted as not decodable, the search goes on.
  await writeFile(join(root, 'notes.gif'), 'not a picture\n'.repeat(10));
  await writeFile(join(root, 'readme.txt'), 'not a picture either\n');
  await dropPaths(page, [root]);
  await waitForBatch(page, 7);

  await page.click('#find-duplicates');
  const view = page.locator('#duplicates');
  await expect(view).toHaveAttribute('data-near-phase', 'done');
  await expect(view).toHaveAttribute('data-phase', 'done');
  // The five pictures and the .gif are searched; the text file is not.
  await expect(view).toHaveAttribute('data-near-total', '6');
  await expect(view).toHaveAttribute('data-near-hashed', '5');
  await expect(view).toHaveAttribute('data-near-unsupported', '1');
  await expect(view).toHaveAttribute('data-near-failed', '0');
  // The exact tab: the original and its byte-identical copy only.
  await expect(page.locator('.dup-group[data-kind=exact]')).toHaveCount(1);
  expect(JSON.parse((await page.locator('.dup-group[data-kind=exact]').getAttribute('data-paths'))!).sort()).toEqual(['near/copies/original.png', 'near/original.png']);

  await page.click('#duplicates-tab-near');
  await expect(view).toHaveAttribute('data-mode', 'near');
  await expect(view).toHaveAttribute('data-threshold', '8');
  const near = page.locator('.dup-group[data-kind=near]');
  await expect(near).toHaveCount(1);
  const paths = JSON.parse((await near.getAttribute('data-paths'))!) as string[];
  expect([...paths].sort()).toEqual(['near/copies/original.png', 'near/copies/resized.png', 'near/original.png', 'near/recompressed.jpg']);
  const distances = JSON.parse((await near.getAttribute('data-distances'))!) as number[];
  const identical = JSON.parse((await near.getAttribute('data-identical'))!) as boolean[];
  // The largest files first: the original and its copy (which is marked identical), at distance
  // 0; the edited copies some bits away, within 8.
  const at = (p: string) => paths.indexOf(p);
  expect(paths.slice(0, 2).sort()).toEqual(['near/copies/original.png', 'near/original.png']);
  expect(distances.slice(0, 2)).toEqual([0, 0]);
  expect(identical).toEqual([false, true, false, false]);
  const edited = [distances[at('near/copies/resized.png')], distances[at('near/recompressed.jpg')]];
  expect(Math.min(...edited)).toBeGreaterThan(0);
  expect(Math.max(...edited)).toBeLessThanOrEqual(8);
  await expect(near.locator('tr', { hasText: 'Distance' }).locator('td').nth(1)).toHaveText('0 bits (identical to file 1)');
  await expect(near.locator('tr.differs th')).toHaveText(['Distance', 'Path', 'Size', 'Dimensions']);

  // Thumbnails: every file of the group decoded by the browser (object URLs of the files).
  const thumbs = near.locator('img.dup-thumb');
  await expect(thumbs).toHaveCount(4);
  await expect.poll(() => thumbs.evaluateAll((imgs) => (imgs as HTMLImageElement[]).map((i) => i.naturalWidth > 0 && i.src.startsWith('blob:')))).toEqual([true, true, true, true]);

  // Keep the resized copy too (the first file is kept by default); the choice holds across thresholds.
  await expect(near.locator('input[type=checkbox]:checked')).toHaveCount(1);
  await near.locator('input[type=checkbox]').nth(at('near/copies/resized.png')).check();
  await expect(near.locator('input[type=checkbox]:checked')).toHaveCount(2);

  const firstSrc = await thumbs.first().getAttribute('src');

  // Threshold 0 keeps only byte-identical copies, which are the exact tab's: no similar group.
  await page.locator('#near-threshold').fill('0');
  await expect(view).toHaveAttribute('data-threshold', '0');
  await expect(near).toHaveCount(0);
  await page.locator('#near-threshold').fill(String(Math.max(...edited)));
  await expect(near).toHaveCount(1);
  await expect(near.locator('img.dup-thumb')).toHaveCount(4);
  await page.locator('#near-threshold').fill('8');
  await expect(view).toHaveAttribute('data-near-groups', '1');
  // Regrouped, the files keep their object URLs (one per file for the view's life).
  await expect(thumbs.first()).toHaveAttribute('src', firstSrc!);

  // The decision covers both kinds, with the distances.
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('#duplicates-export-csv')]);
  const csv = Papa.parse<Record<string, string>>(await readFile((await csvDl.path())!, 'utf8'), { header: true, skipEmptyLines: true });
  expect(csv.meta.fields).toEqual(['group', 'kind', 'path', 'size', 'distance', 'keep']);
  expect(csv.data.map((r) => [r.group, r.kind]).filter(([, k]) => k === 'exact')).toEqual([
    ['1', 'exact'],
    ['1', 'exact'],
  ]);
  const nearRows = csv.data.filter((r) => r.kind === 'near');
  expect(nearRows.map((r) => r.path).sort()).toEqual([...paths].sort());
  expect(nearRows.every((r) => r.group === '2')).toBe(true);
  expect(nearRows.find((r) => r.path === 'near/recompressed.jpg')?.distance).toBe(String(distances[at('near/recompressed.jpg')]));
  expect(nearRows.filter((r) => r.keep === 'keep').map((r) => r.path)).toEqual([paths[0], 'near/copies/resized.png']);

  // Closing the view revokes the thumbnails' object URLs: an image of one loads before, not after.
  const loads = (url: string) =>
    page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const img = new Image();
          img.onload = () => resolve('loaded');
          img.onerror = () => resolve('revoked');
          img.src = url;
        }),
      url,
    );
  const src = (await thumbs.first().getAttribute('src'))!;
  expect(await loads(src)).toBe('loaded');
  await page.click('#duplicates-close');
  expect(await loads(src)).toBe('revoked');

  // Again: every perceptual hash from the cache.
  await page.click('#find-duplicates');
  await expect(view).toHaveAttribute('data-near-phase', 'done');
  await expect(view).toHaveAttribute('data-near-cached', '5');
  await expect(view).toHaveAttribute('data-near-hashed', '0');
  await expect(view).toHaveAttribute('data-near-groups', '1');
  await rm(dirname(root), { recursive: true, force: true });
});

test('shows thumbnails of pictures inside a ZIP archive, stored or deflated, and compares them as similar images', async ({ page }) => {
  const set = nearDuplicateSet();
  const root = await searchBesideZip(
    page,
    'metaextract-near-',
    ['original.png', set.original],
    [
      { name: 'inner/stored.png', data: set.original, method: 0 },
      { name: 'inner/deflated.png', data: set.original, method: 8 },
      { name: 'inner/resized.png', data: set.resized, method: 8 },
    ],
  );
  const view = page.locator('#duplicates');
  await expect(view).toHaveAttribute('data-near-phase', 'done');
  await expect(view).toHaveAttribute('data-near-hashed', '4');
  const exact = page.locator('.dup-group[data-kind=exact]');
  await expect(exact).toHaveCount(1);
  const decoded = (group: typeof exact) => group.locator('img.dup-thumb').evaluateAll((imgs) => (imgs as HTMLImageElement[]).map((i) => i.naturalWidth));
  // The loose file, the stored entry (a slice of the archive) and the deflated one (inflated): all decoded at the picture's width.
  await expect.poll(() => decoded(exact)).toEqual([480, 480, 480]);
  await page.click('#duplicates-tab-near');
  const near = page.locator('.dup-group[data-kind=near]');
  await expect(near).toHaveCount(1);
  expect(JSON.parse((await near.getAttribute('data-paths'))!).sort()).toEqual([
    'zipped/archive.zip/inner/deflated.png',
    'zipped/archive.zip/inner/resized.png',
    'zipped/archive.zip/inner/stored.png',
    'zipped/original.png',
  ]);
  expect(JSON.parse((await near.getAttribute('data-identical'))!)).toEqual([false, true, true, false]);
  await expect.poll(() => decoded(near)).toEqual([480, 480, 480, 240]);
  await rm(dirname(root), { recursive: true, force: true });
});

test('cancels the similar-image stage and keeps the identical files found', async ({ page }) => {
  const root = join(await mkdtemp(join(tmpdir(), 'metaextract-near-')), 'many');
  await mkdir(root, { recursive: true });
  // 120 different pictures, and one byte-identical copy of the first.
  for (let i = 0; i < 120; i++) await writeFile(join(root, `p${pad(i, 3)}.png`), rgbaPng(picture('scene', 100 + i, 800, 600)));
  await writeFile(join(root, 'p000 copy.png'), await readFile(join(root, 'p000.png')));
  await page.goto('/?cache=off');
  await dropPaths(page, [root]);
  await waitForBatch(page, 121);
  // Cancel once some pictures are hashed, not all.
  await cancelMidway(page, { phase: 'data-near-phase', done: 'data-near-done', total: 'data-near-total' });
  const view = page.locator('#duplicates');
  await expect(view).toHaveAttribute('data-near-phase', 'cancelled');
  await expect(view).toHaveAttribute('data-phase', 'done');
  await expect(view).toHaveAttribute('data-groups', '1');
  await expect(page.locator('#duplicates-cancel')).toHaveCount(0);
  expect(Number(await view.getAttribute('data-near-done'))).toBeLessThan(121);
  await page.click('#duplicates-tab-near');
  await expect(page.locator('.dup-group[data-kind=near]')).toHaveCount(0);
  // The button is back: a new search runs both stages to the end.
  await expect(page.locator('#find-duplicates')).toBeEnabled();
  await rm(dirname(root), { recursive: true, force: true });
});
