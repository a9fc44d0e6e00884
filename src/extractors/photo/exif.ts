/**
 * EXIF/TIFF decoding with exifr (7.1): one pass over an in-memory TIFF structure with
 * `translateKeys/translateValues/reviveValues: false` and `sanitize: false`, so every tag comes
 * back raw, keyed by tag number, dates as written (EXIF 2.32 §4.6.4 "YYYY:MM:DD HH:MM:SS", no
 * time zone: exifr would otherwise build local-zone Date objects). Names and value labels are
 * then taken from exifr's own dictionaries (`tagKeys`, `tagValues`), keeping the code in `raw`
 * (Orientation 'Rotate 90 CW', raw 6). Blocks: IFD0, Exif IFD, GPS IFD, Interoperability IFD,
 * IFD1 (thumbnail), kept separate.
 *
 * Out-of-spec files are read as ExifTool reads them, each with a warning naming the deviation:
 * an IFD0 tag stored in the Exif IFD (EXIF 2.32 §4.6.4 places Make, Model, Orientation… in IFD0)
 * or an Exif IFD tag stored in IFD0 (§4.6.5) keeps its standard name and value (ExifTool reads
 * IFD0, IFD1, the Exif and the Interoperability IFD with one tag table), and `find` gives it to the
 * summary; GPS coordinates written as text or with zero denominators are read by gps.ts; ASCII
 * values with a NUL inside end at the NUL (TIFF 6.0 §2 ASCII), the whole text kept in `raw`.
 */
import { Exifr, tagKeys, tagValues } from './exifr-lib';
import type { Field, FieldGroup } from '../types';
import { describeThrown } from '../errors';
import { makeField, toFieldValue } from '../fields';
import { decodeLatin1, decodeText, hexPreview } from './bytes';
import { humanize } from './labels';
import { guardTiffCounts } from './tiff-guard';
import { COORDINATE_TAGS, readCoordinate, type GpsCoordinate } from './gps';

/**
 * exifr options: everything raw, blocks separate; the same object each time (exifr caches Options
 * by identity). IFD0 and `silentErrors` (errors collected in `output.errors`) are exifr defaults.
 */
const EXIFR_OPTIONS = {
  tiff: true,
  exif: true,
  gps: true,
  interop: true,
  ifd1: true,
  xmp: false,
  iptc: false,
  icc: false,
  jfif: false,
  ihdr: false,
  makerNote: true,
  userComment: true,
  sanitize: false,
  mergeOutput: false,
  translateKeys: false,
  translateValues: false,
  reviveValues: false,
};

/** TIFF blocks in display order, with our group ids, labels and names in messages. */
const EXIF_BLOCKS = [
  { block: 'ifd0', id: 'ifd0', label: 'IFD0 (main image)', name: 'IFD0' },
  { block: 'exif', id: 'exififd', label: 'Exif IFD', name: 'Exif IFD' },
  { block: 'gps', id: 'gps', label: 'GPS', name: 'GPS IFD' },
  { block: 'interop', id: 'interop', label: 'Interoperability IFD', name: 'Interoperability IFD' },
  { block: 'ifd1', id: 'ifd1', label: 'IFD1 (thumbnail)', name: 'IFD1' },
] as const;

/** A block's name in messages and comments: "IFD0", "Exif IFD", "GPS IFD"… */
export function exifBlockName(block: ExifBlock): string {
  return EXIF_BLOCKS.find((b) => b.block === block)?.name ?? block;
}

/** Structural pointers and embedded blocks shown elsewhere (XMP, IPTC, ICC, Photoshop groups). */
const HIDDEN = new Set([0x8769, 0x8825, 0xa005, 0x02bc, 0x83bb, 0x8649, 0x8773]);

/** Values dictionaries exifr lacks for GPS refs (EXIF 2.32 §4.6.6). */
const GPS_VALUES: Record<number, Record<string, string>> = {
  0x0001: { N: 'North', S: 'South' },
  0x0003: { E: 'East', W: 'West' },
  0x0005: { 0: 'Above sea level', 1: 'Below sea level' },
  0x0009: { A: 'Measurement active', V: 'Measurement void' },
  0x000a: { 2: '2-dimensional', 3: '3-dimensional' },
  0x000c: { K: 'km/h', M: 'mph', N: 'knots' },
  0x000e: { T: 'True direction', M: 'Magnetic direction' },
  0x0010: { T: 'True direction', M: 'Magnetic direction' },
  0x001e: { 0: 'No correction', 1: 'Differential corrected' },
};

