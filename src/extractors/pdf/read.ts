/**
 * Reads a PDF's metadata through the ByteSource, touching only what it needs (ISO 32000-1/-2):
 * the header (§7.5.2), a linearization dictionary (Annex F), the trailer and the xref chain
 * (xref.ts), the /Encrypt dictionary (§7.6), the catalog (§7.7.2), the page tree down to page 1
 * (§7.7.3), the Info dictionary (§14.3.3) and the XMP metadata stream (§14.3.2), and the security
 * facts: JavaScript (§12.6.4.16, §7.7.4 name trees), embedded files (§7.11.4), forms (§12.7),
 * signatures (§12.8) and link annotations (§12.5.6.5; read on the first pages only).
 *
 * Why our own reader: pdf.js (pdfjs-dist 6.5.438, legacy build, in Node 20, a PDFDataRangeTransport
 * over the file with disableAutoFetch and disableStream; getDocument, getMetadata, getPage(1)) on
 * the 50 MB, 2,000-page PDF of scripts/large/pdf.ts read 292,429 bytes in 5 reads in 36–53 ms warm
 * (106 ms cold): within the issue's bounds (≤ 50 ms warm, ≤ 1 MiB) on that file, but with a
 * 1.8 MB minified bundle plus its own worker, and none of the structure and security facts below
 * without loading much more of the document. This reader: 95,821 bytes in 8 reads, 1.4–11 ms warm
 * (figures in scripts/large/pdf.test.ts). pdf.js stays in the tests as a cross-check (pdf.test.ts).
 *
 * A password can be passed (`password`, the empty one by default); a file that needs another
 * shows what is readable without it and a `password-required` error.
 */
import type { ByteSource, ExtractContext } from '../types';
import { ExtractError, throwIfAborted } from '../errors';
import { parseXmp } from '../photo/xmp';
import { PdfFile } from './file';
import { PdfDocument } from './document';
import { checkPerms, encryptionInfo, openSecurity } from './crypt';
import { cryptFilterName } from './filters';
import { latin1, PdfDict, PdfName, PdfRef, PdfStream, PdfString, SyntaxErr, type PdfObject } from './objects';
import { findStartxref, parseAt, parseIndirect, readChain, type XrefSection } from './xref';
import { decodeText, pdfDate } from './text';
import type { InfoEntry, PageGeometry, PdfModel, SecurityFacts, Signature } from './model';

/** Pages whose annotations are read (link count, JavaScript actions) in a longer document. */
export const ANNOT_PAGES = 50;
/** Most page-tree nodes, form fields or name-tree nodes visited per walk. */
const MAX_NODES = 10_000;
const MAX_DEPTH = 64;
/** Largest XMP packet read (decoded). */
const MAX_XMP = 8 << 20;

/** Options of `readPdf`. */
export interface ReadPdfOptions {
  /** The password to try (user, then owner); '' (the default) opens files without a user password. */
  password?: string;
}

/** The reader's result: the model, and errors that still left it readable. */
export interface ReadPdfResult {
  model: PdfModel;
  errors: ExtractError[];
}

const name = (o: PdfObject | undefined) => (o instanceof PdfName ? o.name : undefined);
const isNum = (o: PdfObject | undefined): o is number => typeof o === 'number' && Number.isFinite(o);
const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A text string's value; names and numbers as they are. */
function textOf(o: PdfObject): string | undefined {
  if (o instanceof PdfString) return decodeText(o.bytes);
  if (o instanceof PdfName) return o.name;
  return undefined;
}

/** The version in `%PDF-x.y` within the first 1024 bytes (§7.5.2; junk before it tolerated). */
async function readHeader(file: PdfFile): Promise<{ version?: string; offset: number; end: number }> {
  const text = latin1(await file.read(0, 1024));
  const at = text.indexOf('%PDF-');
  if (at < 0) throw new ExtractError('corrupt', 'No %PDF- header in the first 1024 bytes.', 0);
  const m = /^%PDF-(\d+\.\d+)/.exec(text.slice(at));
  return { version: m?.[1], offset: at, end: at + (m ? m[0].length : 5) };
}

