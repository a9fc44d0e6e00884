/**
 * Reads a dataset's object header directly through the ByteSource for what h5wasm does not
 * expose: the storage layout class (compact / contiguous / chunked / virtual), where contiguous
 * data lie, and the fill value. HDF5 File Format Specification v3, §IV.A.1 (object header
 * prefix v1 and v2 "OHDR", continuation blocks "OCHK"), §IV.A.2.j (Data Layout message 0x0008),
 * §IV.A.2.f/e (Fill Value messages 0x0005 / old 0x0004), §IV.A.2.q (continuation 0x0010).
 * Reads are bounded: at most MAX_CHUNKS header chunks of at most MAX_CHUNK bytes each.
 */
import type { ByteSource } from '../types';
import { readUint, type Superblock } from './superblock';

type Layout = 'compact' | 'contiguous' | 'chunked' | 'virtual';

export interface HeaderFacts {
  layout?: Layout;
  /** Absolute byte offset and size of contiguous raw data (offset absent when not allocated). */
  dataOffset?: number;
  dataSize?: number;
  /** Size of compact raw data stored in the header. */
  compactSize?: number;
  /** 'defined' (bytes given), 'default' (library default, zeros) or 'undefined'. */
  fill?: 'defined' | 'default' | 'undefined';
  fillBytes?: Uint8Array;
}

const MAX_CHUNK = 1 << 20;
const MAX_CHUNKS = 32;
const MSG_FILL_OLD = 0x0004;
const MSG_FILL = 0x0005;
const MSG_LAYOUT = 0x0008;
const MSG_CONT = 0x0010;
const LAYOUT_CLASSES: Layout[] = ['compact', 'contiguous', 'chunked', 'virtual'];

interface Message {
  type: number;
  flags: number;
  data: Uint8Array;
}

function u16(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000;
}

/** Parses the messages of one chunk; pushes continuation targets to `more`. */
function parseMessages(b: Uint8Array, start: number, end: number, v2: boolean, crtOrder: boolean, sb: Superblock, out: Message[], more: Array<[number, number]>): void {
  let at = start;
  const headerLen = v2 ? 4 + (crtOrder ? 2 : 0) : 8;
  while (at + headerLen <= end) {
    const type = v2 ? b[at] : u16(b, at);
    const size = v2 ? u16(b, at + 1) : u16(b, at + 2);
    const flags = v2 ? b[at + 3] : b[at + 4];
    const dataAt = at + headerLen;
    if (dataAt + size > end) break;
    const data = b.subarray(dataAt, dataAt + size);
    if (type === MSG_CONT) {
      const addr = readUint(data, 0, sb.sizeOfOffsets);
      const len = readUint(data, sb.sizeOfOffsets, sb.sizeOfLengths);
      if (addr !== undefined && len !== undefined) more.push([sb.baseAddress + addr, len]);
    } else out.push({ type, flags, data });
    at = dataAt + size;
    if (!v2) at = start + Math.ceil((at - start) / 8) * 8;
  }
}

