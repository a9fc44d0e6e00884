import { describe, expect, it } from 'vitest';
import { open, stat } from 'node:fs/promises';
import type { FieldGroup } from '../../src/extractors/types';
import { fieldValues, largeFileSuite } from './large-file-suite';
import { LARGE_HDF5_BIG_BYTES, LARGE_HDF5_BIG_OFFSET, LARGE_HDF5_ELEMENTS, LARGE_HDF5_HEADERS, LARGE_HDF5_LAST_VALUE, LARGE_HDF5_LONG_TEXT, LARGE_HDF5_SIZE, writeLargeHdf5 } from './hdf5';

const GIB4 = 2 ** 32;

const large = largeFileSuite('large-hdf5-', writeLargeHdf5);

const values = fieldValues;
function find(groups: readonly FieldGroup[], id: string): FieldGroup | undefined {
  for (const g of groups) {
    if (g.id === id) return g;
    const hit = find(g.children ?? [], id);
    if (hit) return hit;
  }
  return undefined;
}
const group = (id: string) => {
  const g = find(large.record.groups, id);
  if (!g) throw new Error(`no group ${id}`);
  return values(g.fields);
};
const hex = (n: number) => `0x${n.toString(16)}`;

describe('large HDF5 (4.4 GB contiguous dataset, a group and datasets past 4 GiB)', () => {
  it('is written sparse with the planned size and the last element in place', async () => {
    const st = await stat(large.path);
    expect(st.size).toBe(LARGE_HDF5_SIZE);
    expect(st.size).toBeGreaterThan(GIB4);
    expect(st.blocks * 512).toBeLessThan(1024 * 1024);
    const fh = await open(large.path, 'r');
    try {
      const b = Buffer.alloc(4);
      await fh.read(b, 0, 4, LARGE_HDF5_BIG_OFFSET + LARGE_HDF5_BIG_BYTES - 4);
      expect(b.readFloatLE(0)).toBe(LARGE_HDF5_LAST_VALUE);
    } finally {
      await fh.close();
    }
  });

  it('extracts the whole tree without errors', () => {
    expect(large.record.format.id).toBe('hdf5');
    expect(large.record.errors).toEqual([]);
    expect(large.record.warnings).toEqual([]);
    expect(values(large.record.summary)).toMatchObject({
      groups: 2,
      datasets: 5,
      filters: ['deflate', 'shuffle'],
      largest_dataset: `/big (${LARGE_HDF5_ELEMENTS}, <f4)`,
      title: 'MetaExtract large HDF5 <img src=x onerror=alert(1)>',
      version: 3,
      element_count: LARGE_HDF5_ELEMENTS,
    });
    expect(group('hdf5:file')).toMatchObject({ superblock_version: 2, size_of_offsets: 8, eof_address: LARGE_HDF5_SIZE });
    expect(group('hdf5:attributes:/calibration')).toEqual({ gain: 1.25, instrument: 'Sparse imager' });
    expect(group('hdf5:dataset:/calibration/gain_map')).toMatchObject({ shape: [128, 128], dtype: '<f4', layout: 'chunked', chunks: [32, 32], filters: ['deflate(6)'] });
    expect(group('hdf5:dataset:/calibration/flags')).toMatchObject({ shape: [64, 64], dtype: '<u2', layout: 'chunked', chunks: [16, 16], filters: ['shuffle'] });
  });

  it('reports the contiguous dataset with its exact offset and size', () => {
    expect(group('hdf5:dataset:/big')).toMatchObject({
      shape: [LARGE_HDF5_ELEMENTS],
      dtype: '<f4',
      layout: 'contiguous',
      chunks: null,
      data_offset: LARGE_HDF5_BIG_OFFSET,
      storage_size: LARGE_HDF5_BIG_BYTES,
      data_size: 4_400_000_000,
      address: hex(LARGE_HDF5_HEADERS['/big']),
    });
    expect(group('hdf5:attributes:/big')).toEqual({ units: 'K', long_name: 'mostly unwritten contiguous data' });
  });

  it('reads the group and datasets past 4 GiB at their exact addresses', () => {
    const after = LARGE_HDF5_HEADERS['/after'];
    expect(after).toBe(4_400_021_616);
    expect(after).toBeGreaterThan(GIB4);
    expect(group('hdf5:group:/after')).toMatchObject({ members: 2, address: hex(after) });
    expect(group('hdf5:attributes:/after')).toEqual({
      note: 'created after the 4.4 GB dataset: everything here lies past 4 GiB',
      index: 7,
      coefficients: [0.5, -1.25, 2],
      long_text: LARGE_HDF5_LONG_TEXT,
    });
    expect(group('hdf5:dataset:/after/series')).toMatchObject({
      shape: [1000],
      dtype: '<f8',
      layout: 'chunked',
      chunks: [250],
      filters: ['deflate(4)'],
      address: hex(LARGE_HDF5_HEADERS['/after/series']),
    });
    expect(group('hdf5:dataset:/after/mask')).toMatchObject({
      shape: [256, 256],
      dtype: '|u1',
      layout: 'chunked',
      chunks: [64, 64],
      filters: ['deflate(4)'],
      address: hex(LARGE_HDF5_HEADERS['/after/mask']),
    });
    for (const [p, a] of Object.entries(LARGE_HDF5_HEADERS)) {
      const id = p === '/' ? 'hdf5:group:/' : p === '/after' || p === '/calibration' ? `hdf5:group:${p}` : `hdf5:dataset:${p}`;
      expect(group(id).address, p).toBe(hex(a));
    }
  });

  it('reads at most 4 MiB', () => {
    expect(large.record.stats.bytesRead).toBeGreaterThan(0);
    expect(large.record.stats.bytesRead).toBeLessThanOrEqual(4 * 1024 * 1024);
  });
});
