/**
 * HDF5 datatypes (as h5wasm's `Metadata` describes them) → numpy-style descriptors, written the
 * way the corpus README "hdf5" section fixes them: `<f4`, `>i8`, `|u1`, `|b1`, `|S<n>`,
 * `vlen-str`, `{vlen: …}`, `{array: …, shape}`, `{compound: [[name, …]…]}`,
 * `{enum: …, members}`, `ref(object)` / `ref(region)`, `H5T_TIME(size=N)`.
 * Type classes follow the HDF5 File Format Specification §IV.A.2.d (Datatype message).
 */
import type { FieldValue } from '../types';

/** h5wasm's datatype metadata (the subset we read; see h5wasm `hdf5_util_helpers.d.ts`). */
export interface H5TypeMeta {
  type: number;
  size: number;
  signed: boolean;
  littleEndian: boolean;
  vlen: boolean;
  cset?: number;
  strpad?: number;
  ref_type?: 'object' | 'region';
  array_type?: H5TypeMeta & { shape?: number[]; total_size?: number };
  vlen_type?: H5TypeMeta;
  compound_type?: { nmembers: number; members: Array<H5TypeMeta & { name: string; offset: number }> };
  enum_type?: { type: number; nmembers: number; members: Record<string, number> };
}

/** HDF5 type classes (H5T_class_t). */
export const H5T = {
  INTEGER: 0,
  FLOAT: 1,
  TIME: 2,
  STRING: 3,
  BITFIELD: 4,
  OPAQUE: 5,
  COMPOUND: 6,
  REFERENCE: 7,
  ENUM: 8,
  VLEN: 9,
  ARRAY: 10,
} as const;

/** A dtype: a numpy-style string, or an object for derived types (plain JSON). */
export type Dtype = string | { [key: string]: FieldValue };

/** True for h5py's boolean convention: an enum of exactly FALSE = 0, TRUE = 1. */
export function isBoolEnum(m: H5TypeMeta): boolean {
  const members = m.enum_type?.members;
  if (!members) return false;
  const names = Object.keys(members);
  return names.length === 2 && members.FALSE === 0 && members.TRUE === 1;
}

function order(m: H5TypeMeta): string {
  return m.size === 1 ? '|' : m.littleEndian ? '<' : '>';
}

/** Integer/float descriptor of a member of an enum: h5wasm gives the enum's own size and sign. */
function atomic(kind: 'i' | 'u' | 'f', m: H5TypeMeta): string {
  return `${order(m)}${kind}${m.size}`;
}

/** The descriptor of a datatype. Unknown classes become `class<N>(size=S)`. */
export function dtypeOf(m: H5TypeMeta): Dtype {
  switch (m.type) {
    case H5T.INTEGER:
      return atomic(m.signed ? 'i' : 'u', m);
    case H5T.FLOAT:
      return atomic('f', m);
    case H5T.STRING:
      return m.vlen ? 'vlen-str' : `|S${m.size}`;
    case H5T.BITFIELD:
      return `bitfield(size=${m.size})`;
    case H5T.OPAQUE:
      return `|V${m.size}`;
    case H5T.TIME:
      return `H5T_TIME(size=${m.size})`;
    case H5T.REFERENCE:
      return `ref(${m.ref_type === 'object' ? 'object' : 'region'})`;
    case H5T.ENUM: {
      if (isBoolEnum(m)) return '|b1';
      const base = m.enum_type?.type === H5T.FLOAT ? atomic('f', m) : atomic(m.signed ? 'i' : 'u', m);
      return { enum: base, members: { ...(m.enum_type?.members ?? {}) } };
    }
    case H5T.VLEN:
      return m.vlen_type ? { vlen: dtypeOf(m.vlen_type) } : { vlen: 'unknown' };
    case H5T.ARRAY: {
      const at = m.array_type;
      return at ? { array: dtypeOf(at), shape: [...(at.shape ?? [])] } : { array: 'unknown', shape: [] };
    }
    case H5T.COMPOUND:
      return { compound: (m.compound_type?.members ?? []).map((x) => [x.name, dtypeOf(x)]) };
    default:
      return `class${m.type}(size=${m.size})`;
  }
}

/** One-line text of a descriptor (strings as they are, objects as compact JSON). */
export function dtypeText(d: Dtype): string {
  return typeof d === 'string' ? d : JSON.stringify(d);
}

/** `ascii` / `utf-8` for string types (HDF5 character set 0 / 1), else undefined. */
export function stringEncoding(m: H5TypeMeta): 'ascii' | 'utf-8' | undefined {
  if (m.type !== H5T.STRING) return undefined;
  return m.cset === 1 ? 'utf-8' : 'ascii';
}
