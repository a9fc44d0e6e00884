/**
 * Parser of the NetCDF classic-family header (NetCDF Classic Format Specification,
 * https://docs.unidata.ucar.edu/netcdf-c/current/file_format_specifications.html):
 *
 *   netcdf_file = header data
 *   header      = magic numrecs dim_list gatt_list var_list
 *   magic       = 'C' 'D' 'F' VERSION        VERSION = \x01 (classic) | \x02 (64-bit offset) | \x05 (CDF-5)
 *   dim_list    = ABSENT | NC_DIMENSION nelems [dim ...]        dim  = name dim_length
 *   att_list    = ABSENT | NC_ATTRIBUTE nelems [attr ...]       attr = name nc_type nelems [values ...]
 *   var_list    = ABSENT | NC_VARIABLE nelems [var ...]
 *   var         = name nelems [dimid ...] vatt_list nc_type vsize begin
 *   name        = nelems namestring (padded to 4 bytes); values are padded to 4 bytes
 *
 * All integers are big-endian. CDF-1 and CDF-2 use 32-bit counts, lengths, dimids and vsize;
 * CDF-5 makes all of them (and numrecs) 64-bit. `begin` is 32-bit in CDF-1 and 64-bit in CDF-2/5.
 * Tags and nc_type stay 32-bit everywhere.
 *
 * Pure and synchronous over a prefix of the file: when the prefix ends before the header does
 * (and the file is longer) it throws `NeedMoreBytes`; the caller reads more and parses again.
 * Every count and length read from the file is bounded by the bytes left in the FILE before
 * anything is allocated (an impossible count is `corrupt`, not an allocation).
 *
 * What netCDF-C reads (libsrc/v1hpg.c), this parser reads too, noting the departure from the
 * specification in `notes`: lengths, numrecs and offsets as unsigned integers of their full width
 * (a dimension length with the sign bit set; 64-bit values past 2^53, kept exact), empty names,
 * and a list whose count is 0 whatever its tag. Several zero-length dimensions are left to the
 * model (classic.ts): only the first is the record dimension.
 */
import { ExtractError } from '../errors';
import { exactLength, type Length } from './model';

/** Thrown when the prefix ends inside the header but the file has more bytes. */
export class NeedMoreBytes extends Error {
  override readonly name = 'NeedMoreBytes';
  constructor(readonly needed: number) {
    super(`NetCDF header needs at least ${needed} bytes`);
  }
}

/** nc_type codes (netcdf.h): 1–6 classic, 7–11 CDF-5 only. */
const NC_TYPES: Record<number, { name: string; size: number }> = {
  1: { name: 'byte', size: 1 },
  2: { name: 'char', size: 1 },
  3: { name: 'short', size: 2 },
  4: { name: 'int', size: 4 },
  5: { name: 'float', size: 4 },
  6: { name: 'double', size: 8 },
  7: { name: 'ubyte', size: 1 },
  8: { name: 'ushort', size: 2 },
  9: { name: 'uint', size: 4 },
  10: { name: 'int64', size: 8 },
  11: { name: 'uint64', size: 8 },
};

const NC_DIMENSION = 0x0a;
const NC_VARIABLE = 0x0b;
const NC_ATTRIBUTE = 0x0c;

export interface ClassicAttribute {
  name: string;
  type: string;
  /** Element count in the file. */
  nelems: number;
  /** char → string (UTF-8, NULs removed, as netCDF4-python); numbers → array, cut to `maxValues`. */
  value: string | Array<number | string>;
}

interface ClassicDimension {
  name: string;
  /** Header length; 0 marks the record (unlimited) dimension. */
  length: Length;
}

interface ClassicVariable {
  name: string;
  type: string;
  typeSize: number;
  dimids: number[];
  attributes: ClassicAttribute[];
  /** The header's vsize field (may be 2^32−1 for huge variables: do not use for sizes). */
  vsize: number | string;
  /** Offset of the data (fixed variable) or of its slab in the first record. */
  begin: Length;
}

