import { describe, expect, it } from 'vitest';
import { stat } from 'node:fs/promises';
import type { FieldGroup } from '../../src/extractors/types';
import { fieldValues, largeFileSuite } from './large-file-suite';
import { LARGE_FITS_LAYOUT, writeLargeFits } from './fits';

const GIB4 = 2 ** 32;

const large = largeFileSuite('large-fits-', writeLargeFits);

const values = fieldValues;
const child = (g: FieldGroup, id: string) => g.children?.find((c) => c.id === id);

describe('large FITS (4 GiB-class cube, extensions past 4 GiB)', () => {
  it('is written sparse with the planned size', async () => {
    const st = await stat(large.path);
    expect(st.size).toBe(4_299_183_360);
    expect(st.size % 2880).toBe(0);
    expect(st.size).toBe(LARGE_FITS_LAYOUT.size);
    // Allocated blocks: a few KiB of headers, not gigabytes (st.blocks counts 512-byte units).
    expect(st.blocks * 512).toBeLessThan(16 * 1024 * 1024);
  });

  it('extracts every HDU, including both headers past 4 GiB, with exact offsets', () => {
    expect(large.record.format.id).toBe('fits');
    expect(large.record.errors).toEqual([]);
    expect(large.record.warnings).toEqual([]);
    expect(values(large.record.summary)).toMatchObject({
      hdu_count: 3,
      BITPIX: -32,
      NAXIS: 3,
      NAXISn: [1024, 1024, 1025],
      OBJECT: 'Orion KL',
      extensions: ["1 IMAGE 'MOMENT0' 64×32 float32", "2 BINTABLE 'SOURCES' 100 rows × 3 columns"],
    });
    const [h0, h1, h2] = large.record.groups;
    expect(large.record.groups.map((g) => g.id)).toEqual(['hdu-0', 'hdu-1', 'hdu-2', 'provenance']);
    expect(values(h0.fields)).toMatchObject({ header_offset: 0, data_offset: 2880, data_size: 4_299_161_600, data_size_padded: 4_299_163_200 });
    expect(values(h1.fields)).toMatchObject({
      type: 'IMAGE',
      EXTNAME: 'MOMENT0',
      NAXISn: [64, 32],
      header_offset: 4_299_166_080,
      data_offset: 4_299_168_960,
      data_size: 8192,
      data_size_padded: 8640,
    });
    expect(values(h2.fields)).toMatchObject({ type: 'BINTABLE', EXTNAME: 'SOURCES', rows: 100, TFIELDS: 3, header_offset: 4_299_177_600, data_offset: 4_299_180_480, data_size: 2000 });
    expect(values(h1.fields).header_offset as number).toBeGreaterThan(GIB4);
    expect(values(h2.fields).data_offset as number).toBeGreaterThan(GIB4);
  });

  it('reads the cards and WCS of the extension past 4 GiB', () => {
    const h1 = large.record.groups[1];
    expect(values(child(h1, 'hdu-1-header')!.fields)).toMatchObject({ OBJECT: 'Orion KL moment 0', BUNIT: 'Jy/beam.km/s', RADESYS: 'ICRS' });
    const wcs = values(child(h1, 'hdu-1-wcs')!.fields);
    expect(wcs).toMatchObject({ CTYPEi: ['RA---TAN', 'DEC--TAN'], CRVALi: [83.80917, -5.37389], CRPIXi: [32.5, 16.5], projection: 'TAN' });
    expect(wcs['CDi_j']).toEqual([
      [-4.444444e-4, 0],
      [0, 4.444444e-4],
    ]);
    expect(values(child(large.record.groups[0], 'hdu-0-wcs')!.fields)).toMatchObject({ CTYPEi: ['RA---SIN', 'DEC--SIN', 'FREQ'] });
    const cols = child(large.record.groups[2], 'hdu-2-columns')!;
    expect(values(cols.fields)).toEqual({ TTYPEn: ['RA', 'DEC', 'FLUX'] });
  });

  it('reads at most 1 MiB', () => {
    expect(large.record.stats.bytesRead).toBeGreaterThan(0);
    expect(large.record.stats.bytesRead).toBeLessThanOrEqual(1024 * 1024);
  });
});
