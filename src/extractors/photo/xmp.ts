/**
 * XMP (ISO 16684-1) via exifr's XMP segment parser, which works without DOMParser (absent in Web
 * Workers). Its output is keyed by namespace prefix; each becomes a child group `XMP-<prefix>`
 * with fields keyed by the qualified name (`dc:title`). exifr leaves XML entities encoded, so
 * strings are decoded here (`&lt;` → `<`); language alternatives become the x-default text with
 * all languages in `raw`. exifr turns numeric-looking text into numbers ("0221" → 221, "007" → 7);
 * XMP values are text, so every value is marked with U+0001 (not allowed in XML 1.0) before
 * parsing and the mark is removed afterwards, which keeps them as written.
 */
import { segmentParsers } from './exifr-lib';
import type { Field, FieldGroup } from '../types';
import { describeThrown } from '../errors';
import { makeField, toFieldValue } from '../fields';
import { humanize } from './labels';

/** Decodes the five XML entities and numeric character references. */
export function decodeXmlEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|quot|apos|amp);/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[e];
  });
}

/** Marks attribute values and text nodes so exifr's number/boolean coercion leaves them as text. */
const MARK = '\u0001';
function protectText(xml: string): string {
  return xml.replace(/(=\s*)(["'])/g, `$1$2${MARK}`).replace(/>([^<]*[^<\s][^<]*)</g, (_, t: string) => `>${MARK}${t}<`);
}

/**
 * exifr's XMP parser (7.1, segment-parsers/xmp.mjs `getNamespace`) stores `root[prefix] ??= {}`
 * then `root[prefix][name] = value` in plain objects: a prefix `__proto__` wrote onto
 * Object.prototype and `constructor` onto Object (prototype pollution of the worker). Prefixes
 * and local names that are Object.prototype members are replaced by a hex-spelled stand-in
 * everywhere in the packet before parsing (exifr finds names with regular expressions, in tags,
 * attributes and nested markup alike, so no context is skipped) and restored in `decodeDeep`, in
 * keys (which go into fresh objects) and in text.
 */
const UNSAFE_NAMES = [...Object.getOwnPropertyNames(Object.prototype), 'prototype'];
const UNSAFE = new Set(UNSAFE_NAMES);
const SHIELD = 'metaextract-unsafe-';
/** An unsafe name starting a prefix (`name:`) or ending a qualified name (`:name`), as exifr's `[a-zA-Z0-9-]+` / `[\w-]+` runs would cut it. */
const UNSAFE_RE = new RegExp(`(?<![a-zA-Z0-9-])(${UNSAFE_NAMES.join('|')})(?=:)|(?<=:)(${UNSAFE_NAMES.join('|')})(?![a-zA-Z0-9-])`, 'g');
const SHIELDED_RE = new RegExp(`${SHIELD}((?:[0-9a-f]{2})+)`, 'g');

function shieldNames(xml: string): string {
  return xml.replace(UNSAFE_RE, (name: string) => SHIELD + [...name].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
}

function unshieldNames(text: string): string {
  if (!text.includes(SHIELD)) return text;
  return text.replace(SHIELDED_RE, (m, hex: string) => {
    const name = hex.replace(/../g, (h) => String.fromCharCode(parseInt(h, 16)));
    return UNSAFE.has(name) ? name : m;
  });
}

function decodeDeep(v: unknown): unknown {
  if (typeof v === 'string') return decodeXmlEntities(unshieldNames(v.replaceAll(MARK, '')));
  if (Array.isArray(v)) return v.map(decodeDeep);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'parseType')
        .map(([k, x]) => [unshieldNames(k), decodeDeep(x)]),
    );
  return v;
}

function isLangAlt(v: unknown): v is { lang: string; value: unknown } {
  return !!v && typeof v === 'object' && !Array.isArray(v) && 'lang' in v && 'value' in v && Object.keys(v).length === 2;
}

/** Parsed XMP: namespace prefix → property name → value (entities decoded). */
export type XmpData = Record<string, Record<string, unknown>>;

/** Parses XMP packets (main and extended) and merges their namespaces. */
export async function parseXmp(packets: string[], warn: (m: string) => void): Promise<XmpData> {
  const Xmp = segmentParsers.get('xmp');
  // No prototype: a namespace prefix from the file (`__proto__`) is a plain key here.
  const merged: XmpData = Object.create(null);
  for (const packet of packets) {
    try {
      const out = (await Xmp.parse(shieldNames(protectText(packet)), {})) as Record<string, Record<string, unknown>> | undefined;
      if (!out) continue;
      for (const [shielded, props] of Object.entries(out)) {
        const ns = unshieldNames(shielded);
        // xmlns: namespace URIs; rdf: structure (rdf:about, rdf:parseType), not metadata.
        if (ns === 'xmlns' || ns === 'rdf' || !props || typeof props !== 'object') continue;
        merged[ns] = { ...(merged[ns] ?? {}), ...(decodeDeep(props) as Record<string, unknown>) };
      }
    } catch (e) {
      warn(`An XMP packet could not be parsed: ${describeThrown(e)}`);
    }
  }
  return merged;
}

/** Plain text of an XMP value: x-default of a language alternative, else the value itself. */
export function xmpText(v: unknown): unknown {
  if (isLangAlt(v)) return v.value;
  if (Array.isArray(v) && v.length > 0 && v.every(isLangAlt)) return (v.find((x) => x.lang === 'x-default') ?? v[0]).value;
  return v;
}

/** The XMP group with one child group per namespace. */
export function xmpGroup(xmp: XmpData, maxItems: number): FieldGroup {
  const children: FieldGroup[] = Object.entries(xmp).map(([ns, props]) => ({
    id: `xmp-${ns}`,
    label: `XMP-${ns}`,
    fields: Object.entries(props).map(([name, v]): Field => {
      const text = xmpText(v);
      return makeField(`${ns}:${name}`, text, { label: humanize(name), ...(text !== v ? { raw: toFieldValue(v, maxItems) } : {}) }, maxItems);
    }),
  }));
  return { id: 'xmp', label: 'XMP', fields: [], children };
}
