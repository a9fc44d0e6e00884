/**
 * Reads HDF5 attribute values through h5wasm's low-level calls and decodes the raw bytes
 * ourselves (h5wasm's own decoder reads fixed strings as windows-1252 and returns bigints and
 * Reference objects): every atomic type, fixed and variable-length strings (UTF-8, invalid bytes
 * as U+FFFD), enums (member names; h5py booleans as true/false), compounds (objects), arrays
 * (nested lists), vlen sequences, and object references (resolved to paths through `refPath`).
 * Values are plain JSON; arrays are capped.
 */
import type { FieldValue } from '../types';
import { H5T, isBoolEnum, type H5TypeMeta } from './dtype';
import type { H5Meta, H5Module } from './runtime';

/** Largest attribute (fixed part, bytes) whose value is read; bigger ones show type and shape only. */
const MAX_ATTRIBUTE_BYTES = 4 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8');

/** Hex address key of an 8-byte object reference / object header address. */
export function addressKey(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = Math.min(bytes.length, 8) - 1; i >= 0; i--) s += (bytes[i] ?? 0).toString(16).padStart(2, '0');
  return s.replace(/^0+(?=.)/, '');
}

interface DecodeCtx {
  heap: Uint8Array;
  /** Top-level atomic data were converted to little-endian by h5wasm. */
  forceLE: boolean;
  refPath: (key: string) => string | undefined;
  maxItems: number;
}

function readInt(dv: DataView, at: number, size: number, signed: boolean, le: boolean): number | bigint | string {
  switch (size) {
    case 1:
      return signed ? dv.getInt8(at) : dv.getUint8(at);
    case 2:
      return signed ? dv.getInt16(at, le) : dv.getUint16(at, le);
    case 4:
      return signed ? dv.getInt32(at, le) : dv.getUint32(at, le);
    case 8:
      return signed ? dv.getBigInt64(at, le) : dv.getBigUint64(at, le);
    default: {
      let v = 0n;
      for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(dv.getUint8(at + (le ? size - 1 - i : i)));
      if (signed && size > 0 && v >= 1n << BigInt(8 * size - 1)) v -= 1n << BigInt(8 * size);
      return v;
    }
  }
}

function halfFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

function plainNumber(v: number | bigint | string): FieldValue {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  return v;
}

function cString(bytes: Uint8Array, strpad: number | undefined): string {
  let end = bytes.indexOf(0);
  if (end < 0) end = bytes.length;
  let s = utf8.decode(bytes.subarray(0, end));
  if (strpad === 2) s = s.replace(/ +$/, '');
  return s;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 64), (x) => x.toString(16).padStart(2, '0')).join('') + (bytes.length > 64 ? '…' : '');
}

/** Decodes one element of type `m` at `at` in `buf`. */
function decodeOne(buf: Uint8Array, at: number, m: H5TypeMeta, c: DecodeCtx, top: boolean): FieldValue {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const le = (top && c.forceLE) || m.littleEndian || m.size === 1;
  switch (m.type) {
    case H5T.INTEGER:
      return plainNumber(readInt(dv, at, m.size, m.signed, le));
    case H5T.FLOAT:
      if (m.size === 4) return plainNumber(dv.getFloat32(at, le));
      if (m.size === 8) return plainNumber(dv.getFloat64(at, le));
      if (m.size === 2) return plainNumber(halfFloat(dv.getUint16(at, le)));
      return hex(buf.subarray(at, at + m.size));
    case H5T.STRING: {
      if (m.vlen) {
        const ptr = dv.getUint32(at, true);
        if (ptr === 0) return null;
        let end = ptr;
        while (end < c.heap.length && c.heap[end] !== 0 && end - ptr < 1 << 20) end++;
        return utf8.decode(c.heap.subarray(ptr, end));
      }
      return cString(buf.subarray(at, at + m.size), m.strpad);
    }
    case H5T.ENUM: {
      const raw = readInt(dv, at, m.size, m.signed, le);
      const n = typeof raw === 'bigint' ? Number(raw) : Number(raw);
      if (isBoolEnum(m)) return n !== 0;
      const name = Object.entries(m.enum_type?.members ?? {}).find(([, v]) => v === n)?.[0];
      return name ?? plainNumber(raw);
    }
    case H5T.COMPOUND:
      // fromEntries defines own keys: a member named `__proto__` (file text) stays a member.
      return Object.fromEntries((m.compound_type?.members ?? []).map((mem) => [mem.name, decodeOne(buf, at + mem.offset, mem, c, false)]));
    case H5T.ARRAY: {
      const at2 = m.array_type;
      if (!at2) return hex(buf.subarray(at, at + m.size));
      const shape = at2.shape ?? [];
      const n = shape.reduce((a, b) => a * b, 1);
      const flat: FieldValue[] = [];
      for (let i = 0; i < Math.min(n, c.maxItems); i++) flat.push(decodeOne(buf, at + i * at2.size, at2, c, top));
      return n <= c.maxItems ? nest(flat, shape) : flat;
    }
    case H5T.VLEN: {
      const len = dv.getUint32(at, true);
      const ptr = dv.getUint32(at + 4, true);
      const base = m.vlen_type;
      if (!base || ptr === 0) return [];
      const out: FieldValue[] = [];
      for (let i = 0; i < Math.min(len, c.maxItems); i++) {
        if (ptr + (i + 1) * base.size > c.heap.length) break;
        out.push(decodeOne(c.heap, ptr + i * base.size, base, c, false));
      }
      return out;
    }
    case H5T.REFERENCE: {
      if (m.ref_type === 'object') {
        const key = addressKey(buf.subarray(at, at + 8));
        return c.refPath(key) ?? `ref(object @0x${key})`;
      }
      return `ref(region ${hex(buf.subarray(at, at + m.size))})`;
    }
    default:
      return hex(buf.subarray(at, at + m.size));
  }
}

