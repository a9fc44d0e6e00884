/**
 * Large NetCDF file (issue 3): a NetCDF 64-bit offset (CDF-2) file of about 4 GiB whose record
 * (unlimited) variables begin past the 4 GiB mark, written sparse. The header and every
 * `begin` come from the fixture writer's layout (scripts/fixtures/netcdf.ts, NetCDF Classic
 * Format Specification); the coordinate values and the `time` records are real bytes, the big
 * variables are holes (zeros).
 *
 * Layout of `netcdf-large.nc` (header 976 bytes; offsets exact):
 * - dims: time = UNLIMITED (3 records), z = 1023, y = 1024, x = 1024; 5 global attributes.
 * - fixed variables: float x(x) at 976 (4096 B), float y(y) at 5072 (4096 B), float z(z) at
 *   9168 (4092 B), float elevation(y, x) at 13,260 (4 MiB), float temperature(z, y, x) at
 *   4,207,564 (4,290,772,992 B = 2^32 − 4 MiB, within CDF-2's 2^32 − 4 limit for a fixed
 *   variable followed by record variables).
 * - record variables: double time(time) at 4,294,980,556 (past 2^32 = 4,294,967,296) and
 *   float precip(time, y, x) at 4,294,980,564; a record is 4,194,312 bytes, 3 records.
 * File size: 4,307,563,492 bytes. Written: the header, x/y/z values and the three `time` values.
 */
import { join } from 'node:path';
import { encodeValues, layoutNetcdf, type NcSpec } from '../fixtures/netcdf';
import { writeSparseFile, type Piece } from './sparse';

/** Name of the file written by writeLargeNetcdf. */
export const LARGE_NETCDF_NAME = 'netcdf-large.nc';

const NX = 1024;
const NY = 1024;
const NZ = 1023;
const NUMRECS = 3;

/** The file's structure (data of the big variables omitted: they stay holes). */
export const LARGE_NETCDF_SPEC: NcSpec = {
  version: 2,
  numrecs: NUMRECS,
  dims: [
    ['time', 0],
    ['z', NZ],
    ['y', NY],
    ['x', NX],
  ],
  attrs: [
    { name: 'title', type: 'char', value: 'MetaExtract large 64-bit offset file' },
    { name: 'institution', type: 'char', value: 'MetaExtract project' },
    { name: 'source', type: 'char', value: 'scripts/large/netcdf.ts (sparse)' },
    { name: 'Conventions', type: 'char', value: 'CF-1.8' },
    { name: 'history', type: 'char', value: 'record variables begin past the 4 GiB mark' },
  ],
  vars: [
    { name: 'x', type: 'float', dims: ['x'], attrs: [{ name: 'units', type: 'char', value: 'km' }], data: Array.from({ length: NX }, (_, i) => i) },
    { name: 'y', type: 'float', dims: ['y'], attrs: [{ name: 'units', type: 'char', value: 'km' }], data: Array.from({ length: NY }, (_, i) => i) },
    {
      name: 'z',
      type: 'float',
      dims: ['z'],
      attrs: [
        { name: 'units', type: 'char', value: 'm' },
        { name: 'positive', type: 'char', value: 'up' },
      ],
      data: Array.from({ length: NZ }, (_, i) => 10 * i),
    },
    { name: 'elevation', type: 'float', dims: ['y', 'x'], attrs: [{ name: 'units', type: 'char', value: 'm' }] },
    {
      name: 'temperature',
      type: 'float',
      dims: ['z', 'y', 'x'],
      attrs: [
        { name: 'long_name', type: 'char', value: 'Air temperature' },
        { name: 'units', type: 'char', value: 'K' },
        { name: 'valid_range', type: 'float', value: [150, 350] },
      ],
    },
    {
      name: 'time',
      type: 'double',
      dims: ['time'],
      attrs: [{ name: 'units', type: 'char', value: 'hours since 2024-01-01 00:00:00' }],
      data: [0, 6, 12],
    },
    {
      name: 'precip',
      type: 'float',
      dims: ['time', 'y', 'x'],
      attrs: [
        { name: 'units', type: 'char', value: 'kg m-2 s-1' },
        { name: '_FillValue', type: 'float', value: [-9999] },
      ],
    },
  ],
};

/**
 * Writes `netcdf-large.nc` into `dir` (created if needed) as the module comment describes and
 * returns its absolute path. Deterministic. Throws fs errors, or when the record variables would
 * not begin past 4 GiB.
 */
export async function writeLargeNetcdf(dir: string): Promise<string> {
  const spec = LARGE_NETCDF_SPEC;
  const layout = layoutNetcdf(spec);
  if (layout.recordStart <= 2 ** 32) throw new Error(`NetCDF record data would begin at ${layout.recordStart}, not past 4 GiB`);
  const pieces: Piece[] = [{ offset: 0, bytes: layout.header }];
  for (const [i, v] of (spec.vars ?? []).entries()) {
    if (v.data === undefined) continue;
    const count = layout.slabs[i] / encodeValues(v.type, [0]).length;
    if (!layout.isRecord[i]) {
      pieces.push({ offset: layout.begins[i], bytes: encodeValues(v.type, v.data, count) });
    } else {
      const all = encodeValues(v.type, v.data, count * NUMRECS);
      for (let r = 0; r < NUMRECS; r += 1) {
        pieces.push({ offset: layout.begins[i] + r * layout.recsize, bytes: all.subarray(r * layout.slabs[i], (r + 1) * layout.slabs[i]) });
      }
    }
  }
  return writeSparseFile(join(dir, LARGE_NETCDF_NAME), layout.total, pieces);
}
