/**
 * Mutant recipes: what rebuilds a mutant without storing its bytes (input id, the run's seed and
 * mutant index, the mutation list, the input's SHA-256), and the regression list kept in
 * regressions.json. Node only.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Mutation } from './mutators';
import type { Outcome } from './outcome';

/** How to rebuild one mutant. */
export interface Recipe {
  /** 'fixture:<format>/<name>' or 'corpus:<relative path>' (inputs.ts). */
  input: string;
  /** SHA-256 (hex) of the input the mutations were drawn for. */
  inputSha256: string;
  /** The run's `--seed` and the mutant's index in that run. */
  seed: number;
  index: number;
  mutations: Mutation[];
}

/** A mutant the fuzzer found failing, kept as a regression test (regressions.test.ts). */
export interface Regression extends Recipe {
  found: { outcome: Outcome; message: string };
  /** What fixed it (file and cause); empty until fixed. */
  fixed: string;
}

/** scripts/fuzz/regressions.json */
export const REGRESSIONS_FILE = fileURLToPath(new URL('./regressions.json', import.meta.url));

/** Hex SHA-256 of `bytes`. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The saved regressions ([] when the file does not exist). */
export async function readRegressions(file = REGRESSIONS_FILE): Promise<Regression[]> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Regression[];
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Appends the entries not saved yet (same input and mutations); returns how many were added. */
export async function addRegressions(entries: Regression[], file = REGRESSIONS_FILE): Promise<number> {
  const saved = await readRegressions(file);
  const key = (r: Recipe) => `${r.input} ${JSON.stringify(r.mutations)}`;
  const known = new Set(saved.map(key));
  const fresh = entries.filter((e) => !known.has(key(e)) && known.add(key(e)));
  if (fresh.length > 0) await writeFile(file, regressionsText([...saved, ...fresh]));
  return fresh.length;
}

/** Marks a mutation serialised on its own line: a leading NUL (\u0000 in JSON), which no other string here starts with. */
const INLINE = '\u0000';

/** regressions.json text: indented, one line per mutation. */
function regressionsText(list: Regression[]): string {
  const text = JSON.stringify(list, (key, value: unknown) => (key === 'mutations' ? (value as Mutation[]).map((m) => INLINE + JSON.stringify(m)) : value), 2);
  return `${text.replace(/"\\u0000((?:[^"\\]|\\.)*)"/g, (_, quoted: string) => JSON.parse(`"${quoted}"`) as string)}\n`;
}
