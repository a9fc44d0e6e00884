/**
 * Reads a DICOM header lazily through a ByteSource: parse a prefix with dicom-parser, grow it ×4
 * (source/grow-prefix.ts; capped by maxMetadataBytes and the file size) while Pixel Data is absent
 * and the prefix is shorter than the file (a prefix ending on an element boundary parses without
 * error). Pixel Data is described by its element header (and, when encapsulated, by walking item
 * headers), never read.
 */
import type { DataSet, Element } from 'dicom-parser';
import type { ByteSource } from '../types';
import { ExtractError, throwIfAborted } from '../errors';
import { PIXEL_DATA_TAG, parseDataSet, parsePrefix, type PrefixParse } from './parse';
import type { Encoding } from './encoding';
import { HEAD_BYTES } from '../source/head';
import { extendPrefix, growPrefix } from '../source/grow-prefix';

/** Least growth of a deflated data set's compressed prefix per step (bytes). */
const MIN_DEFLATED_STEP = 64 * 1024;
/** Largest tail after Pixel Data that is read to list trailing elements (padding, signatures). */
const MAX_TRAILER_BYTES = 64 * 1024;
/** Most encapsulated-pixel-data item headers walked (8-byte reads each). */
const MAX_FRAGMENT_WALK = 256;

export interface ReadOptions {
  maxBytes: number;
  signal?: AbortSignal;
  vrCallback?: (tag: string) => string | undefined;
}

/** Where a header problem leaves the record. */
interface HeaderProblem {
  code: 'truncated' | 'corrupt' | 'too-large';
  message: string;
  offset?: number;
}

/** Everything read from the header. */
export interface HeaderRead {
  parse: PrefixParse;
  /** Offset in the file of `parse.dataSet.byteArray[0]`; null when the data set was inflated. */
  dataSetBase: number | null;
  /** Problem that left the header partial, if any. */
  problem?: HeaderProblem;
  /** Pixel Data description, when the header reached it. */
  pixel?: PixelDataInfo;
  /** Top-level elements after Pixel Data (read when the tail is small), with their buffer. */
  trailer?: { dataSet: DataSet; base: number };
  /** Notes for warnings. */
  notes: string[];
}

/** Pixel Data (7FE0,0010) as described without reading its value. */
export interface PixelDataInfo {
  vr: string;
  encapsulated: boolean;
  /** Value length in bytes; null for undefined length (encapsulated) unless the walk found the end. */
  length: number | null;
  /** File offset of the value; null inside a deflated data set. */
  offset: number | null;
  /** Encapsulated: number of fragments (items after the Basic Offset Table), when counted. */
  fragments?: number;
  /** Encapsulated: entries in the Basic Offset Table (0 = empty table). */
  basicOffsetTableEntries?: number;
  /** Encapsulated: true when the walk stopped at MAX_FRAGMENT_WALK before the delimiter. */
  fragmentsNotCounted?: boolean;
  /** Offset just past the element, when known. */
  end: number | null;
}

function tagLabel(tag: string): string {
  return `(${tag.slice(1, 5)},${tag.slice(5, 9)})`.toUpperCase();
}

/** Inflates raw-deflate bytes (PS3.5 §A.5) with DecompressionStream, up to `maxOut` bytes. */
async function inflateRaw(compressed: Uint8Array, maxOut: number): Promise<{ bytes: Uint8Array; complete: boolean }> {
  const ds = new DecompressionStream('deflate-raw');
  const writer = ds.writable.getWriter();
  writer.write(compressed as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let complete = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        complete = true;
        break;
      }
      chunks.push(value);
      total += value.length;
      if (total >= maxOut) {
        await reader.cancel().catch(() => {});
        break;
      }
    }
  } catch {
    // Input ended mid-stream (a prefix): keep what was inflated.
  }
  const bytes = new Uint8Array(Math.min(total, maxOut));
  let at = 0;
  for (const c of chunks) {
    const take = Math.min(c.length, bytes.length - at);
    bytes.set(c.subarray(0, take), at);
    at += take;
    if (at >= bytes.length) break;
  }
  return { bytes, complete };
}

