import { describe, expect, it } from 'vitest';
import type { MetadataRecord } from '../extractors/types';
import { fromRecordText, textSize, toRecordText } from './record-text';

const record: MetadataRecord = {
  schemaVersion: 1,
  format: { id: 'fits', name: 'FITS' },
  file: { name: 'm31.fits', size: 5760, lastModified: 1, path: 'night/m31.fits' },
  summary: [{ key: 'OBJECT', label: 'Object', value: 'M31' }],
  groups: [{ id: 'hdu0', label: 'Primary HDU', fields: [{ key: 'BITPIX', label: 'BITPIX', value: 16, comment: 'bits per pixel' }] }],
  warnings: [],
  errors: [],
  stats: { bytesRead: 2880, reads: 1, ms: 1.5, extractor: 'fits@1', cached: false },
};

describe('record text', () => {
  it('round-trips a record, groups included, through JSON.stringify too', () => {
    const text = toRecordText(record);
    expect(JSON.parse(text.head)).not.toHaveProperty('groups');
    const back = fromRecordText(text);
    expect(back).toEqual(record);
    expect(JSON.parse(JSON.stringify(back))).toEqual(record);
    expect({ ...back }.groups).toEqual(record.groups);
    expect(textSize(text)).toBe(text.head.length + text.groups.length);
  });

  it('parses the groups only when read, once', () => {
    const text = { ...toRecordText(record), groups: '[oops' };
    const back = fromRecordText(text);
    expect(back.summary[0].value).toBe('M31');
    expect(() => back.groups).toThrow(SyntaxError);
    const ok = fromRecordText(toRecordText(record));
    expect(ok.groups).toBe(ok.groups);
  });
});
