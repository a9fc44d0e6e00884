/**
 * MakerNotes (EXIF 2.32 §4.6.5 tag 0x927C, "manufacturer notes", format left to each maker),
 * decoded for the facts ExifTool reports from them: serial numbers, lens, shutter count and the
 * embedded preview. Layouts as ExifTool documents them (Image::ExifTool::MakerNotes and each
 * maker's tag tables, Image::ExifTool::Canon, ::Nikon, ::Olympus, ::FujiFilm, ::Panasonic,
 * ::Pentax, ::Sony, ::Samsung):
 * - Canon, Samsung, Sony (no header) and Nikon type 1 ("Nikon\0\1"): an IFD whose values count
 *   from the enclosing TIFF header;
 * - Nikon type 3 ("Nikon\0\2"): a whole TIFF structure after 10 bytes, values from its header;
 * - Olympus ("OLYMPUS\0II", "OM SYSTEM\0"): values from the note's first byte; old "OLYMP\0":
 *   from the TIFF header; the Equipment sub-IFD (0x2010) holds the serial number and lens;
 * - Fujifilm ("FUJIFILM" + little-endian IFD offset): little-endian, values from the note;
 * - Panasonic ("Panasonic\0\0\0"), Sony ("SONY DSC \0\0\0"), Pentax ("AOC\0" + byte order): an
 *   IFD after the header, values from the TIFF header.
 * Every offset is untrusted (ifd.ts); sub-IFDs are followed one level deep.
 */
import type { Field, FieldGroup } from '../types';
import { makeField } from '../fields';
import { hexPreview } from '../photo/bytes';
import { firstNumber, numbers, readIfd, text, valueBytes, type IfdEntry, type Space } from './ifd';
import type { EmbeddedImage, MakerNoteRef } from './model';
import {
  CANON_CAMERA_SETTINGS,
  OLYMPUS_CAMERA_SETTINGS,
  OLYMPUS_EQUIPMENT,
  TAG_NAMES,
  labelOf,
  lensSpec,
  pentaxShutterCount,
  printMain,
  sonyDecipher,
  sonyTag9050a,
  splitCanonArray,
  type Maker,
  type Printed,
} from './maker-tags';

/** Facts taken from a MakerNote for the summary (ExifTool tag names). */
export interface MakerFacts {
  SerialNumber?: string;
  InternalSerialNumber?: string;
  LensModel?: string;
  Lens?: string;
  LensSerialNumber?: string;
  ShutterCount?: number;
  /** Canon CameraSettings LensType, printed. */
  LensType?: string;
}

/** A decoded MakerNote: its group, its facts and the images it points at. */
export interface MakerNoteResult {
  group: FieldGroup;
  facts: MakerFacts;
  images: EmbeddedImage[];
}

/** Fact names read from text tags, by maker and tag. */
const TEXT_FACTS: Partial<Record<Maker, Record<number, keyof MakerFacts>>> = {
  Canon: { 0x0095: 'LensModel', 0x0096: 'InternalSerialNumber' },
  Nikon: { 0x00a0: 'SerialNumber', 0x001d: 'SerialNumber' },
  Olympus: { 0x0404: 'SerialNumber' },
  FujiFilm: { 0x0010: 'InternalSerialNumber' },
  Panasonic: { 0x0025: 'InternalSerialNumber', 0x0051: 'LensModel', 0x0052: 'LensSerialNumber' },
  Pentax: { 0x0229: 'SerialNumber' },
  Samsung: { 0xa002: 'SerialNumber' },
};
/** Most fields listed per IFD of a note. */
const MAX_FIELDS = 512;

/** The maker from the IFD0 Make (ExifTool's MakerNotes conditions), or from the note's own header. */
function makerOf(make: string, note: Uint8Array): Maker | null {
  const head = String.fromCharCode(...note.subarray(0, 12));
  if (head.startsWith('Nikon\0')) return 'Nikon';
  if (head.startsWith('OLYMP') || head.startsWith('OM SYSTEM')) return 'Olympus';
  if (head.startsWith('FUJIFILM')) return 'FujiFilm';
  if (head.startsWith('Panasonic')) return 'Panasonic';
  if (head.startsWith('SONY')) return 'Sony';
  if (head.startsWith('AOC\0') || head.startsWith('PENTAX ')) return 'Pentax';
  const m = make.trim().toUpperCase();
  if (m.startsWith('CANON')) return 'Canon';
  if (m.startsWith('NIKON')) return 'Nikon';
  if (m.startsWith('SONY')) return 'Sony';
  if (m.startsWith('SAMSUNG')) return 'Samsung';
  if (m.startsWith('OLYMPUS') || m.startsWith('OM DIGITAL')) return 'Olympus';
  if (m.startsWith('FUJIFILM')) return 'FujiFilm';
  if (m.startsWith('PANASONIC')) return 'Panasonic';
  if (m.startsWith('PENTAX') || m.startsWith('RICOH')) return 'Pentax';
  return null;
}

