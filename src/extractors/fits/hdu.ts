/**
 * What an HDU is, from its cards alone: its type and astropy class, its mandatory keywords
 * (FITS 4.0 §4.4.1), the size of its data (§4.4.1.1 eq. 1, §6 random groups eq. 4, §7
 * conforming extensions eq. 2), its table columns (§7.2 ASCII TABLE, §7.3 BINTABLE) and its
 * tile compression (§10, ZIMAGE/ZCMPTYPE). Sizes are BigInt: a header may declare more bytes
 * than 2^53 and nothing here allocates from them.
 */
import type { Card } from './cards';

/** Valid BITPIX values (FITS 4.0 §4.4.1.1 Table 8) and their data types. */
export const BITPIX_TYPES: Record<string, string> = {
  '8': 'uint8',
  '16': 'int16',
  '32': 'int32',
  '64': 'int64',
  '-32': 'float32',
  '-64': 'float64',
};

/** Highest NAXIS the standard allows (§4.4.1.1). */
const MAX_NAXIS = 999;

/** Keyword → first card with it (astropy's `header[key]` also returns the first). */
export type CardIndex = Map<string, Card>;

/** Indexes cards by keyword, keeping the first of duplicates; commentary cards are left out. */
export function indexCards(cards: readonly Card[]): CardIndex {
  const m: CardIndex = new Map();
  for (const c of cards) if (c.kind === 'value' && !m.has(c.keyword)) m.set(c.keyword, c);
  return m;
}

/** Integer value of a keyword as BigInt, or undefined when absent or not an integer. */
export function intOf(idx: CardIndex, key: string): bigint | undefined {
  const c = idx.get(key);
  return c && c.type === 'integer' ? (c.value as bigint) : undefined;
}

/** String value of a keyword, or undefined. */
export function strOf(idx: CardIndex, key: string): string | undefined {
  const c = idx.get(key);
  return c && c.type === 'string' ? (c.value as string) : undefined;
}

/** Tile compression of a BINTABLE with ZIMAGE = T (FITS 4.0 §10.1). */
interface Compression {
  ZCMPTYPE?: string;
  ZBITPIX?: number;
  ZNAXIS?: number;
  /** ZNAXIS1…ZNAXISn: the image's dimensions. */
  dims: bigint[];
  /** ZTILE1…ZTILEn when given. */
  tiles: bigint[];
}

/** One table column: its number and the cards that describe it (TTYPEn, TFORMn…). */
interface Column {
  n: number;
  cards: Card[];
}

/** The structural facts of one HDU. */
export interface HduInfo {
  /** `PRIMARY` or the XTENSION value (trailing spaces removed). */
  type: string;
  /** astropy's HDU class for this header (compression enabled): PrimaryHDU, ImageHDU… */
  hduClass: string;
  bitpix?: number;
  naxis?: number;
  /** NAXIS1…NAXISn as written. */
  dims: bigint[];
  /** PCOUNT and GCOUNT used for the size (defaults 0 and 1 when absent). */
  pcount: bigint;
  gcount: bigint;
  /** Data bytes without padding, or null when the header does not say (see `problem`). */
  dataSize: bigint | null;
  /** Why the data size could not be computed (missing or invalid mandatory keyword). */
  problem?: string;
  /** Non-fatal deviations from the standard found in the mandatory keywords. */
  notes: string[];
  compression?: Compression;
  /** TFIELDS of a table HDU. */
  tfields?: number;
  columns?: Column[];
}

/**
 * astropy's class for a header, as `fits.open` picks it (astropy.io.fits.hdu.*.match_header):
 * SIMPLE = T with GROUPS = T → GroupsHDU, else PrimaryHDU (SIMPLE = F → _NonstandardHDU);
 * XTENSION IMAGE → ImageHDU, TABLE → TableHDU, BINTABLE/A3DTABLE → CompImageHDU when ZIMAGE = T
 * else BinTableHDU; any other XTENSION → NonstandardExtHDU.
 */
