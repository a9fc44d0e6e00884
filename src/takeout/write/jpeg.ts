/**
 * Takeout tags into a copy of a JPEG (ITU-T T.81 Annex B markers): EXIF in the Exif APP1 segment
 * (EXIF 2.32 §4.5.4; exif.ts: a new one after SOI and the APP0 segments, or the existing one
 * extended), XMP in the XMP APP1 segment (XMP Part 3 §1.1.3: "http://ns.adobe.com/xap/1.0/\0" and
 * a packet of at most 65,502 bytes; a new one after the Exif APP1, or the existing packet with the
 * properties added, xmp.ts). The XMP leaves out the date and position when the EXIF already has
 * them, so the two agree. Every other segment, the entropy-coded data and anything after EOI are
 * copied byte for byte.
 */
import { startsWithAscii, u16be } from '../../extractors/photo/bytes';
import { WriteError } from './errors';
import { addToExif, newExif, notInExif, type ImageFacts } from './exif';
import type { Edit } from './splice';
import { checkTags, type FixTags } from './tags';
import { addToXmpPacket, decodePacket, newXmpPacket } from './xmp';

const EXIF_ID = 'Exif\0\0';
const XMP_ID = 'http://ns.adobe.com/xap/1.0/\0';
/** Largest segment payload: the 16-bit length counts itself (T.81 §B.1.1.4). */
const MAX_PAYLOAD = 0xffff - 2;
/** XMP Part 3 §1.1.3: the largest packet in the XMP APP1 segment. */
const MAX_XMP_PACKET = 65502;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const SOS = 0xda;

/** A marker segment before SOS: where its marker is, where its payload starts and ends. */
interface Segment {
  marker: number;
  start: number;
  payload: number;
  end: number;
}

/** SOFn markers (T.81 Table B.1): C0–CF but DHT (C4), JPG (C8) and DAC (CC). */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/**
 * The marker segments from SOI to SOS (T.81 §B.1.1: fill bytes 0xFF and standalone markers
 * skipped) and the offset of SOS.
 * @throws WriteError `not-jpeg`, `truncated` (a length past the end, no SOS), `corrupt` (no marker where one must be)
 */
function segments(bytes: Uint8Array): { list: Segment[]; sos: number } {
  if (bytes.length < 3 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) throw new WriteError('not-jpeg', 'The file does not start with a JPEG SOI marker.');
  const list: Segment[] = [];
  let at = 2;
  for (;;) {
    if (at + 2 > bytes.length) throw new WriteError('truncated', `The JPEG ends at offset ${at} before its image data (no SOS marker).`, at);
    if (bytes[at] !== 0xff) throw new WriteError('corrupt', `Expected a JPEG marker at offset ${at}, found 0x${bytes[at].toString(16)}.`, at);
    const marker = bytes[at + 1];
    if (marker === 0xff) at += 1;
    else if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) at += 2;
    else if (marker === 0xd9) throw new WriteError('corrupt', `The JPEG has an EOI marker at offset ${at} before any image data.`, at);
    else {
      if (at + 4 > bytes.length) throw new WriteError('truncated', `The JPEG ends inside the marker at offset ${at}.`, at);
      const length = u16be(bytes, at + 2);
      if (length < 2) throw new WriteError('corrupt', `The JPEG segment at offset ${at} has an invalid length ${length}.`, at);
      if (marker === SOS) return { list, sos: at };
      const end = at + 2 + length;
      if (end > bytes.length) throw new WriteError('truncated', `The JPEG segment at offset ${at} declares ${length} bytes, past the end of the file.`, at);
      list.push({ marker, start: at, payload: at + 4, end });
      at = end;
    }
  }
}

/** The SOF's size and the JFIF density (T.81 §B.2.2; JFIF 1.02 APP0). @throws WriteError `corrupt` without a SOF */
function imageFacts(bytes: Uint8Array, list: Segment[]): ImageFacts {
  const sof = list.find((s) => isSof(s.marker) && s.end - s.payload >= 6);
  if (!sof) throw new WriteError('corrupt', 'The JPEG has no frame header (SOF) before its image data.');
  const facts: ImageFacts = { height: u16be(bytes, sof.payload + 1), width: u16be(bytes, sof.payload + 3) };
  const jfif = list.find((s) => s.marker === APP0 && s.end - s.payload >= 12 && startsWithAscii(bytes, 'JFIF\0', s.payload));
  if (jfif) facts.density = { unit: bytes[jfif.payload + 7], x: u16be(bytes, jfif.payload + 8), y: u16be(bytes, jfif.payload + 10) };
  return facts;
}

