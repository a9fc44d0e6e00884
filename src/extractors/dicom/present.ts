/**
 * Turns dicom-parser data sets into MetadataRecord groups and the summary: one Field per data
 * element keyed `(GGGG,EEEE)` with the dictionary name as label and `VR · Keyword` as comment;
 * sequences become child FieldGroups with one group per item; binary values are shown by length
 * and offset; private elements carry their creator (PS3.5 §7.8).
 */
import type { DataSet, Element } from 'dicom-parser';
import type { Field, FieldGroup } from '../types';
import { makeField } from '../fields';
import { labelFromKeyword, lookupPrivate, lookupTag, type DictEntry } from './dictionary';
import { VRS, describeEncoding, type Encoding } from './encoding';
import { transferSyntaxOf } from './parse';
import type { HeaderRead, PixelDataInfo } from './read';
import { decodeValue, isDecodableVr } from './values';
import { sopClassName, transferSyntaxName } from './uids';

/** Options and running state of one build. */
export interface BuildContext {
  encoding: Encoding;
  maxItems: number;
  maxObjects: number;
  warn(message: string): void;
  /** Elements turned into fields so far (capped by maxObjects). */
  count: number;
  /** Set once the maxObjects cap was hit. */
  capped: boolean;
  /** Set once a sequence nested deeper than MAX_SEQUENCE_DEPTH was met. */
  tooDeep?: boolean;
}

/**
 * Deepest sequence nesting shown as groups. PS3.5 §7.5 sets no limit, but real data sets (SR
 * content trees included) nest a few levels; a file can nest thousands, which would make the
 * record tree as deep (and the page's recursive rendering and cloning with it).
 */
export const MAX_SEQUENCE_DEPTH = 32;

/** True (with one warning per build) once `ctx.maxObjects` elements and items were listed. */
function atCap(ctx: BuildContext): boolean {
  if (ctx.count < ctx.maxObjects) return false;
  if (!ctx.capped) ctx.warn(`More than ${ctx.maxObjects} data elements and sequence items: the rest are not listed.`);
  ctx.capped = true;
  return true;
}

/** `x00100010` → numbers. */
function splitTag(tag: string): { group: number; element: number } {
  return { group: parseInt(tag.slice(1, 5), 16), element: parseInt(tag.slice(5, 9), 16) };
}

/** `x00100010` → `(0010,0010)`. */
function tagKey(tag: string): string {
  return `(${tag.slice(1, 5)},${tag.slice(5, 9)})`.toUpperCase();
}

const AMBIGUOUS: Record<string, string> = { ox: 'OW', lt: 'OW', up: 'UL' };

interface Described {
  vr: string;
  keyword?: string;
  label: string;
  notes: string[];
}

/** Dictionary VR made concrete for implicit VR data (PS3.5 Annex A.1: OB or OW is OW). */
function concreteVr(entry: DictEntry | undefined, pixelRepresentation: number | undefined): string | undefined {
  const vr = entry?.vr;
  if (!vr) return undefined;
  if (vr === 'xs') return pixelRepresentation === 1 ? 'SS' : 'US';
  if (AMBIGUOUS[vr]) return AMBIGUOUS[vr];
  return VRS.has(vr) ? vr : undefined;
}

/** VR for dicom-parser's implicit-VR callback: dictionary VR when unambiguous, else undefined. */
export function implicitVrCallback(tag: string): string | undefined {
  const { group, element } = splitTag(tag);
  if (group % 2 === 1) return undefined;
  const vr = lookupTag(group, element)?.vr;
  return vr && VRS.has(vr) ? vr : undefined;
}

function describe(el: Element, creators: Map<string, string>, explicit: boolean, pixelRepresentation: number | undefined): Described {
  const { group, element } = splitTag(el.tag);
  const stored = explicit && el.vr && VRS.has(el.vr) ? el.vr : undefined;
  const notes: string[] = [];
  let entry: DictEntry | undefined;
  let label: string;
  if (group % 2 === 1 && group > 0x0008) {
    if (element === 0x0000) {
      label = 'Private Group Length';
      entry = { keyword: 'PrivateGroupLength', vr: 'UL', vm: '1', retired: false, private: true };
    } else if (element >= 0x0010 && element <= 0x00ff) {
      label = 'Private Creator';
      entry = { keyword: 'PrivateCreator', vr: 'LO', vm: '1', retired: false, private: true };
      notes.push('private');
    } else {
      const creator = element >= 0x1000 ? creators.get(`${group}|${element >> 8}`) : undefined;
      entry = creator !== undefined ? lookupPrivate(group, creator, element) : undefined;
      const named = entry && entry.keyword && entry.keyword !== 'Unknown';
      label = named ? labelFromKeyword(entry!.keyword) : 'Private element';
      if (!named) entry = entry ? { ...entry, keyword: '' } : undefined;
      notes.push(creator !== undefined ? `private, creator "${creator}"` : 'private, creator unknown');
    }
  } else {
    entry = lookupTag(group, element);
    label = entry ? labelFromKeyword(entry.keyword) : 'Unknown element';
    if (entry?.retired) notes.push('retired');
  }
  let vr = stored ?? concreteVr(entry, pixelRepresentation) ?? (el.items ? 'SQ' : 'UN');
  if (stored === 'UN' && !el.items) {
    const dictVr = concreteVr(entry, pixelRepresentation);
    if (dictVr && isDecodableVr(dictVr)) {
      notes.push(`stored as UN, decoded as ${dictVr}`);
      vr = dictVr;
    }
  }
  return { vr, keyword: entry?.keyword || undefined, label, notes };
}