/** Annex F.2: the linearization dictionary is the first object of the file. */
async function readLinearization(file: PdfFile, from: number): Promise<PdfDict | undefined> {
  try {
    const { obj } = await parseAt(file, from, (p) => {
      // Skip the binary comment line after the header.
      p.skipWhite();
      return parseIndirect(p);
    });
    return obj instanceof PdfDict && obj.has('Linearized') ? obj : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the PDF in `source`. Throws ExtractError when nothing can be shown. */
export async function readPdf(source: ByteSource, ctx: ExtractContext, opts: ReadPdfOptions = {}): Promise<ReadPdfResult> {
  const { options, warn, signal } = ctx;
  const file = new PdfFile(source, Math.max(1 << 20, options.maxMetadataBytes), signal);
  const errors: ExtractError[] = [];
  const header = await readHeader(file);
  if (!header.version) warn('The %PDF- header has no version number.');
  if (header.offset > 0) warn(`${header.offset} bytes come before the %PDF- header.`);
  const model: PdfModel = {
    headerOffset: header.offset,
    linearized: false,
    linearizationStale: false,
    xrefKind: 'table',
    xrefSections: 0,
    incrementalUpdates: 0,
    objectStreams: 0,
    info: [],
    infoLocked: false,
  };
  if (header.version) model.headerVersion = header.version;

  const lin = await readLinearization(file, header.end);
  if (lin) {
    const l = lin.get('L');
    model.linearized = l === source.size;
    model.linearizationStale = !model.linearized;
    if (model.linearizationStale) warn(`The file has a linearization dictionary but its /L (${String(l)}) is not the file size: it was changed after linearization.`);
  }

  // The xref chain; a damaged one falls back to the scan.
  let sections: XrefSection[] = [];
  try {
    sections = await readChain(file, await findStartxref(file), options.maxObjects, warn, header.offset);
  } catch (e) {
    if (e instanceof ExtractError && e.code !== 'corrupt') throw e;
    sections = [];
    model.xrefKind = 'scan';
  }
  throwIfAborted(signal);
  const shiftedNote = <T>(x: T): T => {
    const xrefs = sections.filter((s) => s.shifted).length;
    if (xrefs || doc.shiftedObjects) {
      warn(
        `Offsets in the cross-reference count from the %PDF- header, not from the file's start (${xrefs} xref sections and ${doc.shiftedObjects} objects found ${header.offset} bytes later); they were read as readers do.`,
      );
    }
    return x;
  };
  const doc = new PdfDocument(file, sections, { maxObjects: options.maxObjects, scanBytes: Math.max(1 << 20, options.maxMetadataBytes) }, warn);
  doc.headerOffset = header.offset;
  let trailer: PdfDict;
  if (sections.length === 0) {
    await doc.scan('The cross-reference (startxref, xref table or stream) could not be read');
    trailer = await trailerFromScan(doc);
  } else {
    trailer = mergedTrailer(sections);
    const main = sections.filter((s) => !s.hybrid);
    model.xrefKind = sections.some((s) => s.hybrid) ? 'hybrid' : sections[0].kind;
    model.xrefSections = main.length;
    // A linearized file has two sections of its own (Annex F.3): they are not an update.
    model.incrementalUpdates = Math.max(0, main.length - 1 - (lin ? 1 : 0));
    const streams = new Set<number>();
    for (const s of sections) for (const e of s.entries?.values() ?? []) if (e.type === 2) streams.add(e.stream);
    model.objectStreams = streams.size;
  }
  const size = trailer.get('Size');
  if (isNum(size)) model.objectCount = size;
  const id = trailer.get('ID');
  if (Array.isArray(id)) model.id = id.filter((x): x is PdfString => x instanceof PdfString).map((x) => [...x.bytes].map((b) => b.toString(16).padStart(2, '0')).join(''));

  // Encryption (§7.6): the /Encrypt dictionary's strings are not encrypted.
  const encRef = trailer.get('Encrypt');
  let locked = false;
  if (encRef !== undefined && encRef !== null) {
    if (encRef instanceof PdfRef) doc.encryptNum = encRef.num;
    const enc = await doc.resolve(encRef);
    if (!(enc instanceof PdfDict)) throw new ExtractError('corrupt', 'The /Encrypt entry is not a dictionary.');
    const info = encryptionInfo(enc);
    model.encryption = { ...info, opened: false };
    const id0 = Array.isArray(id) && id[0] instanceof PdfString ? id[0].bytes : new Uint8Array(0);
    try {
      const decryptor = await openSecurity(enc, info, id0, opts.password ?? '');
      if (decryptor) {
        doc.decryptor = decryptor;
        model.encryption.opened = true;
        const perms = await checkPerms(enc, info, decryptor.key);
        if (perms) warn(`The permissions may have been tampered with: ${perms} (ISO 32000-2 Algorithm 13).`);
      } else {
        locked = true;
        model.encryption.detail = 'a password is needed';
        const tried = opts.password ? 'The password does not open this PDF' : 'This PDF needs a password to open';
        errors.push(new ExtractError('password-required', `${tried}: shown is what can be read without it (encryption, version, page count).`));
      }
    } catch (e) {
      locked = true;
      model.encryption.detail = describe(e);
      errors.push(new ExtractError('unsupported-feature', `This PDF's encryption cannot be opened here (${describe(e)}): shown is what can be read without it.`));
    }
  }

  // The catalog and what hangs off it. A locked file's objects may be unreadable (object streams).
  const step = async <T>(what: string, f: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof ExtractError && (e.code === 'aborted' || e.code === 'read-failed')) throw e;
      if (!locked) warn(`${what} could not be read: ${describe(e)}.`);
      return undefined;
    }
  };
  const root = await step('The catalog', async () => doc.resolve(trailer.get('Root')));
  if (!(root instanceof PdfDict)) {
    if (locked) return { model, errors: shiftedNote(errors) };
    throw new ExtractError('corrupt', 'The document catalog (/Root) cannot be found.');
  }
  model.catalogVersion = name(root.get('Version'));
  const lang = await step('/Lang', () => doc.resolve(root.get('Lang')));
  if (lang instanceof PdfString && !locked) model.lang = decodeText(lang.bytes);
  model.pageLayout = name(root.get('PageLayout'));
  model.pageMode = name(root.get('PageMode'));
  const markInfo = await step('/MarkInfo', () => doc.dict(root, 'MarkInfo'));
  model.tagged = markInfo?.get('Marked') === true;

  const pagesRoot = await step('The page tree', () => doc.dict(root, 'Pages'));
  if (pagesRoot) {
    const count = pagesRoot.get('Count');
    if (isNum(count) && Number.isInteger(count) && count >= 0) model.pages = count;
    else warn('The page tree has no valid /Count.');
    model.page1 = await step('Page 1', () => firstPage(doc, pagesRoot));
  }

  // Info dictionary (§14.3.3).
  if (locked) {
    model.infoLocked = trailer.get('Info') !== undefined;
  } else {
    const info = await step('The Info dictionary', () => doc.resolve(trailer.get('Info')));
    if (info instanceof PdfDict) model.info = await infoEntries(doc, info);
  }

  // XMP metadata stream (§14.3.2).
  const metaRef = root.get('Metadata');
  const meta = await step('The XMP metadata stream', () => doc.resolve(metaRef));
  // Unencrypted in an encrypted file when /EncryptMetadata is false (§7.6.3.2 Table 21) or when the
  // stream's own /Crypt filter is /Identity (§7.4.10): then readable without the password too.
  const plainXmp = meta instanceof PdfStream && (model.encryption?.encryptMetadata === false || cryptFilterName(meta.dict) === 'Identity');
  if (meta instanceof PdfStream && (!locked || plainXmp)) {
    const data = await step('The XMP metadata stream', () =>
      doc.streamData(meta, metaRef instanceof PdfRef ? metaRef.num : 0, metaRef instanceof PdfRef ? metaRef.gen : 0, MAX_XMP, model.encryption?.encryptMetadata !== false),
    );
    if (data) {
      model.xmpBytes = data.length;
      model.xmp = await parseXmp([new TextDecoder('utf-8').decode(data)], warn);
    }
  }

  if (!locked) model.security = await step('Security facts', () => securityFacts(doc, root, pagesRoot ?? null, source.size));
  model.c2pa = await step('The associated files (/AF)', () => c2paManifestFile(doc, root));
  return { model, errors: shiftedNote(errors) };
}

