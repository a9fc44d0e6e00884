/**
 * Every mutant the fuzzer found failing (scripts/fuzz/regressions.json) is rebuilt from its
 * recipe and run in an isolated worker, as the fuzzer runs it: it must now end in a typed outcome
 * (a result, a partial result or a typed error; no `internal`, no timeout, no crash) within the
 * time limit. Corpus-derived entries skip when the corpus is absent (outside CI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CORPUS_DIR } from '../../src/testing/conformance/corpus';
import { fixtureInputs } from './inputs';
import { FuzzPool } from './pool';
import { classify, FAILURES } from './outcome';
import { readRegressions, sha256, type Regression } from './recipe';
import { applyMutations } from './mutators';
import { describeMutation } from './report';

const LIMIT_MS = 10_000;
const entries = await readRegressions();
const corpusPresent = existsSync(CORPUS_DIR);

let pool: FuzzPool;
let fixtures: Map<string, Uint8Array>;

beforeAll(async () => {
  pool = new FuzzPool({ limitMs: LIMIT_MS });
  const set = await fixtureInputs(Number.MAX_SAFE_INTEGER);
  fixtures = new Map(set.inputs.map((i) => [i.id, i.bytes]));
});
afterAll(() => pool?.close());

async function inputBytes(entry: Regression): Promise<Uint8Array> {
  if (entry.input.startsWith('fixture:')) {
    const bytes = fixtures.get(entry.input);
    if (!bytes) throw new Error(`${entry.input} is no longer written by scripts/fixtures: drop or re-derive this regression.`);
    return bytes;
  }
  return new Uint8Array(await readFile(join(CORPUS_DIR, entry.input.slice('corpus:'.length))));
}

describe('fuzz regressions', () => {
  it('regressions.json holds well-formed recipes', () => {
    for (const e of entries) {
      expect(e.input).toMatch(/^(fixture|corpus):[^/]+\/.+/);
      expect(e.inputSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(e.mutations.length).toBeGreaterThan(0);
      expect(FAILURES.has(e.found.outcome)).toBe(true);
    }
  });

  for (const entry of entries) {
    const name = `${entry.input} [${entry.mutations.map(describeMutation).join(', ')}] (found: ${entry.found.outcome})`;
    it(
      name,
      async (ctx) => {
        if (entry.input.startsWith('corpus:') && !corpusPresent) {
          if (process.env.CI) throw new Error(`Corpus missing at ${CORPUS_DIR}; CI must run the corpus-derived regressions.`);
          ctx.skip(`corpus absent at ${CORPUS_DIR}: corpus-derived regression not run`);
        }
        const input = await inputBytes(entry);
        // Fixtures are written byte for byte the same on every run (scripts/fixtures/hdf5.ts fixes
        // the clock): other bytes mean a changed generator, and the recipe would no longer rebuild
        // the mutant that was found.
        if (sha256(input) !== entry.inputSha256) {
          throw new Error(`${entry.input} changed since this recipe was saved: re-derive the case with \`npm run fuzz\` (the mutant may differ now)`);
        }
        const bytes = applyMutations(input, entry.mutations);
        const fileName = entry.input.slice(entry.input.lastIndexOf('/') + 1);
        const { outcome, message } = classify(await pool.run(fileName, bytes, entry.index), LIMIT_MS);
        expect(FAILURES.has(outcome), `${outcome}: ${message}`).toBe(false);
      },
      LIMIT_MS + 30_000,
    );
  }
});