/** Private Creator values of a data set, keyed `group|block` (PS3.5 §7.8.1). */
function privateCreators(ds: DataSet): Map<string, string> {
  const out = new Map<string, string>();
  for (const [tag, el] of Object.entries(ds.elements)) {
    const { group, element } = splitTag(tag);
    if (group % 2 === 1 && element >= 0x0010 && element <= 0x00ff && el.length > 0 && el.dataOffset + el.length <= ds.byteArray.length) {
      let s = '';
      for (const b of ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length)) s += String.fromCharCode(b);
      out.set(`${group}|${element}`, s.replace(/[\0 ]+$/, '').replace(/^ +/, ''));
    }
  }
  return out;
}

/** The Pixel Data field value: `{vr, encapsulated, length, offset, …}`. */
function pixelDataValue(p: PixelDataInfo): Record<string, string | number | boolean | null> {
  const v: Record<string, string | number | boolean | null> = { vr: p.vr, encapsulated: p.encapsulated, length: p.length, offset: p.offset };
  if (p.basicOffsetTableEntries !== undefined) v.basicOffsetTableEntries = p.basicOffsetTableEntries;
  if (p.fragments !== undefined) v.fragments = p.fragments;
  if (p.fragmentsNotCounted) v.fragmentsCounted = false;
  return v;
}

interface Level {
  /** Offset in the file of byteArray[0] of this data set's buffer (null: inflated). */
  base: number | null;
  charset: string | undefined;
  pixelRepresentation: number | undefined;
  pixel?: PixelDataInfo;
  /** Sequence nesting of this data set (0 = top level). */
  depth?: number;
}

function charsetOf(ds: DataSet, inherited: string | undefined): string | undefined {
  const el = ds.elements.x00080005;
  if (!el || el.length <= 0 || el.dataOffset + el.length > ds.byteArray.length) return inherited;
  let s = '';
  for (const b of ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length)) s += String.fromCharCode(b);
  return s.replace(/[\0 ]+$/, '');
}

/**
 * Fields (and sequence child groups) for the elements of `ds`, in file order; item delimiters
 * are skipped. `isMeta`: `ds` is the File Meta group, explicit VR little endian (PS3.10 §7.1).
 */
