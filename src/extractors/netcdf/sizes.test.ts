/**
 * Untrusted sizes in NetCDF classic headers (issue 5; NetCDF Classic Format Specification):
 * dimension lengths, numrecs, attribute nelems and variable ndims from the file never drive an
 * allocation or a loop beyond the file, sizes past 2^53 stay exact (BigInt), vsize is never
 * trusted, and impossible values are typed errors. Headers are built with the fixture layout
 * writer (data not written: the files hold the header only).
 */
import { describe, expect, it } from 'vitest';
import type { ExtractOptions, Field } from '../types';
import { DEFAULT_OPTIONS } from '../types';
import { encodeNetcdf, layoutNetcdf, type NcSpec } from '../../../scripts/fixtures/netcdf';
import { presentNetcdf } from './present';
import { extractBytes } from '../../testing/extract-bytes';
import { findGroup } from '../fields';

const extract = (bytes: Uint8Array, options?: Partial<ExtractOptions>) => extractBytes(bytes, 'hostile.nc', options);

const header = (spec: NcSpec) => layoutNetcdf(spec).header;
const value = (fields: Field[] | undefined, key: string) => fields?.find((f) => f.key === key)?.value;
const setU32 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(at, v);
const setU64 = (b: Uint8Array, at: number, v: bigint) => new DataView(b.buffer, b.byteOffset).setBigUint64(at, v);

describe('NetCDF classic untrusted sizes', () => {
  it('dimensions of 2^31 − 1: the variable size is an exact BigInt string, vsize is shown raw, only the header is read', async () => {
    const n = 2 ** 31 - 1;
    const bytes = header({
      version: 1,
      dims: [
        ['x', n],
        ['y', n],
      ],
      vars: [{ name: 'v', type: 'double', dims: ['x', 'y'] }],
    });
    const { r, source } = await extract(bytes);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContainEqual(expect.stringMatching(/variable data is missing/));
    const storage = findGroup(r.groups, 'storage:/v')!.fields;
    expect(value(storage, 'size')).toBe((8n * BigInt(n) * BigInt(n)).toString());
    expect(value(storage, 'vsize')).toBe(0xffffffff);
    expect(source.bytesRead).toBe(bytes.length);
  });

  it('CDF-5 numrecs of 2^53 − 1 and past 2^53: record count and record variable size exact', async () => {
    const spec: NcSpec = { version: 5, dims: [['time', 0]], vars: [{ name: 't', type: 'int', dims: ['time'] }] };
    const bytes = header(spec);
    setU64(bytes, 4, BigInt(Number.MAX_SAFE_INTEGER));
    const { r } = await extract(bytes);
    expect(r.errors).toEqual([]);
    expect(value(findGroup(r.groups, 'storage:/t')!.fields, 'size')).toBe((4n * BigInt(Number.MAX_SAFE_INTEGER)).toString());
    setU64(bytes, 4, 2n ** 60n);
    const past = await extract(bytes);
    expect(past.r.errors).toEqual([]);
    expect(value(past.r.summary, 'numrecs')).toBe('1152921504606846976');
    expect(value(findGroup(past.r.groups, 'storage:/t')!.fields, 'size')).toBe((4n * 2n ** 60n).toString());
  });

  it('attribute nelems of 2^31 − 1 (16 GiB of doubles) in a tiny file: corrupt, no allocation; a small overrun: truncated', async () => {
    const bytes = encodeNetcdf({ version: 1, dims: [], attrs: [{ name: 'a', type: 'double', value: [1, 2] }] });
    // magic, numrecs, ABSENT dim_list (8), NC_ATTRIBUTE, nelems, name length, "a" + padding, nc_type, then nelems.
    const at = 4 + 4 + 8 + 4 + 4 + 4 + 4 + 4;
    setU32(bytes, at, 0x7fffffff);
    const huge = await extract(bytes);
    expect(huge.r.errors).toEqual([expect.objectContaining({ code: 'corrupt', message: expect.stringMatching(/Impossible attribute value count 2147483647/) })]);
    expect(huge.source.bytesRead).toBe(bytes.length);
    setU32(bytes, at, 3);
    const over = await extract(bytes);
    expect(over.r.errors.map((e) => e.code)).toEqual(['truncated']);
  });

  it('CDF-5 counts of 2^62 (attributes, variable ndims): corrupt before any loop', async () => {
    const attrs = encodeNetcdf({ version: 5, dims: [], attrs: [{ name: 'a', type: 'int', value: [1] }] });
    setU64(attrs, 4 + 8 + 4 + 8 + 4, 2n ** 62n); // magic, numrecs, ABSENT dims (4 + 8), NC_ATTRIBUTE, then nelems
    const a = await extract(attrs);
    expect(a.r.errors).toEqual([expect.objectContaining({ code: 'corrupt', message: expect.stringMatching(/Impossible attribute count 4611686018427387904/) })]);
    const vars = header({ version: 5, dims: [['x', 2]], vars: [{ name: 'v', type: 'int', dims: ['x'] }] });
    // magic, numrecs, dim_list (4 + 8 + 8 + 4 + 8), ABSENT gatt_list (4 + 8), NC_VARIABLE, nelems, name (8 + 4), then ndims.
    setU64(vars, 4 + 8 + 32 + 12 + 4 + 8 + 12, 2n ** 62n);
    const v = await extract(vars);
    expect(v.r.errors).toEqual([expect.objectContaining({ code: 'corrupt', message: expect.stringMatching(/Impossible dimension count 4611686018427387904/) })]);
  });

  it('a storage key named like an Object.prototype member gets no function label', () => {
    const out = presentNetcdf(
      {
        kind: 'classic',
        dataModel: 'NETCDF3_CLASSIC',
        root: { name: '/', dimensions: [], attributes: [], groups: [], variables: [{ name: 'v', type: 'int', dims: [], shape: [], attributes: [], storage: { constructor: 1, toString: 2 } }] },
      },
      DEFAULT_OPTIONS,
    );
    const storage = findGroup(out.groups, 'storage:/v')!.fields;
    expect(storage.map((f) => f.label)).toEqual(['constructor', 'toString']);
  });
});
