/**
 * A Google Photos Takeout folder picked in the real app (#folder keeps the paths): the sidecar JSON
 * files become takeout-sidecar rows saying what they describe, and the photos' detail views show
 * the sidecar's facts (the `takeout` group and the summary's Taken (Takeout)), by the naming rules
 * of src/takeout/match.ts (name.jpg.json, an -edited copy, name(1).jpg ↔ name.jpg(1).json).
 */
import { test, expect } from '@playwright/test';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineJpeg, jpegWithMetadata } from '../scripts/fixtures/photo';
import { zipBytes } from '../scripts/fixtures/zip';
import { waitForBatch, listedTotal, open, fieldValue, row } from './helpers';

let root: string;
let folder: string;
let parts: string[];

/** A sidecar as Google writes it (timestamps as strings, `formatted` beside them, people as objects). */
const sidecar = (title: string, taken: number, people: string[]) =>
  JSON.stringify(
    {
      title,
      description: '',
      imageViews: '3',
      creationTime: { timestamp: String(taken + 3600), formatted: 'later' },
      photoTakenTime: { timestamp: String(taken), formatted: 'then' },
      geoData: { latitude: 38.7139, longitude: -9.1394, altitude: 12.0, latitudeSpan: 0.0, longitudeSpan: 0.0 },
      geoDataExif: { latitude: 38.7139, longitude: -9.1394, altitude: 12.0, latitudeSpan: 0.0, longitudeSpan: 0.0 },
      people: people.map((name) => ({ name })),
      url: 'https://photos.google.com/photo/AF1Qip',
      googlePhotosOrigin: { mobileUpload: { deviceType: 'ANDROID_PHONE' } },
    },
    null,
    2,
  );

test.beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'takeout-e2e-'));
  folder = join(root, 'Takeout');
  const photos = join(folder, 'Google Photos', 'Photos from 2019');
  const album = join(folder, 'Google Photos', 'Lisbon trip');
  await mkdir(photos, { recursive: true });
  await mkdir(album, { recursive: true });
  const jpeg = jpegWithMetadata();
  await writeFile(join(photos, 'IMG_0001.jpg'), jpeg);
  await writeFile(join(photos, 'IMG_0001-edited.jpg'), jpeg);
  await writeFile(join(photos, 'IMG_0001.jpg.json'), sidecar('IMG_0001.jpg', 1559383810, ['Ana', 'Rui']));
  await writeFile(join(photos, 'IMG_0001(1).jpg'), jpeg);
  await writeFile(join(photos, 'IMG_0001.jpg(1).json'), sidecar('IMG_0001.jpg', 1262347200, ['Zé']));
  await writeFile(join(album, 'metadata.json'), JSON.stringify({ title: 'Lisbon trip', description: 'June', access: 'protected', date: { timestamp: '1559383810', formatted: 'then' } }));

  // The same kind of export as two ZIP parts: a photo in part 1 and its JSON in part 2, that photo's
  // copy in an album folder of part 2 (no JSON of its own), a photo no JSON describes, an orphan JSON.
  const bare = baselineJpeg({ width: 16, height: 16, sampling: '4:2:0', quality: 90 });
  const y = 'Takeout/Google Photos/Photos from 2019';
  parts = [join(root, 'takeout-20261207T000000Z-001.zip'), join(root, 'takeout-20261207T000000Z-002.zip')];
  await writeFile(
    parts[0],
    zipBytes([
      { name: `${y}/IMG_0002.jpg`, data: bare, method: 0 },
      { name: `${y}/IMG_0003.jpg`, data: bare, method: 0 },
      { name: `${y}/IMG_0004.jpg`, data: jpegWithMetadata(), method: 0 },
      { name: `${y}/IMG_0004.jpg.json`, data: new TextEncoder().encode(sidecar('IMG_0004.jpg', 1559383810, [])), method: 8 },
    ]),
  );
  await writeFile(
    parts[1],
    zipBytes([
      { name: `${y}/IMG_0002.jpg.supplemental-metadata.json`, data: new TextEncoder().encode(sidecar('IMG_0002.jpg', 1559383810, ['Ana'])), method: 8 },
      { name: `${y}/IMG_0009.jpg.json`, data: new TextEncoder().encode(sidecar('IMG_0009.jpg', 1559383810, [])), method: 8 },
      { name: 'Takeout/Google Photos/Lisbon trip/IMG_0002.jpg', data: bare, method: 0 },
      { name: 'Takeout/Google Photos/Lisbon trip/metadata.json', data: new TextEncoder().encode(JSON.stringify({ title: 'Lisbon trip' })), method: 8 },
    ]),
  );
});