function buildFields(ds: DataSet, id: string, level: Level, ctx: BuildContext, isMeta = false): { fields: Field[]; children: FieldGroup[] } {
  const fields: Field[] = [];
  const children: FieldGroup[] = [];
  const creators = privateCreators(ds);
  const charset = charsetOf(ds, level.charset);
  const explicit = isMeta ? true : ctx.encoding.explicit;
  const littleEndian = isMeta ? true : ctx.encoding.littleEndian;
  for (const [tag, el] of Object.entries(ds.elements)) {
    const group = parseInt(tag.slice(1, 5), 16);
    if (group === 0xfffe) continue;
    if (atCap(ctx)) break;
    ctx.count += 1;
    const key = tagKey(tag);
    const d = describe(el, creators, explicit, level.pixelRepresentation);
    const comment = [d.vr, d.keyword, ...d.notes].filter(Boolean).join(' · ');
    const undefinedLength = el.hadUndefinedLength || el.length === 0xffffffff;
    if (tag === 'x7fe00010' && level.pixel) {
      fields.push({ key, label: d.label, value: pixelDataValue(level.pixel), comment: `${level.pixel.vr} · PixelData · value not read` });
      continue;
    }
    if (el.items) {
      const seqId = `${id}/${key}`;
      const depth = (level.depth ?? 0) + 1;
      const items: FieldGroup[] = [];
      if (depth > MAX_SEQUENCE_DEPTH) {
        if (!ctx.tooDeep) ctx.warn(`Sequences nested more than ${MAX_SEQUENCE_DEPTH} levels deep: their items are not listed.`);
        ctx.tooDeep = true;
      }
      // Items count against maxObjects like elements: a file may hold any number of them.
      for (let i = 0; i < el.items.length && depth <= MAX_SEQUENCE_DEPTH && !atCap(ctx); i++) {
        ctx.count += 1;
        const item = el.items[i];
        const itemId = `${seqId}/${i + 1}`;
        const inner = item.dataSet ? buildFields(item.dataSet, itemId, { ...level, charset, depth }, ctx) : { fields: [], children: [] };
        const g: FieldGroup = { id: itemId, label: `Item ${i + 1}`, fields: inner.fields };
        if (inner.children.length) g.children = inner.children;
        items.push(g);
      }
      fields.push({
        key,
        label: d.label,
        value: el.items.length,
        unit: el.items.length === 1 ? 'item' : 'items',
        comment: `SQ${d.keyword ? ` · ${d.keyword}` : ''}${d.notes.length ? ` · ${d.notes.join(' · ')}` : ''}`,
      });
      children.push({ id: seqId, label: `${d.label} ${key}`, fields: [], children: items });
      continue;
    }
    const offset = level.base === null ? null : level.base + el.dataOffset;
    if (undefinedLength || !isDecodableVr(d.vr)) {
      const length = undefinedLength ? null : el.length;
      fields.push({ key, label: d.label, value: { length, offset }, comment: `${comment} · binary, content not shown` });
      continue;
    }
    if (el.dataOffset + el.length > ds.byteArray.length) {
      fields.push({ key, label: d.label, value: null, comment: `${comment} · value beyond the end of the bytes read` });
      continue;
    }
    const bytes = ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
    const decoded = decodeValue(d.vr, bytes, { littleEndian, specificCharacterSet: charset, maxItems: ctx.maxItems, warn: ctx.warn });
    const f = makeField(key, decoded.value, { label: d.label, comment: decoded.cut ? `${comment} · long value cut` : comment }, ctx.maxItems);
    if (decoded.total !== undefined) f.total = decoded.total;
    fields.push(f);
  }
  return { fields, children };
}

/** Group ids used by the record. */
const GROUP_IDS = { file: 'file', meta: 'meta', dataset: 'dataset' } as const;

/** The transfer syntax inferred from the data when the file names none (`InferredTransferSyntaxUID`). */
function inferredField(e: Encoding): Field {
  const ts = transferSyntaxOf(e);
  return { key: 'InferredTransferSyntaxUID', label: 'Transfer syntax inferred from the data', value: ts.uid, comment: ts.name };
}

/** Builds `summary` and `groups` from a header read. */
export function buildRecord(read: HeaderRead, ctx: BuildContext): { summary: Field[]; groups: FieldGroup[] } {
  const p = read.parse;
  const groups: FieldGroup[] = [];
  const top: Field[] = [];
  const topChildren: FieldGroup[] = [];
  let pixelRepresentation: number | undefined;
  const prEl = p.dataSet?.elements.x00280103;
  if (p.dataSet && prEl && prEl.length >= 2 && prEl.dataOffset + 2 <= p.dataSet.byteArray.length) {
    pixelRepresentation = p.encoding.littleEndian ? p.dataSet.byteArray[prEl.dataOffset] : p.dataSet.byteArray[prEl.dataOffset + 1];
  }
  const charset = p.dataSet ? charsetOf(p.dataSet, undefined) : undefined;
  if (p.dataSet) {
    const main = buildFields(p.dataSet, GROUP_IDS.dataset, { base: read.dataSetBase, charset, pixelRepresentation, pixel: read.pixel }, ctx);
    top.push(...main.fields);
    topChildren.push(...main.children);
    // PS3.10 §7.1 puts group 0002 before the data set; dcmdump lists strays with the data set too.
    if (main.fields.some((f) => f.key.startsWith('(0002,'))) {
      ctx.warn('File Meta Information elements (group 0002) inside the data set, after other elements: listed with the data set, not used to decode it.');
    }
  }
  if (read.trailer) {
    const tail = buildFields(read.trailer.dataSet, GROUP_IDS.dataset, { base: read.trailer.base, charset, pixelRepresentation }, ctx);
    top.push(...tail.fields);
    topChildren.push(...tail.children);
  }

  const ts = p.transferSyntaxUID;
  const fileFields: Field[] = [
    { key: 'Preamble', label: '128-byte preamble + "DICM" (Part 10)', value: p.hasPreamble },
    { key: 'FileMeta', label: 'File Meta Information (group 0002)', value: p.meta.length > 0 },
    {
      key: 'TransferSyntaxUID',
      label: 'Transfer syntax',
      value: ts,
      ...(ts ? { comment: transferSyntaxName(ts) ?? 'unknown transfer syntax' } : { comment: 'none in the file: the data set encoding was inferred' }),
    },
    { key: 'decoded_as', label: 'Data set decoded as', value: describeEncoding(p.encoding), ...(p.encodingNote ? { comment: p.encodingNote } : {}) },
    ...(p.inferred && p.dataSet ? [inferredField(p.encoding)] : []),
    { key: 'dataset_element_count', label: 'Top-level data set elements', value: top.length, comment: 'not counting File Meta' },
  ];
  if (p.deflated) fileFields.push({ key: 'Deflated', label: 'Data set deflated (PS3.5 A.5)', value: true, comment: 'offsets inside the data set refer to the inflated stream' });
  if (read.pixel?.offset != null) fileFields.push({ key: 'HeaderLength', label: 'Header length (up to Pixel Data value)', value: read.pixel.offset, unit: 'bytes' });
  groups.push({ id: GROUP_IDS.file, label: 'DICOM file', fields: fileFields });

  if (p.metaDataSet && p.meta.length) {
    const meta = buildFields(p.metaDataSet, GROUP_IDS.meta, { base: 0, charset: undefined, pixelRepresentation: undefined }, ctx, true);
    groups.push({ id: GROUP_IDS.meta, label: 'File Meta Information (0002)', fields: meta.fields });
  }
  const dataset: FieldGroup = { id: GROUP_IDS.dataset, label: 'Data Set', fields: top };
  if (topChildren.length) dataset.children = topChildren;
  groups.push(dataset);

  return { summary: buildSummary(top, fileFields, read.pixel), groups };
}