export interface ClassicHeader {
  /** 1, 2 or 5. */
  version: 1 | 2 | 5;
  /** Record count from the header, or null for STREAMING (all bits set). */
  numrecs: Length | null;
  dimensions: ClassicDimension[];
  attributes: ClassicAttribute[];
  variables: ClassicVariable[];
  /** Offset just past the header. */
  headerEnd: number;
  /** Departures from the specification that netCDF-C reads anyway (one sentence each). */
  notes: string[];
}

export interface HeaderLimits {
  /** Cap on dims + attributes + variables. Exceeding it → ExtractError('too-large'). */
  maxObjects: number;
  /** Numeric attribute values kept per attribute (the count stays in `nelems`). */
  maxValues: number;
  /** Header byte budget: a length past the file and past this is impossible ('corrupt'), else 'truncated'. */
  maxBytes: number;
}

const utf8 = new TextDecoder('utf-8');

/**
 * Parses the header in `bytes` (a prefix of a file of `fileSize` bytes).
 * Throws NeedMoreBytes (prefix too short), ExtractError('unsupported-format') for a wrong magic,
 * 'corrupt' for impossible counts/tags/types, 'truncated' when the file itself ends inside the
 * header, 'too-large' past `limits.maxObjects`.
 */
export function parseClassicHeader(bytes: Uint8Array, fileSize: number, limits: HeaderLimits): ClassicHeader {
  return new Parser(bytes, fileSize, limits).header();
}

class Parser {
  private pos = 0;
  private readonly view: DataView;
  private version: 1 | 2 | 5 = 1;
  private objects = 0;
  private readonly notes: string[] = [];

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileSize: number,
    private readonly limits: HeaderLimits,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  header(): ClassicHeader {
    this.need(4);
    const b = this.bytes;
    if (b[0] !== 0x43 || b[1] !== 0x44 || b[2] !== 0x46) {
      throw new ExtractError('unsupported-format', 'Not a NetCDF classic file: the magic number is not "CDF".', 0);
    }
    if (b[3] !== 1 && b[3] !== 2 && b[3] !== 5) {
      throw new ExtractError('corrupt', `Unknown NetCDF classic format version byte ${b[3]} (expected 1, 2 or 5).`, 3);
    }
    this.version = b[3] as 1 | 2 | 5;
    this.pos = 4;
    const rawNumrecs = this.version === 5 ? this.u64() : BigInt(this.u32());
    const streaming = this.version === 5 ? rawNumrecs === 0xffffffffffffffffn : rawNumrecs === 0xffffffffn;
    const numrecs = streaming ? null : exactLength(rawNumrecs);

    const dimensions = this.list(NC_DIMENSION, 'dimension', 8 + this.nonNegSize(), () => {
      const name = this.name();
      const at = this.pos;
      const length = this.version === 5 ? this.u64() : BigInt(this.u32());
      if (length >= (this.version === 5 ? 2n ** 63n : 2n ** 31n)) {
        this.notes.push(`Dimension "${name}" at offset ${at}: length ${length} has the sign bit set (the format's NON_NEG); read unsigned, as netCDF-C does.`);
      }
      return { name, length: exactLength(length) };
    });
    const attributes = this.attributes();
    const variables = this.list(NC_VARIABLE, 'variable', 4 + 4 + this.nonNegSize() + 8 + 4 + this.nonNegSize() + 4, () => this.variable(dimensions.length));
    return { version: this.version, numrecs, dimensions, attributes, variables, headerEnd: this.pos, notes: this.notes };
  }

  // --- primitives -------------------------------------------------------------------------

