/**
 * ImageMagick "Raw profile type <name>" PNG text chunks (tEXt, zTXt or iTXt). ImageMagick
 * (coders/png.c, Magick_png_write_raw_profile) writes "\n<name>\n<byte count as %8lu>\n" and then
 * the profile bytes as lowercase hex, 36 bytes (72 digits) a line, ending with "\n"; it uses zTXt
 * from 128 characters on. Read as ExifTool's PNG.pm (ProcessProfile) reads them: whitespace between
 * digits is ignored and the digits win over a byte count that disagrees with them (a warning).
 * Profiles: `exif` (a TIFF structure, often after the JPEG "Exif\0\0" identifier), `app1` (a JPEG
 * APP1 payload: EXIF or XMP), `iptc` (IPTC-IIM, or Photoshop image resources holding it), `8bim`
 * (Photoshop image resources), `xmp`, `icc`/`icm`. The decoded bytes go to the same EXIF, IPTC, XMP
 * and ICC readers as the JPEG's.
 */
import { decodeText, exifTiffStart, startsWithAscii } from './bytes';
import { iptcFromPhotoshop } from './iptc';
import type { PhotoBlocks } from './model';

/** The text keyword prefix; the rest of the keyword names the profile. */
const RAW_PROFILE_KEYWORD = 'Raw profile type ';
/** The profiles decoded here (lower case, as ImageMagick names them). */
const KNOWN = new Set(['exif', 'app1', 'iptc', '8bim', 'xmp', 'icc', 'icm']);
const XMP_APP1_HEADER = 'http://ns.adobe.com/xap/1.0/\0';

/** Hex digit values; -1 for whitespace, -2 for anything else. */
const HEX = new Int8Array(256).fill(-2);
for (let i = 0; i < 16; i++) HEX['0123456789abcdef'.charCodeAt(i)] = HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
for (const c of ' \t\r\n\v\f') HEX[c.charCodeAt(0)] = -1;

/** The profile name of a text keyword this module decodes ("exif" for "Raw profile type exif"), else undefined. */
export function rawProfileName(keyword: string): string | undefined {
  if (!keyword.startsWith(RAW_PROFILE_KEYWORD)) return undefined;
  const name = keyword.slice(RAW_PROFILE_KEYWORD.length).toLowerCase();
  return KNOWN.has(name) ? name : undefined;
}

/** A decoded profile and the deviations met on the way (odd digit count, wrong byte count). */
export interface RawProfile {
  bytes: Uint8Array;
  notes: string[];
}

/**
 * Decodes ImageMagick's hex text. The byte count in the text is untrusted: the output is sized by
 * the digits present (at most half the text). Throws Error when the header is missing or a
 * character is neither a hex digit nor whitespace.
 */
export function decodeRawProfile(text: Uint8Array): RawProfile {
  const notes: string[] = [];
  if (text[0] !== 0x0a) throw new Error('the text does not start with the "\\n<name>\\n<length>\\n" header');
  let p = text.indexOf(0x0a, 1);
  if (p < 0) throw new Error('the header has no byte count');
  p++;
  while (p < text.length && HEX[text[p]] === -1) p++;
  let declared = 0;
  const digitsStart = p;
  for (; p < text.length && text[p] >= 0x30 && text[p] <= 0x39 && p - digitsStart < 16; p++) declared = declared * 10 + (text[p] - 0x30);
  if (p === digitsStart || text[p] !== 0x0a) throw new Error('the header has no byte count');
  const out = new Uint8Array((text.length - p) >> 1);
  let digits = 0;
  let high = 0;
  for (p++; p < text.length; p++) {
    const v = HEX[text[p]];
    if (v === -1) continue;
    if (v === -2) throw new Error(`character 0x${text[p].toString(16).padStart(2, '0')} at offset ${p} is not a hex digit`);
    if (digits & 1) out[digits >> 1] = (high << 4) | v;
    else high = v;
    digits++;
  }
  if (digits & 1) notes.push(`has an odd number of hex digits (${digits}); the last one is ignored`);
  const bytes = out.subarray(0, digits >> 1);
  if (declared !== bytes.length) notes.push(`declares ${declared} bytes but holds ${bytes.length}; the ${bytes.length} are read`);
  return { bytes, notes };
}

/**
 * Hands a decoded profile (`name` from rawProfileName) to `blocks` (EXIF structures and XMP packets
 * add up; IPTC and ICC only where not set yet) and returns a description for the text chunk's field.
 */
export function storeRawProfile(name: string, bytes: Uint8Array, blocks: PhotoBlocks, origin: string): string {
  const size = `${bytes.length} bytes`;
  if (name === 'xmp' || (name === 'app1' && startsWithAscii(bytes, XMP_APP1_HEADER))) {
    blocks.xmp.push(decodeText(name === 'xmp' ? bytes : bytes.subarray(XMP_APP1_HEADER.length)));
    return `XMP, ${size} (decoded into the XMP group)`;
  }
  if (name === 'exif' || name === 'app1') {
    const start = exifTiffStart(bytes);
    if (start < 0) return `${size}, no TIFF header: not decoded`;
    blocks.tiff.push({ bytes: bytes.subarray(start), origin });
    return `EXIF, ${size} (decoded into the EXIF group)`;
  }
  if (name === 'icc' || name === 'icm') {
    if (blocks.icc) return `ICC profile, ${size}: not decoded (an ICC profile was read before)`;
    blocks.icc = bytes;
    return `ICC profile, ${size} (decoded into the ICC group)`;
  }
  // iptc: IPTC-IIM (datasets start with 0x1C, IIM 4.2 §1.5) or Photoshop image resources; 8bim: the latter.
  const iptc = name === 'iptc' && bytes[0] === 0x1c ? bytes : iptcFromPhotoshop(bytes);
  if (!iptc) return `${size}, no IPTC data: not decoded`;
  if (blocks.iptc) return `IPTC, ${size}: not decoded (IPTC data was read before)`;
  blocks.iptc = iptc;
  return `IPTC, ${size} (decoded into the IPTC group)`;
}
