/**
 * The cross-reference of a PDF (ISO 32000-1 §7.5.4 xref tables, §7.5.5 trailer, §7.5.6
 * incremental updates, §7.5.8 xref streams and hybrid files): `startxref` from the last bytes,
 * then each section following /Prev (with a cycle guard and a section limit). Classic tables are
 * not read whole: their 20-byte entries are fixed-size, so an object's entry is read where it lies
 * (a 50 MB file's 100,000-entry table costs a few blocks). Xref streams are decoded whole
 * (bounded). Every offset and count from the file is checked against the file size.
 */
import { ExtractError } from '../errors';
import type { PdfFile } from './file';
import { decodeStream } from './filters';
import { latin1, NeedMore, Parser, PdfDict, PdfStream, SyntaxErr, type PdfObject } from './objects';

/** Where an object lives: at a file offset (type 1) or in an object stream (type 2). */
export type XrefEntry = { type: 1; offset: number; gen: number } | { type: 2; stream: number; index: number } | { type: 0 };

interface Subsection {
  first: number;
  count: number;
  /** File offset of the first 20-byte entry. */
  at: number;
}

/** One section of the chain: a classic table (lazy) or a decoded xref stream. */
export interface XrefSection {
  kind: 'table' | 'stream';
  offset: number;
  trailer: PdfDict;
  subsections?: Subsection[];
  entries?: Map<number, XrefEntry>;
  /** A hybrid file's /XRefStm section (§7.5.8.4), not an update of its own. */
  hybrid?: boolean;
  /** Found at its offset plus the bytes before `%PDF-` (offsets counted from the header). */
  shifted?: boolean;
}

const MAX_SECTIONS = 1000;
const MAX_WINDOW = 1 << 20;
/** Largest decoded xref stream (5 bytes × 4 M objects). */
const MAX_XREF_STREAM = 32 << 20;

/** Parses one object at `offset` with growing windows (1 KiB, ×4 each time, at most 1 MiB): most objects fit one 4 KiB block. */
export async function parseAt<T>(file: PdfFile, offset: number, parse: (p: Parser) => T, first = 1024): Promise<T> {
  for (let len = first; ; len *= 4) {
    const bytes = await file.read(offset, len);
    const complete = offset + bytes.length >= file.size;
    try {
      return parse(new Parser(bytes, offset, complete));
    } catch (e) {
      if (!(e instanceof NeedMore) || complete) throw e;
      if (len >= MAX_WINDOW) throw new SyntaxErr(`an object at ${offset} is longer than ${MAX_WINDOW} bytes`);
    }
  }
}

/** Finds the offset `startxref` points to, in the last 2 KiB (then the last 64 KiB). */
export async function findStartxref(file: PdfFile): Promise<number> {
  for (const tail of [2048, 65536]) {
    const from = Math.max(0, file.size - tail);
    const text = latin1(await file.read(from, file.size - from));
    const at = text.lastIndexOf('startxref');
    if (at < 0) continue;
    const m = /^startxref\s+(\d{1,15})/.exec(text.slice(at));
    if (m) return Number(m[1]);
  }
  throw new SyntaxErr('no startxref in the last 64 KiB');
}

/** Reads `N G obj` and the object after it; returns both. */
export function parseIndirect(p: Parser): { num: number; gen: number; obj: PdfObject } {
  const num = p.readInt();
  const gen = p.readInt();
  p.expectWord('obj');
  return { num, gen, obj: p.parse() };
}

async function readTable(file: PdfFile, offset: number, maxObjects: number): Promise<XrefSection> {
  const subsections: Subsection[] = [];
  let pos = offset;
  let objects = 0;
  // "xref" then subsection headers; each header's entries are skipped without reading them.
  pos = await parseAt(file, pos, (p) => {
    p.expectWord('xref');
    p.skipWhite();
    return p.base + p.pos;
  });
  for (;;) {
    const step = await parseAt(
      file,
      pos,
      (p) => {
        if (p.peekWord() === 'trailer') {
          p.pos += 7;
          return { first: -1, count: 0, at: p.base + p.pos };
        }
        const first = p.readInt();
        const count = p.readInt();
        // The header line ends with EOL; entries follow (§7.5.4).
        const b = p.bytes;
        while (p.pos < b.length && (b[p.pos] === 0x20 || b[p.pos] === 0x09)) p.pos++;
        if (p.pos >= b.length && !p.complete) throw new NeedMore();
        if (b[p.pos] === 0x0d) p.pos++;
        if (b[p.pos] === 0x0a) p.pos++;
        return { first, count, at: p.base + p.pos };
      },
      256,
    );
    if (step.first < 0) {
      const trailer = await parseAt(file, step.at, (p) => p.parse());
      if (!(trailer instanceof PdfDict)) throw new SyntaxErr('the trailer is not a dictionary');
      return { kind: 'table', offset, trailer, subsections };
    }
    objects += step.count;
    if (step.at + step.count * 20 > file.size || objects > maxObjects || step.first + step.count > 2 ** 31) {
      throw new SyntaxErr(`xref subsection ${step.first} ${step.count} runs past the file or the object limit`);
    }
    subsections.push(step);
    pos = step.at + step.count * 20;
    if (subsections.length > maxObjects) throw new SyntaxErr('too many xref subsections');
  }
}

