/**
 * Corpus facts of a FITS record (corpus README "fits"), read only off the record's groups:
 * each `hdu-<n>` group's structure fields, its header card fields, its column groups and its
 * compression group.
 */
import type { Field, FieldGroup, FieldValue, MetadataRecord } from '../../extractors/types';
import { FREE_TEXT_COMMENT } from '../../extractors/fits/present';

/** Keywords the corpus lists under `keywords` when present. */
const KEYWORDS = ['OBJECT', 'TELESCOP', 'INSTRUME', 'DATE-OBS', 'EXPTIME', 'BUNIT', 'BSCALE', 'BZERO', 'ZCMPTYPE', 'CHECKSUM', 'DATASUM'];
const TABLE_TYPES = new Set(['BINTABLE', 'TABLE']);

function field(fields: readonly Field[] | undefined, key: string): Field | undefined {
  return fields?.find((f) => f.key === key);
}

function value(fields: readonly Field[] | undefined, key: string): FieldValue | undefined {
  return field(fields, key)?.value;
}

/** Offsets/sizes are numbers, or decimal strings past 2^53 (kept: compare.ts compares them exactly). */
function num(v: FieldValue | undefined): number | string | null {
  return typeof v === 'number' || (typeof v === 'string' && /^-?\d+$/.test(v)) ? v : null;
}

function child(g: FieldGroup, suffix: string): FieldGroup | undefined {
  return g.children?.find((c) => c.id === `${g.id}-${suffix}`);
}

function hduFacts(g: FieldGroup): Record<string, unknown> {
  const s = g.fields;
  const cards = child(g, 'header')?.fields ?? [];
  const card = (k: string) => value(cards, k);
  const naxis = card('NAXIS');
  const dims: unknown[] = [];
  for (let i = 1; typeof naxis === 'number' && i <= naxis; i++) dims.push(card(`NAXIS${i}`) ?? null);
  const type = value(s, 'type');
  const facts: Record<string, unknown> = {
    index: Number(g.id.slice(4)),
    type,
    astropy_class: value(s, 'HDU class'),
    BITPIX: card('BITPIX') ?? null,
    NAXIS: naxis ?? null,
    NAXISn: dims,
    EXTNAME: card('EXTNAME') ?? null,
    PCOUNT: card('PCOUNT') ?? null,
    GCOUNT: card('GCOUNT') ?? null,
    card_count: value(s, 'card_count'),
    header_offset: num(value(s, 'header_offset')),
    data_offset: num(value(s, 'data_offset')),
    data_size: num(value(s, 'data_size')),
  };
  if (typeof type === 'string' && TABLE_TYPES.has(type)) {
    const cols = child(g, 'columns');
    facts.TFIELDS = card('TFIELDS') ?? null;
    facts.columns = (cols?.children ?? []).map((c) => value(c.fields, `TTYPE${c.id.split('-col-')[1]}`) ?? null);
  }
  if (value(s, 'HDU class') === 'CompImageHDU') {
    const z = child(g, 'compression')?.fields;
    facts.compressed = { ZCMPTYPE: value(z, 'ZCMPTYPE') ?? null, ZBITPIX: value(z, 'ZBITPIX') ?? null, ZNAXISn: value(z, 'ZNAXISn') ?? [] };
  }
  const keywords: Record<string, unknown> = {};
  for (const k of KEYWORDS) {
    const f = field(cards, k);
    if (f) keywords[k] = f.value;
  }
  if (Object.keys(keywords).length) facts.keywords = keywords;
  const longStrings: Record<string, unknown> = {};
  const hierarch: Record<string, unknown> = {};
  for (const f of cards) {
    if (f.key.startsWith('HIERARCH ')) hierarch[f.key.slice(9)] ??= f.value;
    else if (typeof f.value === 'string' && f.value.length > 68 && !['COMMENT', 'HISTORY', ''].includes(f.key) && f.comment !== FREE_TEXT_COMMENT && !(f.key in longStrings))
      longStrings[f.key] = f.value;
  }
  if (Object.keys(longStrings).length) facts.long_strings = longStrings;
  if (Object.keys(hierarch).length) facts.hierarch = hierarch;
  return facts;
}

/** The corpus `expected` facts of a FITS record: `{hdu_count, hdus: [...]}`. */
export function corpusFacts(record: MetadataRecord): Record<string, unknown> {
  const hdus = record.groups.filter((g) => /^hdu-\d+$/.test(g.id));
  return { hdu_count: hdus.length, hdus: hdus.map(hduFacts) };
}