/** Associated files looked at, at most. */
const MAX_ASSOCIATED_FILES = 64;

/**
 * Where the catalog's associated files (/AF, ISO 32000-2 §14.13) name a C2PA Manifest Store: the
 * file specification whose /AFRelationship is /C2PA_Manifest (C2PA 2.2 §A.4.6), as c2pa-rs finds
 * it. Undefined when there is none.
 */
async function c2paManifestFile(doc: PdfDocument, root: PdfDict): Promise<string | undefined> {
  const af = await doc.resolve(root.get('AF'));
  if (!Array.isArray(af)) return undefined;
  for (const ref of af.slice(0, MAX_ASSOCIATED_FILES)) {
    const spec = await doc.resolve(ref).catch(() => null);
    if (spec instanceof PdfDict && name(spec.get('AFRelationship')) === 'C2PA_Manifest') {
      return `associated file ${ref instanceof PdfRef ? `(object ${ref.num}) ` : ''}with /AFRelationship /C2PA_Manifest`;
    }
  }
  return undefined;
}

function mergedTrailer(sections: XrefSection[]): PdfDict {
  const out = new PdfDict();
  for (const s of [...sections].reverse()) for (const [k, v] of s.trailer.map) if (k !== 'Prev' && k !== 'XRefStm') out.map.set(k, v);
  return out;
}