/** Decodes an xref stream's entries (§7.5.8.2, §7.5.8.3). */
export function xrefStreamEntries(dict: PdfDict, data: Uint8Array, maxObjects: number): Map<number, XrefEntry> {
  const w = dict.get('W');
  if (!Array.isArray(w) || w.length < 3 || !w.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 8)) throw new SyntaxErr('bad /W in an xref stream');
  const [w0, w1, w2] = w as number[];
  const rowLen = w0 + w1 + w2;
  if (rowLen === 0) throw new SyntaxErr('bad /W in an xref stream');
  const size = dict.get('Size');
  const index = dict.get('Index') ?? [0, typeof size === 'number' ? size : 0];
  if (!Array.isArray(index) || index.length % 2) throw new SyntaxErr('bad /Index in an xref stream');
  const entries = new Map<number, XrefEntry>();
  const field = (at: number, n: number) => {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + data[at + i];
    return v;
  };
  let row = 0;
  for (let k = 0; k < index.length; k += 2) {
    const first = index[k];
    const count = index[k + 1];
    if (typeof first !== 'number' || typeof count !== 'number' || first < 0 || count < 0) throw new SyntaxErr('bad /Index in an xref stream');
    // Rows beyond the data are not there, whatever /Index says.
    const n = Math.min(count, Math.floor(data.length / rowLen) - row);
    if (entries.size + n > maxObjects) throw new SyntaxErr('the xref stream lists more objects than the object limit');
    for (let i = 0; i < n; i++, row++) {
      const at = row * rowLen;
      const type = w0 === 0 ? 1 : field(at, w0);
      const a = field(at + w0, w1);
      const b = field(at + w0 + w1, w2);
      const num = first + i;
      if (entries.has(num)) continue;
      if (type === 1) entries.set(num, { type: 1, offset: a, gen: b });
      else if (type === 2) entries.set(num, { type: 2, stream: a, index: b });
      else entries.set(num, { type: 0 });
    }
  }
  return entries;
}

async function readXrefStream(file: PdfFile, offset: number, maxObjects: number): Promise<XrefSection> {
  const { obj } = await parseAt(file, offset, parseIndirect);
  if (!(obj instanceof PdfStream) || obj.dict.get('Type') === undefined) throw new SyntaxErr(`no xref stream at ${offset}`);
  const length = obj.dict.get('Length');
  if (typeof length !== 'number' || length < 0 || obj.dataOffset + length > file.size) throw new SyntaxErr(`bad /Length of the xref stream at ${offset}`);
  if (length > MAX_XREF_STREAM) throw new ExtractError('too-large', `The xref stream at ${offset} is ${length} bytes long.`, offset);
  const raw = await file.readOnce(obj.dataOffset, length);
  const data = await decodeStream(obj.dict, raw, MAX_XREF_STREAM);
  return { kind: 'stream', offset, trailer: obj.dict, entries: xrefStreamEntries(obj.dict, data, maxObjects) };
}

/** Reads the section at `offset`: a table when it starts with `xref`, else an xref stream. */
async function readSectionAt(file: PdfFile, offset: number, maxObjects: number): Promise<XrefSection> {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= file.size) throw new SyntaxErr(`xref offset ${offset} is outside the file`);
  const head = latin1(await file.read(offset, 16)).trimStart();
  return head.startsWith('xref') ? readTable(file, offset, maxObjects) : readXrefStream(file, offset, maxObjects);
}

/**
 * The section at `offset` as written, else (with bytes before `%PDF-`, §7.5.2) at `offset + shift`:
 * some writers count offsets from the header, and readers accept it. `shifted` says which.
 */
