/**
 * DICOM header parsing on an in-memory prefix with dicom-parser (PS3.10 §7 file layout, PS3.5 §7
 * data set encoding). Pure and synchronous: `parsePrefix` looks at the first bytes of a file and
 * either finishes (it reached Pixel Data (7FE0,0010) or the end of the file) or says it needs a
 * longer prefix. The File Meta group and the data set are read separately with dicom-parser's
 * element readers so that Part 10 files, preamble-less streams, streams without File Meta and
 * files whose transfer syntax disagrees with their bytes all go through one path.
 */
import * as dicomParserNs from 'dicom-parser';
import type { ByteArrayParser, ByteStream as ByteStreamType, DataSet, Element } from 'dicom-parser';
import { describeThrown } from '../errors';
import { TS, transferSyntaxName } from './uids';
import { VRS, describeEncoding, inferEncoding, type Encoding } from './encoding';

/**
 * dicom-parser is a UMD bundle: bundlers (Vite, vitest) expose its named exports, Node's own ESM
 * loader (the tsx CLI) only a default export holding them. Take whichever carries the API.
 */
const dicomParser = (
  (dicomParserNs as unknown as { default?: typeof dicomParserNs }).default?.ByteStream ? (dicomParserNs as unknown as { default: typeof dicomParserNs }).default : dicomParserNs
) as typeof dicomParserNs;

const { ByteStream, littleEndianByteArrayParser, bigEndianByteArrayParser } = dicomParser;

/** dicom-parser's DataSet class (exported at run time, missing from its typings). */
const DataSetClass = (
  dicomParser as unknown as {
    DataSet: new (parser: ByteArrayParser, byteArray: Uint8Array, elements: Record<string, Element>) => DataSet;
  }
).DataSet;

export const PIXEL_DATA_TAG = 'x7fe00010';

/** Result of one parse attempt over a prefix. */
export interface PrefixParse {
  /**
   * `complete`: reached Pixel Data or the end of the file. `need-more`: a longer prefix may finish
   * the header. `truncated`: the file ends inside the header (an element or sequence runs past EOF).
   */
  status: 'complete' | 'need-more' | 'truncated';
  /** 128-byte preamble followed by `DICM` (PS3.10 §7.1). */
  hasPreamble: boolean;
  /** Group 0002 elements in file order (empty when there is no File Meta). */
  meta: Element[];
  /** DataSet holding the File Meta elements (always little endian), or null. */
  metaDataSet: DataSet | null;
  /** Offset where the data set (after the File Meta group) starts. */
  dataSetStart: number;
  /** (0002,0010), trimmed, or null. */
  transferSyntaxUID: string | null;
  /** How the data set decodes: as the transfer syntax says, or as inferred when there is none. */
  encoding: Encoding;
  /** True when no transfer syntax UID was read and `encoding` was inferred from the data set. */
  inferred: boolean;
  /** Why `encoding` differs from what the transfer syntax says, when it does. */
  encodingNote?: string;
  /** True when the transfer syntax is Deflated Explicit VR Little Endian (data set not parsed here). */
  deflated: boolean;
  /** Top-level data set (possibly partial), or null when the File Meta itself was incomplete. */
  dataSet: DataSet | null;
  /** The Pixel Data element header (value not read), when reached. */
  pixelData: Element | null;
  /** What stopped the parse (library message) for `need-more` / `truncated`. */
  message?: string;
  /** A prefix length known to be needed (end of an element that runs past the prefix). */
  wantEnd?: number;
  /** True when dicom-parser ran out of stack in nested sequences (see `parseDataSet`). */
  tooDeep?: boolean;
}

function isVrAt(buf: Uint8Array, at: number): boolean {
  if (at + 2 > buf.length) return false;
  return VRS.has(String.fromCharCode(buf[at], buf[at + 1]));
}

/**
 * Guesses the encoding of the element at `at` (PS3.5 §7.1.2/§7.1.3): explicit when bytes 4–5 are
 * a VR; big endian when the group reads as a small number only in big-endian order.
 */