test.afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

test('a picked Takeout folder: photos show their sidecar facts, sidecars what they describe', async ({ page }) => {
  await page.goto('/?cache=off');
  await page.setInputFiles('#folder', folder);
  const total = await listedTotal(page);
  expect(total).toBe(6);
  await waitForBatch(page, total);
  const base = 'Takeout/Google Photos/Photos from 2019';

  let detail = await open(page, 'IMG_0001.jpg');
  await expect(detail.locator('section.summary tr[data-key="TakeoutDate"] .text')).toHaveText('2019-06-01T10:10:10Z');
  await expect(detail.locator('section.summary tr[data-key="TakeoutDate"]')).toContainText('Taken (Takeout)');
  expect(await fieldValue(page, 'people', 'takeout')).toContain('Rui');
  expect(await fieldValue(page, 'Sidecar', 'takeout')).toBe(`${base}/IMG_0001.jpg.json`);
  await expect(detail.locator('details[data-group="takeout"] > table tr[data-key="MatchRule"]')).toContainText('exact');

  detail = await open(page, 'IMG_0001-edited.jpg');
  await expect(detail.locator('section.summary tr[data-key="TakeoutDate"] .text')).toHaveText('2019-06-01T10:10:10Z');
  expect(await fieldValue(page, 'Sidecar', 'takeout')).toBe(`${base}/IMG_0001.jpg.json`);
  await expect(detail.locator('details[data-group="takeout"] > table tr[data-key="MatchRule"]')).toContainText('edited');

  detail = await open(page, 'IMG_0001(1).jpg');
  await expect(detail.locator('section.summary tr[data-key="TakeoutDate"] .text')).toHaveText('2010-01-01T12:00:00Z');
  expect(await fieldValue(page, 'people', 'takeout')).toContain('Zé');
  expect(await fieldValue(page, 'Sidecar', 'takeout')).toBe(`${base}/IMG_0001.jpg(1).json`);
  await expect(detail.locator('details[data-group="takeout"] > table tr[data-key="MatchRule"]')).toContainText('duplicate');

  detail = await open(page, 'IMG_0001.jpg.json');
  const describes = detail.locator('section.summary tr[data-key="Describes"] .text');
  await expect(describes).toContainText(`${base}/IMG_0001.jpg`);
  await expect(describes).toContainText(`${base}/IMG_0001-edited.jpg`);
  await expect(describes).not.toContainText('IMG_0001(1).jpg');
  await expect(page.locator('.row[data-name="IMG_0001.jpg.json"]')).toHaveAttribute('data-status', 'done');
  // Its facts (the row keeps them, not its groups: takeout-rows.svelte.ts factsRecord).
  expect(await fieldValue(page, 'people', 'takeout')).toContain('Rui');
  expect(await fieldValue(page, 'photoTakenTime', 'takeout')).toBe('2019-06-01T10:10:10Z');

  detail = await open(page, 'IMG_0001.jpg(1).json');
  await expect(detail.locator('section.summary tr[data-key="Describes"] .text')).toContainText(`${base}/IMG_0001(1).jpg`);

  detail = await open(page, 'metadata.json');
  await expect(detail.locator('section.summary tr[data-key="Album"] .text')).toHaveText('Takeout/Google Photos/Lisbon trip');
  await expect(detail.locator('section.summary tr[data-key="Title"] .text')).toHaveText('Lisbon trip');
});

