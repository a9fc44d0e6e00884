/**
 * The browser code (src/app, src/workers, src/extractors; test files excepted) imports nothing
 * Node-only or test-only: no module of src/node (Node runtime: file paths, fs reads), src/testing
 * (corpus facts, conformance comparison, test helpers) or src/cli, and no Node built-in. Checked by
 * scanning the source text: every relative path in quotes (so a variable specifier counts too) and
 * every `from`/`import` specifier.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;
const BROWSER_DIRS = ['app', 'workers', 'extractors'];
const FENCED_DIRS = ['node', 'testing', 'cli'];

/**
 * Crossings that never reach the browser, `<file>: <specifier>`: the HDF5 runtime loads the Node
 * file reader with a variable specifier the bundler does not follow, only when running in Node
 * (extractors/hdf5/runtime.ts `nodeIo`).
 */
const ALLOWED = new Set(['extractors/hdf5/runtime.ts: ../../node/hdf5-io']);

const BUILTINS = new Set(builtinModules);

/** Source files under `dir` (relative to src/), test files left out. */
function browserFiles(dir: string): string[] {
  return readdirSync(join(SRC, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|svelte)$/.test(f) && !/\.test\.ts$/.test(f))
    .map((f) => join(dir, f));
}

/** The forbidden imports of one file's text, `<file>: <specifier>` each. */
function fenceViolations(file: string, text: string): string[] {
  const found = new Set<string>();
  for (const [, spec] of text.matchAll(/['"`](\.\.?\/[^'"`\s]*)['"`]/g)) {
    const target = relative(SRC, resolve(SRC, dirname(file), spec)).split(/[\\/]/)[0];
    if (FENCED_DIRS.includes(target)) found.add(`${file}: ${spec}`);
  }
  for (const [, spec] of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g)) {
    if (spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0])) found.add(`${file}: ${spec}`);
  }
  return [...found].filter((v) => !ALLOWED.has(v));
}

describe('browser code imports nothing Node-only or test-only', () => {
  it(`src/{${BROWSER_DIRS.join(',')}} import nothing from src/{${FENCED_DIRS.join(',')}} nor a Node built-in`, () => {
    const files = BROWSER_DIRS.flatMap(browserFiles);
    expect(files.length).toBeGreaterThan(100);
    const violations = files.flatMap((f) => fenceViolations(f, readFileSync(join(SRC, f), 'utf8')));
    expect(violations).toEqual([]);
  });

  it('catches static, dynamic and variable specifiers and built-ins', () => {
    const file = 'extractors/fits/extract.ts';
    expect(fenceViolations(file, "import { x } from '../../testing/facts/fits';")).toHaveLength(1);
    expect(fenceViolations(file, "const m = await import('../../node/extract-path');")).toHaveLength(1);
    expect(fenceViolations(file, "const s = '../../cli/main';")).toHaveLength(1);
    expect(fenceViolations(file, "import {\n  readFile,\n} from 'node:fs/promises';")).toHaveLength(1);
    expect(fenceViolations(file, "import { join } from 'path';")).toHaveLength(1);
    expect(fenceViolations(file, "import { parse } from './cards';\nimport { a } from '../types';")).toEqual([]);
  });
});
