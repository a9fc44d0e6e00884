/**
 * Object access for the metadata reader: resolves indirect references through the xref chain
 * (xref.ts), reads an object where its entry points (ISO 32000-1 §7.3.10) or from its object
 * stream (§7.5.7), decrypts strings and streams when the file is encrypted (§7.6, crypt.ts), and
 * falls back to a scan of the file for `N G obj` when an entry is missing or points at the wrong
 * place. Objects are cached; object streams are decoded once.
 */
import { ExtractError } from '../errors';
import type { Decryptor } from './crypt';
import type { PdfFile } from './file';
import { cryptFilterName, decodeStream, FilterError } from './filters';
import { latin1, Parser, PdfDict, PdfName, PdfRef, PdfStream, PdfString, SyntaxErr, type PdfObject } from './objects';
import { lookup, parseAt, parseIndirect, scanObjects, type XrefEntry, type XrefSection } from './xref';

/** Largest stream data read for metadata (XMP, object streams), before decoding. */
const MAX_STREAM = 16 << 20;
/** Largest decoded stream. */
const MAX_DECODED = 32 << 20;
/** Most objects one object stream may declare. */
const MAX_OBJSTM_OBJECTS = 100_000;

/** A reference that leads back to an object being read: not a damaged xref, so no scan. */
class RefLoop extends SyntaxErr {}

/** Limits of a document's reading. */
export interface DocLimits {
  maxObjects: number;
  /** Bytes the damaged-file scan may read. */
  scanBytes: number;
}

/** A PDF's objects, fetched on demand. */
export class PdfDocument {
  decryptor: Decryptor | null = null;
  /** The /Encrypt dictionary's object number: its strings are not encrypted (§7.6.1). */
  encryptNum = -1;
  /** Entries of the damaged-file scan, once it ran. */
  scanned?: Map<number, XrefEntry>;
  scanTrailers: number[] = [];
  /** Bytes before `%PDF-` (§7.5.2): object offsets that miss are tried again shifted by it. */
  headerOffset = 0;
  /** Objects found only at their offset plus `headerOffset`. */
  shiftedObjects = 0;
  private readonly cache = new Map<number, PdfObject>();
  private readonly objStreams = new Map<number, Map<number, PdfObject>>();
  private readonly fetching = new Set<number>();

  constructor(
    readonly file: PdfFile,
    readonly sections: XrefSection[],
    private readonly limits: DocLimits,
    private readonly warn: (m: string) => void,
  ) {}

  /** Runs the damaged-file scan (once) and returns its entries. */
  async scan(reason: string): Promise<Map<number, XrefEntry>> {
    if (!this.scanned) {
      const { entries, trailers, scanned } = await scanObjects(this.file, this.limits.scanBytes, this.limits.maxObjects);
      this.scanned = entries;
      this.scanTrailers = trailers;
      const part = scanned < this.file.size ? ` (the first ${scanned} bytes only)` : '';
      this.warn(`${reason}: the file was scanned for objects${part}, as readers do with a damaged cross-reference.`);
    }
    return this.scanned;
  }

  private async entry(num: number): Promise<XrefEntry | undefined> {
    for (const s of this.sections) {
      const e = await lookup(this.file, s, num);
      if (e) return e;
    }
    return this.scanned?.get(num);
  }

  /** The object `ref` points to (null when it is free or missing, as §7.3.10 says). */
  async fetch(ref: PdfRef): Promise<PdfObject> {
    const key = ref.num;
    if (this.cache.has(key)) return this.cache.get(key)!;
    if (this.fetching.has(key)) throw new RefLoop(`object ${key} refers to itself`);
    this.fetching.add(key);
    try {
      let obj: PdfObject;
      try {
        obj = await this.load(ref, await this.entry(key));
      } catch (e) {
        if (e instanceof ExtractError || e instanceof RefLoop || this.scanned) throw e;
        const entries = await this.scan(`Object ${ref.num} could not be read where the xref points (${e instanceof Error ? e.message : String(e)})`);
        obj = await this.load(ref, entries.get(key));
      }
      if (this.cache.size < this.limits.maxObjects) this.cache.set(key, obj);
      return obj;
    } finally {
      this.fetching.delete(key);
    }
  }

  private async load(ref: PdfRef, entry: XrefEntry | undefined): Promise<PdfObject> {
    if (!entry || entry.type === 0) return null;
    if (entry.type === 2) return this.fromObjStream(entry.stream, entry.index, ref.num);
    let found: { num: number; gen: number; obj: PdfObject };
    try {
      found = await this.objectAt(ref.num, entry.offset);
    } catch (e) {
      // §7.5.2: with bytes before `%PDF-`, offsets may count from the header (readers accept it).
      if (this.headerOffset <= 0 || !(e instanceof SyntaxErr)) throw e;
      found = await this.objectAt(ref.num, entry.offset + this.headerOffset).catch(() => {
        throw e;
      });
      this.shiftedObjects++;
    }
    const { num, gen, obj } = found;
    if (this.decryptor && num !== this.encryptNum) await this.decryptStrings(obj, num, gen, 0);
    return obj;
  }

  /** `N G obj` at `offset`, N being `want`. */
  private async objectAt(want: number, offset: number): Promise<{ num: number; gen: number; obj: PdfObject }> {
    if (offset < 0 || offset >= this.file.size) throw new SyntaxErr(`object ${want} is said to be at ${offset}, outside the file`);
    const found = await parseAt(this.file, offset, parseIndirect);
    if (found.num !== want) throw new SyntaxErr(`object ${found.num} found where the xref places object ${want}`);
    return found;
  }

