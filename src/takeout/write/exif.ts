/**
 * EXIF for Takeout tags (CIPA DC-008-2019, EXIF 2.32 §4.6: a TIFF structure, TIFF 6.0 §2): the
 * date in the Exif IFD (DateTimeOriginal, OffsetTimeOriginal) and the position in the GPS IFD
 * (§4.6.6: GPSVersionID, GPSLatitudeRef/GPSLatitude, GPSLongitudeRef/GPSLongitude,
 * GPSAltitudeRef/GPSAltitude). An existing TIFF block is extended by APPENDING: every byte of it
 * stays where it is (so maker notes and other values at offsets from the TIFF header stay valid);
 * new copies of IFD0 and of the Exif or GPS IFD that gain entries are written after it, and the
 * header's IFD0 offset points at the new IFD0. An IFD created here carries the tags EXIF 2.32
 * makes mandatory in a JPEG (as ExifTool adds them when it creates one).
 */
import { concatBytes, u16be, u16le, u32be, u32le } from '../../extractors/photo/bytes';
import { TAG_EXIF, TAG_GPS } from '../../extractors/photo/tiff';
import { WriteError } from './errors';
import { dms, exifDateTime, localTime, offsetText, type FixTags } from './tags';

/** TIFF 6.0 §2 field types. */
const BYTE = 1;
const ASCII = 2;
const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;
const UNDEFINED = 7;
/** TIFF 6.0 §2 and Adobe's TIFF supplement 1: an IFD offset typed IFD (13). */
const IFD = 13;

const DATE_TIME_ORIGINAL = 0x9003;
const OFFSET_TIME_ORIGINAL = 0x9011;
const EXIF_VERSION = 0x9000;
const GPS_LATITUDE = 0x0002;
const GPS_LONGITUDE = 0x0004;

/** What EXIF's mandatory tags need from the image: its SOF size and its JFIF density. */
export interface ImageFacts {
  width: number;
  height: number;
  /** JFIF APP0 density: unit 0 (aspect ratio only), 1 (dots per inch) or 2 (per cm), and X/Y. */
  density?: { unit: number; x: number; y: number };
}

/**
 * An IFD entry. `value` holds the value's bytes in the block's byte order, or, when `stored`, the
 * 4-byte value/offset field as the file has it (copied entries: an offset in it stays valid because
 * nothing moves).
 */
interface Entry {
  tag: number;
  type: number;
  count: number;
  value: Uint8Array;
  stored?: boolean;
}

interface Ifd {
  entries: Entry[];
  next: number;
}

