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
type CardValueType = 'logical' | 'integer' | 'float' | 'complex' | 'string' | 'undefined' | 'invalid';

/** Decoded value of a keyword: integers are BigInt (NAXISn and sizes may exceed 2^53). */
type CardValue = boolean | bigint | number | string | { real: number; imag: number } | null;

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
/**
 * Numbers with spaces after the sign and around the exponent letter (`- 5`, `1.0E 3`): not FITS
 * (§4.2.3–4.2.4), but astropy reads them (its `_numr_NFSC` pattern), so this does too.
 */
const INT_SPACED_RE = /^[+-]? *\d+$/;
const FLOAT_SPACED_RE = /^[+-]? *(?:\d+\.?\d*|\.\d+)(?: *[EeDd] *[+-]? *\d+)?$/;
const COMPLEX_RE = /^\(\s*([^,()]+?)\s*,\s*([^,()]+?)\s*\)$/;

/** Parses a real of §4.2.4 (D exponents allowed, spaces as astropy allows them); NaN when it is not one. */
function parseReal(token: string): number {
  if (!FLOAT_SPACED_RE.test(token)) return Number.NaN;
  return Number(token.replace(/ /g, '').replace(/[Dd]/, 'E'));
}

/** Result of reading a value field (the text after the value indicator). */
interface ParsedValue {
  type: CardValueType;
  value: CardValue;
  valueText?: string;
  comment?: string;
  problem?: string;
  /** True for a number written with spaces inside (read as astropy does). */
  spaced?: boolean;
}

/**
 * Reads a value field (FITS 4.0 §4.2): a quoted string with `''` escapes (trailing spaces are not
 * significant, leading ones are), T/F, an integer, a real with E or D exponent, a complex
 * `(re, im)`, or nothing (undefined), then an optional `/ comment`.
 */
export function parseValueField(field: string): ParsedValue {
  let i = 0;
  while (i < field.length && (field[i] === ' ' || field[i] === '\t')) i++;
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
  } else if (INT_RE.test(token) || INT_SPACED_RE.test(token)) {
    out.type = 'integer';
    out.value = BigInt(token.replace(/ /g, ''));
    if (token.includes(' ')) out.spaced = true;
  } else if (FLOAT_SPACED_RE.test(token)) {
    out.type = 'float';
    out.value = parseReal(token);
    if (!FLOAT_RE.test(token)) out.spaced = true;
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
  /** The keyword was written in lower case (upper-cased here, as astropy does). */
  lowerCase?: boolean;
  /** The value indicator `=` stood before byte 9 (`OBJECT = 'x'`). */
  earlyIndicator?: boolean;
}

/** Keyword of bytes 1–8 (or of the bytes before an early `=`) without trailing spaces or tabs. */
function trimKey(text: string): string {
  return text.replace(/[ \t]+$/, '');
}

/**
 * Splits one record (§4.1.2.1–2, HIERARCH convention). Lenient as astropy's `Card` is: keywords
 * are read in upper case, and a `=` before byte 9 that follows the keyword (and spaces or tabs)
 * is taken as the value indicator; also, as before, a `=` in byte 9 without the following space.
 */
function splitRecord(rec: string): RawCard {
  const written = trimKey(rec.slice(0, 8));
  const key = written.toUpperCase();
  if (key === 'HIERARCH') {
    const eq = rec.indexOf('=', 8);
    if (eq > 8) {
      const name = rec.slice(9, eq).trim().replace(/ +/g, ' ');
      return { keyword: name ? `HIERARCH ${name}` : 'HIERARCH', kind: 'value', hierarch: true, body: rec.slice(eq + 1) };
    }
    return { keyword: written, kind: 'commentary', body: rec.slice(8) };
  }
  if (written === 'CONTINUE' && rec.slice(8, 10) !== '= ') return { keyword: written, kind: 'continue', body: rec.slice(10) };
  const lowerCase = key !== written ? { lowerCase: true } : {};
  if (!COMMENTARY.has(key) && rec[8] === '=') return { keyword: key, kind: 'value', body: rec.slice(9), ...lowerCase };
  const eq = rec.indexOf('=');
  if (eq > 0 && eq < 8) {
    const early = trimKey(rec.slice(0, eq));
    const upper = early.toUpperCase();
    if (/^[^\s=]+$/.test(early) && !COMMENTARY.has(upper)) {
      return { keyword: upper, kind: 'value', body: rec.slice(eq + 1), earlyIndicator: true, ...(upper !== early ? { lowerCase: true } : {}) };
    }
  }
  return { keyword: COMMENTARY.has(key) ? key : written, kind: 'commentary', body: rec.slice(8), ...(COMMENTARY.has(key) ? lowerCase : {}) };
}

