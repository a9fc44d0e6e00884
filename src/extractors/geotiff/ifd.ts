/**
 * Reads one IFD's tag values: geotiff.js's parsed ImageFileDirectory (when there is one) for what
 * it holds in memory and for deferred ASCII values (`loadValue`), our own decoder (ifd-scan.ts) for
 * RATIONAL values, out-of-line arrays (geotiff 3.0.5 misreads those, see ifd-scan.ts) and every
 * value of an IFD geotiff did not parse. Strip/tile offset and
 * byte-count arrays are never read, only counted.
 */
import type { ImageFileDirectory } from 'geotiff';
import { readEntryValues, STRILE_TAGS, type RawEntry, type RawIfd } from './ifd-scan';
import type { GeotiffSource } from './source-adapter';

/** A tag value as read: numbers, a string, or null when not read (strile arrays, oversized blobs). */
export type TagValue = number[] | string | null;

/** Internal maps of geotiff's ImageFileDirectory (public JS properties, untyped in its .d.ts). */
interface IfdInternals {
  actualizedFields: Map<number, unknown>;
  deferredFields: Map<number, unknown>;
  deferredArrays: Map<number, unknown>;
  loadValue(tag: number): Promise<unknown>;
}

/** Largest value decoded in full for display (XMP, GDAL metadata, descriptions…). */
const MAX_TEXT_BYTES = 1024 * 1024;

/** One IFD's tags: raw entries, and values read in full or for display (capped). */
export class IfdTags {
  private readonly entries = new Map<number, RawEntry>();
  private readonly full = new Map<number, Promise<TagValue>>();

  constructor(
    readonly raw: RawIfd,
    /** geotiff.js's parse of the same IFD; null when it was not used (see read.ts). */
    private readonly fd: ImageFileDirectory | null,
    private readonly src: GeotiffSource,
    private readonly le: boolean,
    private readonly maxValueBytes: number,
  ) {
    for (const e of raw.entries) if (!this.entries.has(e.tag)) this.entries.set(e.tag, e);
  }

  has(tag: number): boolean {
    return this.entries.has(tag);
  }

  entry(tag: number): RawEntry | undefined {
    return this.entries.get(tag);
  }

  /** All values of `tag` (bounded by the scan's value-size limit); undefined when absent. */
  async values(tag: number): Promise<TagValue | undefined> {
    const e = this.entries.get(tag);
    if (!e) return undefined;
    let p = this.full.get(tag);
    if (!p) {
      p = this.read(e, e.count);
      this.full.set(tag, p);
    }
    return p;
  }

  /** First value of a numeric tag. */
  async number(tag: number): Promise<number | undefined> {
    const v = await this.values(tag);
    return Array.isArray(v) && typeof v[0] === 'number' ? v[0] : undefined;
  }

  /** String value of an ASCII tag. */
  async text(tag: number): Promise<string | undefined> {
    const v = await this.values(tag);
    return typeof v === 'string' ? v : undefined;
  }

  /** Values for display: at most `maxItems` numbers; strile arrays and big binary blobs are not read. */
  async display(tag: number, maxItems: number): Promise<TagValue> {
    const e = this.entries.get(tag);
    if (!e || STRILE_TAGS.has(tag)) return null;
    if (e.type === 2 || tag === 700) return e.size <= MAX_TEXT_BYTES ? ((await this.values(tag)) ?? null) : null;
    if (e.count <= maxItems) return (await this.values(tag)) ?? null;
    return this.read(e, maxItems);
  }

  private async read(e: RawEntry, maxItems: number): Promise<TagValue> {
    if (STRILE_TAGS.has(e.tag) && maxItems > 1) return null;
    if (e.tag === 700 && (e.type === 1 || e.type === 7)) {
      if (e.size > MAX_TEXT_BYTES) return null;
      const bytes = await this.src.bytes(e.valueOffset, e.size);
      return new TextDecoder('utf-8').decode(bytes).replace(/\0+$/, '');
    }
    if (e.size > this.maxValueBytes) return null;
    const fd = this.fd as unknown as IfdInternals | null;
    const rational = e.type === 5 || e.type === 10;
    if (fd && !rational && maxItems >= e.count) {
      if (fd.actualizedFields.has(e.tag)) return normalize(fd.actualizedFields.get(e.tag));
      if (e.type === 2 && fd.deferredFields.has(e.tag)) return normalize(await fd.loadValue(e.tag));
    }
    return readEntryValues(this.src, e, this.le, maxItems);
  }
}

/** geotiff values (number, typed array, Array of numbers, string) → TagValue. */
function normalize(v: unknown): TagValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.replace(/\0+$/, '');
  if (typeof v === 'number') return [v];
  if (typeof v === 'bigint') return [Number(v)];
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, Number);
  if (Array.isArray(v)) return v.map(Number);
  return null;
}
