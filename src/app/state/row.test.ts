import { describe, expect, it } from 'vitest';
import type { MetadataRecord } from '../../extractors/types';
import { fromRecordText, headText } from '../../workers/record-text';
import { makeRow, statusOf } from './row';

const base: MetadataRecord = {
  schemaVersion: 1,
  format: { id: 'dicom', name: 'DICOM' },
  file: { name: 'a.dcm', size: 10 },
  summary: [],
  groups: [],
  warnings: [],
  errors: [],
  stats: { bytesRead: 10, reads: 1, ms: 1, extractor: 'dicom@1', cached: false },
};
const error = { code: 'truncated' as const, message: 'cut short' };
const group = { id: 'g', label: 'G', fields: [{ key: 'k', label: 'K', value: 1 }] };

describe('statusOf', () => {
  it('done without errors; with errors, partial when something is shown, else error', () => {
    expect(statusOf(base)).toBe('done');
    expect(statusOf({ ...base, errors: [error] })).toBe('error');
    expect(statusOf({ ...base, errors: [error], groups: [group] })).toBe('partial');
    expect(statusOf({ ...base, errors: [error], summary: [{ key: 'k', label: 'K', value: 1 }] })).toBe('partial');
  });

  it('takes whether the groups exist from the caller where they are not loaded (a cached head)', () => {
    expect(statusOf({ ...base, errors: [error] }, true)).toBe('partial');
    expect(statusOf({ ...base, errors: [error], groups: [group] }, false)).toBe('error');
  });

  it("leaves a worker's record groups unparsed (they are parsed on first read, only if shown)", () => {
    // Groups text that throws when parsed: statusOf must not read it.
    const lazy = (r: MetadataRecord) => fromRecordText({ head: headText(r), groups: '[not json' });
    expect(statusOf(lazy(base))).toBe('done');
    expect(statusOf(lazy({ ...base, errors: [error] }), true)).toBe('partial');
    expect(() => statusOf(lazy({ ...base, errors: [error] }))).toThrow(SyntaxError);
  });
});

describe('makeRow', () => {
  it('gives every row the same fields in the same order, whatever it was built from', () => {
    const queued = makeRow({ id: 1, name: 'a.dcm', size: 10, status: 'queued' }, 'a.dcm');
    const patched = makeRow({ ...queued, status: 'done', record: base, storedKey: 'k', path: 'd/a.dcm', bytesRead: 10 }, 'd/a.dcm');
    expect(Object.keys(queued)).toEqual(Object.keys(patched));
    expect(patched).toMatchObject({ id: 1, status: 'done', record: base, storedKey: 'k', path: 'd/a.dcm', text: 'd/a.dcm' });
    expect(queued.record).toBeUndefined();
  });
});
