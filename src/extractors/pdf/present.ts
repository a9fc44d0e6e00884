/**
 * Turns a PdfModel into the record, named as pdfinfo, exiftool and the standard name things
 * (Info keys as written, `dc:title`, `/Encrypt` keys).
 *
 * Group ids (read by src/testing/facts/pdf.ts):
 * - `document`   versions, pages, page 1 geometry, linearization, xref structure, ID;
 * - `info`       every Info dictionary entry, key = its name (`Title`, custom keys too);
 * - `xmp`        the XMP packet, one child per namespace (photo/xmp.ts);
 * - `encryption` the /Encrypt dictionary and the decoded permissions (ISO 32000-1 Table 22);
 * - `security`   JavaScript, embedded files, forms, signatures (one child each), annotations.
 * Summary keys: `pdf_version` (header, or catalog /Version when later, as pdfinfo), `pages`, `page_size`, the Info text keys, `encrypted`,
 * `password_needed`, `linearized`, `xmp`, and the security flags when set.
 */
import type { ExtractOptions, ExtractorOutput, Field, FieldGroup } from '../types';
import { makeField } from '../fields';
import { xmpGroup, xmpText } from '../photo/xmp';
import { decodePermissions, PERMISSION_BITS } from './crypt';
import type { PdfModel } from './model';
import { instant } from './text';
import { ANNOT_PAGES } from './read';

/** Info keys and the XMP property that carries the same fact (ISO 32000-2 §14.3.3, Table 349 and XMP). */
const INFO_XMP: ReadonlyArray<[string, string, string]> = [
  ['Title', 'dc', 'title'],
  ['Author', 'dc', 'creator'],
  ['Subject', 'dc', 'description'],
  ['Keywords', 'pdf', 'Keywords'],
  ['Creator', 'xmp', 'CreatorTool'],
  ['Producer', 'pdf', 'Producer'],
  ['CreationDate', 'xmp', 'CreateDate'],
  ['ModDate', 'xmp', 'ModifyDate'],
];

/** Paper sizes pdfinfo names (points; ±1 pt). */
const PAPERS: ReadonlyArray<[string, number, number]> = [
  ['letter', 612, 792],
  ['legal', 612, 1008],
  ['A4', 595, 842],
  ['A3', 842, 1190],
  ['A5', 420, 595],
];

const round = (x: number) => Math.round(x * 1000) / 1000;

const versionNumber = (v: string | undefined) => {
  const m = v ? /^(\d+)\.(\d+)$/.exec(v) : null;
  return m ? Number(m[1]) * 1000 + Number(m[2]) : -1;
};

/**
 * The document's version as pdfinfo (poppler) prints it: the catalog's /Version when it is later
 * than the header's (ISO 32000-1 §7.7.2, Table 28), else the header's.
 */
function effectiveVersion(model: PdfModel): string | undefined {
  return versionNumber(model.catalogVersion) > versionNumber(model.headerVersion) ? model.catalogVersion : model.headerVersion;
}

/** Page 1's width and height in points from its MediaBox (user units applied), or undefined. */
export function pageSize(model: PdfModel): [number, number] | undefined {
  const b = model.page1?.mediaBox;
  if (!b) return undefined;
  const u = model.page1?.userUnit ?? 1;
  return [round(Math.abs(b[2] - b[0]) * u), round(Math.abs(b[3] - b[1]) * u)];
}

