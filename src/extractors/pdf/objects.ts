/**
 * The PDF object model and its parser (ISO 32000-1 §7.2 lexical conventions, §7.3 objects):
 * null, booleans, numbers, names, literal and hexadecimal strings, arrays, dictionaries, indirect
 * references and stream headers, parsed from a window of bytes that starts at a known file offset.
 * A parse that runs off the end of the window throws `NeedMore` so the caller can read a longer
 * window (bounded by its own budget); nesting depth is bounded.
 */

/** A name object (§7.3.5), `#xx` escapes decoded. */
export class PdfName {
  constructor(readonly name: string) {}
}

/** A string object (§7.3.4): its bytes as written (escapes decoded), decrypted later if needed. */
export class PdfString {
  constructor(
    public bytes: Uint8Array,
    readonly hex: boolean,
  ) {}
}

/** An indirect reference `num gen R` (§7.3.10). */
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

/** A dictionary (§7.3.7); keys without the slash. Missing keys and `null` values are the same. */
export class PdfDict {
  readonly map = new Map<string, PdfObject>();
  get(key: string): PdfObject | undefined {
    return this.map.get(key);
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
}

/** A stream (§7.3.8): its dictionary and where its data starts in the file. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly dataOffset: number,
    /** Data when the stream came from memory (never for streams read from the file). */
    readonly data?: Uint8Array,
  ) {}
}

export type PdfObject = null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfStream | PdfObject[];

/** Thrown when a parse needs bytes past the end of its window. */
export class NeedMore extends Error {
  constructor() {
    super('need more bytes');
  }
}

/** Thrown on bytes that are not PDF syntax. */
export class SyntaxErr extends Error {}

const MAX_DEPTH = 64;
/** Most elements of one array or dictionary (the largest real ones are /Kids of big page trees). */
const MAX_ITEMS = 1_000_000;

/** §7.2.2: white-space characters. */
function isWhite(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}
/** §7.2.2: delimiters. */
function isDelim(c: number): boolean {
  return c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
}
const isRegular = (c: number) => !isWhite(c) && !isDelim(c);

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * A cursor over `bytes`, which hold the file's bytes from offset `base`. `complete` says the window
 * reaches the end of the file (then running off its end is a syntax error, not `NeedMore`).
 */
