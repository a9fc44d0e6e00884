/**
 * Walks the HDUs of a FITS file (FITS 4.0 §3.3): read a header up to END, work out the data size
 * from its mandatory keywords, seek past the data and its padding to the next 2880-byte block,
 * and repeat while the next block starts with XTENSION. Data is never read. Damage stops the walk
 * and is reported as ExtractErrorData beside the HDUs read so far (partial results).
 */
import type { ByteSource, ExtractContext } from '../types';
import { ExtractError, throwIfAborted, type ExtractErrorData } from '../errors';
import { parseCards, type Card } from './cards';
import { analyseHdu, type HduInfo } from './hdu';
import { BLOCK_BYTES, readHeader, type HeaderRead, type HeaderStatus } from './header';
import { standardSimple, startsExtension, startsPrimary } from './sniff';

/** One HDU found in the file. Offsets are bytes from the start of the file. */
export interface WalkedHdu {
  index: number;
  headerOffset: number;
  /** Header bytes including the padding after END (whole blocks). */
  headerSize: number;
  /** Number of 80-character records before END (COMMENT, HISTORY, blank and CONTINUE included). */
  recordCount: number;
  cards: Card[];
  info: HduInfo;
  /** Where the data starts: headerOffset + headerSize. */
  dataOffset: number;
  /** Data bytes padded to whole blocks, when the size is known. */
  paddedDataSize: bigint | null;
  headerStatus: HeaderStatus;
  /** What is wrong with this HDU, when something is (header cut short, data past EOF…). */
  damage?: string;
}

export interface WalkResult {
  hdus: WalkedHdu[];
  errors: ExtractErrorData[];
}

/**
 * True when a header without END looks written that way rather than cut short: the file ends on
 * a block boundary after at least one record of padding (spaces or NULs), as a writer leaves it
 * when it fills the last block but forgets END.
 */
function endOmitted(head: HeaderRead): boolean {
  return head.status === 'no-end' && head.endsInBlock === true && head.paddingRecords > 0;
}

/** Rounds a byte count up to whole 2880-byte blocks. */
function padToBlock(n: bigint): bigint {
  const b = BigInt(BLOCK_BYTES);
  return ((n + b - 1n) / b) * b;
}

/**
 * Walks every HDU. Caps: `options.maxObjects` bounds the number of HDUs and the total number of
 * header records; `options.maxMetadataBytes` bounds the header bytes read. Throws
 * ExtractError('unsupported-format') when the file does not start with a SIMPLE card, and
 * 'aborted'/'read-failed' from the source; everything else becomes an error entry.
 */
