/**
 * Turns walked HDUs into record fields: one FieldGroup per HDU (`hdu-<n>`) whose fields are its
 * structure (type, astropy class, dimensions, offsets and sizes in bytes) with child groups for the
 * header cards, the table columns, the tile compression, random-groups parameters and each WCS
 * description; and the summary (HDU count, the primary's key facts, the list of extensions).
 */
import type { ExtractOptions, Field, FieldGroup } from '../types';
import { makeField } from '../fields';
import { unitFromComment, type Card } from './cards';
import { BITPIX_TYPES, describeTform, indexCards, intOf, strOf, type CardIndex } from './hdu';
import { keywordLabel } from './labels';
import type { WalkedHdu } from './read';
import { findWcs } from './wcs';

/** The standard commentary keywords (FITS 4.0 §4.4.2.4). */
const COMMENTARY_KEYS = new Set(['COMMENT', 'HISTORY', '']);
/** Comment of a card whose keyword has no value indicator (bytes 9–80 are free text). */
export const FREE_TEXT_COMMENT = 'no value indicator: bytes 9–80 are text';

/**
 * The record field of one card. `key` is the keyword (HIERARCH ones with their prefix, '' for a
 * blank keyword); `value` is boolean (logical), number (integer/float; integers beyond 2^53 as
 * decimal strings), `{real, imag}` (complex), string (string or commentary text) or null
 * (undefined value); `raw` is the value token as written when it is not a string (so `1.0E3`,
 * `T` and `(1, 2)` keep their FITS spelling and type); `comment` the card comment, `unit` the
 * `[unit]` at the start of the comment.
 */
function cardField(card: Card, maxItems: number): Field {
  const extra: Omit<Field, 'key' | 'value'> = {};
  if (card.kind === 'commentary' && !COMMENTARY_KEYS.has(card.keyword)) extra.comment = FREE_TEXT_COMMENT;
  const label = keywordLabel(card.keyword);
  if (label) extra.label = label;
  if (card.valueText !== undefined && card.type !== 'integer') extra.raw = card.valueText;
  if (card.type === 'integer' && card.valueText !== String(card.value)) extra.raw = card.valueText;
  if (card.comment !== undefined) extra.comment = card.comment;
  const unit = unitFromComment(card.comment);
  if (unit) extra.unit = unit;
  if (card.type === 'invalid') extra.comment = [card.problem, card.comment].filter(Boolean).join('; ');
  return makeField(card.keyword, card.value, extra, maxItems);
}

/** Decoded value of a keyword (makeField turns BigInts into numbers or strings), or undefined. */
function plain(idx: CardIndex, key: string): unknown {
  return idx.get(key)?.value;
}

/** `40×40` from axis lengths. */
function dimsText(dims: readonly bigint[]): string {
  return dims.map(String).join('×');
}

/** Short description of an HDU: `IMAGE 'SCI' 40×40 int16`. */
function hduTitle(h: WalkedHdu, idx: CardIndex): string {
  const parts = [h.info.type];
  const extname = strOf(idx, 'EXTNAME');
  if (extname !== undefined) parts.push(`'${extname}'`);
  return parts.join(' ');
}

function hduDescription(h: WalkedHdu, idx: CardIndex): string {
  const parts = [`${h.index} ${hduTitle(h, idx)}`];
  const { info } = h;
  if (info.compression) {
    parts.push(`compressed image ${dimsText(info.compression.dims)}`);
    if (info.compression.ZBITPIX !== undefined) parts.push(BITPIX_TYPES[String(info.compression.ZBITPIX)] ?? `BITPIX ${info.compression.ZBITPIX}`);
    if (info.compression.ZCMPTYPE) parts.push(info.compression.ZCMPTYPE);
  } else if (info.columns) {
    const rows = info.dims[1];
    parts.push(`${rows ?? '?'} rows × ${info.tfields} columns`);
  } else if (info.dims.length > 0) {
    parts.push(dimsText(info.dims));
    if (info.bitpix !== undefined) parts.push(BITPIX_TYPES[String(info.bitpix)] ?? `BITPIX ${info.bitpix}`);
  } else {
    parts.push('no data');
  }
  if (h.damage) parts.push(`(${h.damage})`);
  return parts.join(' ');
}