/** Byte-order-aware readers and value encoders. */
function codec(le: boolean) {
  const bytes = (n: number, set: (v: DataView) => void) => {
    const b = new Uint8Array(n);
    set(new DataView(b.buffer));
    return b;
  };
  return {
    u16: le ? u16le : u16be,
    u32: le ? u32le : u32be,
    short: (tag: number, v: number): Entry => ({ tag, type: SHORT, count: 1, value: bytes(2, (d) => d.setUint16(0, v, le)) }),
    long: (tag: number, v: number): Entry => ({ tag, type: LONG, count: 1, value: bytes(4, (d) => d.setUint32(0, v, le)) }),
    rational: (tag: number, pairs: [number, number][]): Entry => ({
      tag,
      type: RATIONAL,
      count: pairs.length,
      value: bytes(8 * pairs.length, (d) => pairs.forEach(([n, den], i) => (d.setUint32(8 * i, n, le), d.setUint32(8 * i + 4, den, le)))),
    }),
    ascii: (tag: number, s: string): Entry => ({ tag, type: ASCII, count: s.length + 1, value: Uint8Array.from([...s, '\0'].map((c) => c.charCodeAt(0))) }),
    raw: (tag: number, type: typeof BYTE | typeof UNDEFINED, b: number[] | string): Entry => ({
      tag,
      type,
      count: b.length,
      value: Uint8Array.from(typeof b === 'string' ? [...b].map((c) => c.charCodeAt(0)) : b),
    }),
    setU32: (b: Uint8Array, o: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(o, v, le),
    setU16: (b: Uint8Array, o: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint16(o, v, le),
  };
}
type Codec = ReturnType<typeof codec>;

/** Bytes an IFD takes with its out-of-line values (each padded to even length). */
function ifdSize(entries: Entry[]): number {
  return entries.reduce((n, e) => n + (!e.stored && e.value.length > 4 ? e.value.length + (e.value.length & 1) : 0), 2 + 12 * entries.length + 4);
}

/** An IFD placed at `at` (offset from the TIFF header): entries sorted by tag (TIFF 6.0 §2), then its out-of-line values. */
function writeIfd(ifd: Ifd, at: number, c: Codec): Uint8Array {
  const entries = [...ifd.entries].sort((a, b) => a.tag - b.tag);
  const out = new Uint8Array(ifdSize(entries));
  c.setU16(out, 0, entries.length);
  let valueAt = 2 + 12 * entries.length + 4;
  entries.forEach((e, i) => {
    const p = 2 + 12 * i;
    c.setU16(out, p, e.tag);
    c.setU16(out, p + 2, e.type);
    c.setU32(out, p + 4, e.count);
    if (e.stored || e.value.length <= 4) out.set(e.value, p + 8);
    else {
      c.setU32(out, p + 8, at + valueAt);
      out.set(e.value, valueAt);
      valueAt += e.value.length + (e.value.length & 1);
    }
  });
  c.setU32(out, 2 + 12 * entries.length, ifd.next);
  return out;
}

/** Reads the IFD at `at`, its entries kept as stored. @throws WriteError `corrupt` when it does not fit the block */
function readIfd(tiff: Uint8Array, at: number, c: Codec, what: string): Ifd {
  if (at < 8 || at + 2 > tiff.length) throw new WriteError('corrupt', `The ${what} offset ${at} is outside the ${tiff.length}-byte Exif block.`);
  const n = c.u16(tiff, at);
  if (at + 2 + 12 * n + 4 > tiff.length) throw new WriteError('corrupt', `The ${what} at ${at} declares ${n} entries, more than the Exif block holds.`);
  const entries = Array.from({ length: n }, (_, i): Entry => {
    const p = at + 2 + 12 * i;
    return { tag: c.u16(tiff, p), type: c.u16(tiff, p + 2), count: c.u32(tiff, p + 4), value: tiff.slice(p + 8, p + 12), stored: true };
  });
  return { entries, next: c.u32(tiff, at + 2 + 12 * n) };
}

/** The IFD a pointer entry of `ifd` names, or null without one. @throws WriteError `corrupt` for a pointer that is not one LONG/IFD/SHORT */
function subIfd(tiff: Uint8Array, ifd: Ifd, tag: number, c: Codec, what: string): Ifd | null {
  const e = ifd.entries.find((x) => x.tag === tag);
  if (!e) return null;
  if (e.count !== 1 || ![LONG, IFD, SHORT].includes(e.type)) throw new WriteError('corrupt', `The ${what} pointer has type ${e.type} and count ${e.count}, not one offset.`);
  return readIfd(tiff, e.type === SHORT ? c.u16(e.value, 0) : c.u32(e.value, 0), c, what);
}

const has = (ifd: Ifd | null, tag: number) => !!ifd?.entries.some((e) => e.tag === tag);
/** `base` plus the entries of `added` whose tags it lacks: an existing tag is never replaced. */
const plus = (base: Entry[], added: Entry[]) => [...base, ...added.filter((a) => !base.some((e) => e.tag === a.tag))];

/** IFD0's mandatory tags: X/YResolution and ResolutionUnit (the JFIF density when there is one, else 72 dpi), YCbCrPositioning centred. */
function mandatoryIfd0(image: ImageFacts, c: Codec): Entry[] {
  const d = image.density;
  const [x, y, unit] = d && d.x > 0 && d.y > 0 && d.unit <= 2 ? [d.x, d.y, d.unit + 1] : [72, 72, 2];
  return [c.rational(0x011a, [[x, 1]]), c.rational(0x011b, [[y, 1]]), c.short(0x0128, unit), c.short(0x0213, 1)];
}

/** The Exif IFD's mandatory tags: ExifVersion 0232, ComponentsConfiguration, FlashpixVersion, ColorSpace uncalibrated, PixelX/YDimension from the SOF. */
function mandatoryExifIfd(image: ImageFacts, c: Codec): Entry[] {
  return [
    c.raw(EXIF_VERSION, UNDEFINED, '0232'),
    c.raw(0x9101, UNDEFINED, [1, 2, 3, 0]),
    c.raw(0xa000, UNDEFINED, '0100'),
    c.short(0xa001, 0xffff),
    c.short(0xa002, image.width),
    c.short(0xa003, image.height),
  ];
}

/** DateTimeOriginal and, when the Exif IFD's version has it (0231 on) or is new, OffsetTimeOriginal (+00:00 when the zone is unknown: the time is UTC). */
function dateEntries(taken: NonNullable<FixTags['taken']>, withOffset: boolean, c: Codec): Entry[] {
  const date = c.ascii(DATE_TIME_ORIGINAL, exifDateTime(localTime(taken)));
  return withOffset ? [date, c.ascii(OFFSET_TIME_ORIGINAL, offsetText(taken.offsetSeconds ?? 0))] : [date];
}

/** GPSVersionID 2.3.0.0, the hemispheres, latitude and longitude as degrees, minutes and seconds (in millionths), the altitude in millimetres and its reference (1 below sea level). */
function gpsEntries(gps: NonNullable<FixTags['gps']>, c: Codec): Entry[] {
  const coordinate = (tag: number, v: number): Entry => {
    const { degrees, minutes, microSeconds } = dms(v);
    return c.rational(tag, [
      [degrees, 1],
      [minutes, 1],
      [microSeconds, 1_000_000],
    ]);
  };
  const out = [
    c.raw(0x0000, BYTE, [2, 3, 0, 0]),
    c.ascii(0x0001, gps.latitude < 0 ? 'S' : 'N'),
    coordinate(GPS_LATITUDE, gps.latitude),
    c.ascii(0x0003, gps.longitude < 0 ? 'W' : 'E'),
    coordinate(GPS_LONGITUDE, gps.longitude),
  ];
  if (gps.altitude !== undefined) out.push(c.raw(0x0005, BYTE, [gps.altitude < 0 ? 1 : 0]), c.rational(0x0006, [[Math.round(Math.abs(gps.altitude) * 1000), 1000]]));
  return out;
}

/** `entries` with the pointer `tag` set to `offset` (a LONG, whatever type it had). */
const pointing = (entries: Entry[], tag: number, offset: number, c: Codec) => [...entries.filter((e) => e.tag !== tag), c.long(tag, offset)];

/** `tiff` with `sub` IFDs then the new IFD0 appended at even offsets, and the header pointing at it. */
function append(tiff: Uint8Array, ifd0: Ifd, sub: { exif?: Ifd; gps?: Ifd }, c: Codec): Uint8Array {
  const parts: Uint8Array[] = [tiff, new Uint8Array(tiff.length & 1)];
  let at = tiff.length + (tiff.length & 1);
  const place = (ifd: Ifd) => {
    const offset = at;
    const bytes = writeIfd(ifd, offset, c);
    parts.push(bytes);
    at += bytes.length;
    return offset;
  };
  let entries = ifd0.entries;
  if (sub.exif) entries = pointing(entries, TAG_EXIF, place(sub.exif), c);
  if (sub.gps) entries = pointing(entries, TAG_GPS, place(sub.gps), c);
  const ifd0At = place({ entries, next: ifd0.next });
  const out = concatBytes(parts);
  c.setU32(out, 4, ifd0At);
  return out;
}

/**
 * A new big-endian TIFF structure (the payload of an Exif APP1 after "Exif\0\0") holding the date
 * and position of `tags`, with the mandatory IFD0, Exif IFD and GPS IFD tags; null when `tags`
 * have neither. Call checkTags first.
 */
export function newExif(tags: FixTags, image: ImageFacts): Uint8Array | null {
  if (!tags.taken && !tags.gps) return null;
  const c = codec(false);
  const header = Uint8Array.of(0x4d, 0x4d, 0, 42, 0, 0, 0, 8);
  const exif = tags.taken ? { entries: [...mandatoryExifIfd(image, c), ...dateEntries(tags.taken, true, c)], next: 0 } : undefined;
  const gps = tags.gps ? { entries: gpsEntries(tags.gps, c), next: 0 } : undefined;
  return append(header, { entries: mandatoryIfd0(image, c), next: 0 }, { exif, gps }, c);
}

/** IFD0, the Exif and GPS IFDs of `tiff`, and whether it has a date (DateTimeOriginal in IFD0 or the Exif IFD) and a position (GPSLatitude or GPSLongitude). @throws WriteError `corrupt` */
function readExif(tiff: Uint8Array) {
  const le = tiff[0] === 0x49 && tiff[1] === 0x49;
  const c = codec(le);
  if (tiff.length < 8 || !(le || (tiff[0] === 0x4d && tiff[1] === 0x4d)) || c.u16(tiff, 2) !== 42) throw new WriteError('corrupt', 'The Exif block does not start with a TIFF header (II or MM, 42).');
  const ifd0 = readIfd(tiff, c.u32(tiff, 4), c, 'IFD0');
  const exifIfd = subIfd(tiff, ifd0, TAG_EXIF, c, 'Exif IFD');
  const gpsIfd = subIfd(tiff, ifd0, TAG_GPS, c, 'GPS IFD');
  const hasDate = has(ifd0, DATE_TIME_ORIGINAL) || has(exifIfd, DATE_TIME_ORIGINAL);
  const hasGps = has(gpsIfd, GPS_LATITUDE) || has(gpsIfd, GPS_LONGITUDE);
  return { c, ifd0, exifIfd, gpsIfd, hasDate, hasGps };
}

/**
 * `tags` less the date and position the file's EXIF blocks (`tiffs`, TIFF structures; read only
 * when `tags` have a date or position) already hold: the XMP written then agrees with the EXIF,
 * which readers prefer.
 * @throws WriteError `corrupt` for a bad header, or an IFD or pointer outside a block
 */
export function notInExif(tags: FixTags, tiffs: () => readonly Uint8Array[]): FixTags {
  if (!tags.taken && !tags.gps) return tags;
  const found = tiffs().map(readExif);
  return { ...tags, taken: found.some((e) => e.hasDate) ? undefined : tags.taken, gps: found.some((e) => e.hasGps) ? undefined : tags.gps };
}

/**
 * Adds the date and position of `tags` that `tiff` (an existing TIFF structure, either byte order)
 * lacks (see readExif), by appending (see the module comment); what it has is never replaced.
 * OffsetTimeOriginal is added with the date unless the Exif IFD's ExifVersion is older than 0231
 * (the version that defines it). Call checkTags first.
 * @returns the new TIFF bytes, or null when nothing is added (`tiff` is then not read)
 * @throws WriteError `corrupt` for a bad header, or an IFD or pointer outside the block
 */
export function addToExif(tiff: Uint8Array, tags: FixTags, image: ImageFacts): Uint8Array | null {
  if (!tags.taken && !tags.gps) return null;
  const { c, ifd0, exifIfd, gpsIfd, hasDate, hasGps } = readExif(tiff);
  const addDate = tags.taken && !hasDate ? tags.taken : undefined;
  const addGps = tags.gps && !hasGps ? tags.gps : undefined;
  if (!addDate && !addGps) return null;
  let exif: Ifd | undefined;
  if (addDate) {
    const version = exifIfd?.entries.find((e) => e.tag === EXIF_VERSION && e.count === 4);
    const text = version ? String.fromCharCode(...version.value) : undefined;
    const withOffset = text === undefined || !/^\d{4}$/.test(text) || text >= '0231';
    exif = { entries: plus(exifIfd?.entries ?? mandatoryExifIfd(image, c), dateEntries(addDate, withOffset, c)), next: exifIfd?.next ?? 0 };
  }
  const gps = addGps ? { entries: plus(gpsIfd?.entries ?? [], gpsEntries(addGps, c)), next: gpsIfd?.next ?? 0 } : undefined;
  return append(tiff, ifd0, { exif, gps }, c);
}
