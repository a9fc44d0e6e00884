import { describe, expect, it } from 'vitest';
import { open, stat } from 'node:fs/promises';
import type { FieldGroup } from '../../src/extractors/types';
import { fieldValues, largeFileSuite } from './large-file-suite';
import { writeLargeNetcdf } from './netcdf';

const GIB4 = 2 ** 32;
const TIME_BEGIN = 4_294_980_556;
const RECSIZE = 4_194_312;

const large = largeFileSuite('large-netcdf-', writeLargeNetcdf);

const values = fieldValues;
const group = (id: string) => large.record.groups.find((g) => g.id === id)!;
const variable = (name: string): FieldGroup => group('variables').children!.find((c) => c.id === `variable:/${name}`)!;
const storage = (name: string) => values(variable(name).children!.find((c) => c.id === `storage:/${name}`)!.fields);

describe('large NetCDF (CDF-2, large.record variables past 4 GiB)', () => {
  it('is written sparse with the planned size, the time records at their offsets', async () => {
    const st = await stat(large.path);
    expect(st.size).toBe(4_307_563_492);
    expect(st.blocks * 512).toBeLessThan(16 * 1024 * 1024);
    const fh = await open(large.path, 'r');
    try {
      const buf = Buffer.alloc(8);
      const times: number[] = [];
      for (let r = 0; r < 3; r++) {
        await fh.read(buf, 0, 8, TIME_BEGIN + r * RECSIZE);
        times.push(buf.readDoubleBE(0));
      }
      expect(times).toEqual([0, 6, 12]);
    } finally {
      await fh.close();
    }
  });

  it('extracts the complete header without errors', () => {
    expect(large.record.format).toEqual({ id: 'netcdf', name: 'NetCDF 64-bit offset', version: 'CDF-2' });
    expect(large.record.errors).toEqual([]);
    expect(large.record.warnings).toEqual([]);
    expect(values(large.record.summary)).toMatchObject({
      kind: '64-bit offset',
      dimensions: 'time = UNLIMITED (3 currently), z = 1023, y = 1024, x = 1024',
      variables: 7,
      numrecs: 3,
      global_attributes: 5,
      title: 'MetaExtract large 64-bit offset file',
    });
    expect(values(group('file').fields)).toMatchObject({ header_size: 976, record_size: RECSIZE, record_begin: TIME_BEGIN });
    expect(values(variable('temperature').fields)).toMatchObject({ type: 'float', dimensions: ['z', 'y', 'x'], shape: [1023, 1024, 1024], units: 'K', valid_range: [150, 350] });
    expect(values(variable('precip').fields)).toMatchObject({ shape: [3, 1024, 1024], _FillValue: -9999 });
  });

  it('gives exact offsets and sizes above 2^32', () => {
    expect(storage('temperature')).toMatchObject({ begin: 4_207_564, vsize: 4_290_772_992, size: 4_290_772_992 });
    expect(storage('time')).toMatchObject({ begin: TIME_BEGIN, record: true, recordBytes: 8, size: 24 });
    expect(storage('precip')).toMatchObject({ begin: TIME_BEGIN + 8, record: true, recordBytes: 4_194_304, size: 12_582_912 });
    expect(storage('time').begin as number).toBeGreaterThan(GIB4);
  });

  it('reads at most 1 MiB', () => {
    expect(large.record.stats.bytesRead).toBeGreaterThan(0);
    expect(large.record.stats.bytesRead).toBeLessThanOrEqual(1024 * 1024);
  });
});