/** An APPn segment of `payload`. @throws WriteError `too-large` past 65,533 bytes */
function appSegment(marker: number, id: string, body: Uint8Array, what: string): Uint8Array {
  const length = id.length + body.length;
  if (length > MAX_PAYLOAD) throw new WriteError('too-large', `The ${what} would be ${length} bytes, more than a JPEG segment holds (${MAX_PAYLOAD}).`);
  const out = new Uint8Array(4 + length);
  out.set([0xff, marker, (length + 2) >> 8, (length + 2) & 0xff]);
  for (let i = 0; i < id.length; i++) out[4 + i] = id.charCodeAt(i);
  out.set(body, 4 + id.length);
  return out;
}

function xmpSegment(packet: string): Uint8Array {
  const body = new TextEncoder().encode(packet);
  if (body.length > MAX_XMP_PACKET)
    throw new WriteError('too-large', `The XMP packet would be ${body.length} bytes, more than a JPEG holds in its XMP segment (${MAX_XMP_PACKET}; XMP Part 3 §1.1.3).`);
  return appSegment(APP1, XMP_ID, body, 'XMP segment');
}

/** The one segment of `list` that `test` picks, or undefined. @throws WriteError `unsupported` when there are several */
function single(list: Segment[], test: (s: Segment) => boolean, what: string): Segment | undefined {
  const found = list.filter(test);
  if (found.length > 1) throw new WriteError('unsupported', `The JPEG has ${found.length} ${what} segments; which one readers use differs, so it is not rewritten.`, found[1].start);
  return found[0];
}

/**
 * The edits (splice.ts) that make a copy of the JPEG `bytes` hold `tags` (see the module comment);
 * none when it holds them all already.
 * @throws WriteError `bad-tags`; `not-jpeg`, `truncated`, `corrupt` (segments before SOS, the Exif
 *   block); `unsupported` (two Exif or two XMP APP1 segments, not valid UTF-8 XMP, an insertion
 *   after an MPF APP2 segment, whose offsets it would break); `too-large` (a segment past its limit)
 */
export function jpegEdits(bytes: Uint8Array, tags: FixTags): Edit[] {
  checkTags(tags);
  const { list } = segments(bytes);
  const app1 = (id: string) => (s: Segment) => s.marker === APP1 && startsWithAscii(bytes, id, s.payload);
  const exifSeg = single(list, app1(EXIF_ID), 'Exif APP1');
  const xmpSeg = single(list, app1(XMP_ID), 'XMP APP1');
  const image = imageFacts(bytes, list);

  const edits: Edit[] = [];
  let afterApp0 = 2;
  for (const s of list) {
    if (s.marker !== APP0) break;
    afterApp0 = s.end;
  }
  const exifTiff = exifSeg && bytes.subarray(exifSeg.payload + EXIF_ID.length, exifSeg.end);
  if (exifTiff) {
    const tiff = addToExif(exifTiff, tags, image);
    if (tiff) edits.push({ at: exifSeg.start, end: exifSeg.end, bytes: appSegment(APP1, EXIF_ID, tiff, 'Exif segment') });
  } else {
    const tiff = newExif(tags, image);
    if (tiff) edits.push({ at: afterApp0, end: afterApp0, bytes: appSegment(APP1, EXIF_ID, tiff, 'Exif segment') });
  }
  const xmpTags = notInExif(tags, () => (exifTiff ? [exifTiff] : []));
  if (xmpSeg) {
    const packet = decodePacket(bytes.subarray(xmpSeg.payload + XMP_ID.length, xmpSeg.end), xmpSeg.start);
    const merged = addToXmpPacket(packet, xmpTags);
    if (merged !== null) edits.push({ at: xmpSeg.start, end: xmpSeg.end, bytes: xmpSegment(merged) });
  } else {
    const packet = newXmpPacket(xmpTags);
    const at = exifSeg ? exifSeg.end : afterApp0;
    if (packet !== null) edits.push({ at, end: at, bytes: xmpSegment(packet) });
  }
  const mpf = list.find((s) => s.marker === APP2 && startsWithAscii(bytes, 'MPF\0', s.payload));
  if (mpf && edits.some((e) => e.at > mpf.start))
    throw new WriteError('unsupported', 'The JPEG has an MPF segment (multi-picture) before where the metadata would change; its offsets would no longer point at its images.', mpf.start);
  return edits;
}
