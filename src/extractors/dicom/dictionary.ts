/**
 * DICOM data dictionary lookups (keyword, VR, VM) backed by dcmjs's maintained dictionary
 * (`dcmjs/dictionary`: PS3.6 standard elements, repeating groups, and the private tags dcmjs
 * knows by creator). Imported through that subpath rather than `dcmjs` itself because it is pure
 * data with no imports, whereas the main dcmjs bundle pulls in @babel/runtime-corejs3, pako,
 * gl-matrix, ndarray, loglevel and lodash for features this reader does not use.
 */
import { dictionary } from 'dcmjs/dictionary';

/** A dictionary entry normalised for lookups. */
export interface DictEntry {
  /** DICOM keyword (`PatientName`); retired ones keep dcmjs's `RETIRED_` prefix stripped. */
  keyword: string;
  /** VR as listed; ambiguous ones are `US or SS` (xs), `OB or OW` (ox), `US or OW` (lt), `UL` (up). */
  vr: string | undefined;
  vm: string | undefined;
  retired: boolean;
  /** True for entries of the private dictionary (matched by creator). */
  private: boolean;
}

interface RangeEntry {
  gMin: number;
  gMax: number;
  /** 'o' = odd groups only, 'e' = even only (repeating groups), 'a' = any. */
  gParity: 'o' | 'e' | 'a';
  eMin: number;
  eMax: number;
  entry: DictEntry;
}

interface PrivateRange {
  gMin: number;
  gMax: number;
  creator: string;
  element: number;
  entry: DictEntry;
}

let exact: Map<number, DictEntry> | undefined;
let ranges: RangeEntry[] = [];
let privateExact: Map<string, DictEntry> = new Map();
let privateRanges: PrivateRange[] = [];

function toEntry(name: string | undefined, vr: string | undefined, vm: string | undefined, isPrivate: boolean): DictEntry {
  const raw = name ?? 'Unknown';
  const retired = raw.startsWith('RETIRED_');
  return { keyword: retired ? raw.slice(8) : raw, vr, vm, retired, private: isPrivate };
}

/** Parses `GGGG`, `AAAA-BBBB`, `AAAA-o-BBBB`, `AAAA-u-BBBB` into a numeric range. */
function parseRange(text: string): { min: number; max: number; parity: 'o' | 'e' | 'a' } | null {
  const m = /^([0-9a-f]{4})(?:-(o-|u-)?([0-9a-f]{4}))?$/i.exec(text);
  if (!m) return null;
  const min = parseInt(m[1], 16);
  const max = m[3] ? parseInt(m[3], 16) : min;
  return { min, max, parity: m[2] === 'o-' ? 'o' : m[2] === 'u-' ? 'a' : m[3] ? 'e' : 'a' };
}

function privateKey(group: number, creator: string, element: number): string {
  return `${group}|${creator}|${element}`;
}

function build(): Map<number, DictEntry> {
  const map = new Map<number, DictEntry>();
  for (const [key, e] of Object.entries(dictionary)) {
    const isPrivate = e.version === 'PrivateTag';
    const pm = /^\(([^,]+),"(.*)",([0-9a-f]{2})\)$/i.exec(key);
    if (pm) {
      const g = parseRange(pm[1]);
      if (!g) continue;
      const entry = toEntry(e.name === 'Unknown' ? undefined : e.name, e.vr, e.vm, true);
      if (entry.keyword === 'Unknown' && !e.vr) continue;
      const element = parseInt(pm[3], 16);
      if (g.min === g.max) privateExact.set(privateKey(g.min, pm[2], element), entry);
      else privateRanges.push({ gMin: g.min, gMax: g.max, creator: pm[2], element, entry });
      continue;
    }
    const sm = /^\(([^,]+),([^,]+)\)$/.exec(key);
    if (!sm) continue;
    const g = parseRange(sm[1]);
    const el = parseRange(sm[2]);
    if (!g || !el) continue;
    const entry = toEntry(e.name, e.vr, e.vm, isPrivate);
    if (g.min === g.max && el.min === el.max) map.set(((g.min << 16) | el.min) >>> 0, entry);
    else ranges.push({ gMin: g.min, gMax: g.max, gParity: g.parity, eMin: el.min, eMax: el.max, entry });
  }
  return map;
}

function index(): Map<number, DictEntry> {
  if (!exact) {
    ranges = [];
    privateExact = new Map();
    privateRanges = [];
    exact = build();
  }
  return exact;
}

/** Standard (public) dictionary entry for a tag, including repeating groups and group lengths. */
export function lookupTag(group: number, element: number): DictEntry | undefined {
  const hit = index().get(((group << 16) | element) >>> 0);
  if (hit) return hit;
  for (const r of ranges) {
    if (group < r.gMin || group > r.gMax || element < r.eMin || element > r.eMax) continue;
    if (r.gParity === 'o' && group % 2 === 0) continue;
    if (r.gParity === 'e' && group % 2 === 1) continue;
    return r.entry;
  }
  return undefined;
}

/**
 * Private dictionary entry for element `element` of `group` reserved by `creator`
 * (PS3.5 §7.8.1: block `xx` of (gggg,xxee) belongs to the creator in (gggg,00xx)).
 */
export function lookupPrivate(group: number, creator: string, element: number): DictEntry | undefined {
  index();
  const low = element & 0xff;
  const hit = privateExact.get(privateKey(group, creator, low));
  if (hit) return hit;
  for (const r of privateRanges) if (group >= r.gMin && group <= r.gMax && r.creator === creator && r.element === low) return r.entry;
  return undefined;
}

/** Human label from a keyword: `SOPClassUID` → `SOP Class UID`. */
export function labelFromKeyword(keyword: string): string {
  return keyword
    .replace(/([A-Z]{2,})s(?=[A-Z0-9]|$)/g, '$1\uE000') // plural acronyms: IDs, UIDs
    .replace(/([a-z0-9\uE000])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/\uE000/g, 's')
    .replace(/_/g, ' ');
}
