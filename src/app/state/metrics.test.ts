import { describe, expect, it } from 'vitest';
import type { MetadataRecord } from '../../extractors/types';
import { BatchMetrics } from './metrics';

const rec = (format: string, ms: number, extra: Partial<MetadataRecord['stats']> = {}, errors: MetadataRecord['errors'] = []): MetadataRecord => ({
  schemaVersion: 1,
  format: { id: format, name: format.toUpperCase() },
  file: { name: 'f', size: 1 },
  summary: [],
  groups: [],
  warnings: [],
  errors,
  stats: { bytesRead: 100, reads: 1, ms, extractor: '', cached: false, ...extra },
});

describe('BatchMetrics', () => {
  it('computes rate, bytes, medians per format, errors by code and cache hits', () => {
    const m = new BatchMetrics();
    m.start(1000);
    m.done(rec('fits', 4), 1500);
    m.done(rec('fits', 10), 1600);
    m.done(rec('fits', 6), 1700);
    m.done(rec('photo', 2, {}, [{ code: 'truncated', message: '' }]), 1800);
    m.done(rec('photo', 99, { cached: true }), 2000);
    const s = m.snapshot({ busy: 1, size: 2 });
    expect(s).toMatchObject({ files: 5, filesPerSecond: 5, bytesRead: 400, cacheHits: 1, errorsByCode: { truncated: 1 }, workersBusy: 1, workers: 2, meanUtilisation: 0.5 });
    expect(s.formats).toEqual([
      { id: 'fits', name: 'FITS', count: 3, medianMs: 6 },
      { id: 'photo', name: 'PHOTO', count: 1, medianMs: 2 },
    ]);
    m.reset();
    expect(m.snapshot({ busy: 0, size: 2 }).files).toBe(0);
  });
});
