/**
 * Exact duplicates in the built app (real Chromium, real workers, real IndexedDB): a dropped folder
 * with backups, downloads, a same-size edit and empty files (scripts/bench/duplicate-folder.ts);
 * the groups found, the progress in bytes, the decision exported, and the hashes taken from the
 * cache on a second search; cancelling; copies inside a ZIP archive.
 */
import { expect, test } from '@playwright/test';
import Papa from 'papaparse';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dropPaths } from './drop';
import { waitForBatch } from './helpers';
import { storedCount } from './stored';
import { writeDuplicateFolder } from '../scripts/bench/duplicate-folder';
import { photo, pad } from '../scripts/bench/photos';
import { noise, zipBytes } from '../scripts/fixtures/zip';

const KIB = 1024;

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
  expect(csv.meta.fields).toEqual(['group', 'path', 'size', 'keep']);
  expect(csv.data).toHaveLength(expected.flat().length);
  const seven = csv.data.filter((r) => r.path.includes('IMG_0007'));
  expect(seven.map((r) => r.keep)).toEqual(['keep', 'duplicate', 'keep']);
  expect(seven.every((r) => r.size === String(150 * KIB + 7 * KIB + 2) && r.group === seven[0].group)).toBe(true);
  const [jsonDl] = await Promise.all([page.waitForEvent('download'), page.click('#duplicates-export-json')]);
  const json = JSON.parse(await readFile((await jsonDl.path())!, 'utf8')) as { groups: { size: number; keep: string[]; duplicates: string[] }[] };
  expect(json.groups).toHaveLength(5);
  expect(json.groups.every((g) => g.keep.length >= 1)).toBe(true);
  expect(json.groups.find((g) => g.keep.some((p) => p.includes('IMG_0007')))?.keep).toHaveLength(2);

  // Hashes are cached under the records' keys, by path: a backup (same name, size and date)
  // shares its original's entry.
  const backups = folder.files.filter((p) => p.startsWith('backup/')).length;
  expect(backups).toBe(3);
  expect(await storedCount(page, 'hashes')).toBe(hashedFiles.length - backups);
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
  // Cancel once the full hashes have started (bytes read, not all): in the page, without a round trip.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        (document.querySelector('#find-duplicates') as HTMLButtonElement).click();
        const check = () => {
          const el = document.querySelector('#duplicates');
          const done = Number(el?.getAttribute('data-bytes-done'));
          if (el?.getAttribute('data-phase') === 'hashing' && done > 0 && done < Number(el.getAttribute('data-bytes-total'))) {
            (document.querySelector('#duplicates-cancel') as HTMLButtonElement).click();
            resolve();
          } else requestAnimationFrame(check);
        };
        check();
      }),
  );
  const view = page.locator('#duplicates');
  await expect(view).toHaveAttribute('data-phase', 'cancelled');
  await expect(view).toHaveAttribute('data-groups', '0');
  expect(Number(await view.getAttribute('data-bytes-done'))).toBeLessThan(Number(await view.getAttribute('data-bytes-total')));
  await rm(dirname(root), { recursive: true, force: true });
});

test('finds copies inside a ZIP archive, stored or deflated, beside the file', async ({ page }) => {
  const root = join(await mkdtemp(join(tmpdir(), 'metaextract-dupes-')), 'zipped');
  const bytes = noise(300 * KIB, 5);
  await mkdir(root, { recursive: true });
  await writeFile(join(root, 'a.bin'), bytes);
  await writeFile(
    join(root, 'archive.zip'),
    zipBytes([
      { name: 'inner/a.bin', data: bytes, method: 0 },
      { name: 'inner/b.bin', data: bytes, method: 8 },
      { name: 'inner/other.bin', data: noise(300 * KIB, 6), method: 0 },
    ]),
  );
  await page.goto('/?cache=off');
  await dropPaths(page, [root]);
  // The two files, and the archive's three entries.
  await waitForBatch(page, 5);
  await page.click('#find-duplicates');
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

  // Without the files that have no duplicate: only the kept file of the group.
  await page.uncheck('#copy-unique');
  await page.click('#copy-kept');
  await expect(progress).toHaveAttribute('data-total', '1');
  await rm(dirname(root), { recursive: true, force: true });
});