function xmpValueText(v: unknown): string | undefined {
  const t = xmpText(v);
  if (Array.isArray(t)) return t.map((x) => String(xmpText(x))).join(', ');
  return t === undefined || t === null ? undefined : String(t);
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** True when the Info value and the XMP text say the same thing. */
function agree(key: string, info: string, xmp: string): boolean {
  if (key.endsWith('Date')) {
    const a = instant(info);
    const b = instant(xmp);
    return Number.isNaN(a) || Number.isNaN(b) ? norm(info) === norm(xmp) : Math.abs(a - b) < 1000;
  }
  const parts = (s: string) =>
    norm(s)
      .split(/\s*[;,]\s*/)
      .join(',');
  return norm(info) === norm(xmp) || parts(info) === parts(xmp);
}

/** Builds the format, summary and groups of a PDF record. `warn` gets the Info/XMP disagreements. Never throws. */
export function presentPdf(model: PdfModel, fileSize: number, options: ExtractOptions, warn: (m: string) => void): Pick<ExtractorOutput, 'format' | 'summary' | 'groups'> {
  const max = options.maxArrayItems;
  const format: ExtractorOutput['format'] = { id: 'pdf', name: 'PDF' };
  const version = effectiveVersion(model);
  if (version) format.version = version;
  const summary: Field[] = [];
  const groups: FieldGroup[] = [];

  // Document.
  const doc: Field[] = [];
  if (model.headerVersion) doc.push(makeField('header_version', model.headerVersion, { label: 'Header version', comment: '%PDF-' }));
  if (model.catalogVersion) doc.push(makeField('catalog_version', model.catalogVersion, { label: 'Catalog /Version', comment: 'overrides the header when later (ISO 32000-1 §7.7.2)' }));
  if (model.pages !== undefined) doc.push(makeField('pages', model.pages, { label: 'Pages' }));
  const size = pageSize(model);
  const paper = size && PAPERS.find(([, w, h]) => Math.abs(size[0] - w) <= 1 && Math.abs(size[1] - h) <= 1);
  const sizeText = size ? `${size[0]} x ${size[1]} pts${paper ? ` (${paper[0]})` : ''}` : undefined;
  if (size) doc.push(makeField('page1_size', size, { label: 'Page 1 size', unit: 'pt', comment: sizeText }));
  if (model.page1?.mediaBox) doc.push(makeField('page1_media_box', model.page1.mediaBox, { label: 'Page 1 MediaBox' }));
  if (model.page1?.cropBox) doc.push(makeField('page1_crop_box', model.page1.cropBox, { label: 'Page 1 CropBox' }));
  if (model.page1) doc.push(makeField('page1_rotate', model.page1.rotate, { label: 'Page 1 rotation', unit: '°' }));
  if (model.page1?.userUnit) doc.push(makeField('page1_user_unit', model.page1.userUnit, { label: 'Page 1 UserUnit' }));
  doc.push(
    makeField('linearized', model.linearized, {
      label: 'Linearized (fast web view)',
      ...(model.linearizationStale ? { comment: 'a linearization dictionary is there, but the file was changed since' } : {}),
    }),
  );
  if (model.tagged !== undefined) doc.push(makeField('tagged', model.tagged, { label: 'Tagged' }));
  const xrefLabel = { table: 'table', stream: 'stream (PDF 1.5)', hybrid: 'hybrid (table and /XRefStm)', scan: 'damaged: rebuilt by scanning' }[model.xrefKind];
  doc.push(makeField('xref', model.xrefKind, { label: 'Cross-reference', comment: xrefLabel }));
  if (model.xrefKind !== 'scan') {
    doc.push(makeField('xref_sections', model.xrefSections, { label: 'Xref sections' }));
    doc.push(makeField('incremental_updates', model.incrementalUpdates, { label: 'Incremental updates' }));
  }
  doc.push(makeField('object_streams', model.objectStreams, { label: 'Object streams' }));
  if (model.objectCount !== undefined) doc.push(makeField('objects', model.objectCount, { label: 'Objects (trailer /Size)' }));
  if (model.id) doc.push(makeField('ID', model.id, { label: 'File identifier' }));
  if (model.lang) doc.push(makeField('Lang', model.lang, { label: 'Language' }));
  if (model.pageLayout) doc.push(makeField('PageLayout', model.pageLayout, { label: 'Page layout' }));
  if (model.pageMode) doc.push(makeField('PageMode', model.pageMode, { label: 'Page mode' }));
  if (model.headerOffset) doc.push(makeField('header_offset', model.headerOffset, { label: 'Bytes before %PDF-', unit: 'bytes' }));
  groups.push({ id: 'document', label: 'Document', fields: doc });

  if (version) {
    const fromCatalog = version !== model.headerVersion;
    summary.push(makeField('pdf_version', version, { label: 'PDF version', ...(fromCatalog ? { comment: `catalog /Version; the header says ${model.headerVersion ?? 'none'}` } : {}) }));
  }
  if (model.pages !== undefined) summary.push(makeField('pages', model.pages, { label: 'Pages' }));
  if (sizeText) summary.push(makeField('page_size', sizeText, { label: 'Page size', ...(model.page1?.rotate ? { comment: `rotated ${model.page1.rotate}°` } : {}) }));

  // Info, compared with XMP.
  const xmpOf = (ns: string, prop: string) => (model.xmp?.[ns] ? xmpValueText(model.xmp[ns][prop]) : undefined);
  const infoFields: Field[] = model.info.map((e) => {
    const pair = INFO_XMP.find(([k]) => k === e.key);
    const x = pair ? xmpOf(pair[1], pair[2]) : undefined;
    const extra: Omit<Field, 'key' | 'value'> = { label: e.key };
    if (e.raw !== undefined) extra.raw = e.raw;
    if (pair && x !== undefined && typeof e.value === 'string' && !agree(e.key, e.value, x)) {
      extra.comment = `XMP ${pair[1]}:${pair[2]} says: ${x}`;
      warn(`The Info /${e.key} and the XMP ${pair[1]}:${pair[2]} differ ("${e.value}" and "${x}"); both are shown.`);
    }
    return makeField(e.key, e.value, extra, max);
  });
  if (model.info.length || model.infoLocked) {
    groups.push({ id: 'info', label: 'Info dictionary', fields: model.infoLocked ? [makeField('locked', true, { label: 'Encrypted', comment: 'a password is needed to read it' })] : infoFields });
  }
  for (const [key] of INFO_XMP) {
    const f = infoFields.find((x) => x.key === key);
    if (f) summary.push({ ...f, ...(f.comment ? {} : { comment: 'Info' }) });
  }

  // Encryption.
  const enc = model.encryption;
  summary.push(makeField('encrypted', !!enc, { label: 'Encrypted', ...(enc ? { comment: enc.algorithm } : {}) }));
  if (enc) {
    summary.push(makeField('password_needed', !enc.opened, { label: 'Password needed', ...(enc.detail ? { comment: enc.detail } : {}) }));
    const perms = decodePermissions(enc.p);
    const fields: Field[] = [
      makeField('Filter', enc.filter, { label: 'Security handler' }),
      ...(enc.subFilter ? [makeField('SubFilter', enc.subFilter)] : []),
      makeField('V', enc.v, { label: 'Algorithm version (V)' }),
      makeField('R', enc.r, { label: 'Revision (R)' }),
      makeField('Length', enc.keyBits, { label: 'Key length', unit: 'bits' }),
      makeField('algorithm', enc.algorithm, { label: 'Algorithm' }),
      makeField('StrF', enc.stringMethod, { label: 'String method' }),
      makeField('StmF', enc.streamMethod, { label: 'Stream method' }),
      makeField('EncryptMetadata', enc.encryptMetadata, { label: 'Metadata encrypted' }),
      makeField('P', enc.p, { label: 'Permissions (P)', raw: `0x${(enc.p >>> 0).toString(16).padStart(8, '0')}` }),
      ...PERMISSION_BITS.map(([bit, key, label]) => makeField(key, perms[key], { label, comment: `bit ${bit}` })),
      makeField('opened', enc.opened, { label: 'Opened', comment: enc.opened ? 'with the empty user password' : (enc.detail ?? 'password needed') }),
    ];
    groups.push({ id: 'encryption', label: 'Encryption', fields });
  }
  summary.push(makeField('linearized', model.linearized, { label: 'Linearized' }));

  // XMP.
  summary.push(makeField('xmp', model.xmp !== undefined, { label: 'XMP metadata', ...(model.xmpBytes !== undefined ? { comment: `${model.xmpBytes} bytes` } : {}) }));
  if (model.xmp) {
    const g = xmpGroup(model.xmp, max);
    const part = xmpOf('pdfaid', 'part');
    if (part) summary.push(makeField('pdfa', `PDF/A-${part}${(xmpOf('pdfaid', 'conformance') ?? '').toLowerCase()}`, { label: 'PDF/A', comment: 'XMP pdfaid' }));
    const ua = xmpOf('pdfuaid', 'part');
    if (ua) summary.push(makeField('pdfua', `PDF/UA-${ua}`, { label: 'PDF/UA', comment: 'XMP pdfuaid' }));
    groups.push(g);
  }

  // Security facts.
  const s = model.security;
  if (s) {
    const partial = model.pages !== undefined && s.annotPagesScanned < model.pages;
    const annotNote = partial ? `first ${s.annotPagesScanned} of ${model.pages} pages read (at most ${ANNOT_PAGES})` : 'all pages';
    const fields: Field[] = [
      makeField('javascript', s.javascript.length > 0, { label: 'JavaScript', ...(s.javascript.length ? { comment: s.javascript.join('; ') } : {}) }),
      makeField('embedded_files', s.embeddedFiles, { label: 'Embedded files' }),
      makeField('acroform', s.acroForm, { label: 'Form (AcroForm)' }),
      makeField('form_fields', s.formFields, { label: 'Form fields' }),
      makeField('xfa', s.xfa, { label: 'XFA form' }),
      makeField('signatures', s.signatures.length, { label: 'Digital signatures' }),
      makeField('link_annotations', s.linkAnnotations, { label: 'Link annotations', comment: annotNote }),
      makeField('annotations', s.annotations, { label: 'Annotations', comment: annotNote }),
    ];
    const children: FieldGroup[] = s.signatures.map((sig, i) => ({
      id: `signature:${i + 1}`,
      label: `Signature ${sig.field || i + 1}`,
      fields: [
        makeField('field', sig.field, { label: 'Field' }),
        ...(sig.name !== undefined ? [makeField('Name', sig.name, { label: 'Signer' })] : []),
        ...(sig.signingTime !== undefined || sig.signingTimeRaw !== undefined ? [makeField('M', sig.signingTime ?? sig.signingTimeRaw, { label: 'Signing time', raw: sig.signingTimeRaw })] : []),
        ...(sig.subFilter ? [makeField('SubFilter', sig.subFilter, { label: 'Format' })] : []),
        ...(sig.reason !== undefined ? [makeField('Reason', sig.reason)] : []),
        ...(sig.location !== undefined ? [makeField('Location', sig.location)] : []),
        ...(sig.byteRange ? [makeField('ByteRange', sig.byteRange, { label: 'Byte range' })] : []),
        ...(sig.coversWholeFile !== undefined
          ? [
              makeField('covers_whole_file', sig.coversWholeFile, {
                label: 'Covers the whole file',
                ...(sig.coversWholeFile ? {} : { comment: `the file has ${fileSize} bytes: changed after signing` }),
              }),
            ]
          : []),
      ],
    }));
    groups.push({ id: 'security', label: 'Security', fields, ...(children.length ? { children } : {}) });
    if (s.javascript.length) summary.push(makeField('javascript', true, { label: 'JavaScript', comment: s.javascript.join('; ') }));
    if (s.embeddedFiles) summary.push(makeField('embedded_files', s.embeddedFiles, { label: 'Embedded files' }));
    if (s.acroForm) summary.push(makeField('form_fields', s.formFields, { label: 'Form fields', comment: s.xfa ? 'AcroForm with XFA' : 'AcroForm' }));
    if (s.signatures.length) summary.push(makeField('signatures', s.signatures.length, { label: 'Digital signatures' }));
  }
  return { format, summary, groups };
}
