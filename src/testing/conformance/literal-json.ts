/**
 * JSON parsing that keeps each number's source text, so the conformance comparison can tell an
 * integer (`252`) from a float (`252.0`), read the precision a float was printed with
 * (`0.000376`), and compare integers past 2^53 exactly. Node 20's JSON.parse hands a reviver no
 * source text, so one token scan first turns every number into a marked string (RFC 8259 §6
 * number grammar; strings are skipped whole, escapes included), then JSON.parse does the rest.
 */

/** A JSON number as written, e.g. `-9007199254740993`, `30.0`, `1e-06`. */
export class NumberLiteral {
  constructor(readonly text: string) {}

  /** True for an integer literal: no fraction and no exponent (how Python's json writes an int). */
  get isInteger(): boolean {
    return /^-?\d+$/.test(this.text);
  }

  /** The nearest double (not exact past 2^53 or 17 significant digits). */
  get value(): number {
    return Number(this.text);
  }

  /** For reports: the number, or the text for an integer a double cannot hold. */
  toJSON(): number | string {
    return this.isInteger && !Number.isSafeInteger(this.value) ? this.text : this.value;
  }
}

/** Marks a number token turned into a string; JSON text holding a NUL escape is refused. */
const MARK = '\u0000';
const TOKEN = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/g;

/**
 * Parses JSON text like JSON.parse, but every number becomes a NumberLiteral.
 * Throws SyntaxError on invalid JSON, and Error on text containing a `\u0000` escape (it could
 * collide with the marker).
 */
export function parseKeepingNumbers(text: string): unknown {
  if (/\\u0000/i.test(text)) throw new Error('JSON text contains a \\u0000 escape: numbers cannot be marked.');
  const marked = text.replace(TOKEN, (t) => (t.startsWith('"') ? t : `"\\u0000${t}"`));
  return JSON.parse(marked, (_key, v: unknown) => (typeof v === 'string' && v.startsWith(MARK) ? new NumberLiteral(v.slice(1)) : v));
}