const VERSION_TAGS: Record<string, Set<number>> = { exif: new Set([0x9000, 0xa000]), interop: new Set([0x0002]) };
const XP_TAGS = new Set([0x9c9b, 0x9c9c, 0x9c9d, 0x9c9e, 0x9c9f]);
/** Binary values longer than this are summarised instead of listed. */
const MAX_BINARY_LIST = 64;

/** The TIFF blocks exifr returns (see EXIF_BLOCKS). */
export type ExifBlock = (typeof EXIF_BLOCKS)[number]['block'];

/** Blocks named with the IFD0/Exif IFD dictionaries (ExifTool's one Exif::Main table); GPS has its own. */
const SHARED_TABLE_BLOCKS = new Set<string>(['ifd0', 'ifd1', 'exif', 'interop']);

/** Decoded EXIF: groups plus a lookup of fields by block and key. */
export interface ExifResult {
  groups: FieldGroup[];
  /** The field `key` as stored in `block`. */
  get(block: ExifBlock, key: string): Field | undefined;
  /**
   * The tag `key` whose standard place is `home`: from `home`, else from the IFD that holds it out
   * of place (an IFD0 tag in the Exif IFD, an Exif IFD tag in IFD0), with the block it came from.
   */
  find(home: 'ifd0' | 'exif', key: string): { field: Field; block: ExifBlock } | undefined;
  littleEndian: boolean;
}

/**
 * Decodes a TIFF structure. Non-fatal problems go to `warn`; never throws for bad data. `tiffFile`:
 * the structure is a TIFF file, whose IFD0 may hold Exif IFD tags (TIFF/EP, ISO 12234-2, puts
 * DateTimeOriginal, ImageNumber… there, as raw files do), so those are not warned of.
 */
export async function decodeExif(bytes: Uint8Array, origin: string, maxItems: number, warn: (m: string) => void, tiffFile = false): Promise<ExifResult | null> {
  const littleEndian = bytes[0] === 0x49;
  const guarded = guardTiffCounts(bytes);
  for (const note of guarded.notes) warn(`EXIF (${origin}): ${note}`);
  let out: Record<string, unknown> | undefined;
  try {
    const exr = new Exifr(EXIFR_OPTIONS);
    await exr.read(guarded.bytes);
    out = (await exr.parse()) as Record<string, unknown> | undefined;
  } catch (e) {
    warn(`EXIF data (${origin}) could not be decoded: ${describeThrown(e)}`);
    return null;
  }
  if (!out) return null;
  const errors = out.errors as unknown[] | undefined;
  if (errors?.length) for (const e of errors) warn(`EXIF (${origin}): ${describeThrown(e)}`);
  const byBlock = new Map<string, Map<string, Field>>();
  /** Out-of-place tags by their standard block, then key. */
  const outOfPlace = new Map<ExifBlock, Map<string, { field: Field; block: ExifBlock }>>();
  const groups: FieldGroup[] = [];
  for (const { block, id, label } of EXIF_BLOCKS) {
    const raw = out[block] as Record<string, unknown> | undefined;
    if (!raw) continue;
    const fields: Field[] = [];
    const lookup = new Map<string, Field>();
    const misplaced = new Map<ExifBlock, string[]>();
    for (const [k, v] of Object.entries(raw)) {
      const tag = Number(k);
      if (!Number.isInteger(tag) || HIDDEN.has(tag)) continue; // exifr's own computed latitude/longitude
      const home = homeBlock(block, tag);
      const f = tagField(home, tag, v, littleEndian, maxItems, (note) => warn(`EXIF (${origin}): ${exifBlockName(block)} ${note}`));
      if (home !== block) {
        f.comment += `, ${exifBlockName(home)} tag stored in ${inBlock(block)}`;
        misplaced.set(home, [...(misplaced.get(home) ?? []), `${f.key} (${tagHex(tag)})`]);
        const index = outOfPlace.get(home) ?? new Map();
        if (!index.has(f.key)) index.set(f.key, { field: f, block });
        outOfPlace.set(home, index);
      }
      fields.push(f);
      lookup.set(f.key, f);
    }
    for (const [home, tags] of misplaced) {
      if (!(tiffFile && block === 'ifd0' && home === 'exif'))
        warn(
          `EXIF (${origin}): ${inBlock(block)} holds ${exifBlockName(home)} tags ${tags.join(', ')} (EXIF 2.32 ${home === 'exif' ? '§4.6.5' : '§4.6.4'} places them in ${inBlock(home)}); they are read under their standard names.`,
        );
    }
    if (block === 'gps')
      for (const [key, ref] of [
        ['GPSLatitude', 'GPSLatitudeRef'],
        ['GPSLongitude', 'GPSLongitudeRef'],
      ]) {
        if (typeof lookup.get(key)?.value === 'number' && !lookup.has(ref)) {
          warn(`EXIF (${origin}): GPS IFD ${key} has no ${ref} (EXIF 2.32 §4.6.6): its hemisphere is unknown, so no signed position is given (as ExifTool's Composite ${key}).`);
        }
      }
    byBlock.set(block, lookup);
    groups.push({ id, label, fields });
  }
  if (groups.length === 0) return null;
  return {
    groups,
    get: (block, key) => byBlock.get(block)?.get(key),
    find: (home, key) => {
      const f = byBlock.get(home)?.get(key);
      return f ? { field: f, block: home } : outOfPlace.get(home)?.get(key);
    },
    littleEndian,
  };
}