export class Parser {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly base: number,
    readonly complete = false,
  ) {}

  private more(): never {
    if (this.complete) throw new SyntaxErr('unexpected end of data');
    throw new NeedMore();
  }

  /** Skips white space and comments (§7.2.3). */
  skipWhite(): void {
    const b = this.bytes;
    for (;;) {
      while (this.pos < b.length && isWhite(b[this.pos])) this.pos++;
      if (this.pos < b.length && b[this.pos] === 0x25) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
        continue;
      }
      return;
    }
  }

  /** The next regular-character token (keyword or number) without consuming it, or '' at a delimiter. */
  peekWord(): string {
    this.skipWhite();
    const b = this.bytes;
    let end = this.pos;
    while (end < b.length && isRegular(b[end]) && end - this.pos < 64) end++;
    if (end === b.length && !this.complete) this.more();
    let s = '';
    for (let i = this.pos; i < end; i++) s += String.fromCharCode(b[i]);
    return s;
  }

  /** Consumes the keyword `word` or throws. */
  expectWord(word: string): void {
    const w = this.peekWord();
    if (w !== word) throw new SyntaxErr(`expected ${word}, found ${w || 'a delimiter'} at ${this.base + this.pos}`);
    this.pos += w.length;
  }

  /** Reads a non-negative integer token (for `N G obj` and xref data). */
  readInt(): number {
    const w = this.peekWord();
    if (!/^\d{1,15}$/.test(w)) throw new SyntaxErr(`expected an integer at ${this.base + this.pos}`);
    this.pos += w.length;
    return Number(w);
  }

  /** Parses one object; `N G R` becomes a PdfRef. A dictionary followed by `stream` becomes a PdfStream. */
  parse(depth = 0): PdfObject {
    if (depth > MAX_DEPTH) throw new SyntaxErr('objects nested too deeply');
    this.skipWhite();
    const b = this.bytes;
    if (this.pos >= b.length) this.more();
    const c = b[this.pos];
    if (c === 0x2f) return this.name();
    if (c === 0x28) return this.literal();
    if (c === 0x3c) {
      if (this.pos + 1 >= b.length) this.more();
      if (b[this.pos + 1] === 0x3c) return this.dict(depth);
      return this.hexString();
    }
    if (c === 0x5b) {
      this.pos++;
      const arr: PdfObject[] = [];
      for (;;) {
        this.skipWhite();
        if (this.pos >= b.length) this.more();
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return arr;
        }
        if (arr.length >= MAX_ITEMS) throw new SyntaxErr('array too long');
        arr.push(this.parse(depth + 1));
      }
    }
    const w = this.peekWord();
    if (w === '') throw new SyntaxErr(`unexpected byte 0x${c.toString(16)} at ${this.base + this.pos}`);
    this.pos += w.length;
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    const n = Number(w);
    if (!Number.isFinite(n) || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) throw new SyntaxErr(`unexpected token ${w.slice(0, 20)} at ${this.base + this.pos - w.length}`);
    // `num gen R`: look ahead for two more tokens.
    if (/^\d+$/.test(w)) {
      const save = this.pos;
      try {
        const g = this.peekWord();
        if (/^\d+$/.test(g)) {
          this.pos += g.length;
          const r = this.peekWord();
          if (r === 'R') {
            this.pos += 1;
            return new PdfRef(n, Number(g));
          }
        }
      } catch (e) {
        if (!(e instanceof NeedMore)) throw e;
        this.pos = save;
        throw e;
      }
      this.pos = save;
    }
    return n;
  }

  private name(): PdfName {
    const b = this.bytes;
    this.pos++;
    const out: number[] = [];
    while (this.pos < b.length && isRegular(b[this.pos])) {
      if (b[this.pos] === 0x23 && this.pos + 2 < b.length && hexVal(b[this.pos + 1]) >= 0 && hexVal(b[this.pos + 2]) >= 0) {
        out.push(hexVal(b[this.pos + 1]) * 16 + hexVal(b[this.pos + 2]));
        this.pos += 3;
      } else out.push(b[this.pos++]);
      if (out.length > 4096) throw new SyntaxErr('name too long');
    }
    if (this.pos >= b.length) this.more();
    return new PdfName(new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(out)));
  }

  private literal(): PdfString {
    const b = this.bytes;
    this.pos++;
    const out: number[] = [];
    let nest = 1;
    for (;;) {
      if (this.pos >= b.length) this.more();
      const c = b[this.pos++];
      if (c === 0x5c) {
        if (this.pos >= b.length) this.more();
        const e = b[this.pos++];
        const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (e in simple) out.push(simple[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let k = 0; k < 2 && this.pos < b.length && b[this.pos] >= 0x30 && b[this.pos] <= 0x37; k++) v = v * 8 + b[this.pos++] - 0x30;
          out.push(v & 255);
        } else if (e === 0x0d) {
          if (this.pos < b.length && b[this.pos] === 0x0a) this.pos++;
        } else if (e !== 0x0a) out.push(e);
      } else if (c === 0x28) {
        nest++;
        out.push(c);
      } else if (c === 0x29) {
        if (--nest === 0) return new PdfString(Uint8Array.from(out), false);
        out.push(c);
      } else out.push(c);
    }
  }

  private hexString(): PdfString {
    const b = this.bytes;
    this.pos++;
    const out: number[] = [];
    let hi = -1;
    for (;;) {
      if (this.pos >= b.length) this.more();
      const c = b[this.pos++];
      if (c === 0x3e) break;
      const v = hexVal(c);
      if (v < 0) {
        if (isWhite(c)) continue;
        throw new SyntaxErr(`bad hex string at ${this.base + this.pos - 1}`);
      }
      if (hi < 0) hi = v;
      else {
        out.push(hi * 16 + v);
        hi = -1;
      }
    }
    if (hi >= 0) out.push(hi * 16);
    return new PdfString(Uint8Array.from(out), true);
  }

  private dict(depth: number): PdfDict | PdfStream {
    const b = this.bytes;
    this.pos += 2;
    const d = new PdfDict();
    for (;;) {
      this.skipWhite();
      if (this.pos + 1 >= b.length) this.more();
      if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
        this.pos += 2;
        break;
      }
      if (b[this.pos] !== 0x2f) throw new SyntaxErr(`expected a name key at ${this.base + this.pos}`);
      const key = this.name().name;
      if (d.map.size >= MAX_ITEMS) throw new SyntaxErr('dictionary too long');
      d.map.set(key, this.parse(depth + 1));
    }
    // `stream` keyword: data starts after CRLF or LF (§7.3.8.1).
    const save = this.pos;
    this.skipWhite();
    if (this.pos + 6 > b.length && !this.complete) this.more();
    if (this.pos + 6 <= b.length && String.fromCharCode(...b.subarray(this.pos, this.pos + 6)) === 'stream') {
      let p = this.pos + 6;
      if (p >= b.length && !this.complete) this.more();
      if (b[p] === 0x0d) p++;
      if (b[p] === 0x0a) p++;
      this.pos = p;
      return new PdfStream(d, this.base + p);
    }
    this.pos = save;
    return d;
  }
}

/** The latin-1 text of `bytes` (for keywords and numbers). */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
}