export function astropyClass(primary: boolean, idx: CardIndex): string {
  if (primary) {
    if (idx.get('SIMPLE')?.value !== true) return '_NonstandardHDU';
    return idx.get('GROUPS')?.value === true ? 'GroupsHDU' : 'PrimaryHDU';
  }
  const x = strOf(idx, 'XTENSION');
  if (x === 'IMAGE') return 'ImageHDU';
  if (x === 'TABLE') return 'TableHDU';
  if (x === 'BINTABLE' || x === 'A3DTABLE') return idx.get('ZIMAGE')?.value === true ? 'CompImageHDU' : 'BinTableHDU';
  return 'NonstandardExtHDU';
}

/** Column keywords of FITS 4.0 §7.2.2 / §7.3.2 and the WCS/statistics column keywords (Table 22, §8). */
const COLUMN_KEY_RE = /^(TTYPE|TFORM|TUNIT|TNULL|TSCAL|TZERO|TDISP|TDIM|TBCOL|TDMIN|TDMAX|TLMIN|TLMAX|TCTYP|TCUNI|TCRVL|TCDLT|TCRPX|TCROT|TCNAM|TCRDE|TCSYE|TCPER|TCTLI|TCUNA|TSTRF)(\d{1,3})$/;

/** Groups a table's column keywords by column number 1…TFIELDS (§7.2.2, §7.3.2). */
function tableColumns(cards: readonly Card[], tfields: number): Column[] {
  const cols: Column[] = [];
  for (let n = 1; n <= tfields; n++) cols.push({ n, cards: [] });
  for (const c of cards) {
    if (c.kind !== 'value') continue;
    const m = COLUMN_KEY_RE.exec(c.keyword);
    if (!m) continue;
    const n = Number(m[2]);
    if (n >= 1 && n <= tfields) cols[n - 1].cards.push(c);
  }
  return cols;
}

/** Element types of a BINTABLE TFORM (FITS 4.0 §7.3.1 Table 18). */
const BIN_TYPES: Record<string, string> = {
  L: 'logical',
  X: 'bit',
  B: 'uint8',
  I: 'int16',
  J: 'int32',
  K: 'int64',
  A: 'char',
  E: 'float32',
  D: 'float64',
  C: 'complex64',
  M: 'complex128',
};

/**
 * Describes a TFORMn value in words: BINTABLE `rTa` (§7.3.1, with P/Q variable-length array
 * descriptors `rPt(emax)`), ASCII TABLE `Aw`, `Iw`, `Fw.d`, `Ew.d`, `Dw.d` (§7.2.1). Returns
 * undefined for a value it does not recognise.
 */
export function describeTform(tform: string, ascii: boolean): string | undefined {
  const t = tform.trim().toUpperCase();
  if (ascii) {
    const m = /^([AIFED])(\d+)(?:\.(\d+))?$/.exec(t);
    if (!m) return undefined;
    const kind = m[1] === 'A' ? 'text' : m[1] === 'I' ? 'integer' : 'real';
    return `${kind}, ${m[2]} characters${m[3] !== undefined ? `, ${m[3]} decimals` : ''}`;
  }
  const m = /^(\d*)([LXBIJKAEDCMPQ])(.*)$/.exec(t);
  if (!m) return undefined;
  const repeat = m[1] === '' ? 1 : Number(m[1]);
  if (m[2] === 'P' || m[2] === 'Q') {
    const v = /^([LXBIJKAEDCM])(?:\((\d+)\))?/.exec(m[3]);
    if (!v) return undefined;
    return `variable-length array of ${BIN_TYPES[v[1]]}${v[2] ? ` (max ${v[2]})` : ''}, ${m[2] === 'P' ? '32' : '64'}-bit descriptor`;
  }
  const type = BIN_TYPES[m[2]];
  if (m[2] === 'A') return `text, ${repeat} characters`;
  if (m[2] === 'X') return `${repeat} bits`;
  return repeat === 1 ? type : `${type}[${repeat}]`;
}

/** Reads NAXIS1…NAXISn (prefix `NAXIS` or `ZNAXIS`) as BigInts, stopping at the first missing. */
function axes(idx: CardIndex, prefix: string, n: number): bigint[] {
  const out: bigint[] = [];
  for (let k = 1; k <= n; k++) {
    const v = intOf(idx, `${prefix}${k}`);
    if (v === undefined) break;
    out.push(v);
  }
  return out;
}