async function collectMessages(source: ByteSource, sb: Superblock, address: number, signal?: AbortSignal): Promise<Message[]> {
  const out: Message[] = [];
  const more: Array<[number, number]> = [];
  const head = await source.read(address, 512, signal);
  if (head.length < 16) return out;
  let v2 = false;
  let crtOrder = false;
  if (head[0] === 0x4f && head[1] === 0x48 && head[2] === 0x44 && head[3] === 0x52) {
    // "OHDR" version 2
    v2 = true;
    const flags = head[5];
    crtOrder = (flags & 0x04) !== 0;
    let at = 6 + (flags & 0x20 ? 16 : 0) + (flags & 0x10 ? 4 : 0);
    const sizeBytes = 1 << (flags & 3);
    const chunkSize = readUint(head, at, sizeBytes) ?? 0;
    at += sizeBytes;
    const chunk = Math.min(chunkSize, MAX_CHUNK);
    const b = at + chunk <= head.length ? head : await source.read(address, at + chunk, signal);
    parseMessages(b, at, Math.min(b.length, at + chunk), true, crtOrder, sb, out, more);
  } else if (head[0] === 1) {
    const size = Math.min(u32(head, 8), MAX_CHUNK);
    const b = 16 + size <= head.length ? head : await source.read(address, 16 + size, signal);
    parseMessages(b, 16, Math.min(b.length, 16 + size), false, false, sb, out, more);
  } else {
    return out;
  }
  for (let n = 0; n < MAX_CHUNKS && more.length > 0; n++) {
    const [addr, len] = more.shift()!;
    const b = await source.read(addr, Math.min(len, MAX_CHUNK), signal);
    if (v2) {
      if (b[0] !== 0x4f || b[1] !== 0x43 || b[2] !== 0x48 || b[3] !== 0x4b) continue; // "OCHK"
      parseMessages(b, 4, Math.max(4, b.length - 4), true, crtOrder, sb, out, more);
    } else parseMessages(b, 0, b.length, false, false, sb, out, more);
  }
  return out;
}

function layoutOf(d: Uint8Array, sb: Superblock, facts: HeaderFacts): void {
  const version = d[0];
  if (version === 1 || version === 2) {
    const cls = d[2];
    facts.layout = LAYOUT_CLASSES[cls];
    if (cls === 1) {
      const addr = readUint(d, 8, sb.sizeOfOffsets);
      if (addr !== undefined) facts.dataOffset = sb.baseAddress + addr;
    }
    return;
  }
  const cls = d[1];
  facts.layout = LAYOUT_CLASSES[cls];
  if (cls === 0) facts.compactSize = u16(d, 2);
  if (cls === 1) {
    const addr = readUint(d, 2, sb.sizeOfOffsets);
    if (addr !== undefined) facts.dataOffset = sb.baseAddress + addr;
    const size = readUint(d, 2 + sb.sizeOfOffsets, sb.sizeOfLengths);
    if (size !== undefined) facts.dataSize = size;
  }
}

function fillOf(d: Uint8Array, facts: HeaderFacts): void {
  const version = d[0];
  let at = -1;
  if (version === 1 || version === 2) {
    const defined = d[3];
    if (version === 2 && defined === 0) {
      facts.fill = 'undefined';
      return;
    }
    at = 4;
    if (defined === 0) facts.fill = 'undefined';
  } else if (version === 3) {
    const flags = d[1];
    if (flags & 0x10) {
      facts.fill = 'undefined';
      return;
    }
    if (!(flags & 0x20)) {
      facts.fill = 'default';
      return;
    }
    at = 2;
  } else return;
  if (at + 4 > d.length) return;
  const size = u32(d, at);
  if (size === 0) {
    facts.fill ??= 'default';
    return;
  }
  if (at + 4 + size > d.length) return;
  facts.fill = 'defined';
  facts.fillBytes = d.slice(at + 4, at + 4 + size);
}

/**
 * Layout and fill value of the object whose header is at absolute byte `address`. Returns {} when
 * the header is not recognised; never throws for malformed headers (reads may still throw
 * ExtractError('read-failed' | 'aborted')).
 */
export async function readHeaderFacts(source: ByteSource, sb: Superblock, address: number, signal?: AbortSignal): Promise<HeaderFacts> {
  const facts: HeaderFacts = {};
  const messages = await collectMessages(source, sb, address, signal);
  let oldFill: Uint8Array | undefined;
  for (const m of messages) {
    if (m.type === MSG_LAYOUT) layoutOf(m.data, sb, facts);
    else if (m.type === MSG_FILL && !(m.flags & 0x02)) fillOf(m.data, facts);
    else if (m.type === MSG_FILL_OLD && m.data.length >= 4) {
      const size = u32(m.data, 0);
      if (size > 0 && 4 + size <= m.data.length) oldFill = m.data.slice(4, 4 + size);
    }
  }
  if (!facts.fill && oldFill) {
    facts.fill = 'defined';
    facts.fillBytes = oldFill;
  }
  return facts;
}
