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
    const queued = makeRow({ id: 1, name: 'a.dcm', size: 10, status: 'queued' }, 'a.dcm');
    const patched = makeRow({ ...queued, status: 'done', record: base, storedKey: 'k', path: 'd/a.dcm', bytesRead: 10 }, 'd/a.dcm');
    expect(Object.keys(queued)).toEqual(Object.keys(patched));
    expect(patched).toMatchObject({ id: 1, status: 'done', record: base, storedKey: 'k', path: 'd/a.dcm', text: 'd/a.dcm' });
    expect(queued.record).toBeUndefined();
  });
});
