import { describe, expect, it } from 'vitest';
import type { MetadataRecord } from './types';
import { emptyRecord } from './empty-record';
import { fromRecordText, headText } from '../workers/record-text';
import { statusOf } from './status';

const base: MetadataRecord = { ...emptyRecord({ name: 'a.dcm', size: 10 }), format: { id: 'dicom', name: 'DICOM' } };
const error = { code: 'truncated' as const, message: 'cut short' };
const group = { id: 'g', label: 'G', fields: [{ key: 'k', label: 'K', value: 1 }] };

describe('statusOf', () => {
  it('done without errors, warnings or not; with errors, partial when something was read, else error', () => {
    expect(statusOf(base)).toBe('done');
    expect(statusOf({ ...base, warnings: ['odd'] })).toBe('done');
    expect(statusOf({ ...base, errors: [error] })).toBe('error');
    expect(statusOf({ ...base, errors: [error], groups: [group] })).toBe('partial');
    expect(statusOf({ ...base, errors: [error], summary: [{ key: 'k', label: 'K', value: 1 }] })).toBe('partial');
  });

  it("parses a worker's lazy groups only when the status depends on them", () => {
    // Groups text that throws when parsed: read only for errors without a summary.
    const lazy = (r: MetadataRecord, groups = '[not json') => fromRecordText({ head: headText(r), groups });
    expect(statusOf(lazy(base))).toBe('done');
    expect(statusOf(lazy({ ...base, errors: [error], summary: [{ key: 'k', label: 'K', value: 1 }] }))).toBe('partial');
    expect(() => statusOf(lazy({ ...base, errors: [error] }))).toThrow(SyntaxError);
    expect(statusOf(lazy({ ...base, errors: [error] }, JSON.stringify([group])))).toBe('partial');
  });
});