/** Nests a flat row-major list into `shape` (shape [] or [n] gives the list itself). */
function nest(flat: FieldValue[], shape: number[]): FieldValue[] {
  if (shape.length <= 1) return flat;
  const [, ...rest] = shape;
  const step = rest.reduce((a, b) => a * b, 1);
  const out: FieldValue[] = [];
  for (let i = 0; i < shape[0]; i++) out.push(nest(flat.slice(i * step, (i + 1) * step), rest));
  return out;
}

export interface DecodedValue {
  /** Scalar for a scalar dataspace, (nested) list otherwise, null for a null dataspace. */
  value: FieldValue;
  /** Element count when the list was cut to `maxItems` (then `value` is a flat list). */
  total?: number;
}

/**
 * Reads attribute `name` of object `path`. `meta` is its h5wasm metadata. Values over
 * MAX_ATTRIBUTE_BYTES are not read (`value` null, `total` = element count). Throws h5wasm's
 * Error when HDF5 fails.
 */
export function readAttribute(Module: H5Module, fileId: bigint, path: string, name: string, meta: H5Meta, maxItems: number, refPath: (key: string) => string | undefined): DecodedValue {
  if (!meta.shape) return { value: null };
  const count = meta.total_size;
  const nbytes = meta.size * count;
  if (nbytes > MAX_ATTRIBUTE_BYTES || !Number.isSafeInteger(nbytes)) return { value: null, total: count };
  if (nbytes === 0) return { value: meta.shape.length === 0 ? null : [] };
  const ptr = Module._malloc(nbytes);
  if (!ptr) return { value: null, total: count };
  let out: DecodedValue;
  try {
    Module.get_attribute_data(fileId, path, name, BigInt(ptr));
    try {
      const buf = Module.HEAPU8.slice(ptr, ptr + nbytes);
      const c: DecodeCtx = { heap: Module.HEAPU8, forceLE: meta.type !== H5T.COMPOUND && !meta.littleEndian, refPath, maxItems };
      const n = Math.min(count, maxItems);
      const flat: FieldValue[] = [];
      for (let i = 0; i < n; i++) flat.push(decodeOne(buf, i * meta.size, meta, c, true));
      if (meta.shape.length === 0) out = { value: flat[0] ?? null };
      else if (count > maxItems) out = { value: flat, total: count };
      else out = { value: nest(flat, meta.shape) };
    } finally {
      if (needsReclaim(meta)) Module.reclaim_vlen_memory(fileId, path, name, BigInt(ptr));
    }
  } finally {
    Module._free(ptr);
  }
  return out;
}

/** True when reading the type allocates variable-length memory HDF5 must reclaim. */
function needsReclaim(m: H5TypeMeta): boolean {
  if (m.vlen || m.type === H5T.VLEN) return true;
  if (m.type === H5T.ARRAY && m.array_type) return needsReclaim(m.array_type);
  if (m.type === H5T.COMPOUND) return (m.compound_type?.members ?? []).some(needsReclaim);
  return false;
}

/**
 * Decodes a standalone value of type `m` held in `bytes` in the file's byte order (a fill value
 * from an object header). Variable-length types (whose bytes are heap ids) give a hex string.
 */
export function decodeStored(bytes: Uint8Array, m: H5TypeMeta, maxItems: number): FieldValue {
  if (m.vlen || m.type === H5T.VLEN || bytes.length < m.size || needsReclaim(m)) return hex(bytes);
  return decodeOne(bytes, 0, m, { heap: new Uint8Array(0), forceLE: false, refPath: () => undefined, maxItems }, true);
}
