/**
 * Decodes DICOM element values by VR (PS3.5 §6.2) into plain JSON values: text VRs through
 * dicom-character-set per Specific Character Set (0008,0005) (PS3.5 §6.1), multi-values split on
 * backslash, IS/DS and binary numbers as numbers, AT as `(gggg,eeee)`. Binary VRs are never
 * decoded (the caller shows them by length).
 */
import { convertBytes } from 'dicom-character-set';

/** VRs whose text is in the Specific Character Set (PS3.5 §6.1.2.3); others are default repertoire. */
const CHARSET_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'PN', 'UC', 'UT']);
/** Text VRs that hold a single value (backslash is ordinary text). */
const SINGLE_TEXT_VRS = new Set(['ST', 'LT', 'UT', 'UR']);
const STRING_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);
/** Fixed-size binary number VRs and their byte width. */
const NUMBER_VRS: Record<string, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, SV: 8, UV: 8, AT: 4 };

/** Largest text value decoded in full; longer values are cut (and said so). */
const MAX_TEXT_BYTES = 64 * 1024;

/** True for VRs this module decodes (strings and binary numbers). */
export function isDecodableVr(vr: string): boolean {
  return STRING_VRS.has(vr) || vr in NUMBER_VRS;
}

/** Options for decoding one value. */
export interface DecodeOptions {
  littleEndian: boolean;
  /** (0008,0005) as stored (backslash-joined), or undefined for the default repertoire. */
  specificCharacterSet: string | undefined;
  /** Cap on array items decoded. */
  maxItems: number;
  /** Called once per problem (unknown character set…). */
  warn(message: string): void;
}

/** A decoded value; `total` is the full count when an array was cut. */
export interface Decoded {
  value: unknown;
  total?: number;
  /** Set when a long text value was cut to MAX_TEXT_BYTES. */
  cut?: boolean;
}

const latin1 = new TextDecoder('latin1');

/**
 * Decodes text bytes per the Specific Character Set. Unknown or misspelt defined terms
 * (`ISO-IR 100`) are retried with `_` and otherwise fall back to Latin-1, with a warning.
 */
function decodeText(bytes: Uint8Array, vr: string, charset: string | undefined, warn: (m: string) => void): string {
  if (!CHARSET_VRS.has(vr)) return latin1.decode(bytes);
  const tries = charset === undefined ? [undefined] : [charset, charset.replace(/-/g, '_').replace(/ISO_2022_IR/g, 'ISO 2022 IR')];
  for (const cs of tries) {
    try {
      return convertBytes(cs as string, bytes, { vr });
    } catch {
      // try the next spelling
    }
  }
  warn(`Unknown Specific Character Set "${charset}": text decoded as Latin-1.`);
  return latin1.decode(bytes);
}

function trimValue(s: string, vr: string): string {
  // PS3.5 §6.2: values are padded with a trailing space (NUL for UI); leading spaces are
  // insignificant in the numeric strings.
  const t = s.replace(/[\0 ]+$/, '');
  return vr === 'IS' || vr === 'DS' ? t.trim() : t;
}

function numericString(s: string): number | string | null {
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
}

function one(values: unknown[], total: number): Decoded {
  if (total === 1) return { value: values[0] };
  return total > values.length ? { value: values, total } : { value: values };
}

/**
 * Decodes the value bytes of an element of VR `vr`. Strings come back as a string (VM 1) or an
 * array (VM > 1); IS/DS as numbers (a component that is not a number stays a string); US, SS,
 * UL, SL, FL, FD, SV, UV as numbers (64-bit ones as bigint); AT as `(gggg,eeee)` strings. An empty
 * value gives null. Arrays are cut to `maxItems` with `total` set.
 */
export function decodeValue(vr: string, bytes: Uint8Array, opts: DecodeOptions): Decoded {
  if (bytes.length === 0) return { value: null };
  if (STRING_VRS.has(vr)) {
    const cut = bytes.length > MAX_TEXT_BYTES;
    const text = decodeText(cut ? bytes.subarray(0, MAX_TEXT_BYTES) : bytes, vr, opts.specificCharacterSet, opts.warn);
    if (SINGLE_TEXT_VRS.has(vr)) return { value: trimValue(text, vr), cut };
    const parts = text.split('\\');
    const total = parts.length;
    const values = parts.slice(0, opts.maxItems).map((p) => {
      const t = trimValue(p, vr);
      return vr === 'IS' || vr === 'DS' ? numericString(t) : t;
    });
    const d = one(values, total);
    if (cut) d.cut = true;
    return d;
  }
  const width = NUMBER_VRS[vr];
  if (width) {
    const total = Math.floor(bytes.length / width);
    const n = Math.min(total, opts.maxItems);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const le = opts.littleEndian;
    const values: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const at = i * width;
      switch (vr) {
        case 'US':
          values.push(view.getUint16(at, le));
          break;
        case 'SS':
          values.push(view.getInt16(at, le));
          break;
        case 'UL':
          values.push(view.getUint32(at, le));
          break;
        case 'SL':
          values.push(view.getInt32(at, le));
          break;
        case 'FL':
          values.push(view.getFloat32(at, le));
          break;
        case 'FD':
          values.push(view.getFloat64(at, le));
          break;
        case 'SV':
          values.push(view.getBigInt64(at, le));
          break;
        case 'UV':
          values.push(view.getBigUint64(at, le));
          break;
        case 'AT': {
          const g = view.getUint16(at, le).toString(16).padStart(4, '0').toUpperCase();
          const e = view
            .getUint16(at + 2, le)
            .toString(16)
            .padStart(4, '0')
            .toUpperCase();
          values.push(`(${g},${e})`);
          break;
        }
      }
    }
    if (total === 0) return { value: null };
    return one(values, total);
  }
  return { value: null };
}
