/**
 * The whole ../shared/corpus folder picked into the running app in Chromium: every file ends,
 * and the records the browser produced (exported as JSON) match the corpus facts exactly as the
 * Node conformance test requires — proving the worker/Blob path gives the same answers.
 * Skipped with a message when the corpus is absent (never under CI).
 */
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import type { MetadataRecord } from '../src/extractors/types';
import { loadManifest, CORPUS_DIR } from '../src/testing/conformance/corpus';
import { compareFacts } from '../src/testing/conformance/compare';
import { ALLOWED_MISMATCHES } from '../src/testing/conformance/allow-list';
import { corpusCase } from '../src/testing/conformance/cases';
import { waitForBatch, listedTotal } from './helpers';

const manifest = loadManifest();

test.use({ viewport: { width: 1400, height: 1000 } });

test('the whole corpus folder: every file ends, every supported file matches its facts', async ({ page }) => {
  test.skip(!manifest, `corpus not found at ${CORPUS_DIR}`);
  test.setTimeout(180_000);
  await page.goto('/');
  await page.setInputFiles('#folder', CORPUS_DIR);
  const total = await listedTotal(page);
  expect(total).toBeGreaterThanOrEqual(manifest!.length);
  await waitForBatch(page, total, 150_000);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const records: MetadataRecord[] = JSON.parse(await readFile((await download.path())!, 'utf8'));
  const byPath = new Map(records.map((r) => [r.file.path?.split('/').slice(1).join('/'), r]));

  // Every file ends in a result or a typed, expected error: no crash, timeout or internal error.
  expect(records.flatMap((r) => r.errors.filter((e) => e.code === 'internal' || e.code === 'timeout').map((e) => `${r.file.path}: ${e.message}`))).toEqual([]);

  const failures: string[] = [];
  let facts = 0;
  for (const entry of manifest!) {
    const record = byPath.get(entry.path);
    if (!record) {
      failures.push(`${entry.path}: no record`);
      continue;
    }
    const compared = corpusCase(entry, record);
    if (!compared) continue;
    const results = compareFacts(compared.expected, compared.actual);
    facts += results.length;
    for (const r of results)
      if (!r.ok && !ALLOWED_MISMATCHES[`${entry.path}#${r.path}`]) failures.push(`${entry.path}#${r.path}: expected ${JSON.stringify(r.expected)}, got ${JSON.stringify(r.actual)}`);
  }
  console.log(`[corpus e2e] ${records.length} files extracted in Chromium, ${facts} facts compared, ${failures.length} mismatches`);
  expect(failures).toEqual([]);
});
