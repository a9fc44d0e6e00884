/**
 * FITS header records ("cards") → logical keywords, following the FITS Standard 4.0:
 * §4.1 keyword records (80 ASCII characters: keyword in bytes 1–8, value indicator `= ` in
 * bytes 9–10, value/comment after it), §4.2 value types (character string, logical, integer,
 * real floating-point, complex, undefined), §4.2.1.2 long strings (`&` + CONTINUE records),
 * §4.4.2.4 commentary keywords (COMMENT, HISTORY, blank), and the ESO HIERARCH convention
 * (`HIERARCH ESO DET CHIP = value`, the keyword being everything before `=`).
 * Pure functions over strings; no I/O.
 */

/** Bytes in one header record (FITS 4.0 §4.1.1). */
export const CARD_BYTES = 80;

/** The value types of FITS 4.0 §4.2; `invalid` marks a value field this parser could not read. */
export type CardValueType = 'logical' | 'integer' | 'float' | 'complex' | 'string' | 'undefined' | 'invalid';

/** Decoded value of a keyword: integers are BigInt (NAXISn and sizes may exceed 2^53). */
export type CardValue = boolean | bigint | number | string | { real: number; imag: number } | null;

/** One logical keyword: a value card (with its CONTINUE records joined) or a commentary card. */
export interface Card {
  /** Keyword as written, trailing spaces removed; HIERARCH keywords keep the `HIERARCH ` prefix. '' for blank. */
  keyword: string;
  /** `value` for keyword = value cards, `commentary` for COMMENT/HISTORY/blank/no value indicator. */
  kind: 'value' | 'commentary';
  /** Value type (commentary cards are `string`). */
  type: CardValueType;
  value: CardValue;
  /** The value token as written (no quotes for strings), when the decoded value is not a string. */
  valueText?: string;
  comment?: string;
  /** Index of the card's first 80-character record in the header (0-based). */
  index: number;
  /** Number of records the keyword spans (1 + its CONTINUE records). */
  records: number;
  /** True for ESO HIERARCH keywords. */
  hierarch?: boolean;
  /** Why the value could not be decoded, when `type` is `invalid`. */
  problem?: string;
}

/** Keywords whose bytes 9–80 are free text (FITS 4.0 §4.4.2.4). */
const COMMENTARY = new Set(['COMMENT', 'HISTORY', '']);

const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[EeDd][+-]?\d+)?$/;
const COMPLEX_RE = /^\(\s*([^,()]+?)\s*,\s*([^,()]+?)\s*\)$/;

/** Parses a number token of §4.2.4 (D exponents allowed); NaN when it is not one. */
function parseReal(token: string): number {
  if (!FLOAT_RE.test(token)) return Number.NaN;
  return Number(token.replace(/[Dd]/, 'E'));
}

/** Result of reading a value field (the text after the value indicator). */
interface ParsedValue {
  type: CardValueType;
  value: CardValue;
  valueText?: string;
  comment?: string;
  problem?: string;
}

/**
 * Reads a value field (FITS 4.0 §4.2): a quoted string with `''` escapes (trailing spaces are not
 * significant, leading ones are), T/F, an integer, a real with E or D exponent, a complex
 * `(re, im)`, or nothing (undefined), then an optional `/ comment`.
 */
export function parseValueField(field: string): ParsedValue {
  let i = 0;
  while (i < field.length && field[i] === ' ') i++;
  if (field[i] === "'") {
    let s = '';
    let j = i + 1;
    let closed = false;
    while (j < field.length) {
      if (field[j] === "'") {
        if (field[j + 1] === "'") {
          s += "'";
          j += 2;
          continue;
        }
        closed = true;
        j++;
        break;
      }
      s += field[j++];
    }
    const rest = field.slice(j);
    const slash = rest.indexOf('/');
    const out: ParsedValue = { type: 'string', value: s.replace(/ +$/, '') };
    if (slash >= 0) {
      const c = rest.slice(slash + 1).trim();
      if (c) out.comment = c;
    }
    if (!closed) out.problem = 'string value has no closing quote';
    else if (rest.slice(0, slash >= 0 ? slash : undefined).trim()) out.problem = 'text between the string value and the comment';
    return out;
  }
  const slash = field.indexOf('/', i);
  const token = (slash >= 0 ? field.slice(i, slash) : field.slice(i)).trim();
  const out: ParsedValue = { type: 'undefined', value: null };
  if (slash >= 0) {
    const c = field.slice(slash + 1).trim();
    if (c) out.comment = c;
  }
  if (token === '') return out;
  out.valueText = token;
  if (token === 'T' || token === 'F') {
    out.type = 'logical';
    out.value = token === 'T';
  } else if (INT_RE.test(token)) {
    out.type = 'integer';
    out.value = BigInt(token);
  } else if (FLOAT_RE.test(token)) {
    out.type = 'float';
    out.value = parseReal(token);
  } else {
    const m = COMPLEX_RE.exec(token);
    const re = m ? parseReal(m[1]) : Number.NaN;
    const im = m ? parseReal(m[2]) : Number.NaN;
    if (m && !Number.isNaN(re) && !Number.isNaN(im)) {
      out.type = 'complex';
      out.value = { real: re, imag: im };
    } else {
      out.type = 'invalid';
      out.value = token;
      out.problem = `unreadable value ${JSON.stringify(token.slice(0, 40))}`;
    }
  }
  return out;
}