async function readSection(file: PdfFile, offset: number, maxObjects: number, shift: number): Promise<XrefSection & { shifted?: boolean }> {
  try {
    return await readSectionAt(file, offset, maxObjects);
  } catch (e) {
    if (shift <= 0 || !(e instanceof SyntaxErr)) throw e;
    try {
      return { ...(await readSectionAt(file, offset + shift, maxObjects)), shifted: true };
    } catch {
      throw e;
    }
  }
}

/**
 * The whole chain, newest first: sections following /Prev, hybrid /XRefStm sections after their
 * table. `shift` is the number of bytes before `%PDF-` (offsets counted from the header are tried
 * with it added when they do not lead to a section as written).
 */
export async function readChain(file: PdfFile, start: number, maxObjects: number, warn: (m: string) => void, shift = 0): Promise<XrefSection[]> {
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  let offset: number | undefined = start;
  while (offset !== undefined) {
    if (seen.has(offset)) {
      warn(`The xref /Prev chain loops back to offset ${offset}; it was followed once.`);
      break;
    }
    if (sections.length >= MAX_SECTIONS) {
      warn(`The xref chain has more than ${MAX_SECTIONS} sections; the older ones were not read.`);
      break;
    }
    seen.add(offset);
    let section: XrefSection;
    try {
      section = await readSection(file, offset, maxObjects, shift);
    } catch (e) {
      if (sections.length === 0) throw e;
      warn(`An older xref section (at ${offset}) could not be read: ${e instanceof Error ? e.message : String(e)}.`);
      break;
    }
    sections.push(section);
    const stm = section.kind === 'table' ? section.trailer.get('XRefStm') : undefined;
    if (typeof stm === 'number' && !seen.has(stm)) {
      seen.add(stm);
      try {
        sections.push({ ...(await readSection(file, stm, maxObjects, shift)), hybrid: true });
      } catch (e) {
        warn(`The hybrid file's /XRefStm (at ${stm}) could not be read: ${e instanceof Error ? e.message : String(e)}.`);
      }
    }
    const prev = section.trailer.get('Prev');
    offset = typeof prev === 'number' && Number.isInteger(prev) ? prev : undefined;
  }
  return sections;
}

/** Looks `num` up in one section (a table's entry is read from the file). */
export async function lookup(file: PdfFile, section: XrefSection, num: number): Promise<XrefEntry | undefined> {
  if (section.entries) return section.entries.get(num);
  for (const s of section.subsections ?? []) {
    if (num < s.first || num >= s.first + s.count) continue;
    const line = latin1(await file.read(s.at + (num - s.first) * 20, 20));
    const m = /^\s*(\d{1,10})\s+(\d{1,5})\s+([nf])/.exec(line);
    if (!m) throw new SyntaxErr(`bad xref entry for object ${num}`);
    return m[3] === 'n' ? { type: 1, offset: Number(m[1]), gen: Number(m[2]) } : { type: 0 };
  }
  return undefined;
}

/**
 * The damaged-file fallback: scans the file in 1 MiB chunks (at most `maxBytes`) for `N G obj`
 * at line starts, the last definition of each number winning, and for `trailer` dictionaries.
 */
export async function scanObjects(file: PdfFile, maxBytes: number, maxObjects: number): Promise<{ entries: Map<number, XrefEntry>; trailers: number[]; scanned: number }> {
  const entries = new Map<number, XrefEntry>();
  const trailers: number[] = [];
  const CHUNK = 1 << 20;
  const OVERLAP = 64;
  const end = Math.min(file.size, maxBytes);
  for (let at = 0; at < end; at += CHUNK) {
    const text = latin1(await file.readOnce(at, Math.min(CHUNK + OVERLAP, end - at)));
    const re = /(?:^|[\r\n\s])(\d{1,10})[ \t\r\n\f\0]+(\d{1,5})[ \t\r\n\f\0]+obj\b|trailer\s*<</g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const pos = at + m.index + (m[0].length - m[0].trimStart().length);
      if (pos >= at + CHUNK) break;
      if (m[1] === undefined) trailers.push(pos + 7);
      else {
        entries.set(Number(m[1]), { type: 1, offset: pos, gen: Number(m[2]) });
        if (entries.size > maxObjects) throw new ExtractError('too-large', `The scan found more than ${maxObjects} objects.`);
      }
    }
  }
  return { entries, trailers, scanned: end };
}
