/**
 * The NetCDF data model (NetCDF Users Guide, "The NetCDF Data Model"), independent of the file's
 * storage: classic/64-bit-offset/CDF-5 headers and NetCDF-4 (HDF5) files are both read into this
 * shape, and `netcdf/present.ts` turns it into record groups, so both look the same to users and
 * to the corpus facts.
 */
import type { Field, FieldValue } from '../types';

/**
 * A length, count or offset from the file: a number, or its exact decimal text past 2^53 (CDF-5
 * stores lengths and numrecs, CDF-2/5 offsets, as 64-bit integers; ncdump prints them whole).
 */
export type Length = number | string;

/** `v` as a {@link Length}. */
export function exactLength(v: bigint): Length {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** `ncdump -k` names. */
export type NetcdfKind = 'classic' | '64-bit offset' | 'cdf5' | 'netCDF-4' | 'netCDF-4 classic model';

export interface NetcdfAttribute {
  name: string;
  /** CDL type name: byte, ubyte, char, short, ushort, int, uint, int64, uint64, float, double, string, or a user type. */
  type: string;
  /** Decoded value: string for char/string, number or number[] (64-bit integers as strings). */
  value: FieldValue;
  /** Element count in the file when `value` holds fewer (values cut to a budget). */
  length?: number;
}

export interface NetcdfDimension {
  name: string;
  /** Current length; for the unlimited dimension, the record count. */
  size: Length;
  unlimited: boolean;
}

export interface NetcdfVariable {
  name: string;
  /** CDL type name; user-defined types as `compound:NAME`, `vl:NAME`, `enum:NAME`. */
  type: string;
  dims: string[];
  shape: Length[];
  attributes: NetcdfAttribute[];
  /** Storage facts shown to users (offset/vsize for classic; chunking/filters for NetCDF-4). */
  storage?: Record<string, FieldValue>;
}

export interface NetcdfGroup {
  name: string;
  dimensions: NetcdfDimension[];
  variables: NetcdfVariable[];
  attributes: NetcdfAttribute[];
  groups: NetcdfGroup[];
}

export interface NetcdfModel {
  kind: NetcdfKind;
  /** netCDF4-python name: NETCDF3_CLASSIC, NETCDF3_64BIT_OFFSET, NETCDF3_64BIT_DATA, NETCDF4, NETCDF4_CLASSIC. */
  dataModel: string;
  /** The root group. */
  root: NetcdfGroup;
  /** Number of records (length of the unlimited dimension), when there is one. */
  recordCount?: Length;
  /** Format version shown in `format.version` (e.g. `CDF-1`, or the `_NCProperties` version). */
  version?: string;
  /** Extra file-level facts (header size, record size, _NCProperties…) shown in the "File" group. */
  info?: Field[];
}