function sniffEncoding(buf: Uint8Array, at: number): Encoding | null {
  if (at + 8 > buf.length) return null;
  const explicit = isVrAt(buf, at + 4);
  const le = buf[at] | (buf[at + 1] << 8);
  const be = (buf[at] << 8) | buf[at + 1];
  const littleEndian = !(buf[at] === 0 && buf[at + 1] !== 0 && be < le);
  return { explicit, littleEndian };
}

/**
 * The uncompressed transfer syntax of an encoding (PS3.5 §A.1–A.3): UID and PS3.6 name. Implicit
 * VR big endian has no UID (null) and is named by its encoding.
 */
export function transferSyntaxOf(e: Encoding): { uid: string | null; name: string } {
  const uid = e.explicit ? (e.littleEndian ? TS.explicitLE : TS.explicitBE) : e.littleEndian ? TS.implicitLE : null;
  return { uid, name: (uid && transferSyntaxName(uid)) || `${describeEncoding(e)} (not a DICOM transfer syntax)` };
}

/** Encoding a transfer syntax prescribes (PS3.5 §10 and Annex A). */
function encodingOfTransferSyntax(uid: string): Encoding {
  if (uid === TS.implicitLE || uid === '1.2.840.10008.1.20') return { explicit: false, littleEndian: true };
  if (uid === TS.explicitBE) return { explicit: true, littleEndian: false };
  return { explicit: true, littleEndian: true };
}

function hasEofWarning(warnings: string[] | undefined): boolean {
  return !!warnings?.some((w) => typeof w === 'string' && w.startsWith('eof encountered'));
}

interface MetaParse {
  elements: Element[];
  dataSet: DataSet | null;
  end: number;
  incomplete?: string;
  wantEnd?: number;
}

/** Reads the group 0002 elements at `start` (explicit VR little endian, PS3.10 §7.1). */
function parseMeta(buf: Uint8Array, start: number): MetaParse {
  if (start + 4 > buf.length || (buf[start] | (buf[start + 1] << 8)) !== 0x0002) {
    return { elements: [], dataSet: null, end: start };
  }
  const stream = new ByteStream(littleEndianByteArrayParser, buf, start);
  const dataSet = new DataSetClass(littleEndianByteArrayParser, buf, {});
  dataSet.warnings = stream.warnings;
  // Some writers put the File Meta in implicit VR; follow the bytes.
  const explicit = isVrAt(buf, start + 4);
  const elements: Element[] = [];
  while (stream.position + 4 <= buf.length) {
    const p = stream.position;
    if ((buf[p] | (buf[p + 1] << 8)) !== 0x0002) break;
    let el: Element;
    try {
      el = explicit ? dicomParser.readDicomElementExplicit(stream, dataSet.warnings) : dicomParser.readDicomElementImplicit(stream);
    } catch (e) {
      return { elements, dataSet, end: p, incomplete: describeThrown(e) };
    }
    if (stream.position > buf.length) {
      return { elements, dataSet, end: p, incomplete: `File Meta element ${el.tag} runs past the end of the bytes read`, wantEnd: stream.position };
    }
    dataSet.elements[el.tag] = el;
    elements.push(el);
  }
  return { elements, dataSet, end: stream.position };
}

/** Trimmed text of an element of `dataSet` (UI padding NULs and spaces removed). */
function elementText(dataSet: DataSet, tag: string): string | null {
  const el = dataSet.elements[tag];
  if (!el || el.length <= 0 || el.dataOffset + el.length > dataSet.byteArray.length) return null;
  const bytes = dataSet.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s.replace(/[\0 ]+$/, '').replace(/^ +/, '');
}

/** ByteArrayParser for a byte order. */
function parserFor(littleEndian: boolean): ByteArrayParser {
  return littleEndian ? littleEndianByteArrayParser : bigEndianByteArrayParser;
}

/** True for the engine's stack-overflow error (V8 RangeError, Firefox InternalError "too much recursion"). */
function isStackOverflow(e: unknown): boolean {
  return e instanceof Error && (e.name === 'RangeError' || e.name === 'InternalError') && /call stack|recursion/i.test(e.message);
}

/**
 * Explicit VRs added in 2019 (PS3.5 Table 7.1-1: OV, SV, UV) that have a 12-byte element header
 * but which dicom-parser 1.8 reads with the 8-byte one, losing its place in the stream.
 */
const LATE_LONG_VRS = new Set(['OV', 'SV', 'UV']);