function find(fields: Field[], key: string): Field | undefined {
  return fields.find((f) => f.key === key);
}

function present(f: Field | undefined): f is Field {
  return !!f && f.value !== null && f.value !== '';
}

/** The dozen facts a person wants first (see the module doc). */
function buildSummary(top: Field[], fileFields: Field[], pixel: PixelDataInfo | undefined): Field[] {
  const out: Field[] = [];
  const copy = (key: string, label: string) => {
    const f = find(top, key);
    if (present(f)) out.push({ key, label, value: f.value, ...(f.total ? { total: f.total } : {}) });
  };
  copy('(0010,0010)', 'Patient name');
  copy('(0010,0020)', 'Patient ID');
  copy('(0008,0020)', 'Study date');
  copy('(0008,1030)', 'Study description');
  copy('(0008,0060)', 'Modality');
  const sop = find(top, '(0008,0016)');
  if (present(sop) && typeof sop.value === 'string') {
    const name = sopClassName(sop.value);
    out.push({ key: '(0008,0016)', label: 'SOP class', value: name ?? sop.value, ...(name ? { raw: sop.value } : {}) });
  }
  const ts = find(fileFields, 'TransferSyntaxUID');
  const inferred = find(fileFields, 'InferredTransferSyntaxUID');
  if (ts && typeof ts.value === 'string') {
    const name = transferSyntaxName(ts.value);
    out.push({ key: '(0002,0010)', label: 'Transfer syntax', value: name ?? ts.value, ...(name ? { raw: ts.value } : {}) });
  } else if (inferred) {
    out.push({ key: 'InferredTransferSyntaxUID', label: 'Transfer syntax (inferred, no UID in the file)', value: inferred.comment ?? null, ...(inferred.value ? { raw: inferred.value } : {}) });
  }
  const rows = find(top, '(0028,0010)');
  const cols = find(top, '(0028,0011)');
  if (present(rows) && present(cols)) {
    out.push({ key: '(0028,0010)×(0028,0011)', label: 'Rows × columns', value: `${rows.value} × ${cols.value}`, unit: 'pixels' });
  }
  const frames = find(top, '(0028,0008)');
  if (present(frames)) out.push({ key: '(0028,0008)', label: 'Frames', value: frames.value });
  else if (pixel) out.push({ key: '(0028,0008)', label: 'Frames', value: 1, comment: 'Number of Frames absent: single frame' });
  copy('(0028,0100)', 'Bits allocated');
  copy('(0028,0004)', 'Photometric interpretation');
  copy('(0008,0070)', 'Manufacturer');
  copy('(0008,1090)', 'Model');
  if (pixel) out.push({ key: '(7FE0,0010)', label: 'Pixel data', value: pixelDataValue(pixel), comment: 'value not read' });
  return out;
}