function structureFields(h: WalkedHdu, idx: CardIndex, maxItems: number): Field[] {
  const { info } = h;
  const f: Field[] = [];
  f.push(makeField('type', info.type, { label: 'HDU type', comment: h.index === 0 ? 'primary HDU' : 'XTENSION' }));
  f.push(makeField('HDU class', info.hduClass, { label: 'HDU class (astropy)' }));
  const extname = strOf(idx, 'EXTNAME');
  if (extname !== undefined) f.push(makeField('EXTNAME', extname, { label: 'Extension name' }));
  const extver = intOf(idx, 'EXTVER');
  if (extver !== undefined) f.push(makeField('EXTVER', extver, { label: 'Extension version' }));
  if (info.bitpix !== undefined) {
    const t = BITPIX_TYPES[String(info.bitpix)];
    f.push(makeField('BITPIX', info.bitpix, { label: 'Bits per data value', ...(t ? { comment: t } : {}) }));
  }
  if (info.naxis !== undefined) f.push(makeField('NAXIS', info.naxis, { label: 'Number of axes' }));
  f.push(makeField('NAXISn', info.dims, { label: 'Dimensions' }, maxItems));
  if (info.columns) {
    if (info.dims[1] !== undefined) f.push(makeField('rows', info.dims[1], { label: 'Rows', comment: 'NAXIS2' }));
    if (info.dims[0] !== undefined) f.push(makeField('row_size', info.dims[0], { label: 'Row width', unit: 'bytes', comment: 'NAXIS1' }));
    f.push(makeField('TFIELDS', info.tfields, { label: 'Columns' }));
  }
  if (h.index > 0 || info.hduClass === 'GroupsHDU') {
    f.push(makeField('PCOUNT', info.pcount, { label: info.columns ? 'Heap size' : 'Parameter count', ...(info.columns ? { unit: 'bytes' } : {}) }));
    f.push(makeField('GCOUNT', info.gcount, { label: 'Group count' }));
  }
  f.push(makeField('card_count', h.recordCount, { label: 'Header records', comment: 'records before END, CONTINUE/COMMENT/HISTORY/blank included' }));
  f.push(makeField('header_offset', h.headerOffset, { label: 'Header offset', unit: 'bytes' }));
  f.push(makeField('header_size', h.headerSize, { label: 'Header size', unit: 'bytes', comment: 'whole 2880-byte blocks' }));
  f.push(makeField('data_offset', h.dataOffset, { label: 'Data offset', unit: 'bytes' }));
  f.push(makeField('data_size', info.dataSize, { label: 'Data size', unit: 'bytes', comment: '|BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1×…×NAXISn), without padding' }));
  if (h.paddedDataSize !== null) f.push(makeField('data_size_padded', h.paddedDataSize, { label: 'Data size with padding', unit: 'bytes' }));
  if (h.damage) f.push(makeField('damage', h.damage, { label: 'Damage' }));
  return f;
}

function columnGroups(h: WalkedHdu, maxItems: number): FieldGroup | undefined {
  const { info } = h;
  if (!info.columns) return undefined;
  const ascii = info.type === 'TABLE';
  const children: FieldGroup[] = info.columns.map((col) => {
    const idx = indexCards(col.cards);
    const name = strOf(idx, `TTYPE${col.n}`);
    const fields = col.cards.map((c) => cardField(c, maxItems));
    const tform = strOf(idx, `TFORM${col.n}`);
    const described = tform !== undefined ? describeTform(tform, ascii) : undefined;
    if (described) fields.push(makeField('data_type', described, { label: 'Data type', comment: `decoded from TFORM${col.n}` }));
    return { id: `hdu-${h.index}-col-${col.n}`, label: `Column ${col.n}${name !== undefined ? ` '${name}'` : ''}`, fields };
  });
  return {
    id: `hdu-${h.index}-columns`,
    label: `Columns (${info.tfields})`,
    fields: [
      makeField(
        'TTYPEn',
        info.columns.map((c) => strOf(indexCards(c.cards), `TTYPE${c.n}`) ?? null),
        { label: 'Column names' },
        maxItems,
      ),
    ],
    children,
  };
}

function compressionGroup(h: WalkedHdu, cards: readonly Card[], maxItems: number): FieldGroup | undefined {
  const z = h.info.compression;
  if (!z) return undefined;
  const idx = indexCards(cards);
  const fields: Field[] = [];
  if (z.ZCMPTYPE !== undefined) fields.push(makeField('ZCMPTYPE', z.ZCMPTYPE, { label: 'Compression algorithm' }));
  if (z.ZBITPIX !== undefined) {
    const t = BITPIX_TYPES[String(z.ZBITPIX)];
    fields.push(makeField('ZBITPIX', z.ZBITPIX, { label: 'Image BITPIX', ...(t ? { comment: t } : {}) }));
  }
  if (z.ZNAXIS !== undefined) fields.push(makeField('ZNAXIS', z.ZNAXIS, { label: 'Image number of axes' }));
  fields.push(makeField('ZNAXISn', z.dims, { label: 'Image dimensions' }, maxItems));
  if (z.tiles.length) fields.push(makeField('ZTILEn', z.tiles, { label: 'Tile size' }, maxItems));
  // A Map, not a plain object: ZNAMEi is file text, and `__proto__` would set the prototype.
  const params = new Map<string, unknown>();
  for (let i = 1; i <= 999; i++) {
    const name = strOf(idx, `ZNAME${i}`);
    if (name === undefined) break;
    params.set(name, plain(idx, `ZVAL${i}`) ?? null);
  }
  if (params.size) fields.push(makeField('ZNAMEi', params, { label: 'Algorithm parameters', comment: 'ZNAMEi = ZVALi' }));
  for (const k of ['ZQUANTIZ', 'ZDITHER0', 'ZTENSION', 'ZSIMPLE', 'ZPCOUNT', 'ZGCOUNT', 'ZHECKSUM', 'ZDATASUM']) {
    const c = idx.get(k);
    if (c) fields.push(cardField(c, maxItems));
  }
  return { id: `hdu-${h.index}-compression`, label: `Tile compression${z.ZCMPTYPE ? ` (${z.ZCMPTYPE})` : ''}`, fields };
}

