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

/** Facts taken from a MakerNote for the summary (ExifTool tag names). */
export interface MakerFacts {
  SerialNumber?: string;
  InternalSerialNumber?: string;
  LensModel?: string;
  Lens?: string;
  LensSerialNumber?: string;
  ShutterCount?: number;
}

/** A decoded MakerNote: its group, its facts and the images it points at. */
export interface MakerNoteResult {
  group: FieldGroup;
  facts: MakerFacts;
  images: EmbeddedImage[];
}

type Maker = 'Canon' | 'Nikon' | 'Olympus' | 'FujiFilm' | 'Panasonic' | 'Sony' | 'Pentax' | 'Samsung';

/** Tag names (ExifTool's) of the tags shown by name; others are shown as Tag0xNNNN. */
// prettier-ignore
const TAGS: Record<Maker, Record<number, string>> = {
  Canon: { 0x0001: 'CanonCameraSettings', 0x0002: 'CanonFocalLength', 0x0004: 'CanonShotInfo', 0x0006: 'CanonImageType', 0x0007: 'CanonFirmwareVersion', 0x0008: 'FileNumber', 0x0009: 'OwnerName', 0x000c: 'SerialNumber', 0x000d: 'CanonCameraInfo', 0x0010: 'CanonModelID', 0x0026: 'CanonAFInfo2', 0x0028: 'ImageUniqueID', 0x0095: 'LensModel', 0x0096: 'InternalSerialNumber', 0x0097: 'DustRemovalData', 0x00e0: 'SensorInfo' },
  Nikon: { 0x0001: 'MakerNoteVersion', 0x0002: 'ISO', 0x0003: 'ColorMode', 0x0004: 'Quality', 0x0005: 'WhiteBalance', 0x0006: 'ImageSharpening', 0x0007: 'FocusMode', 0x0011: 'PreviewIFD', 0x0013: 'ISOSetting', 0x0081: 'ToneComp', 0x0089: 'ShootingMode', 0x0090: 'LightSource', 0x0095: 'NoiseReduction', 0x00a0: 'SerialNumber', 0x00a9: 'ImageOptimization', 0x00aa: 'Saturation', 0x001d: 'SerialNumber', 0x0083: 'LensType', 0x0084: 'Lens', 0x0098: 'LensData', 0x00a7: 'ShutterCount', 0x00ab: 'VariProgram' },
  Olympus: { 0x0100: 'ThumbnailImage', 0x0207: 'CameraType', 0x0404: 'SerialNumber', 0x2010: 'Equipment', 0x2020: 'CameraSettings' },
  FujiFilm: { 0x0000: 'Version', 0x0010: 'InternalSerialNumber', 0x1000: 'Quality', 0x1404: 'MinFocalLength', 0x1405: 'MaxFocalLength' },
  Panasonic: { 0x0001: 'ImageQuality', 0x0002: 'FirmwareVersion', 0x0025: 'InternalSerialNumber', 0x0051: 'LensType', 0x0052: 'LensSerialNumber' },
  Sony: { 0x0102: 'Quality', 0x0104: 'FlashExposureComp', 0xb000: 'FileFormat', 0xb001: 'SonyModelID', 0xb027: 'LensType' },
  Pentax: { 0x0000: 'PentaxVersion', 0x0003: 'PreviewImageSize', 0x0004: 'PreviewImageLength', 0x0005: 'PentaxModelID', 0x003f: 'LensRec', 0x0229: 'SerialNumber' },
  Samsung: { 0x0001: 'MakerNoteVersion', 0xa002: 'SerialNumber', 0xa003: 'LensType', 0xa004: 'LensFirmware' },
};
/** Olympus Equipment sub-IFD tags (Image::ExifTool::Olympus::Equipment). */
const OLYMPUS_EQUIPMENT: Record<number, string> = { 0x0100: 'CameraType2', 0x0101: 'SerialNumber', 0x0201: 'LensType', 0x0202: 'LensSerialNumber', 0x0203: 'LensModel' };
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

/** One entry as a Field: text, numbers or a byte count. */
function entryField(space: Space, e: IfdEntry, names: Record<number, string>, maxItems: number): Field {
  const hex = `0x${e.tag.toString(16).padStart(4, '0')}`;
  const key = names[e.tag] ?? `Tag${hex}`;
  const comment = `tag ${hex}`;
  if (e.at < 0) return makeField(key, null, { comment: `${comment}, value outside the data read (${e.size} bytes declared)` });
  if (e.type === 2) return makeField(key, text(space, e), { comment });
  if (e.type === 7 || e.type === 1 || e.type === 6) {
    const b = valueBytes(space, e);
    if (b.length > 0 && b.length <= 64 && b.every((c, i) => (c >= 0x20 && c < 0x7f) || (c === 0 && i > 0) || c === 0xff)) return makeField(key, text(space, e), { comment });
    if (b.length > 4) return makeField(key, `${b.length} bytes of binary data`, { comment, raw: hexPreview(b) });
  }
  const n = numbers(space, e, maxItems);
  return makeField(key, n.length === 1 ? n[0] : n, { comment, ...(e.count > n.length ? { total: e.count } : {}) }, maxItems);
}

/** ExifTool's Nikon Lens print form: "18-70mm f/3.5-4.5". */
function lensSpec(v: number[]): string | undefined {
  if (v.length < 4 || v.some((x) => !Number.isFinite(x))) return undefined;
  const r = (x: number) => String(Math.round(x * 10) / 10);
  const range = (a: number, b: number) => (a === b ? r(a) : `${r(a)}-${r(b)}`);
  return `${range(v[0], v[1])}mm f/${range(v[2], v[3])}`;
}

/**
 * Decodes the MakerNote `ref` for a camera of make `make` (IFD0 Make). Null when the maker is
 * unknown or its IFD cannot be read; problems go to `warn`.
 */
export function decodeMakerNote(ref: MakerNoteRef, make: string, maxItems: number, warn: (m: string) => void): MakerNoteResult | null {
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
  const names = TAGS[maker];
  const fields: Field[] = [makeField('MakerNoteType', maker, { label: 'Maker', comment: `${ref.length} bytes, ${ref.origin}` })];
  const facts: MakerFacts = {};
  const images: EmbeddedImage[] = [];
  const children: FieldGroup[] = [];
  const get = (tag: number) => ifd.entries.find((e) => e.tag === tag);
  for (const e of ifd.entries.slice(0, MAX_FIELDS)) fields.push(entryField(space, e, names, maxItems));
  for (const [tag, fact] of Object.entries(TEXT_FACTS[maker] ?? {})) {
    const e = get(Number(tag));
    const v = e && e.at >= 0 ? text(space, e) : '';
    if (v) (facts as Record<string, string>)[fact] = v;
  }
  if (maker === 'Canon') {
    const serial = firstNumber(space, get(0x000c));
    if (serial !== undefined) facts.SerialNumber = String(serial);
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
  if (maker === 'Olympus') {
    const eq = get(0x2010);
    const offset = eq?.type === 7 ? eq.at : eq ? where.base + (firstNumber(space, eq) ?? -1) : -1;
    const sub = eq && offset >= 0 ? readIfd(space, offset, where.base) : null;
    if (sub) {
      children.push({ id: 'makernotes-equipment', label: 'Equipment', fields: sub.entries.slice(0, MAX_FIELDS).map((e) => entryField(space, e, OLYMPUS_EQUIPMENT, maxItems)) });
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
  }
  const group: FieldGroup = { id: 'makernotes', label: `MakerNotes (${maker})`, fields };
  if (children.length) group.children = children;
  return { group, facts, images };
}
