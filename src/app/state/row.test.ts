import { describe, expect, it } from 'vitest';
import type { MetadataRecord } from '../../extractors/types';
import { makeRow } from './row';

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

describe('makeRow', () => {
  it('gives every row the same fields in the same order, whatever it was built from', () => {
    const queued = makeRow({ id: 1, name: 'a.dcm', size: 10, status: 'queued' });
    const patched = makeRow({ ...queued, status: 'done', record: base, storedKey: 'k', path: 'd/a.dcm', bytesRead: 10 });
    expect(Object.keys(queued)).toEqual(Object.keys(patched));
    expect(Object.keys(patched)).toContain('text');
    expect(patched).toMatchObject({ id: 1, status: 'done', record: base, storedKey: 'k', path: 'd/a.dcm' });
    expect(patched.text).toBeUndefined(); // made by the first search (list-view.ts)
    expect(queued.record).toBeUndefined();
  });
});
