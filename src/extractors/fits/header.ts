/**
 * Reads one FITS header from a ByteSource: 2880-byte blocks of 36 records up to and including the
 * block holding END (FITS 4.0 §3.3.1, §4.4.1). Reads in batches of 1, 1, 2, 4, 8… blocks (each
 * batch as large as all before it, capped at 64 blocks), so a header of n blocks costs about
 * log2(n) + 1 reads, and the bytes read past END are fewer than the header's own size.
 */
import type { ByteSource } from '../types';
import { throwIfAborted } from '../errors';
import { CARD_BYTES } from './cards';

/** Bytes in a FITS logical record / block (FITS 4.0 §3.1). */
export const BLOCK_BYTES = 2880;
/** Largest batch, in blocks, asked of the source in one read (184 KiB). */
const MAX_BATCH_BLOCKS = 64;

/** How the header walk ended. */
export type HeaderStatus =
  /** END found and the header fills whole blocks. */
  | 'complete'
  /** END found, but the file ends inside the END block (not padded to 2880 bytes). */
  | 'unpadded'
  /** The file ended before END. */
  | 'no-end'
  /** More than `maxBytes` of header without END. */
  | 'too-large'
  /** More than `maxRecords` records before END (the walk's `maxObjects` cap). */
  | 'too-many-records'
  /** The first record is not the expected SIMPLE/XTENSION keyword. */
  | 'not-header';

export interface HeaderRead {
  /** Byte offset of the header's first record. */
  offset: number;
  /** The 80-character records before END (END and padding excluded; without END, trailing blank records are dropped). */
  records: string[];
  status: HeaderStatus;
  /** Header size in bytes rounded up to whole blocks (where the data starts, relative to `offset`). */
  size: number;
  /** Bytes outside printable ASCII (shown as U+FFFD below 0xA0, as Latin-1 above). */
  nonAscii: number;
  /** Bytes obtained from the source for this header. */
  bytesRead: number;
  /** Without END: the number of padding records dropped from the end (spaces, NULs, non-text bytes). */
  paddingRecords: number;
  /** Without END: true when the file ends on a 2880-byte block boundary of this header. */
  endsInBlock?: boolean;
}

/**
 * Decodes one record; returns the text and the number of bytes outside printable ASCII in it. A
 * tab is kept as '\t' (so it still separates a keyword from `=` and a value from its comment, as
 * in astropy); other control bytes become U+FFFD, bytes from 0xA0 Latin-1.
 */
function decodeRecord(bytes: Uint8Array, start: number): [string, number] {
  // One fromCharCode call gives a flat string; `s +=` per byte kept an 80-node rope per record
  // (about 2.5 KB each: a 60 MB header of records took 1.7 GB).
  const codes = new Array<number>(CARD_BYTES);
  let bad = 0;
  for (let i = 0; i < CARD_BYTES; i++) {
    const b = bytes[start + i];
    if (b >= 32 && b <= 126) codes[i] = b;
    else {
      bad++;
      codes[i] = b >= 0xa0 || b === 0x09 ? b : 0xfffd;
    }
  }
  return [String.fromCharCode(...codes), bad];
}

/** True when the record is the END keyword (bytes 1–8 `END` and spaces). */
function isEnd(bytes: Uint8Array, start: number): boolean {
  if (bytes[start] !== 0x45 || bytes[start + 1] !== 0x4e || bytes[start + 2] !== 0x44) return false;
  for (let i = start + 3; i < start + 8; i++) if (bytes[i] !== 0x20) return false;
  return true;
}

/** True when a decoded record holds only spaces and bytes that are not text (NUL padding, data). */
function isPadding(record: string): boolean {
  return /^[ \ufffd]*$/.test(record);
}

/**
 * Reads the header at `offset`. `expect` tells whether the first bytes start the wanted header
 * (`startsPrimary` or `startsExtension`). `maxBytes` bounds the header
 * size and `maxRecords` the records kept in memory (the read stops as soon as either is passed,
 * not at END). Never throws for EOF; throws ExtractError('aborted' |
 * 'read-failed') from the source.
 */
export async function readHeader(source: ByteSource, offset: number, expect: (first: Uint8Array) => boolean, maxBytes: number, maxRecords: number, signal?: AbortSignal): Promise<HeaderRead> {
  const out: HeaderRead = { offset, records: [], status: 'no-end', size: 0, nonAscii: 0, bytesRead: 0, paddingRecords: 0 };
  maxBytes = Math.max(BLOCK_BYTES, Math.floor(maxBytes / BLOCK_BYTES) * BLOCK_BYTES);
  let pos = offset;
  for (;;) {
    throwIfAborted(signal);
    const budget = maxBytes - (pos - offset);
    if (budget <= 0) {
      out.status = 'too-large';
      return out;
    }
    const done = pos - offset;
    const want = Math.min(Math.max(BLOCK_BYTES, Math.min(done, MAX_BATCH_BLOCKS * BLOCK_BYTES)), budget);
    const bytes = await source.read(pos, want, signal);
    out.bytesRead += bytes.length;
    if (pos === offset && !expect(bytes)) {
      out.status = 'not-header';
      return out;
    }
    const full = bytes.length - (bytes.length % CARD_BYTES);
    for (let r = 0; r < full; r += CARD_BYTES) {
      if (isEnd(bytes, r)) {
        const used = pos - offset + r + CARD_BYTES;
        out.size = Math.ceil(used / BLOCK_BYTES) * BLOCK_BYTES;
        out.status = offset + out.size <= source.size ? 'complete' : 'unpadded';
        return out;
      }
      const [text, bad] = decodeRecord(bytes, r);
      out.records.push(text);
      out.nonAscii += bad;
      if (out.records.length > maxRecords) {
        out.status = 'too-many-records';
        return out;
      }
    }
    if (bytes.length < want) {
      // EOF before END: the trailing records of spaces, NULs or other non-text bytes are block
      // padding (or data), not cards; their bytes are not counted as non-ASCII header text.
      out.endsInBlock = (pos - offset + bytes.length) % BLOCK_BYTES === 0;
      while (out.records.length && isPadding(out.records[out.records.length - 1])) {
        const r = out.records.pop()!;
        out.nonAscii -= r.length - r.replaceAll('\ufffd', '').length;
        out.paddingRecords++;
      }
      return out;
    }
    pos += bytes.length;
  }
}