/** One 80-character record split into keyword and the rest (§4.1.2). */
interface RawCard {
  keyword: string;
  kind: 'value' | 'commentary' | 'continue';
  hierarch?: boolean;
  /** Value field for value/continue records; free text for commentary. */
  body: string;
}

/** Splits one record (§4.1.2.1–2, HIERARCH convention). */
function splitRecord(rec: string): RawCard {
  const key = rec.slice(0, 8).replace(/ +$/, '');
  if (key === 'HIERARCH') {
    const eq = rec.indexOf('=', 8);
    if (eq > 8) {
      const name = rec.slice(9, eq).trim().replace(/ +/g, ' ');
      return { keyword: name ? `HIERARCH ${name}` : 'HIERARCH', kind: 'value', hierarch: true, body: rec.slice(eq + 1) };
    }
    return { keyword: key, kind: 'commentary', body: rec.slice(8) };
  }
  if (key === 'CONTINUE' && rec.slice(8, 10) !== '= ') return { keyword: key, kind: 'continue', body: rec.slice(10) };
  // Lenient: a `=` in byte 9 without the following space is still read as a value indicator.
  if (!COMMENTARY.has(key) && rec[8] === '=') return { keyword: key, kind: 'value', body: rec.slice(9) };
  return { keyword: key, kind: 'commentary', body: rec.slice(8) };
}

/** Callback for non-fatal problems (unreadable values, orphan CONTINUE records). */
export type CardProblem = (message: string) => void;

/**
 * Turns the records before END into logical cards: value cards are decoded, a string value ending
 * in `&` absorbs the CONTINUE records that follow (FITS 4.0 §4.2.1.2: each segment has its
 * trailing spaces and final `&` removed, comments are joined with a space), commentary cards keep
 * bytes 9–80 as text (trailing spaces removed). A CONTINUE record that continues nothing is kept
 * as a commentary card. `records` are the 80-character strings; END must not be among them.
 */
export function parseCards(records: readonly string[], onProblem: CardProblem = () => {}): Card[] {
  const cards: Card[] = [];
  for (let i = 0; i < records.length; i++) {
    const raw = splitRecord(records[i]);
    if (raw.kind === 'commentary' || raw.kind === 'continue') {
      if (raw.kind === 'continue') onProblem(`CONTINUE record ${i + 1} does not follow a string ending in '&'.`);
      cards.push({ keyword: raw.keyword, kind: 'commentary', type: 'string', value: raw.body.replace(/ +$/, ''), index: i, records: 1 });
      continue;
    }
    const v = parseValueField(raw.body);
    const card: Card = { keyword: raw.keyword, kind: 'value', type: v.type, value: v.value, index: i, records: 1 };
    if (v.valueText !== undefined) card.valueText = v.valueText;
    if (raw.hierarch) card.hierarch = true;
    if (v.type === 'string') {
      const comments = v.comment ? [v.comment] : [];
      let text = v.value as string;
      while (text.endsWith('&') && i + 1 < records.length) {
        const next = splitRecord(records[i + 1]);
        if (next.kind !== 'continue') break;
        const cont = parseValueField(next.body);
        if (cont.type !== 'string') break;
        i++;
        card.records++;
        text = text.slice(0, -1) + (cont.value as string);
        if (cont.comment) comments.push(cont.comment);
      }
      // astropy strips a final '&' from the last CONTINUE segment as well.
      if (card.records > 1 && text.endsWith('&')) text = text.slice(0, -1);
      card.value = text;
      if (comments.length) card.comment = comments.join(' ');
    } else if (v.comment !== undefined) {
      card.comment = v.comment;
    }
    if (v.problem) {
      card.problem = v.problem;
      onProblem(`${raw.keyword || 'record ' + (i + 1)}: ${v.problem}.`);
    }
    cards.push(card);
  }
  return cards;
}

/**
 * Unit written at the start of a keyword comment, `[unit] text` (FITS 4.0 §4.3.2 recommends this
 * convention), or undefined.
 */
export function unitFromComment(comment: string | undefined): string | undefined {
  const m = comment ? /^\[([^\]]{1,40})\]/.exec(comment) : null;
  return m ? m[1].trim() || undefined : undefined;
}