/** After a scan: the last trailer dictionary with a /Root, else an xref stream's, else a catalog found by scanning objects. */
async function trailerFromScan(doc: PdfDocument): Promise<PdfDict> {
  for (const at of [...doc.scanTrailers].reverse()) {
    try {
      const t = await parseAt(doc.file, at, (p) => p.parse());
      if (t instanceof PdfDict && t.get('Root') instanceof PdfRef) return t;
    } catch {
      // try the next one
    }
  }
  const entries = [...(doc.scanned ?? new Map()).entries()].reverse();
  let catalog: PdfRef | undefined;
  let info: PdfRef | undefined;
  for (const [num, e] of entries.slice(0, 20_000)) {
    if (e.type !== 1) continue;
    let obj: PdfObject;
    try {
      obj = (await parseAt(doc.file, e.offset, parseIndirect)).obj;
    } catch {
      continue;
    }
    const d = obj instanceof PdfStream ? obj.dict : obj;
    if (!(d instanceof PdfDict)) continue;
    if (obj instanceof PdfStream && name(d.get('Type')) === 'XRef' && d.get('Root') instanceof PdfRef) return d;
    if (!catalog && name(d.get('Type')) === 'Catalog') catalog = new PdfRef(num, e.gen);
    if (!info && (d.has('Producer') || d.has('Creator')) && !d.has('Type')) info = new PdfRef(num, e.gen);
  }
  if (!catalog) throw new ExtractError('corrupt', 'The cross-reference is damaged and no document catalog was found by scanning.');
  const t = new PdfDict();
  t.map.set('Root', catalog);
  if (info) t.map.set('Info', info);
  return t;
}

const box = (o: PdfObject): number[] | undefined => (Array.isArray(o) && o.length === 4 && o.every(isNum) ? (o as number[]) : undefined);

/** §7.7.3.3–4: the first leaf of the page tree, with MediaBox, CropBox and Rotate inherited. */
async function firstPage(doc: PdfDocument, pagesRoot: PdfDict): Promise<PageGeometry> {
  const inherited: { MediaBox?: number[]; CropBox?: number[]; Rotate?: number } = {};
  let node: PdfDict = pagesRoot;
  const seen = new Set<PdfDict>();
  for (let depth = 0; ; depth++) {
    if (depth > MAX_DEPTH || seen.has(node)) throw new SyntaxErr('the page tree is cyclic or too deep');
    seen.add(node);
    const mb = box(await doc.get(node, 'MediaBox'));
    if (mb) inherited.MediaBox = mb;
    const cb = box(await doc.get(node, 'CropBox'));
    if (cb) inherited.CropBox = cb;
    const rot = await doc.get(node, 'Rotate');
    if (isNum(rot)) inherited.Rotate = rot;
    const kids = await doc.get(node, 'Kids');
    if (name(node.get('Type')) === 'Page' || !Array.isArray(kids)) {
      const g: PageGeometry = { rotate: ((((inherited.Rotate ?? 0) % 360) + 360) % 360) as number };
      if (inherited.MediaBox) g.mediaBox = inherited.MediaBox;
      if (inherited.CropBox) g.cropBox = inherited.CropBox;
      const uu = await doc.get(node, 'UserUnit');
      if (isNum(uu) && uu !== 1) g.userUnit = uu;
      return g;
    }
    let next: PdfDict | undefined;
    for (const k of kids.slice(0, 16)) {
      const d = await doc.resolve(k);
      if (d instanceof PdfDict) {
        next = d;
        break;
      }
    }
    if (!next) throw new SyntaxErr('the page tree has no page');
    node = next;
  }
}

