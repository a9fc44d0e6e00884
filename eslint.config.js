// ESLint (flat config): the recommended rules of ESLint, typescript-eslint and eslint-plugin-svelte,
// and the import boundaries of the source tree as rules (see `fences` below).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

/**
 * What each browser folder must not import (test files excepted): browser code (src/app,
 * src/workers, src/extractors, src/archive, src/takeout, src/duplicates) nothing Node-only or test-only, i.e. no module of src/node (Node
 * runtime: file paths, fs reads), src/testing (corpus facts, conformance comparison, test helpers)
 * or src/cli, and no Node built-in; and the layers point one way: src/extractors imports nothing
 * from src/app or src/workers, src/workers nothing from src/app.
 * The one crossing that stays: extractors/lazy.ts `importNodeHalf` loads modules of src/node
 * (hdf5-io, mediainfo-io, c2pa-io, path-reader) through a variable specifier, only when running in
 * Node; the bundler does not follow it, nor does ESLint see it as an import.
 */
const NODE_ONLY = ['node', 'testing', 'cli'];
const FORBIDDEN = {
  app: NODE_ONLY,
  workers: [...NODE_ONLY, 'app'],
  extractors: [...NODE_ONLY, 'app', 'workers'],
  archive: [...NODE_ONLY, 'app', 'workers'],
  takeout: [...NODE_ONLY, 'app', 'workers'],
  duplicates: [...NODE_ONLY, 'app', 'workers'],
};
/** Folder levels below src/<folder> the rules cover (today's deepest file is one level down). */
const MAX_DEPTH = 4;

const BUILTINS = builtinModules.filter((m) => !m.startsWith('_'));

/**
 * One config block per folder and depth: a relative specifier reaches src/<dir> from a file
 * `depth` folders below src/<folder> as `../` × (depth + 1) then `<dir>`. Static imports and
 * re-exports by no-restricted-imports, `import('…')` with a literal by no-restricted-syntax.
 */
function fences() {
  return Object.entries(FORBIDDEN).flatMap(([folder, dirs]) =>
    Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => {
      const up = '\\.\\./'.repeat(depth + 1);
      const regex = `^${up}(${dirs.join('|')})(/|$)`;
      const message = `src/${folder} must not import from src/{${dirs.join(',')}} (see eslint.config.js).`;
      return {
        name: `fence/${folder}/depth-${depth}`,
        files: [`src/${folder}/${'*/'.repeat(depth)}*.{ts,svelte}`],
        ignores: ['**/*.test.ts'],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              paths: BUILTINS.map((name) => ({ name, message: `src/${folder} is browser code: no Node built-in.` })),
              patterns: [
                { regex: '^node:', message: `src/${folder} is browser code: no Node built-in.` },
                { regex, message },
              ],
            },
          ],
          'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\/')}/]`, message }],
        },
      };
    }),
  );
}

export default defineConfig(
  globalIgnores(['dist/', 'results/', 'test-results/', '.fixtures/', 'public/']),
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { extraFileExtensions: ['.svelte'] },
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  {
    files: ['**/*.ts', '**/*.svelte'],
    rules: {
      // TypeScript (tsc, svelte-check) already reports undefined names, types included.
      'no-undef': 'off',
      // As tsc's noUnusedLocals: `const { dropped: _, ...rest } = o` names what it leaves out.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  fences(),
);