  /** Ensures `n` more bytes exist at `pos`: in the prefix, else NeedMoreBytes, else truncated. */
  private need(n: number): void {
    const end = this.pos + n;
    if (end <= this.bytes.length) return;
    if (end > this.fileSize) {
      throw new ExtractError('truncated', `The file ends inside the NetCDF header (needed ${n} bytes at offset ${this.pos}, file is ${this.fileSize} bytes).`, this.pos);
    }
    throw new NeedMoreBytes(end);
  }

  /**
   * Checks `count` items of at least `minBytes` each against the rest of the file before any
   * loop or allocation: past the file AND past the budget (`maxBytes`) is an impossible count
   * ('corrupt'); within the budget it means the file was cut inside the header ('truncated').
   */
  private bound(count: number, minBytes: number, what: string, at: number): void {
    const extent = count * minBytes;
    const left = this.fileSize - this.pos;
    if (extent <= left) return;
    if (extent > this.limits.maxBytes) {
      throw new ExtractError('corrupt', `Impossible ${what} count ${count} at offset ${at}: the file has only ${left} bytes left.`, at);
    }
    throw new ExtractError('truncated', `The file ends inside the NetCDF header: ${what} count ${count} at offset ${at} needs at least ${extent} bytes, ${left} left.`, at);
  }