/** Where the note's IFD is, where its values count from, and its byte order. */
function layout(maker: Maker, ref: MakerNoteRef): { ifd: number; base: number; le: boolean } | null {
  const b = ref.bytes;
  const s = ref.start;
  const at = (text: string, o = 0) => [...text].every((_, i) => b[s + o + i] === text.charCodeAt(i));
  const order = (o: number): boolean | null => (at('II', o) ? true : at('MM', o) ? false : null);
  const found = standardLayout(maker, ref, at, order);
  // A DNG's DNGPrivateData note keeps the offsets of the file it came from (ref.base moves them).
  if (found && found.base === 0 && ref.base !== undefined) found.base = ref.base;
  return found;
}

function standardLayout(maker: Maker, ref: MakerNoteRef, at: (text: string, o?: number) => boolean, order: (o: number) => boolean | null): { ifd: number; base: number; le: boolean } | null {
  const b = ref.bytes;
  const s = ref.start;
  switch (maker) {
    case 'Nikon': {
      if (b[s + 6] === 2) {
        const le = order(10);
        if (le === null || s + 18 > b.length) return null;
        const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
        return { ifd: s + 10 + dv.getUint32(s + 14, le), base: s + 10, le };
      }
      return at('Nikon\0') ? { ifd: s + 8, base: 0, le: ref.le } : { ifd: s, base: 0, le: ref.le };
    }
    case 'Olympus': {
      if (at('OM SYSTEM\0')) return { ifd: s + 16, base: s, le: order(12) ?? ref.le };
      if (at('OLYMPUS\0')) return { ifd: s + 12, base: s, le: order(8) ?? ref.le };
      return { ifd: s + 8, base: 0, le: ref.le };
    }
    case 'FujiFilm': {
      if (s + 12 > b.length) return null;
      return { ifd: s + (b[s + 8] | (b[s + 9] << 8) | (b[s + 10] << 16) | (b[s + 11] << 24)), base: s, le: true };
    }
    case 'Panasonic':
      return { ifd: s + 12, base: 0, le: ref.le };
    case 'Sony':
      return at('SONY') ? { ifd: s + 12, base: 0, le: ref.le } : { ifd: s, base: 0, le: ref.le };
    case 'Pentax':
      if (at('AOC\0')) return { ifd: s + 6, base: 0, le: order(4) ?? ref.le };
      return at('PENTAX ') ? { ifd: s + 10, base: s, le: order(8) ?? ref.le } : null;
    default:
      return { ifd: s, base: 0, le: ref.le };
  }
}

/** One entry as a Field: text, numbers or a byte count; named and printed as ExifTool does (maker-tags.ts). */
function entryField(space: Space, e: IfdEntry, names: Record<number, string>, maxItems: number, print?: (nums: number[]) => Printed | undefined): Field {
  const hex = `0x${e.tag.toString(16).padStart(4, '0')}`;
  const name = names[e.tag];
  const key = name ?? `Tag${hex}`;
  const label = name ? labelOf(name) : undefined;
  const comment = `tag ${hex}`;
  const opts = (o: Partial<Field> = {}) => ({ ...(label ? { label } : {}), comment, ...o });
  if (e.at < 0) return makeField(key, null, opts({ comment: `${comment}, value outside the data read (${e.size} bytes declared)` }));
  if (e.type === 2) return makeField(key, text(space, e), opts());
  if (e.type === 7 || e.type === 1 || e.type === 6) {
    const b = valueBytes(space, e);
    if (b.length > 0 && b.length <= 64 && b.every((c, i) => (c >= 0x20 && c < 0x7f) || (c === 0 && i > 0) || c === 0xff)) return makeField(key, text(space, e), opts());
    if (b.length > 4) return makeField(key, `${b.length} bytes of binary data`, opts({ raw: hexPreview(b) }));
  }
  const n = numbers(space, e, maxItems);
  const printed = print?.(n);
  if (printed) return makeField(key, printed.value, opts(printed.raw !== undefined ? { raw: printed.raw } : {}));
  return makeField(key, n.length === 1 ? n[0] : n, opts(e.count > n.length ? { total: e.count } : {}), maxItems);
}

