/**
 * Classic header → NetcdfModel, with the sizes computed from the dimensions (never from vsize,
 * which is 2^32−1 for huge variables) as the NetCDF Classic Format Specification describes:
 * a fixed variable holds product(dims) × type size bytes at `begin`; a record variable holds one
 * slab of product(dims without the record dimension) × type size per record, each slab padded to
 * 4 bytes unless it is the only record variable; a record is the sum of the slabs, and the
 * records follow each other from the first record variable's `begin`.
 */
import type { Field } from '../types';
import { makeField } from '../fields';
import type { ClassicAttribute, ClassicHeader } from './header';
import { exactLength, type NetcdfAttribute, type NetcdfModel, type NetcdfVariable } from './model';

const KINDS = {
  1: { kind: 'classic', dataModel: 'NETCDF3_CLASSIC', version: 'CDF-1' },
  2: { kind: '64-bit offset', dataModel: 'NETCDF3_64BIT_OFFSET', version: 'CDF-2' },
  5: { kind: 'cdf5', dataModel: 'NETCDF3_64BIT_DATA', version: 'CDF-5' },
} as const;

function pad4(n: bigint): bigint {
  return (n + 3n) & ~3n;
}

function attribute(a: ClassicAttribute): NetcdfAttribute {
  const out: NetcdfAttribute = { name: a.name, type: a.type, value: a.value };
  if (Array.isArray(a.value) && a.nelems > a.value.length) out.length = a.nelems;
  return out;
}

/**
 * Builds the model of a classic-family file of `fileSize` bytes. `warn` receives problems that
 * leave the header usable (data shorter than the header describes, a misplaced record dimension,
 * the header's departures from the format that netCDF-C reads anyway). Several dimensions of
 * length 0 are read as netCDF-C reads them: each has the record count as its length and makes the
 * variables it leads record variables (NC3_inq_dim, IS_RECVAR), and only the first is the
 * unlimited dimension (find_NC_Udim).
 */
export function classicModel(h: ClassicHeader, fileSize: number, warn: (m: string) => void): NetcdfModel {
  const k = KINDS[h.version];
  for (const note of h.notes) warn(note);
  const recDimId = h.dimensions.findIndex((d) => d.length === 0);
  const isRecDim = (id: number) => h.dimensions[id].length === 0;
  const zero = h.dimensions.filter((d) => d.length === 0).map((d) => `"${d.name}"`);
  if (zero.length > 1) {
    warn(`More than one dimension of length 0 (${zero.join(', ')}): each has the record count as its length, and only the first is the unlimited dimension (as netCDF-C reads them).`);
  }

  // Per-variable element counts (BigInt: CDF-5 products may pass 2^53).
  const vars = h.variables.map((v) => {
    const isRecord = v.dimids.length > 0 && isRecDim(v.dimids[0]);
    if (v.dimids.some((id, i) => isRecDim(id) && i > 0)) warn(`Variable "${v.name}" uses the record dimension other than first (not allowed by the format).`);
    let slab = BigInt(v.typeSize);
    for (const id of v.dimids) if (!isRecDim(id)) slab *= BigInt(h.dimensions[id].length);
    return { v, begin: BigInt(v.begin), isRecord, slab };
  });
  const recordVars = vars.filter((x) => x.isRecord);
  const recsize = recordVars.length === 1 ? recordVars[0].slab : recordVars.reduce((s, x) => s + pad4(x.slab), 0n);
  const firstRecord = recordVars.length > 0 ? recordVars.reduce((m, x) => (x.begin < m ? x.begin : m), recordVars[0].begin) : undefined;

  let numrecs: bigint;
  if (h.numrecs !== null) numrecs = BigInt(h.numrecs);
  else {
    // STREAMING: the record count is whatever whole records the file holds.
    const size = BigInt(fileSize);
    numrecs = recsize > 0n && firstRecord !== undefined && size > firstRecord ? (size - firstRecord) / recsize : 0n;
  }

  // Where the data should end, to tell a truncated file.
  let dataEnd = BigInt(h.headerEnd);
  for (const x of vars) {
    if (!x.isRecord && x.begin + x.slab > dataEnd) dataEnd = x.begin + x.slab;
  }
  if (firstRecord !== undefined && numrecs > 0n && firstRecord + recsize * numrecs > dataEnd) dataEnd = firstRecord + recsize * numrecs;
  if (dataEnd > BigInt(fileSize)) {
    warn(`The file is ${fileSize} bytes but its header describes ${dataEnd} bytes: variable data is missing (truncated file?).`);
  }

  const dimensions = h.dimensions.map((d, i) => ({ name: d.name, size: d.length === 0 ? exactLength(numrecs) : d.length, unlimited: i === recDimId }));
  const variables: NetcdfVariable[] = vars.map(({ v, isRecord, slab }) => {
    const storage: NetcdfVariable['storage'] = { begin: v.begin, vsize: v.vsize };
    if (isRecord) {
      storage.record = true;
      storage.recordBytes = exactLength(slab);
      storage.size = exactLength(slab * numrecs);
    } else {
      storage.size = exactLength(slab);
    }
    return {
      name: v.name,
      type: v.type,
      dims: v.dimids.map((id) => h.dimensions[id].name),
      shape: v.dimids.map((id) => dimensions[id].size),
      attributes: v.attributes.map(attribute),
      storage,
    };
  });

  const info: Field[] = [makeField('header_size', h.headerEnd, { label: 'Header size', unit: 'bytes' })];
  if (h.numrecs === null) info.push(makeField('numrecs_field', 'STREAMING', { label: 'numrecs in header', comment: 'indeterminate: the record count was computed from the file size' }));
  if (firstRecord !== undefined) {
    info.push(makeField('record_size', exactLength(recsize), { label: 'Record size', unit: 'bytes', comment: 'bytes per record, all record variables' }));
    info.push(makeField('record_begin', exactLength(firstRecord), { label: 'First record offset', unit: 'bytes' }));
  }

  const model: NetcdfModel = {
    kind: k.kind,
    dataModel: k.dataModel,
    version: k.version,
    root: { name: '/', dimensions, variables, attributes: h.attributes.map(attribute), groups: [] },
    info,
  };
  if (recDimId >= 0) model.recordCount = exactLength(numrecs);
  return model;
}