  private u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  private u64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos);
    this.pos += 8;
    return v;
  }

  private safe(v: bigint, what: string, at: number): number {
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ExtractError('corrupt', `Impossible ${what} ${v} at offset ${at}.`, at);
    return Number(v);
  }

  /** Bytes of a NON_NEG: 8 in CDF-5, else 4. */
  private nonNegSize(): number {
    return this.version === 5 ? 8 : 4;
  }

  /** NON_NEG (INT, or INT64 in CDF-5); negative values are corrupt. */
  private nonNeg(what: string, at = this.pos): number {
    if (this.version === 5) {
      const v = this.u64();
      if (v >= 0x8000000000000000n) throw new ExtractError('corrupt', `Negative ${what} at offset ${at}.`, at);
      return this.safe(v, what, at);
    }
    const v = this.u32();
    if (v >= 0x80000000) throw new ExtractError('corrupt', `Negative ${what} at offset ${at}.`, at);
    return v;
  }

  private pad(n: number): number {
    return (4 - (n % 4)) % 4;
  }

  /** name = nelems namestring, padded to 4 bytes. */
  private name(): string {
    const at = this.pos;
    const n = this.nonNeg('name length', at);
    if (n === 0) this.notes.push(`Empty name at offset ${at} (the format requires at least one character).`);
    this.bound(n, 1, 'name length', at);
    this.need(n + this.pad(n));
    // netCDF-C reads names as C strings: a renamed object keeps its old length, NUL-filled.
    const raw = this.bytes.subarray(this.pos, this.pos + n);
    const nul = raw.indexOf(0);
    const s = utf8.decode(nul >= 0 ? raw.subarray(0, nul) : raw);
    this.pos += n + this.pad(n);
    return s;
  }

  /** ABSENT | TAG nelems [item ...]. `minItemBytes` bounds the count before looping. */
  private list<T>(tag: number, what: string, minItemBytes: number, item: () => T): T[] {
    const at = this.pos;
    const t = this.u32();
    const count = this.nonNeg(`${what} count`, at + 4);
    if (count === 0) {
      if (t !== 0 && t !== tag) this.notes.push(`Empty ${what} list at offset ${at} with tag 0x${t.toString(16)} (neither ABSENT nor 0x${tag.toString(16)}).`);
      return [];
    }
    if (t !== tag) {
      throw new ExtractError('corrupt', `Expected the ${what} list tag (0x${tag.toString(16)}) or ABSENT at offset ${at}, found 0x${t.toString(16)}.`, at);
    }
    if (this.objects + count > this.limits.maxObjects && count * minItemBytes > this.fileSize - this.pos) {
      throw new ExtractError('corrupt', `Impossible ${what} count ${count} at offset ${at}: the file has only ${this.fileSize - this.pos} bytes left.`, at);
    }
    this.objects += count;
    if (this.objects > this.limits.maxObjects) {
      throw new ExtractError('too-large', `The NetCDF header declares more than ${this.limits.maxObjects} dimensions, attributes and variables.`, at);
    }
    this.bound(count, minItemBytes, what, at);
    const out: T[] = [];
    for (let i = 0; i < count; i += 1) out.push(item());
    return out;
  }

  private attributes(): ClassicAttribute[] {
    return this.list(NC_ATTRIBUTE, 'attribute', 4 + 4 + 4 + this.nonNegSize(), () => this.attribute());
  }

  private type(): { name: string; size: number } {
    const at = this.pos;
    const code = this.u32();
    const t = NC_TYPES[code];
    if (!t || (code > 6 && this.version !== 5)) {
      throw new ExtractError('corrupt', `Unknown nc_type ${code} at offset ${at}${code > 6 && code <= 11 ? ' (only CDF-5 files may use it)' : ''}.`, at);
    }
    return t;
  }

  private attribute(): ClassicAttribute {
    const name = this.name();
    const type = this.type();
    const at = this.pos;
    const nelems = this.nonNeg('attribute length', at);
    this.bound(nelems, type.size, 'attribute value', at);
    const bytes = nelems * type.size;
    this.need(bytes + this.pad(bytes));
    const start = this.pos;
    this.pos += bytes + this.pad(bytes);
    if (type.name === 'char') {
      return { name, type: 'char', nelems, value: utf8.decode(this.bytes.subarray(start, start + bytes)).replace(/\0/g, '') };
    }
    const keep = Math.min(nelems, this.limits.maxValues);
    const value: Array<number | string> = [];
    for (let i = 0; i < keep; i += 1) value.push(readValue(this.view, start + i * type.size, type.name));
    return { name, type: type.name, nelems, value };
  }

  private variable(ndimsTotal: number): ClassicVariable {
    const name = this.name();
    const at = this.pos;
    const ndims = this.nonNeg('dimension count', at);
    this.bound(ndims, this.nonNegSize(), 'variable dimension', at);
    const dimids: number[] = [];
    for (let i = 0; i < ndims; i += 1) {
      const idAt = this.pos;
      const id = this.nonNeg('dimension id', idAt);
      if (id >= ndimsTotal) throw new ExtractError('corrupt', `Variable "${name}" refers to dimension id ${id}, but there are ${ndimsTotal} dimensions.`, idAt);
      dimids.push(id);
    }
    const attributes = this.attributes();
    const type = this.type();
    let vsize: number | string;
    if (this.version === 5) {
      const v = this.u64();
      vsize = v > BigInt(Number.MAX_SAFE_INTEGER) ? v.toString() : Number(v);
    } else {
      vsize = this.u32();
    }
    const begin = this.version === 1 ? this.u32() : exactLength(this.u64());
    return { name, type: type.name, typeSize: type.size, dimids, attributes, vsize, begin };
  }
}

/** Shortest decimal that reads back as the same float32 (so 0.1f shows as 0.1, like ncdump). */
function shortestFloat32(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  for (let p = 1; p <= 9; p += 1) {
    const y = Number(x.toPrecision(p));
    if (Math.fround(y) === x) return y;
  }
  return x;
}

function readValue(view: DataView, at: number, type: string): number | string {
  switch (type) {
    case 'byte':
      return view.getInt8(at);
    case 'ubyte':
      return view.getUint8(at);
    case 'short':
      return view.getInt16(at);
    case 'ushort':
      return view.getUint16(at);
    case 'int':
      return view.getInt32(at);
    case 'uint':
      return view.getUint32(at);
    case 'float':
      return shortestFloat32(view.getFloat32(at));
    case 'double':
      return view.getFloat64(at);
    case 'int64':
    case 'uint64': {
      const v = type === 'int64' ? view.getBigInt64(at) : view.getBigUint64(at);
      return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    }
    default:
      return Number.NaN;
  }
}
