import { describe, expect, it } from 'vitest';
import type { MetadataRecord } from '../../extractors/types';
import { emptyRecord } from '../../extractors/empty-record';
import { makeRow } from '../state/row';
import { filterRows, NO_FILTER } from './list-view';
import { inSourceFacet, sourceOf, SourceTally } from './source-facet';

function record(kind?: string, name?: string): MetadataRecord {
  const summary: MetadataRecord['summary'] = [{ key: 'Make', value: 'x' }];
  if (kind) summary.push({ key: 'SourceKind', value: kind });
  if (name) summary.push({ key: 'Source', value: name, comment: 'evidence' });
  return { ...emptyRecord({ name: 'f', size: 1 }), format: { id: 'photo', name: 'JPEG' }, summary };
}

describe('source facet', () => {
  it('reads the source from the summary, and nothing from a record without one', () => {
    expect(sourceOf(record('generator', 'ComfyUI'))).toEqual({ kind: 'generator', name: 'ComfyUI' });
    expect(sourceOf(record('unknown'))).toEqual({ kind: 'unknown', name: 'unknown' });
    expect(sourceOf(record())).toBeUndefined();
    expect(sourceOf(undefined)).toBeUndefined();
  });

  it('matches a kind, or a kind and a name holding a colon', () => {
    const r = record('editor', 'GIMP: 2.10');
    expect(inSourceFacet(r, 'editor')).toBe(true);
    expect(inSourceFacet(r, 'editor:GIMP: 2.10')).toBe(true);
    expect(inSourceFacet(r, 'editor:GIMP')).toBe(false);
    expect(inSourceFacet(r, 'camera')).toBe(false);
    expect(inSourceFacet(record(), 'editor')).toBe(false);
  });

  it('counts sources as records come and go, kinds in a fixed order, most files first', () => {
    const tally = new SourceTally();
    const comfy = record('generator', 'ComfyUI');
    const canon = record('camera', 'Canon EOS R5');
    for (const r of [canon, comfy, record('generator', 'NovelAI'), record('generator', 'ComfyUI'), record('unknown', 'Unknown'), record()]) tally.add(r, 1);
    expect(tally.list()).toEqual([
      { kind: 'generator', name: 'ComfyUI', count: 2 },
      { kind: 'generator', name: 'NovelAI', count: 1 },
      { kind: 'camera', name: 'Canon EOS R5', count: 1 },
      { kind: 'unknown', name: 'Unknown', count: 1 },
    ]);
    tally.add(canon, -1);
    tally.add(comfy, -1);
    expect(tally.list().map((c) => `${c.name} ${c.count}`)).toEqual(['ComfyUI 1', 'NovelAI 1', 'Unknown 1']);
  });

  it('filters the list', () => {
    const rows = [record('generator', 'ComfyUI'), record('camera', 'Canon EOS R5'), record('generator', 'NovelAI'), record()].map((r, id) =>
      makeRow({ id, name: `${id}`, size: 1, status: 'done', record: r }),
    );
    expect(filterRows(rows, { ...NO_FILTER, source: 'generator' }).map((r) => r.id)).toEqual([0, 2]);
    expect(filterRows(rows, { ...NO_FILTER, source: 'generator:NovelAI' }).map((r) => r.id)).toEqual([2]);
  });
});