/**
 * Structural facts of an HDU from its cards (`primary` for the first HDU). Never throws: a
 * missing or invalid mandatory keyword leaves `dataSize` null with the reason in `problem`.
 * Data size = |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1 × … × NAXISn), with NAXIS1 left out of
 * the product for random groups and an empty product (NAXIS = 0) counted as 0 data.
 */
export function analyseHdu(cards: readonly Card[], primary: boolean): HduInfo {
  const idx = indexCards(cards);
  const info: HduInfo = {
    type: primary ? 'PRIMARY' : (strOf(idx, 'XTENSION') ?? String(idx.get('XTENSION')?.value ?? '')),
    hduClass: astropyClass(primary, idx),
    dims: [],
    pcount: 0n,
    gcount: 1n,
    dataSize: null,
    notes: [],
  };
  const bitpix = intOf(idx, 'BITPIX');
  const naxis = intOf(idx, 'NAXIS');
  if (bitpix !== undefined && Number.isSafeInteger(Number(bitpix))) info.bitpix = Number(bitpix);
  if (naxis !== undefined && naxis >= 0n && naxis <= BigInt(MAX_NAXIS)) info.naxis = Number(naxis);
  const pcount = intOf(idx, 'PCOUNT');
  const gcount = intOf(idx, 'GCOUNT');
  if (pcount !== undefined) info.pcount = pcount;
  if (gcount !== undefined) info.gcount = gcount;
  if (!primary) {
    if (pcount === undefined) info.notes.push('PCOUNT is missing (taken as 0)');
    if (gcount === undefined) info.notes.push('GCOUNT is missing (taken as 1)');
  }
  if (info.naxis !== undefined) info.dims = axes(idx, 'NAXIS', info.naxis);

  if (info.hduClass === 'CompImageHDU') {
    const zn = intOf(idx, 'ZNAXIS');
    const zb = intOf(idx, 'ZBITPIX');
    const znaxis = zn !== undefined && zn >= 0n && zn <= BigInt(MAX_NAXIS) ? Number(zn) : undefined;
    info.compression = {
      ZCMPTYPE: strOf(idx, 'ZCMPTYPE'),
      ZBITPIX: zb !== undefined ? Number(zb) : undefined,
      ZNAXIS: znaxis,
      dims: znaxis !== undefined ? axes(idx, 'ZNAXIS', znaxis) : [],
      tiles: znaxis !== undefined ? axes(idx, 'ZTILE', znaxis) : [],
    };
  }
  if (info.type === 'BINTABLE' || info.type === 'A3DTABLE' || info.type === 'TABLE') {
    const tf = intOf(idx, 'TFIELDS');
    if (tf !== undefined && tf >= 0n && tf <= 999n) {
      info.tfields = Number(tf);
      info.columns = tableColumns(cards, info.tfields);
    } else info.notes.push('TFIELDS is missing or outside 0…999');
  }

  // Data size (FITS 4.0 §4.4.1.1, §6.1, §7.1).
  if (bitpix === undefined) return { ...info, problem: 'BITPIX is missing or not an integer' };
  if (!(String(bitpix) in BITPIX_TYPES)) return { ...info, problem: `BITPIX = ${bitpix} is not one of 8, 16, 32, 64, -32, -64` };
  if (info.naxis === undefined) return { ...info, problem: 'NAXIS is missing or outside 0…999' };
  if (info.dims.length < info.naxis) return { ...info, problem: `NAXIS${info.dims.length + 1} is missing or not an integer` };
  if (info.dims.some((d) => d < 0n)) return { ...info, problem: 'an NAXISn value is negative' };
  if (info.pcount < 0n || info.gcount < 0n) return { ...info, problem: 'PCOUNT or GCOUNT is negative' };
  const bytes = BigInt(Math.abs(Number(bitpix)) / 8);
  let product: bigint;
  if (info.hduClass === 'GroupsHDU' && info.naxis >= 1) {
    if (info.dims[0] !== 0n) info.notes.push('random groups with NAXIS1 ≠ 0');
    product = info.dims.slice(1).reduce((a, b) => a * b, 1n);
  } else {
    product = info.naxis === 0 ? 0n : info.dims.reduce((a, b) => a * b, 1n);
  }
  info.dataSize = bytes * info.gcount * (info.pcount + product);
  return info;
}
