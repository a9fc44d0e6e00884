/**
 * Access to the shared test corpus (`../shared/corpus` beside the repo, or $METAEXTRACT_CORPUS).
 * Tests that need it skip with a message when it is absent, except under CI where it must exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseKeepingNumbers } from './literal-json';

export interface CorpusEntry {
  path: string;
  format: string;
  size: number;
  /** The facts, with every number a NumberLiteral (its manifest text, see literal-json.ts). */
  expected: Record<string, unknown>;
}

export const CORPUS_DIR = process.env.METAEXTRACT_CORPUS ?? resolve(import.meta.dirname, '../../../../shared/corpus');

/**
 * The manifest entries, or null (with a console note) when the corpus is absent outside CI.
 * `expected` keeps each number's text, which the comparison needs (compare.ts).
 */
export function loadManifest(): CorpusEntry[] | null {
  const file = resolve(CORPUS_DIR, 'MANIFEST.json');
  if (!existsSync(file)) {
    if (process.env.CI) throw new Error(`Corpus manifest missing at ${file}; CI must run the corpus tests.`);
    console.warn(`[corpus] ${file} not found: corpus conformance tests are skipped.`);
    return null;
  }
  const text = readFileSync(file, 'utf8');
  const literal = parseKeepingNumbers(text) as CorpusEntry[];
  return (JSON.parse(text) as CorpusEntry[]).map((entry, i) => ({ ...entry, expected: literal[i].expected }));
}

export function corpusFile(entry: CorpusEntry): string {
  return resolve(CORPUS_DIR, entry.path);
}