function randomGroupsGroup(h: WalkedHdu, idx: CardIndex, maxItems: number): FieldGroup | undefined {
  if (h.info.hduClass !== 'GroupsHDU') return undefined;
  const p = Number(h.info.pcount);
  const names: unknown[] = [];
  for (let i = 1; i <= Math.min(p, 999); i++) names.push(plain(idx, `PTYPE${i}`) ?? null);
  return {
    id: `hdu-${h.index}-groups`,
    label: 'Random groups',
    fields: [
      makeField('GCOUNT', h.info.gcount, { label: 'Number of groups' }),
      makeField('PCOUNT', h.info.pcount, { label: 'Parameters per group' }),
      makeField('PTYPEn', names, { label: 'Parameter names' }, maxItems),
      makeField('group_dims', h.info.dims.slice(1), { label: 'Array dimensions per group', comment: 'NAXIS2…NAXISn' }, maxItems),
    ],
  };
}

/** The FieldGroup of one HDU. With depth `summary` the header card list is left out. */
export function hduGroup(h: WalkedHdu, options: ExtractOptions): FieldGroup {
  const idx = indexCards(h.cards);
  const max = options.maxArrayItems;
  const children: FieldGroup[] = [];
  if (options.depth === 'full') {
    children.push({ id: `hdu-${h.index}-header`, label: `Header (${h.recordCount} records)`, fields: h.cards.map((c) => cardField(c, max)) });
  }
  const cols = columnGroups(h, max);
  if (cols) children.push(cols);
  const comp = compressionGroup(h, h.cards, max);
  if (comp) children.push(comp);
  const groups = randomGroupsGroup(h, idx, max);
  if (groups) children.push(groups);
  const naxis = h.info.compression?.ZNAXIS ?? h.info.naxis ?? 0;
  for (const w of findWcs(h.cards, naxis, max)) {
    children.push({ id: `hdu-${h.index}-wcs${w.alt ? `-${w.alt}` : ''}`, label: w.alt ? `WCS '${w.alt}'` : 'WCS', fields: w.fields });
  }
  let label = `HDU ${h.index} ${hduTitle(h, idx)}`;
  if (h.info.hduClass === 'CompImageHDU') label += ' (tile-compressed image)';
  if (h.info.hduClass === 'GroupsHDU') label += ' (random groups)';
  return { id: `hdu-${h.index}`, label, fields: structureFields(h, idx, max), children };
}

/** Keywords of the summary, looked for in the primary header first. */
const SUMMARY_KEYS = ['OBJECT', 'TELESCOP', 'INSTRUME', 'DATE-OBS', 'EXPTIME'];

/**
 * The summary: HDU count, the primary's BITPIX/NAXIS/dimensions, OBJECT, TELESCOP, INSTRUME,
 * DATE-OBS and EXPTIME (from the primary, else from the first extension that has them, said in the
 * comment), and a one-line description of each extension.
 */
export function summaryFields(hdus: readonly WalkedHdu[], maxItems: number): Field[] {
  const out: Field[] = [makeField('hdu_count', hdus.length, { label: 'HDUs' })];
  const primary = hdus[0];
  if (!primary) return out;
  if (primary.info.hduClass !== 'PrimaryHDU') out.push(makeField('HDU class', primary.info.hduClass, { label: 'Primary HDU class' }));
  if (primary.info.bitpix !== undefined) {
    const t = BITPIX_TYPES[String(primary.info.bitpix)];
    out.push(makeField('BITPIX', primary.info.bitpix, { label: 'Bits per data value', ...(t ? { comment: t } : {}) }));
  }
  if (primary.info.naxis !== undefined) out.push(makeField('NAXIS', primary.info.naxis, { label: 'Number of axes' }));
  out.push(makeField('NAXISn', primary.info.dims, { label: 'Primary dimensions', ...(primary.info.naxis === 0 ? { comment: 'no primary data array' } : {}) }, maxItems));
  const indexes = hdus.map((h) => indexCards(h.cards));
  for (const key of SUMMARY_KEYS) {
    const at = indexes.findIndex((idx) => idx.has(key) && idx.get(key)!.value !== null);
    if (at < 0) continue;
    const card = indexes[at].get(key)!;
    const f = cardField(card, maxItems);
    if (key === 'EXPTIME' && !f.unit) f.unit = 's';
    if (at > 0) f.comment = `from HDU ${at}${card.comment ? `: ${card.comment}` : ''}`;
    out.push(f);
  }
  if (hdus.length > 1) {
    const ext = hdus.slice(1).map((h, i) => hduDescription(h, indexes[i + 1]));
    out.push(makeField('extensions', ext, { label: 'Extensions' }, maxItems));
  }
  return out;
}