/** Deflated data set: inflate growing prefixes of the compressed remainder until Pixel Data. */
async function readDeflated(source: ByteSource, buf: Uint8Array, first: PrefixParse, opts: ReadOptions): Promise<HeaderRead> {
  const start = first.dataSetStart;
  const notes: string[] = [];
  let compressed = buf.subarray(start);
  for (;;) {
    throwIfAborted(opts.signal);
    const inflated = await inflateRaw(compressed, opts.maxBytes);
    const allInput = start + compressed.length >= source.size;
    const encoding: Encoding = { explicit: true, littleEndian: true };
    const parsed = parseDataSet(inflated.bytes, 0, encoding, undefined, PIXEL_DATA_TAG);
    const parse: PrefixParse = { ...first, encoding, dataSet: parsed.dataSet, pixelData: parsed.dataSet.elements[PIXEL_DATA_TAG] ?? null };
    if (parsed.tooDeep) return { parse: { ...parse, status: 'truncated' }, dataSetBase: null, notes, problem: tooDeepProblem(parsed.dataSet) };
    const incomplete = parsed.error !== undefined || parsed.position > inflated.bytes.length;
    if (parse.pixelData) {
      const el = parse.pixelData;
      const undef = el.length === 0xffffffff;
      return {
        parse,
        dataSetBase: null,
        notes,
        pixel: { vr: el.vr ?? 'OW', encapsulated: undef, length: undef ? null : el.length, offset: null, end: null },
      };
    }
    if (!incomplete && (inflated.complete || allInput)) return { parse, dataSetBase: null, notes };
    if (inflated.bytes.length >= opts.maxBytes) {
      return {
        parse,
        dataSetBase: null,
        notes,
        problem: { code: 'too-large', message: `The inflated header exceeds the ${opts.maxBytes}-byte metadata budget; the data set is shown as far as it was read.` },
      };
    }
    if (allInput) {
      return {
        parse: { ...parse, status: 'truncated' },
        dataSetBase: null,
        notes,
        problem: { code: 'truncated', message: `The deflated data set ends inside an element (${parsed.error ?? 'element runs past the end'}).` },
      };
    }
    const next = Math.min(source.size, start + Math.max(compressed.length * 4, MIN_DEFLATED_STEP));
    buf = await extendPrefix(source, buf.subarray(0, start + compressed.length), next, opts.signal);
    compressed = buf.subarray(start);
  }
}

/**
 * Reads the header with a growing prefix (source/grow-prefix.ts: from the sniffing head, ×4 or to
 * the end of the element the parse stopped in, plus 4 KiB), up to `maxBytes` (at least 1 KiB); the
 * budget, a truncated file and nesting too deep end it with a problem, not an error. Throws
 * ExtractError only when nothing DICOM was found, or 'aborted'.
 */
export async function readHeader(source: ByteSource, opts: ReadOptions): Promise<HeaderRead> {
  const cap = Math.max(1024, opts.maxBytes);
  return growPrefix<HeaderRead>(source, { first: HEAD_BYTES, cap, signal: opts.signal }, async (buf, size) => {
    const parse = parsePrefix(buf, size, opts.vrCallback);
    // A longer prefix cannot help: the nesting itself is the problem.
    if (parse.tooDeep) return { done: { parse, dataSetBase: 0, notes: [], problem: tooDeepProblem(parse.dataSet) } };
    if (parse.deflated && parse.status !== 'need-more') return { done: await readDeflated(source, buf, parse, opts) };
    if (parse.status === 'complete') return { done: await finish(source, buf, parse, opts) };
    if (parse.wantEnd !== undefined && parse.wantEnd > size) {
      const last = lastElement(parse.dataSet);
      const what = last ? `Element ${tagLabel(last.tag)} declares ${last.length} bytes` : 'An element';
      return {
        done: {
          parse: { ...parse, status: 'truncated' },
          dataSetBase: 0,
          notes: [],
          problem: { code: 'truncated', message: `${what} ending at offset ${parse.wantEnd}, past the end of the ${size}-byte file.`, offset: last?.dataOffset },
        },
      };
    }
    if (parse.status === 'truncated') {
      return { done: { parse, dataSetBase: 0, notes: [], problem: { code: 'truncated', message: `The file ends inside the DICOM header (${parse.message}).`, offset: buf.length } } };
    }
    if (buf.length >= cap) {
      return {
        done: {
          parse,
          dataSetBase: 0,
          notes: [],
          problem: { code: 'too-large', message: `The DICOM header is larger than the ${cap}-byte metadata budget; elements are shown as far as they were read.` },
        },
      };
    }
    return { more: (parse.wantEnd ?? 0) + 4096 };
  });
}

/** The problem reported when dicom-parser overflowed the stack in nested sequences (PS3.5 §7.5). */
function tooDeepProblem(dataSet: DataSet | null): HeaderProblem {
  const last = lastElement(dataSet);
  return {
    code: 'corrupt',
    message: `Sequences are nested too deeply to parse${last ? ` after element ${tagLabel(last.tag)}` : ''}: the elements from there on are not shown.`,
  };
}

function lastElement(dataSet: DataSet | null): Element | undefined {
  if (!dataSet) return undefined;
  const keys = Object.keys(dataSet.elements);
  return keys.length ? dataSet.elements[keys[keys.length - 1]] : undefined;
}

/** Reads `length` bytes at `offset`, from `buf` when it holds them. */
async function bytesAt(source: ByteSource, buf: Uint8Array, offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
  if (offset + length <= buf.length) return buf.subarray(offset, offset + length);
  return source.read(offset, length, signal);
}

