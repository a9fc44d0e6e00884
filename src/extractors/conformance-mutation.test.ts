/**
 * Mutation test of the corpus comparison: for every corpus file whose facts are compared, each
 * fact our mapper produces and the conformance test accepts is changed, one change at a time, and
 * compareFacts must then report exactly that fact as failing — so no wrong value can pass.
 * Changes: integers ±1 and as a string, floats by 3× their allowed tolerance (compare.ts),
 * strings with the last character changed or a space added, decimal (64-bit) strings with the
 * last digit changed or read into a double, booleans flipped, null ↔ value, a fact removed, a
 * scalar list with one element changed or one element more or less, a list of objects with one
 * object more, and an object with an extra key. Skipped with a message when the corpus is absent.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { extractPath } from '../node/extract-path';
import { loadManifest, corpusFile } from '../testing/conformance/corpus';
import { compareFacts, floatTolerance } from '../testing/conformance/compare';
import { corpusCase, FACT_MAPPERS } from '../testing/conformance/cases';
import { NumberLiteral } from '../testing/conformance/literal-json';

type Holder = Record<string, unknown> | unknown[];

/** A place in our facts: the value at `holder[key]`, whose comparison is reported as `path`. */
interface Site {
  path: string;
  holder: Holder;
  key: string | number;
}

const isScalar = (x: unknown) => x === null || typeof x !== 'object';

/** Leaves as compareFacts sees them (scalars, scalar lists, empty objects) and the nodes above them. */
function sites(v: unknown, path: string, holder: Holder, key: string | number, leaves: Site[], nodes: Site[]): void {
  const leaf = isScalar(v) || (Array.isArray(v) ? v.every(isScalar) : Object.keys(v as object).length === 0);
  if (leaf) {
    leaves.push({ path, holder, key });
    return;
  }
  nodes.push({ path, holder, key });
  if (Array.isArray(v)) v.forEach((x, i) => sites(x, `${path}[${i}]`, v, i, leaves, nodes));
  else for (const [k, x] of Object.entries(v as Record<string, unknown>)) sites(x, path ? `${path}.${k}` : k, v as Holder, k, leaves, nodes);
}

/** Wrong values for a scalar `v` whose expected counterpart is `e`. */
function scalarMutants(v: unknown, e: unknown): unknown[] {
  if (v === null) return [0, ''];
  if (typeof v === 'boolean') return [!v];
  if (typeof v === 'number') {
    const step = e instanceof NumberLiteral && !e.isInteger ? 3 * floatTolerance(e) : 1;
    return [v + step, v - step, String(v)];
  }
  if (typeof v === 'string') {
    if (/^-?\d+$/.test(v)) return [`${v.slice(0, -1)}${(Number(v.at(-1)) + 1) % 10}`, Number(v)];
    return [`${v.slice(0, -1)}${v.endsWith('x') ? 'y' : 'x'}`, `${v} `];
  }
  throw new Error(`Unexpected fact value ${String(v)}`);
}

/** Wrong values for a leaf `v` (scalar, scalar list or empty object) expected as `e`. */
function leafMutants(v: unknown, e: unknown): unknown[] {
  const out: unknown[] = [];
  if (Array.isArray(v)) {
    const first = Array.isArray(e) ? e[0] : undefined;
    if (v.length > 0) out.push([scalarMutants(v[0], first)[0], ...v.slice(1)], v.slice(0, -1));
    out.push([...v, v.length > 0 ? v[v.length - 1] : 0]);
  } else if (isScalar(v)) {
    out.push(...scalarMutants(v, e));
  } else {
    out.push({ mutant: 0 });
  }
  if (v !== null) out.push(null);
  return out;
}

const manifest = loadManifest();
let total = 0;
let missed = 0;

describe.skipIf(!manifest)('corpus comparison mutation test', () => {
  for (const entry of (manifest ?? []).filter((e) => e.format === 'bad' || e.format in FACT_MAPPERS)) {
    it(entry.path, async () => {
      const { expected, actual } = corpusCase(entry, await extractPath(corpusFile(entry)))!;
      const baseline = compareFacts(expected, actual);
      const failing = new Set(baseline.filter((r) => !r.ok).map((r) => r.path));
      const passing = new Map(baseline.filter((r) => r.ok).map((r) => [r.path, r]));
      const uncaught: string[] = [];
      /** Compares with `holder[key]` set to `value` (removed when undefined), then restores it. */
      const check = (site: Site, value: unknown, path: string) => {
        const h = site.holder as Record<string | number, unknown>;
        const before = h[site.key];
        if (value === undefined) delete h[site.key];
        else h[site.key] = value;
        const fresh = compareFacts(expected, root.facts)
          .filter((r) => !r.ok && !failing.has(r.path))
          .map((r) => r.path);
        h[site.key] = before;
        total += 1;
        if (fresh.length !== 1 || fresh[0] !== path) uncaught.push(`${path}: ${JSON.stringify(before)} → ${JSON.stringify(value)} gave failures [${fresh.join(', ')}]`);
      };
      const root: Record<string, unknown> = { facts: actual };
      const leaves: Site[] = [];
      const nodes: Site[] = [];
      sites(actual, '', root, 'facts', leaves, nodes);
      for (const leaf of leaves) {
        const result = passing.get(leaf.path);
        if (!result) continue; // a mismatch the allow-list accepts: nothing to mutate
        const v = (leaf.holder as Record<string | number, unknown>)[leaf.key];
        for (const m of leafMutants(v, result.expected)) check(leaf, m, leaf.path);
        if (!Array.isArray(leaf.holder)) check(leaf, undefined, leaf.path);
      }
      for (const node of nodes) {
        const v = (node.holder as Record<string | number, unknown>)[node.key];
        if (Array.isArray(v)) {
          if (passing.has(`${node.path}.length`)) check(node, [...v, structuredClone(v[v.length - 1])], `${node.path}.length`);
        } else {
          check(node, { ...(v as object), mutant: 0 }, `${node.path ? `${node.path}.` : ''}mutant (unexpected)`);
        }
      }
      missed += uncaught.length;
      expect(uncaught, `${uncaught.length} of the changes to ${entry.path} were not caught`).toEqual([]);
    });
  }

  afterAll(() => console.log(`\nCorpus comparison mutation test: ${total} mutations, ${missed === 0 ? 'all caught' : `${missed} NOT caught`}.`));
});