/** `a, b, c` of the first names, with the rest counted. */
function listed(names: readonly string[]): string {
  const shown = names
    .slice(0, 5)
    .map((n) => n || '(blank)')
    .join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

/** Callback for non-fatal problems (unreadable values, orphan CONTINUE records). */
export type CardProblem = (message: string) => void;

/**
 * Turns the records before END into logical cards: value cards are decoded, a string value ending
 * in `&` absorbs the CONTINUE records that follow (FITS 4.0 §4.2.1.2: each segment has its
 * trailing spaces and final `&` removed, comments are joined with a space), commentary cards keep
 * bytes 9–80 as text (trailing spaces removed). A CONTINUE record that continues nothing is kept
 * as a commentary card. `records` are the 80-character strings; END must not be among them.
 * Writer quirks astropy tolerates (lower-case keywords, `=` before byte 9, spaces inside numbers,
 * CONTINUE after a string without '&') are read as astropy reads them and reported to `onProblem`.
 */
export function parseCards(records: readonly string[], onProblem: CardProblem = () => {}): Card[] {
  const cards: Card[] = [];
  // Writer quirks read as astropy reads them, reported once per header.
  const lower: string[] = [];
  const early: string[] = [];
  const spaced: string[] = [];
  for (let i = 0; i < records.length; i++) {
    const raw = splitRecord(records[i]);
    if (raw.lowerCase) lower.push(raw.keyword);
    if (raw.earlyIndicator) early.push(raw.keyword);
    if (raw.kind === 'commentary' || raw.kind === 'continue') {
      if (raw.kind === 'continue') onProblem(`CONTINUE record ${i + 1} does not follow a string value.`);
      cards.push({ keyword: raw.keyword, kind: 'commentary', type: 'string', value: raw.body.replace(/ +$/, ''), index: i, records: 1 });
      continue;
    }
    const v = parseValueField(raw.body);
    const card: Card = { keyword: raw.keyword, kind: 'value', type: v.type, value: v.value, index: i, records: 1 };
    if (v.valueText !== undefined) card.valueText = v.valueText;
    if (v.spaced) spaced.push(`${raw.keyword} = ${v.valueText}`);
    if (raw.hierarch) card.hierarch = true;
    if (v.type === 'string') {
      const comments = v.comment ? [v.comment] : [];
      let text = v.value as string;
      // astropy joins every CONTINUE record that follows a string, with or without the '&'.
      while (i + 1 < records.length) {
        const next = splitRecord(records[i + 1]);
        if (next.kind !== 'continue') break;
        const cont = parseValueField(next.body);
        if (cont.type !== 'string') break;
        if (text.endsWith('&')) text = text.slice(0, -1);
        else onProblem(`${raw.keyword}: CONTINUE record ${i + 2} follows a string segment that does not end in '&' (FITS 4.0 §4.2.1.2); it was joined to the value, as astropy does.`);
        i++;
        card.records++;
        text += cont.value as string;
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
  if (lower.length)
    onProblem(`${lower.length} keyword(s) written in lower case (${listed(lower)}) were read in upper case, as astropy does (FITS 4.0 §4.1.2.1 allows only upper-case letters, digits, '-' and '_').`);
  if (early.length)
    onProblem(`${early.length} card(s) have the value indicator '=' before byte 9 (${listed(early)}); they were read as keyword = value, as astropy does (FITS 4.0 §4.1.2.2 puts '= ' in bytes 9–10).`);
  if (spaced.length) onProblem(`${spaced.length} number(s) are written with spaces inside (${listed(spaced)}); they were read as numbers, as astropy does (FITS 4.0 §4.2.3–4.2.4 allow none).`);
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