/** Walks the items of encapsulated Pixel Data (PS3.5 §A.4) from `offset` by their 8-byte headers. */
async function walkFragments(source: ByteSource, buf: Uint8Array, offset: number, signal?: AbortSignal): Promise<Partial<PixelDataInfo> & { problem?: string }> {
  let pos = offset;
  const head = await bytesAt(source, buf, pos, 8, signal);
  if (head.length < 8) return { problem: 'the file ends before the Basic Offset Table item' };
  const v = new DataView(head.buffer, head.byteOffset, 8);
  if (v.getUint16(0, true) !== 0xfffe || v.getUint16(2, true) !== 0xe000) return { problem: 'no Basic Offset Table item at the start of encapsulated Pixel Data' };
  const botLength = v.getUint32(4, true);
  const out: Partial<PixelDataInfo> = { basicOffsetTableEntries: Math.floor(botLength / 4) };
  pos += 8 + botLength;
  let fragments = 0;
  for (let i = 0; i < MAX_FRAGMENT_WALK; i++) {
    if (pos + 8 > source.size) return { ...out, fragments, problem: `the file ends inside encapsulated Pixel Data (after ${fragments} fragments)` };
    const h = await bytesAt(source, buf, pos, 8, signal);
    const d = new DataView(h.buffer, h.byteOffset, 8);
    const g = d.getUint16(0, true);
    const e = d.getUint16(2, true);
    const len = d.getUint32(4, true);
    if (g === 0xfffe && e === 0xe0dd) return { ...out, fragments, end: pos + 8, length: pos + 8 - offset };
    if (g !== 0xfffe || e !== 0xe000) return { ...out, fragments, problem: `unexpected tag (${g.toString(16)},${e.toString(16)}) inside encapsulated Pixel Data at offset ${pos}` };
    fragments += 1;
    pos += 8 + len;
  }
  return { ...out, fragments, fragmentsNotCounted: true };
}

/** Describes Pixel Data and reads small trailing elements once the header is complete. */
async function finish(source: ByteSource, buf: Uint8Array, parse: PrefixParse, opts: ReadOptions): Promise<HeaderRead> {
  const read: HeaderRead = { parse, dataSetBase: 0, notes: [] };
  const el = parse.pixelData;
  if (!el) return read;
  const undef = el.length === 0xffffffff;
  const pixel: PixelDataInfo = {
    vr: parse.encoding.explicit ? (el.vr ?? 'OW') : 'OW',
    encapsulated: undef,
    length: undef ? null : el.length,
    offset: el.dataOffset,
    end: undef ? null : el.dataOffset + el.length,
  };
  read.pixel = pixel;
  if (undef) {
    const walk = await walkFragments(source, buf, el.dataOffset, opts.signal);
    const { problem, ...info } = walk;
    Object.assign(pixel, info, { length: null });
    if (problem) read.problem = { code: problem.startsWith('the file ends') ? 'truncated' : 'corrupt', message: `Pixel Data: ${problem}.`, offset: el.dataOffset };
  } else if (pixel.end !== null && pixel.end > source.size) {
    read.problem = {
      code: 'truncated',
      message: `Pixel Data (7FE0,0010) declares ${el.length} bytes at offset ${el.dataOffset}, but the file ends after ${source.size - el.dataOffset} of them.`,
      offset: el.dataOffset,
    };
  }
  const end = pixel.end;
  if (end !== null && end < source.size && !read.problem) {
    const tail = source.size - end;
    if (tail > MAX_TRAILER_BYTES) {
      read.notes.push(`${tail} bytes after Pixel Data were not read; elements there (if any) are not listed.`);
    } else {
      const bytes = await bytesAt(source, buf, end, tail, opts.signal);
      const parsed = parseDataSet(bytes, 0, parse.encoding, opts.vrCallback, undefined);
      if (parsed.error !== undefined || parsed.position > bytes.length)
        read.notes.push(`The ${tail} bytes after Pixel Data do not parse as complete elements (${parsed.error ?? 'element runs past the end'}).`);
      read.trailer = { dataSet: parsed.dataSet, base: end };
    }
  }
  return read;
}

/**
 * Throws unsupported-format when a parse found nothing that looks like DICOM: no "DICM" marker, no
 * File Meta group, and no data set (parsePrefix parses one only when its first elements fit an
 * encoding, see `inferEncoding`).
 */
export function assertLooksDicom(read: HeaderRead): void {
  const p = read.parse;
  if (p.hasPreamble || p.meta.length > 0) return;
  if (p.dataSet && Object.keys(p.dataSet.elements).length > 0) return;
  throw new ExtractError('unsupported-format', 'Not DICOM: no "DICM" marker at offset 128, no File Meta group and no data elements in a known encoding at the start.');
}
