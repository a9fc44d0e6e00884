/**
 * Untrusted sizes and links in HDF5 (issue 5): huge dataset dimensions are reported, never
 * multiplied into an allocation; attribute arrays are cut to maxArrayItems; hard links that form
 * cycles are walked once (each object address once); deep group nesting stops at
 * MAX_GROUP_DEPTH; the walk stops at maxObjects; compound member names are kept as own keys.
 * The hostile files are written with h5wasm's Node build, as the fixtures are.
 */
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import type { Field, FieldGroup } from '../types';
import { extractPath } from '../../node/extract-path';
import { fixtureFolder } from '../../../scripts/fixtures/fixture-folder';
import { MAX_GROUP_DEPTH } from './read';

type H5 = typeof import('h5wasm');
type H5File = InstanceType<H5['File']>;

/** Writes the hostile files: cycles + huge dims + big attributes, deep nesting, many groups. */
async function writeHostile(dir: string): Promise<void> {
  const lib = ((await import('h5wasm/node')) as unknown as { default: H5 }).default;
  await lib.ready;
  const write = (name: string, fill: (f: H5File) => void) => {
    const f = new lib.File(resolve(join(dir, name)), 'w');
    try {
      fill(f);
    } finally {
      f.close();
    }
  };
  write('cycles.h5', (f) => {
    f.create_group('a').create_group('b');
    // Hard links back to the root and to /a: the link graph has cycles (HDF5 allows them).
    f.create_hard_link('/', '/a/b/to_root');
    f.create_hard_link('/a', '/a/b/to_a');
    const d = f.create_dataset({ name: 'huge', data: new Float32Array(1), shape: [1, 1], maxshape: [null, null], chunks: [1, 1] });
    d.resize([2 ** 40, 2 ** 40]); // 2^80 elements declared, nothing stored
    f.create_attribute(
      'many',
      new Int16Array(30_000).map((_, i) => i),
    );
    f.create_attribute(
      'point',
      new Map<string, unknown>([
        ['__proto__', new Int32Array([7])],
        ['x', new Float64Array([1.5])],
      ]),
    );
  });
  write('deep.h5', (f) => {
    let g: ReturnType<H5File['create_group']> | H5File = f;
    for (let i = 0; i < MAX_GROUP_DEPTH + 8; i++) g = g.create_group('g');
  });
  write('wide.h5', (f) => {
    for (let i = 0; i < 60; i++) f.create_group(`g${String(i).padStart(2, '0')}`);
  });
}

const file = fixtureFolder('hdf5-sizes-', writeHostile, 120_000);

function* all(groups: FieldGroup[]): Generator<FieldGroup> {
  for (const g of groups) {
    yield g;
    if (g.children) yield* all(g.children);
  }
}
const field = (fields: Field[] | undefined, key: string) => fields?.find((f) => f.key === key);
const depthOf = (g: FieldGroup): number => 1 + Math.max(0, ...(g.children ?? []).map(depthOf));

describe('HDF5 untrusted sizes and links', () => {
  it('hard links forming cycles: every object once, the back links listed as aliases', async () => {
    const started = performance.now();
    const r = await extractPath(file('cycles.h5'));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(r.errors).toEqual([]);
    expect(field(r.summary, 'groups')?.value).toBe(2);
    expect(field(r.summary, 'links')?.value).toBe('2 hard (alias)');
  });

  it('a 2^40 × 2^40 dataset: the shape is reported, nothing is allocated from it', async () => {
    const r = await extractPath(file('cycles.h5'));
    const huge = [...all(r.groups)].find((g) => field(g.fields, 'path')?.value === '/huge');
    expect(field(huge?.fields, 'shape')?.value).toEqual([2 ** 40, 2 ** 40]);
    expect(r.stats.bytesRead).toBeLessThan(r.file.size * 4);
  });

  it('a 30,000-element attribute is cut to maxArrayItems with its total', async () => {
    const r = await extractPath(file('cycles.h5'), { options: { maxArrayItems: 16 } });
    const many = [...all(r.groups)].flatMap((g) => g.fields).find((f) => f.key === 'many');
    expect(many).toMatchObject({ total: 30_000 });
    expect(many?.value).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });

  it('a compound member named __proto__ stays a member of the value', async () => {
    const r = await extractPath(file('cycles.h5'));
    const point = [...all(r.groups)].flatMap((g) => g.fields).find((f) => f.key === 'point');
    const value = (point?.value as Record<string, unknown>[])[0];
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'x']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBe(7);
  });

  it(`groups nested ${MAX_GROUP_DEPTH + 8} deep: members below depth ${MAX_GROUP_DEPTH} are not walked, with a warning`, async () => {
    const started = performance.now();
    const r = await extractPath(file('deep.h5'));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(field(r.summary, 'groups')?.value).toBe(MAX_GROUP_DEPTH);
    expect(r.warnings).toContainEqual(expect.stringMatching(new RegExp(`nested more than ${MAX_GROUP_DEPTH} levels deep: the members of 1 group`)));
    for (const g of r.groups) expect(depthOf(g)).toBeLessThanOrEqual(MAX_GROUP_DEPTH + 2);
  });

  it('60 groups with maxObjects 10: the walk stops at the cap with a warning', async () => {
    const r = await extractPath(file('wide.h5'), { options: { maxObjects: 10 } });
    expect(field(r.summary, 'groups')?.value).toBe(9);
    expect(r.warnings).toContainEqual('Object cap reached: 51 objects not listed (maxObjects = 10).');
  });
});