export async function walkHdus(source: ByteSource, ctx: ExtractContext): Promise<WalkResult> {
  const { maxObjects, maxMetadataBytes } = ctx.options;
  const hdus: WalkedHdu[] = [];
  const errors: ExtractErrorData[] = [];
  const fileSize = BigInt(source.size);
  let offset = 0;
  let headerBytes = 0;
  let records = 0;
  for (let index = 0; offset < source.size; index++) {
    throwIfAborted(ctx.signal);
    if (index >= maxObjects) {
      errors.push({ code: 'too-large', message: `More than ${maxObjects} HDUs: the rest of the file was not read.`, offset });
      break;
    }
    const budget = maxMetadataBytes - headerBytes;
    if (budget < BLOCK_BYTES) {
      errors.push({ code: 'too-large', message: `Headers exceed the ${maxMetadataBytes}-byte metadata budget: HDU ${index} and later were not read.`, offset });
      break;
    }
    const primary = index === 0;
    // The record cap is applied while reading, so a huge header never sits in memory whole.
    const head = await readHeader(source, offset, primary ? startsPrimary : startsExtension, budget, maxObjects - records, ctx.signal);
    headerBytes += head.bytesRead;
    if (head.status === 'not-header') {
      if (primary) throw new ExtractError('unsupported-format', 'Not a FITS file: the first card is not SIMPLE (FITS 4.0 §4.4.1.1).', 0);
      ctx.warn(`${source.size - offset} bytes after the last HDU (from offset ${offset}) are not a FITS extension and were ignored.`);
      break;
    }
    if (primary && !standardSimple(head.records[0] ?? '')) {
      ctx.warn('HDU 0: the SIMPLE card is not in the fixed format (FITS 4.0 §4.4.1.1: `SIMPLE  =` and T in byte 30); it was read anyway, as astropy does.');
    }
    if (!primary && !head.records[0]?.startsWith('XTENSION=')) {
      ctx.warn(`HDU ${index}: the XTENSION card has no value indicator in bytes 9–10 (FITS 4.0 §7.1); the header was read anyway, as astropy does.`);
    }
    if (head.nonAscii > 0) ctx.warn(`Header of HDU ${index} holds ${head.nonAscii} bytes outside printable ASCII (FITS 4.0 §4.1.1).`);
    records += head.records.length;
    if (head.status === 'too-many-records') {
      errors.push({ code: 'too-large', message: `More than ${maxObjects} header records: HDU ${index} and later were not read.`, offset });
      break;
    }
    const cards = parseCards(head.records, (m) => ctx.warn(`HDU ${index}: ${m}`));
    const info = analyseHdu(cards, primary);
    for (const note of info.notes) ctx.warn(`HDU ${index}: ${note}.`);
    const hdu: WalkedHdu = {
      index,
      headerOffset: offset,
      headerSize: head.size,
      recordCount: head.records.length,
      cards,
      info,
      dataOffset: offset + head.size,
      paddedDataSize: info.dataSize === null ? null : padToBlock(info.dataSize),
      headerStatus: head.status,
    };
    if (head.status !== 'complete') {
      if (head.status === 'unpadded') {
        hdu.damage = `header not padded to 2880 bytes: the file ends at byte ${source.size}, inside the block that holds END`;
        errors.push({ code: 'truncated', message: `HDU ${index}: ${hdu.damage} (FITS 4.0 §3.3.1); its cards were read leniently.`, offset });
      } else if (head.status === 'no-end') {
        hdu.headerSize = Math.ceil((head.records.length * 80) / BLOCK_BYTES) * BLOCK_BYTES;
        hdu.dataOffset = offset + hdu.headerSize;
        if (endOmitted(head)) {
          hdu.damage = `header has no END card: ${head.records.length} records, then ${head.paddingRecords} blank records to the end of the file`;
          ctx.warn(`HDU ${index}: ${hdu.damage} (FITS 4.0 §4.4.1 requires END); the cards before the padding were read, as astropy does with ignore_missing_end=True.`);
        } else {
          hdu.damage = `header cut short: the file ends before END after ${head.records.length} records`;
          errors.push({ code: 'truncated', message: `HDU ${index}: ${hdu.damage}.`, offset });
        }
      } else {
        hdu.damage = `header longer than ${budget} bytes without END`;
        errors.push({ code: 'too-large', message: `HDU ${index}: ${hdu.damage}; it was not read further.`, offset });
      }
      if (head.records.length > 0) hdus.push(hdu);
      break;
    }
    hdus.push(hdu);
    if (info.dataSize === null) {
      hdu.damage = `data size unknown: ${info.problem}`;
      errors.push({ code: 'corrupt', message: `HDU ${index}: ${info.problem} (FITS 4.0 §4.4.1); the HDUs after it cannot be located.`, offset });
      break;
    }
    const dataEnd = BigInt(hdu.dataOffset) + info.dataSize;
    if (dataEnd > fileSize) {
      hdu.damage = `data extends past end of file (needs ${dataEnd} bytes, file has ${source.size})`;
      errors.push({ code: 'truncated', message: `HDU ${index}: ${hdu.damage}.`, offset: hdu.dataOffset });
      break;
    }
    const next = BigInt(hdu.dataOffset) + hdu.paddedDataSize!;
    if (next > fileSize) {
      ctx.warn(`HDU ${index}: the data is complete but not padded to a multiple of 2880 bytes (file ends at ${source.size}).`);
      break;
    }
    offset = Number(next);
  }
  return { hdus, errors };
}