  private async decryptStrings(obj: PdfObject, num: number, gen: number, depth: number): Promise<void> {
    if (depth > 64) return;
    if (obj instanceof PdfString) {
      try {
        obj.bytes = await this.decryptor!.decryptString(obj.bytes, num, gen);
      } catch {
        // Left as written; such a string shows as bytes.
      }
    } else if (Array.isArray(obj)) for (const x of obj) await this.decryptStrings(x, num, gen, depth + 1);
    else if (obj instanceof PdfDict) for (const x of obj.map.values()) await this.decryptStrings(x, num, gen, depth + 1);
    else if (obj instanceof PdfStream) await this.decryptStrings(obj.dict, num, gen, depth + 1);
  }

  private async fromObjStream(streamNum: number, index: number, num: number): Promise<PdfObject> {
    let objects = this.objStreams.get(streamNum);
    if (!objects) {
      objects = new Map();
      this.objStreams.set(streamNum, objects);
      const stream = await this.fetch(new PdfRef(streamNum, 0));
      if (!(stream instanceof PdfStream)) throw new SyntaxErr(`object stream ${streamNum} is not a stream`);
      const n = stream.dict.get('N');
      const first = stream.dict.get('First');
      if (typeof n !== 'number' || typeof first !== 'number' || n < 0 || first < 0) throw new SyntaxErr(`object stream ${streamNum} has a bad /N or /First`);
      const data = await this.streamData(stream, streamNum, 0, MAX_DECODED);
      const count = Math.min(n, MAX_OBJSTM_OBJECTS);
      const header = new Parser(data.subarray(0, Math.min(first, data.length)), 0, true);
      const pairs: Array<[number, number]> = [];
      try {
        for (let i = 0; i < count; i++) pairs.push([header.readInt(), header.readInt()]);
      } catch {
        this.warn(`Object stream ${streamNum} declares ${n} objects but lists ${pairs.length}.`);
      }
      for (const [objNum, off] of pairs) {
        if (first + off >= data.length || objects.has(objNum)) continue;
        try {
          objects.set(objNum, new Parser(data.subarray(first + off), 0, true).parse());
        } catch {
          // A bad object in the stream does not spoil the others.
        }
      }
    }
    void index;
    return objects.get(num) ?? null;
  }

  /** Follows references (a chain of at most 16) to a direct object. */
  async resolve(obj: PdfObject | undefined): Promise<PdfObject> {
    let o = obj ?? null;
    for (let i = 0; o instanceof PdfRef; i++) {
      if (i >= 16) throw new SyntaxErr('a reference chain is too long');
      o = await this.fetch(o);
    }
    return o;
  }

  /** `dict[key]` resolved. */
  async get(dict: PdfDict | PdfStream | null | undefined, key: string): Promise<PdfObject> {
    const d = dict instanceof PdfStream ? dict.dict : dict;
    return d ? this.resolve(d.get(key)) : null;
  }

  /** `dict[key]` resolved if it is a dictionary (a stream's dictionary counts), else null. */
  async dict(dict: PdfDict | PdfStream | null | undefined, key: string): Promise<PdfDict | null> {
    const v = await this.get(dict, key);
    return v instanceof PdfDict ? v : v instanceof PdfStream ? v.dict : null;
  }

  /**
   * A stream's decoded data (decrypted first when the file is encrypted; `num gen` are the
   * stream's object number and generation). Raw data longer than 16 MiB, or decoded longer than
   * `maxDecoded`, is an error.
   */
  async streamData(stream: PdfStream, num: number, gen: number, maxDecoded: number, decrypt = true): Promise<Uint8Array> {
    if (stream.data) return stream.data;
    let length = await this.resolve(stream.dict.get('Length'));
    const start = stream.dataOffset;
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || start + length > this.file.size) {
      length = await this.findEndstream(start);
      this.warn(`A stream's /Length (object ${num}) is wrong; its data was taken up to "endstream".`);
    }
    if (length > MAX_STREAM) throw new ExtractError('too-large', `Stream ${num} is ${length} bytes long (more than ${MAX_STREAM} for metadata).`, start);
    let data = await this.file.readOnce(start, length);
    const type = stream.dict.get('Type');
    const isXref = type instanceof PdfName && type.name === 'XRef';
    if (decrypt && this.decryptor && !isXref) {
      // §7.6.5: a stream with a /Crypt filter (§7.4.10) is decrypted by the crypt filter it names, not the default one.
      const crypt = cryptFilterName(stream.dict);
      data = crypt === undefined ? await this.decryptor.decryptStream(data, num, gen) : await this.decryptor.decryptStreamWith(crypt, data, num, gen);
    }
    try {
      return await decodeStream(stream.dict, data, maxDecoded);
    } catch (e) {
      if (e instanceof FilterError) throw new ExtractError(e.bomb ? 'too-large' : 'unsupported-feature', `Stream ${num}: ${e.message}.`, start);
      throw e;
    }
  }

  private async findEndstream(start: number): Promise<number> {
    const CHUNK = 65536;
    for (let at = start; at < Math.min(this.file.size, start + MAX_STREAM); at += CHUNK) {
      const i = latin1(await this.file.readOnce(at, CHUNK + 16)).indexOf('endstream');
      if (i >= 0) return at + i - start;
    }
    throw new ExtractError('too-large', `No "endstream" within ${MAX_STREAM} bytes of ${start}.`, start);
  }
}