test('picked again from the cache: the hits are matched too (their groups read from the cache), as extracted in the cache', async ({ page }) => {
  await page.goto('/');
  await page.setInputFiles('#folder', folder);
  await waitForBatch(page, 6);
  await expect(page.locator('#cache-stats')).toHaveAttribute('data-entries', '6');
  await page.click('#clear');
  await page.setInputFiles('#folder', folder);
  await waitForBatch(page, 6);
  await expect(page.locator('.row[data-name="IMG_0001-edited.jpg"] .cached')).toBeVisible();
  await expect(page.locator('.row[data-name="IMG_0001.jpg.json"] .cached')).toBeVisible();
  const detail = await open(page, 'IMG_0001-edited.jpg');
  await expect(detail.locator('section.summary tr[data-key="TakeoutDate"] .text')).toHaveText('2019-06-01T10:10:10Z');
  expect(await fieldValue(page, 'people', 'takeout')).toContain('Ana');
  await open(page, 'IMG_0001.jpg.json');
  await expect(page.locator('article.detail section.summary tr[data-key="Describes"] .text')).toContainText('IMG_0001-edited.jpg');
});

test('an export as ZIP parts: matched across parts and album copies, the summary counts and filters', async ({ page }) => {
  await page.goto('/?cache=off');
  await page.setInputFiles('#files', parts);
  // Two archives and their eight entries.
  await waitForBatch(page, 10);
  const summary = page.locator('#takeout-summary');
  await expect(summary).toHaveAttribute('data-media', '4');
  const count = (facet: string) => summary.locator(`button[data-facet="${facet}"]`);
  await expect(count('sidecar')).toHaveAttribute('data-count', '3');
  await expect(count('no-sidecar')).toHaveAttribute('data-count', '1');
  await expect(count('orphan')).toHaveAttribute('data-count', '1');
  // The two bare copies of IMG_0002 gain a date, a place and people; IMG_0004 has its own (conflicting) ones.
  await expect(count('gains-date')).toHaveAttribute('data-count', '2');
  await expect(count('gains-people')).toHaveAttribute('data-count', '2');
  await expect(count('tagged')).toHaveAttribute('data-count', '1');
  await expect(count('conflicts')).toHaveAttribute('data-count', '3');

  const first = 'takeout-20261207T000000Z-001.zip/Takeout/Google Photos/Photos from 2019/IMG_0002.jpg';
  const json = 'takeout-20261207T000000Z-002.zip/Takeout/Google Photos/Photos from 2019/IMG_0002.jpg.supplemental-metadata.json';
  await page.locator(`.row[data-path="${first}"]`).click();
  expect(await fieldValue(page, 'Sidecar', 'takeout')).toBe(json);
  expect(await fieldValue(page, 'people', 'takeout')).toContain('Ana');
  await page.locator('.row[data-path="takeout-20261207T000000Z-002.zip/Takeout/Google Photos/Lisbon trip/IMG_0002.jpg"]').click();
  expect(await fieldValue(page, 'Sidecar', 'takeout')).toBe(json);
  expect(await fieldValue(page, 'MatchRule', 'takeout')).toContain('album-copy');
  expect(await fieldValue(page, 'albums', 'takeout')).toContain('Lisbon trip');

  await open(page, 'IMG_0003.jpg');
  expect(await fieldValue(page, 'Tried', 'takeout')).toContain('IMG_0003.jpg.supplemental-metadata.json');

  // A count filters the list to its files; clicking it again shows all.
  await count('no-sidecar').click();
  await expect(page.locator('.row')).toHaveCount(1);
  await expect(row(page, 'IMG_0003.jpg')).toBeVisible();
  await count('gains-date').click();
  await expect(page.locator('.row')).toHaveCount(2);
  await count('gains-date').click();
  await expect(page.locator('.row')).toHaveCount(10);
});