async function infoEntries(doc: PdfDocument, info: PdfDict): Promise<InfoEntry[]> {
  const out: InfoEntry[] = [];
  for (const [key, v0] of [...info.map].slice(0, 1000)) {
    const v = await doc.resolve(v0).catch(() => null);
    const text = textOf(v);
    if (text !== undefined) {
      const date = (key === 'CreationDate' || key === 'ModDate' || /^D:\d{4}/.test(text)) && v instanceof PdfString ? pdfDate(text) : undefined;
      out.push(date ? { key, value: date, raw: text } : { key, value: text });
    } else if (typeof v === 'number' || typeof v === 'boolean') out.push({ key, value: v });
    else if (v !== null) out.push({ key, value: `(${Array.isArray(v) ? 'array' : v instanceof PdfStream ? 'stream' : 'dictionary'})` });
  }
  return out;
}

/** Counts the leaves of a name tree (§7.9.6): keys in /Names, through /Kids. */
async function nameTreeCount(doc: PdfDocument, node: PdfDict | null): Promise<number> {
  let count = 0;
  let visited = 0;
  const seen = new Set<PdfDict>();
  const walk = async (n: PdfDict, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || seen.has(n) || ++visited > MAX_NODES) return;
    seen.add(n);
    const names = await doc.get(n, 'Names');
    if (Array.isArray(names)) count += Math.floor(names.length / 2);
    const kids = await doc.get(n, 'Kids');
    if (Array.isArray(kids))
      for (const k of kids) {
        const d = await doc.resolve(k).catch(() => null);
        if (d instanceof PdfDict) await walk(d, depth + 1);
      }
  };
  if (node) await walk(node, 0);
  return count;
}

/** True when `action` (or its /Next chain) is a JavaScript action (§12.6.4.16). */
async function isJsAction(doc: PdfDocument, action: PdfObject, depth = 0): Promise<boolean> {
  if (depth > 8) return false;
  const a = await doc.resolve(action).catch(() => null);
  if (!(a instanceof PdfDict)) return false;
  if (name(a.get('S')) === 'JavaScript' || a.has('JS')) return true;
  const next = await doc.resolve(a.get('Next')).catch(() => null);
  const list = Array.isArray(next) ? next.slice(0, 16) : next ? [next] : [];
  for (const n of list) if (await isJsAction(doc, n, depth + 1)) return true;
  return false;
}

/** True when an additional-actions dictionary (§12.6.3) holds a JavaScript action. */
async function aaHasJs(doc: PdfDocument, aa: PdfObject): Promise<boolean> {
  const d = await doc.resolve(aa).catch(() => null);
  if (!(d instanceof PdfDict)) return false;
  for (const v of [...d.map.values()].slice(0, 32)) if (await isJsAction(doc, v)) return true;
  return false;
}