/**
 * dicom-parser's parseDicomDataSetExplicit loop (elements until the end of the stream or
 * `untilTag`), reading OV/SV/UV element headers itself (PS3.5 §7.1.2: VR, 2 reserved bytes,
 * 32-bit length) so that an Extended Offset Table (7FE0,0001) before Pixel Data does not derail
 * the parse. Inside sequences dicom-parser reads on its own. Throws as dicom-parser does.
 */
function parseExplicitTopLevel(dataSet: DataSet, stream: ByteStreamType, untilTag: string | undefined): void {
  const buf = stream.byteArray;
  while (stream.position < buf.length) {
    const at = stream.position;
    const vr = at + 6 <= buf.length ? String.fromCharCode(buf[at + 4], buf[at + 5]) : '';
    if (!LATE_LONG_VRS.has(vr)) {
      const el = dicomParser.readDicomElementExplicit(stream, dataSet.warnings, untilTag);
      dataSet.elements[el.tag] = el;
      if (el.tag === untilTag) return;
      continue;
    }
    const tag = dicomParser.readTag(stream);
    stream.seek(4);
    const length = stream.readUint32();
    if (length === 0xffffffff) throw `undefined length on ${vr} element ${tag}`;
    dataSet.elements[tag] = { tag, vr, length, dataOffset: stream.position };
    stream.seek(length);
  }
  if (stream.position > buf.length) throw 'dicomParser:parseDicomDataSetExplicit: buffer overrun';
}

/**
 * In implicit VR, dicom-parser reads a private element of undefined length that starts with an item
 * as a sequence (PS3.5 §7.5, §6.2.2) but then drops its items (readDicomElementImplicit, 1.8), so
 * its content was lost; dcmdump lists it as a sequence. Reads those items again, over the length
 * dicom-parser found, in `dataSet` and in the items of its sequences. An element whose items
 * cannot be read again keeps none.
 */
function restorePrivateItems(dataSet: DataSet, vrCallback: ((tag: string) => string | undefined) | undefined): void {
  const buf = dataSet.byteArray;
  const parser = dataSet.byteArrayParser;
  for (const el of Object.values(dataSet.elements)) {
    const isPrivate = parseInt(el.tag.slice(1, 5), 16) % 2 === 1;
    if (isPrivate && el.hadUndefinedLength && !el.items && el.dataOffset + 4 <= buf.length) {
      const next = new ByteStream(parser, buf, el.dataOffset);
      const tag = dicomParser.readTag(next);
      if (tag === 'xfffee000' || tag === 'xfffee0dd') {
        try {
          dicomParser.readSequenceItemsImplicit(new ByteStream(parser, buf, el.dataOffset), el, vrCallback as (tag: string) => string);
        } catch {
          el.items = undefined;
        }
      }
    }
    for (const item of el.items ?? []) if (item.dataSet) restorePrivateItems(item.dataSet, vrCallback);
  }
}

/**
 * Parses the top-level data set in `buf` from `start` with dicom-parser, stopping at Pixel Data.
 * Returns the (possibly partial) data set, the stream position, and the thrown message if any;
 * `tooDeep` when the parser overflowed the stack: it recurses once per nested sequence and item,
 * and PS3.5 §7.5 sets no nesting limit, so a few thousand undefined-length levels exhaust it.
 * The top-level elements before the deep one are kept.
 */
export function parseDataSet(
  buf: Uint8Array,
  start: number,
  encoding: Encoding,
  vrCallback: ((tag: string) => string | undefined) | undefined,
  untilTag: string | undefined,
): { dataSet: DataSet; position: number; error?: string; tooDeep?: boolean } {
  const parser = parserFor(encoding.littleEndian);
  const dataSet = new DataSetClass(parser, buf, {});
  if (start >= buf.length) {
    dataSet.warnings = [];
    return { dataSet, position: start };
  }
  const stream = new ByteStream(parser, buf, start);
  dataSet.warnings = stream.warnings;
  try {
    if (encoding.explicit) {
      parseExplicitTopLevel(dataSet, stream, untilTag);
    } else {
      dicomParser.parseDicomDataSetImplicit(dataSet, stream, buf.length, {
        untilTag: untilTag as string,
        vrCallback: vrCallback as (tag: string) => string,
      });
    }
  } catch (e) {
    return { dataSet, position: stream.position, error: describeThrown(e), ...(isStackOverflow(e) ? { tooDeep: true } : {}) };
  } finally {
    if (!encoding.explicit) restorePrivateItems(dataSet, vrCallback);
  }
  return { dataSet, position: stream.position };
}

