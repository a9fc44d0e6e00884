/**
 * Corpus conformance: every file of the supported formats in ../shared/corpus goes through the
 * same pipeline as the app (detect → extractor, reading a FileHandleSource), its record is mapped
 * to the corpus's normalized facts by the format's `src/testing/facts/<format>.ts`, and each fact
 * is compared with the manifest's `expected`. Prints a table per format and fails on any mismatch not in the allow-list.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { extractPath } from '../node/extract-path';
import { loadManifest, corpusFile, type CorpusEntry } from '../testing/conformance/corpus';
import { compareFacts, type FactResult } from '../testing/conformance/compare';
import { ALLOWED_MISMATCHES } from '../testing/conformance/allow-list';
import { corpusCase, FACT_MAPPERS } from '../testing/conformance/cases';

const FORMATS = Object.keys(FACT_MAPPERS);

const manifest = loadManifest();
const table = new Map<string, { files: number; facts: number; matched: number; allowed: number }>();
const stale: string[] = [];

const run = (entry: CorpusEntry) => extractPath(corpusFile(entry));

function tally(format: string, results: FactResult[], allowed: number) {
  const row = table.get(format) ?? { files: 0, facts: 0, matched: 0, allowed: 0 };
  row.files += 1;
  row.facts += results.length;
  row.matched += results.filter((r) => r.ok).length;
  row.allowed += allowed;
  table.set(format, row);
}

describe.skipIf(!manifest)('corpus conformance', () => {
  const entries = manifest ?? [];
  for (const format of [...FORMATS, 'bad']) {
    describe(format, () => {
      for (const entry of entries.filter((e) => e.format === format)) {
        it(entry.path, async () => {
          const record = await run(entry);
          const { expected, actual } = corpusCase(entry, record)!;
          const results = compareFacts(expected, actual);
          const failures = results.filter((r) => !r.ok && !ALLOWED_MISMATCHES[`${entry.path}#${r.path}`]);
          const allowed = results.filter((r) => !r.ok).length - failures.length;
          for (const r of results) if (r.ok && ALLOWED_MISMATCHES[`${entry.path}#${r.path}`]) stale.push(`${entry.path}#${r.path}`);
          tally(format, results, allowed);
          const report = failures.map((f) => `${f.path}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`);
          expect(report, `errors: ${JSON.stringify(record.errors)}`).toEqual([]);
        });
      }
    });
  }

  // Everything else in the corpus (PDF, media, AI images, Takeout) must still end cleanly:
  // a record or a typed error, never a throw.
  describe('other corpus files end cleanly', () => {
    for (const entry of entries.filter((e) => !FORMATS.includes(e.format) && e.format !== 'bad')) {
      it(entry.path, async () => {
        const record = await run(entry);
        expect(
          record.errors.every((e) => e.code !== 'internal'),
          JSON.stringify(record.errors),
        ).toBe(true);
      });
    }
  });

  afterAll(() => {
    const lines = ['format     files  facts matched allowed  rate'];
    for (const [format, r] of table) {
      lines.push(
        `${format.padEnd(10)} ${String(r.files).padStart(5)} ${String(r.facts).padStart(6)} ${String(r.matched).padStart(7)} ${String(r.allowed).padStart(7)}  ${((100 * r.matched) / Math.max(1, r.facts)).toFixed(1)}%`,
      );
    }
    console.log(`\nCorpus conformance (facts matched / total)\n${lines.join('\n')}`);
    if (stale.length) console.log(`Allow-list entries that now pass (remove them):\n  ${stale.join('\n  ')}`);
  });
});