/**
 * One lookup over several decoded EXIF structures (file order): `get` and `find` answer from the
 * last one that has the tag, as ExifTool keeps the last of duplicate tags. Null for none.
 */
export function laterFirst(results: ExifResult[]): ExifResult | null {
  if (results.length <= 1) return results[0] ?? null;
  const reversed = [...results].reverse();
  return {
    groups: results.flatMap((r) => r.groups),
    get: (block, key) => reversed.find((r) => r.get(block, key))?.get(block, key),
    find: (home, key) => reversed.find((r) => r.find(home, key))?.find(home, key),
    littleEndian: results[0].littleEndian,
  };
}

/** "IFD0", "the Exif IFD"… inside a sentence. */
function inBlock(block: ExifBlock): string {
  return block === 'ifd0' || block === 'ifd1' ? exifBlockName(block) : `the ${exifBlockName(block)}`;
}

/**
 * The block whose dictionary names `tag`: `block` itself, or for a tag its own dictionary lacks
 * but IFD0's or the Exif IFD's has, that block (the tag is stored out of place).
 */
function homeBlock(block: ExifBlock, tag: number): ExifBlock {
  if (!SHARED_TABLE_BLOCKS.has(block) || tagKeys.get(block)?.has(tag)) return block;
  if (tagKeys.get('ifd0')?.has(tag)) return 'ifd0';
  if (tagKeys.get('exif')?.has(tag)) return 'exif';
  return block;
}

function tagHex(tag: number): string {
  return `0x${tag.toString(16).padStart(4, '0')}`;
}

/**
 * One EXIF tag as a Field: exifr's name, value translated where a dictionary has it, code in
 * `raw`. `block` is the tag's standard block (its name and values dictionary); `note` receives
 * one message per out-of-spec value ("GPSLatitude is ASCII text …: read as 51.5°").
 */
function tagField(block: string, tag: number, v: unknown, le: boolean, maxItems: number, note: (m: string) => void): Field {
  const key = tagKeys.get(block)?.get(tag) ?? `Tag${tagHex(tag)}`;
  const extra: Omit<Field, 'key' | 'value'> = { label: humanize(key) };
  extra.comment = `tag ${tagHex(tag)}`;
  // BYTE/UNDEFINED values of one byte (GPSAltitudeRef, FileSource…) are plain numbers.
  if (v instanceof Uint8Array && v.length === 1 && tag !== 0x9286) v = v[0];
  let value: unknown = v;
  let coordinate: GpsCoordinate | undefined;
  if (v instanceof Uint8Array) {
    if (VERSION_TAGS[block]?.has(tag)) value = decodeLatin1(v).replace(/\0+$/, '');
    else if (block === 'gps' && tag === 0x0000) value = Array.from(v).join('.');
    else if (XP_TAGS.has(tag)) value = decodeUcs2(v);
    else if (block === 'exif' && tag === 0x9286) value = decodeUserComment(v, le);
    else if (block === 'exif' && tag === 0x927c) {
      value = `${v.length} bytes (vendor-specific, not decoded)`;
      extra.raw = hexPreview(v, 16);
    } else if (block === 'exif' && tag === 0x9101) {
      const names = ['-', 'Y', 'Cb', 'Cr', 'R', 'G', 'B'];
      value = Array.from(v, (c) => names[c] ?? String(c)).join(', ');
      extra.raw = Array.from(v);
    } else if (v.length > MAX_BINARY_LIST) {
      value = `${v.length} bytes of binary data`;
      extra.raw = hexPreview(v);
    }
  } else if (block === 'gps' && COORDINATE_TAGS.has(tag) && (coordinate = readCoordinate(v))) {
    value = coordinate.degrees;
    extra.raw = toFieldValue(v, maxItems);
    extra.unit = '°';
    if (coordinate.deviation) note(`${key} ${coordinate.deviation} (EXIF 2.32 §4.6.6): ${coordinate.degrees === null ? 'not read' : `read as ${Number(coordinate.degrees.toFixed(6))}°`}.`);
  } else if (typeof v === 'string' && v.includes('\0')) {
    value = v.slice(0, v.indexOf('\0'));
    extra.raw = v;
  } else if (block === 'gps' && tag === 0x0007 && isNumberList(v, 3)) {
    const [h, m, s] = Array.from(v as ArrayLike<number>);
    const p = (n: number) => String(Math.floor(n)).padStart(2, '0');
    const frac = s - Math.floor(s);
    value = `${p(h)}:${p(m)}:${p(s)}${frac ? String(Math.round(frac * 1e6) / 1e6).slice(1) : ''}`;
    extra.raw = [h, m, s];
    extra.comment += ', UTC';
  } else if (block === 'exif' && (tag === 0xa002 || tag === 0xa003) && isNumberList(v, 1)) {
    value = (v as ArrayLike<number>)[0];
  }
  // Coded values: translated label in `value`, the code in `raw`.
  if ((typeof value === 'number' || typeof value === 'string') && extra.raw === undefined) {
    const dict = (block === 'gps' ? GPS_VALUES[tag] : undefined) ?? (tagValues.get(block)?.get(tag) as Record<string, string> | undefined);
    const label = dict?.[String(value)];
    if (typeof label === 'string' && label !== String(value)) {
      extra.raw = value;
      value = label;
    }
  }
  if (extra.unit === undefined) {
    const unit = UNITS[key];
    if (unit) extra.unit = unit;
  }
  return makeField(key, value, extra, maxItems);
}