/**
 * Parses the header in `buf` (the first `buf.length` bytes of a `fileSize`-byte file).
 * `vrCallback` gives implicit-VR elements their dictionary VR. Never throws.
 */
export function parsePrefix(buf: Uint8Array, fileSize: number, vrCallback?: (tag: string) => string | undefined): PrefixParse {
  const atEof = buf.length >= fileSize;
  const hasPreamble = buf.length >= 132 && buf[128] === 0x44 && buf[129] === 0x49 && buf[130] === 0x43 && buf[131] === 0x4d;
  const start = hasPreamble ? 132 : 0;
  const meta = parseMeta(buf, start);
  const transferSyntaxUID = meta.dataSet ? elementText(meta.dataSet, 'x00020010') : null;
  const tsEncoding = transferSyntaxUID ? encodingOfTransferSyntax(transferSyntaxUID) : null;
  const base: PrefixParse = {
    status: 'complete',
    hasPreamble,
    meta: meta.elements,
    metaDataSet: meta.dataSet,
    dataSetStart: meta.end,
    transferSyntaxUID,
    encoding: tsEncoding ?? { explicit: true, littleEndian: true },
    inferred: !tsEncoding,
    deflated: transferSyntaxUID === TS.deflatedLE,
    dataSet: null,
    pixelData: null,
  };
  if (meta.incomplete) {
    return { ...base, status: atEof ? 'truncated' : 'need-more', message: meta.incomplete, wantEnd: meta.wantEnd };
  }
  // Cannot yet tell whether the File Meta group goes on or where the data set starts.
  if (meta.end + 8 > buf.length && !atEof) return { ...base, status: 'need-more', message: 'prefix ends at the start of the data set' };
  if (base.deflated) return base;

  let encoding = base.encoding;
  let encodingNote: string | undefined;
  if (tsEncoding) {
    const sniffed = sniffEncoding(buf, meta.end);
    if (sniffed && sniffed.explicit !== tsEncoding.explicit) {
      encoding = { ...tsEncoding, explicit: sniffed.explicit };
      encodingNote = `Transfer syntax ${transferSyntaxUID} says ${describeEncoding(tsEncoding)}, but the data set is ${describeEncoding(encoding)}; decoded as found.`;
    }
  } else {
    const inferred = inferEncoding(buf, meta.end);
    // Neither "DICM" nor File Meta nor data elements: not DICOM, nothing to parse.
    if (!inferred && !hasPreamble && meta.elements.length === 0) return base;
    encoding = inferred?.encoding ?? sniffEncoding(buf, meta.end) ?? encoding;
  }

  const parsed = parseDataSet(buf, meta.end, encoding, vrCallback, PIXEL_DATA_TAG);
  const result: PrefixParse = { ...base, encoding, encodingNote, dataSet: parsed.dataSet };
  const pixel = parsed.dataSet.elements[PIXEL_DATA_TAG];
  if (parsed.tooDeep) return { ...result, status: 'truncated', message: parsed.error, tooDeep: true };
  if (parsed.error !== undefined) {
    return { ...result, status: atEof ? 'truncated' : 'need-more', message: parsed.error, wantEnd: parsed.position > buf.length ? parsed.position : undefined };
  }
  if (pixel) return { ...result, pixelData: pixel };
  if (parsed.position > buf.length) {
    const message = `an element runs past the end of the bytes read (to offset ${parsed.position})`;
    return { ...result, status: atEof ? 'truncated' : 'need-more', message, wantEnd: parsed.position };
  }
  if (hasEofWarning(parsed.dataSet.warnings)) {
    const message = parsed.dataSet.warnings.find((w) => w.startsWith('eof'));
    return { ...result, status: atEof ? 'truncated' : 'need-more', message };
  }
  if (!atEof) return { ...result, status: 'need-more', message: 'Pixel Data not reached yet' };
  return result;
}