/** A sub-IFD of a note (Olympus Equipment, CameraSettings) at an IFD-typed entry or a LONG offset from the note's base. */
function subIfd(space: Space, e: IfdEntry | undefined, base: number) {
  if (!e) return null;
  const offset = e.type === 7 ? e.at : base + (firstNumber(space, e) ?? -1);
  return offset >= 0 ? readIfd(space, offset, base) : null;
}

/**
 * Decodes the MakerNote `ref` for a camera of make `make` (IFD0 Make). Null when the maker is
 * unknown or its IFD cannot be read; problems go to `warn`.
 */
export function decodeMakerNote(ref: MakerNoteRef, make: string, model: string, maxItems: number, warn: (m: string) => void): MakerNoteResult | null {
  const note = ref.bytes.subarray(ref.start, ref.start + ref.length);
  const maker = makerOf(make, note);
  if (!maker) return null;
  const where = layout(maker, ref);
  const space: Space = { bytes: ref.bytes, le: where?.le ?? ref.le };
  const ifd = where ? readIfd(space, where.ifd, where.base) : null;
  if (!where || !ifd) {
    warn(`The ${maker} MakerNote (${ref.origin}) has no readable IFD (ExifTool MakerNotes layout); it is not decoded.`);
    return null;
  }
  const names = TAG_NAMES[maker];
  const fields: Field[] = [makeField('MakerNoteType', maker, { label: 'Maker', comment: `${ref.length} bytes, ${ref.origin}` })];
  const facts: MakerFacts = {};
  const images: EmbeddedImage[] = [];
  const children: FieldGroup[] = [];
  const get = (tag: number) => ifd.entries.find((e) => e.tag === tag);
  const bytesOf = (tag: number) => {
    const e = get(tag);
    return e && e.at >= 0 ? valueBytes(space, e) : new Uint8Array(0);
  };
  for (const e of ifd.entries.slice(0, MAX_FIELDS)) fields.push(entryField(space, e, names, maxItems, (n) => printMain(maker, e.tag, n, model)));
  for (const [tag, fact] of Object.entries(TEXT_FACTS[maker] ?? {})) {
    const e = get(Number(tag));
    const v = e && e.at >= 0 ? text(space, e) : '';
    if (v) (facts as Record<string, string>)[fact] = v;
  }
  if (maker === 'Canon') {
    const serial = firstNumber(space, get(0x000c));
    if (serial !== undefined) facts.SerialNumber = String(serial);
    // CameraSettings (0x0001): int16s[] with its count first (ExifTool Tag Names: Canon CameraSettings Tags).
    const cs = get(0x0001);
    if (cs && cs.at >= 0 && (cs.type === 3 || cs.type === 8)) {
      const parts = splitCanonArray(numbers(space, cs, 256), CANON_CAMERA_SETTINGS);
      children.push({
        id: 'makernotes-camerasettings',
        label: 'Canon camera settings',
        fields: parts.map((p) =>
          makeField(p.name, p.printed.value, { label: labelOf(p.name), comment: `CanonCameraSettings index ${p.index}`, ...(p.printed.raw !== undefined ? { raw: p.printed.raw } : {}) }),
        ),
      });
      const lens = parts.find((p) => p.name === 'LensType');
      if (lens && typeof lens.printed.value === 'string' && lens.printed.value !== 'n/a' && !lens.printed.value.startsWith('Unknown')) facts.LensType = lens.printed.value;
    }
  }
  if (maker === 'Nikon') {
    const count = firstNumber(space, get(0x00a7));
    if (count !== undefined) facts.ShutterCount = count;
    const lens = get(0x0084);
    if (lens) facts.Lens = lensSpec(numbers(space, lens, 4));
    const preview = firstNumber(space, get(0x0011));
    const pifd = preview !== undefined ? readIfd(space, where.base + preview, where.base) : null;
    if (pifd) {
      const start = firstNumber(
        space,
        pifd.entries.find((e) => e.tag === 0x0201),
      );
      const length = firstNumber(
        space,
        pifd.entries.find((e) => e.tag === 0x0202),
      );
      if (start !== undefined && length !== undefined) {
        const image: EmbeddedImage = { name: 'PreviewImage', where: 'Nikon PreviewIFD', length };
        if (ref.fileOffset !== undefined) image.offset = ref.fileOffset + where.base + start;
        images.push(image);
      }
    }
  }
  if (maker === 'Pentax') {
    const count = pentaxShutterCount(bytesOf(0x005d), bytesOf(0x0006), bytesOf(0x0007));
    if (count !== undefined) {
      facts.ShutterCount = count;
      const at = fields.findIndex((f) => f.key === 'ShutterCount');
      if (at >= 0)
        fields[at] = makeField('ShutterCount', count, {
          label: 'Shutter count',
          comment: 'tag 0x005d, deciphered with Date and Time (ExifTool Tag Names: Pentax)',
          raw: fields[at].raw ?? hexPreview(bytesOf(0x005d)),
        });
    }
  }
  if (maker === 'Sony') {
    // Tag9050a (ExifTool Tag Names: Sony): enciphered; ShutterCount int32u LE at 0x32 (low 24 bits),
    // InternalSerialNumber 4 bytes at 0x7c (ILCE/NEX) or 5 bytes at 0xf0 (SLT/ILCA), printed as hex.
    const enc = bytesOf(0x9050);
    if (enc.length >= 0x36 && sonyTag9050a(model)) {
      const d = sonyDecipher(enc.subarray(0, Math.min(enc.length, 0x100)));
      const sub: Field[] = [];
      const count = (d[0x32] | (d[0x33] << 8) | (d[0x34] << 16)) >>> 0;
      facts.ShutterCount = count;
      sub.push(makeField('ShutterCount', count, { label: 'Shutter count', comment: 'Tag9050 offset 0x32' }));
      const hexOf = (o: number, n: number) => Array.from(d.subarray(o, o + n), (x) => x.toString(16).padStart(2, '0')).join('');
      let serial: string | undefined;
      if (/^(SLT-|HV|ILCA-)/.test(model)) serial = d.length >= 0xf5 ? hexOf(0xf0, 5) : undefined;
      else if (!/^(Lunar|NEX-(5N|7|VG20E))/.test(model) && d.length >= 0x80) serial = hexOf(0x7c, 4);
      if (serial) {
        facts.InternalSerialNumber = serial;
        sub.push(makeField('InternalSerialNumber', serial, { label: 'Internal serial number', comment: `Tag9050 offset ${/^(SLT-|HV|ILCA-)/.test(model) ? '0xf0' : '0x7c'}` }));
      }
      children.push({ id: 'makernotes-tag9050', label: 'Sony Tag9050 (deciphered)', fields: sub });
    }
  }
  if (maker === 'Olympus') {
    const sub = subIfd(space, get(0x2010), where.base);
    if (sub) {
      children.push({
        id: 'makernotes-equipment',
        label: 'Equipment',
        fields: sub.entries.slice(0, MAX_FIELDS).map((e) => entryField(space, e, OLYMPUS_EQUIPMENT, maxItems, (n) => olympusLensType(e.tag, n))),
      });
      for (const [tag, fact] of [
        [0x0101, 'SerialNumber'],
        [0x0202, 'LensSerialNumber'],
        [0x0203, 'LensModel'],
      ] as const) {
        const e = sub.entries.find((x) => x.tag === tag);
        const v = e ? text(space, e) : '';
        if (v) facts[fact] = v;
      }
    }
    // CameraSettings (0x2020): PreviewImageStart (0x0101, from the note's base) and PreviewImageLength (0x0102).
    const cs = subIfd(space, get(0x2020), where.base);
    if (cs) {
      children.push({ id: 'makernotes-camerasettings', label: 'Camera settings', fields: cs.entries.slice(0, MAX_FIELDS).map((e) => entryField(space, e, OLYMPUS_CAMERA_SETTINGS, maxItems)) });
      const num = (tag: number) =>
        firstNumber(
          space,
          cs.entries.find((e) => e.tag === tag),
        );
      const start = num(0x0101);
      const length = num(0x0102);
      const valid = num(0x0100);
      if (start !== undefined && length !== undefined && length > 0 && valid !== 0) {
        const image: EmbeddedImage = { name: 'PreviewImage', where: 'Olympus CameraSettings', length };
        if (ref.fileOffset !== undefined) image.offset = ref.fileOffset + where.base + start;
        images.push(image);
      }
    }
  }
  const group: FieldGroup = { id: 'makernotes', label: `MakerNotes (${maker})`, fields };
  if (children.length) group.children = children;
  return { group, facts, images };
}

/** Olympus Equipment LensType (0x0201, int8u[6]) as ExifTool's value: "make series model" in hex (ExifTool Tag Names: Olympus). */
function olympusLensType(tag: number, n: number[]): Printed | undefined {
  if (tag !== 0x0201 || n.length < 4) return undefined;
  const h = (x: number) => x.toString(16).padStart(2, '0');
  return { value: `${n[0].toString(16)} ${h(n[2])} ${h(n[3])}`, raw: n };
}
