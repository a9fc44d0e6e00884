import { describe, expect, it } from 'vitest';
import type { MetadataRecord } from '../../extractors/types';
import { statusOf } from './row';

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
});