async function securityFacts(doc: PdfDocument, root: PdfDict, pagesRoot: PdfDict | null, fileSize: number): Promise<SecurityFacts> {
  const f: SecurityFacts = { javascript: [], embeddedFiles: 0, acroForm: false, formFields: 0, xfa: false, signatures: [], linkAnnotations: 0, annotations: 0, annotPagesScanned: 0 };
  const names = await doc.dict(root, 'Names');
  const jsTree = await doc.dict(names, 'JavaScript');
  if (jsTree) f.javascript.push(`document-level scripts (/Names /JavaScript: ${await nameTreeCount(doc, jsTree)})`);
  if (await isJsAction(doc, root.get('OpenAction') ?? null)) f.javascript.push('/OpenAction');
  if (await aaHasJs(doc, root.get('AA') ?? null)) f.javascript.push('document /AA');
  f.embeddedFiles = await nameTreeCount(doc, await doc.dict(names, 'EmbeddedFiles'));

  const acro = await doc.dict(root, 'AcroForm');
  if (acro) {
    f.acroForm = true;
    f.xfa = acro.has('XFA');
    const fields = await doc.get(acro, 'Fields');
    let visited = 0;
    const seen = new Set<PdfDict>();
    const walk = async (ref: PdfObject, depth: number, ftInherited: string | undefined, parentName: string): Promise<void> => {
      const field = await doc.resolve(ref).catch(() => null);
      if (!(field instanceof PdfDict) || depth > MAX_DEPTH || seen.has(field) || ++visited > MAX_NODES) return;
      seen.add(field);
      const ft = name(field.get('FT')) ?? ftInherited;
      const t = await doc.get(field, 'T');
      const partial = t instanceof PdfString ? decodeText(t.bytes) : '';
      const full = partial ? (parentName ? `${parentName}.${partial}` : partial) : parentName;
      const kids = await doc.get(field, 'Kids');
      const fieldKids: PdfObject[] = [];
      if (Array.isArray(kids)) {
        for (const k of kids) {
          const kd = await doc.resolve(k).catch(() => null);
          if (kd instanceof PdfDict && kd.has('T')) fieldKids.push(kd);
        }
      }
      if (await isJsAction(doc, field.get('A') ?? null)) addOnce(f.javascript, 'form field actions');
      if (await aaHasJs(doc, field.get('AA') ?? null)) addOnce(f.javascript, 'form field actions');
      if (fieldKids.length === 0) {
        f.formFields++;
        if (ft === 'Sig') {
          const v = await doc.resolve(field.get('V')).catch(() => null);
          if (v instanceof PdfDict) f.signatures.push(await signature(doc, full, v, fileSize));
        }
        return;
      }
      for (const k of fieldKids) await walk(k, depth + 1, ft, full);
    };
    if (Array.isArray(fields)) for (const fld of fields) await walk(fld, 0, undefined, '');
  }

  // Annotations of the first pages (§12.5): links, and JavaScript in their actions.
  if (pagesRoot) {
    let visited = 0;
    const seen = new Set<PdfDict>();
    const walk = async (node: PdfDict, depth: number): Promise<void> => {
      if (depth > MAX_DEPTH || seen.has(node) || ++visited > MAX_NODES || f.annotPagesScanned >= ANNOT_PAGES) return;
      seen.add(node);
      const kids = await doc.get(node, 'Kids');
      if (name(node.get('Type')) === 'Page' || !Array.isArray(kids)) {
        f.annotPagesScanned++;
        if (await aaHasJs(doc, node.get('AA') ?? null)) addOnce(f.javascript, 'page /AA');
        const annots = await doc.get(node, 'Annots');
        if (!Array.isArray(annots)) return;
        for (const a of annots.slice(0, MAX_NODES)) {
          const ad = await doc.resolve(a).catch(() => null);
          if (!(ad instanceof PdfDict)) continue;
          f.annotations++;
          if (name(ad.get('Subtype')) === 'Link') f.linkAnnotations++;
          if ((await isJsAction(doc, ad.get('A') ?? null)) || (await aaHasJs(doc, ad.get('AA') ?? null))) addOnce(f.javascript, 'annotation actions');
        }
        return;
      }
      for (const k of kids) {
        const d = await doc.resolve(k).catch(() => null);
        if (d instanceof PdfDict) await walk(d, depth + 1);
        if (f.annotPagesScanned >= ANNOT_PAGES) return;
      }
    };
    await walk(pagesRoot, 0);
  }
  return f;
}

function addOnce(list: string[], s: string) {
  if (!list.includes(s)) list.push(s);
}

async function signature(doc: PdfDocument, field: string, v: PdfDict, fileSize: number): Promise<Signature> {
  const s: Signature = { field };
  const str = async (k: string) => {
    const o = await doc.get(v, k).catch(() => null);
    return o instanceof PdfString ? decodeText(o.bytes) : undefined;
  };
  const nm = await str('Name');
  if (nm !== undefined) s.name = nm;
  const m = await str('M');
  if (m !== undefined) {
    s.signingTimeRaw = m;
    const iso = pdfDate(m);
    if (iso) s.signingTime = iso;
  }
  const sub = name(v.get('SubFilter'));
  if (sub) s.subFilter = sub;
  const reason = await str('Reason');
  if (reason !== undefined) s.reason = reason;
  const location = await str('Location');
  if (location !== undefined) s.location = location;
  const br = await doc.get(v, 'ByteRange').catch(() => null);
  if (Array.isArray(br) && br.length >= 4 && br.every(isNum)) {
    const r = br.slice(0, 8) as number[];
    s.byteRange = r;
    s.coversWholeFile = r.length === 4 && r[0] === 0 && r[2] + r[3] === fileSize;
  }
  return s;
}