// prettier-ignore
const UNITS: Record<string, string> = {
  ExposureTime: 's', FocalLength: 'mm', FocalLengthIn35mmFormat: 'mm', GPSAltitude: 'm', ExifImageWidth: 'px', ExifImageHeight: 'px',
  ImageWidth: 'px', ImageHeight: 'px', GPSImgDirection: '°', GPSDestBearing: '°', GPSTrack: '°', SubjectDistance: 'm', GPSHPositioningError: 'm',
};

function isNumberList(v: unknown, n: number): boolean {
  return (Array.isArray(v) || ArrayBuffer.isView(v)) && (v as ArrayLike<unknown>).length === n && Array.from(v as ArrayLike<unknown>).every((x) => typeof x === 'number');
}

/** Windows XP* tags: UCS-2 little-endian, NUL-terminated. */
function decodeUcs2(b: Uint8Array): string {
  return new TextDecoder('utf-16le').decode(b).replace(/\0+$/, '');
}

/**
 * The byte order of UTF-16 text without a byte-order mark, guessed as ExifTool guesses it for a
 * "UNICODE" UserComment (writers use either order whatever the TIFF header says: Microsoft
 * little-endian, piexif's A1111 images big-endian): the order in which more 16-bit units have a
 * zero high byte (ASCII-range characters); `le` (the TIFF byte order) on a tie.
 */
function utf16Order(body: Uint8Array, le: boolean): 'utf-16le' | 'utf-16be' {
  let ii = 0;
  let mm = 0;
  for (let i = 0; i + 1 < body.length; i += 2) {
    if (body[i] === 0) mm++;
    if (body[i + 1] === 0) ii++;
  }
  return ii > mm ? 'utf-16le' : mm > ii ? 'utf-16be' : le ? 'utf-16le' : 'utf-16be';
}

/** EXIF 2.32 §4.6.5 UserComment: 8-byte character code, then the text (UNICODE: UTF-16 in the order `utf16Order` finds). */
export function decodeUserComment(b: Uint8Array, le: boolean): string {
  const code = decodeLatin1(b.subarray(0, 8)).replace(/\0+$/, '');
  const body = b.subarray(8);
  let text: string;
  if (code === 'UNICODE') {
    const bomLE = body[0] === 0xff && body[1] === 0xfe;
    const bomBE = body[0] === 0xfe && body[1] === 0xff;
    text = new TextDecoder(bomLE ? 'utf-16le' : bomBE ? 'utf-16be' : utf16Order(body, le)).decode(bomLE || bomBE ? body.subarray(2) : body);
  } else if (code === 'ASCII' || code === '') text = decodeText(body);
  else text = decodeText(b.length >= 8 ? body : b);
  return text.replace(/[\0\s]+$/, '');
}
