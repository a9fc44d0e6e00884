/**
 * JPEG container walk (ITU-T T.81 Annex B markers; JFIF 1.02; EXIF 2.32 §4.5.4 APP1; XMP Part 3
 * §1.1.3 standard and extended XMP in APP1; ICC.1 Annex B.4 APP2 profile chunks; Photoshop APP13
 * image resources; C2PA 2.2 §A.4.1 APP11 JUMBF manifest store, noted for ../c2pa/). Reads marker headers and the metadata segments only, stops at the first SOS
 * (entropy-coded data is never read), and checks the file's last 4 KiB for EOI to flag truncation.
 */
import type { ExtractContext, ByteSource, Field, FieldGroup } from '../types';
import { ExtractError, throwIfAborted } from '../errors';
import { makeField } from '../fields';
import { concatBytes, decodeText, indexOfNul, readBlock, startsWithAscii, u16be, u32be } from './bytes';
import { emptyBlocks, truncatedAt, type PhotoBlocks } from './model';
import { iptcFromPhotoshop } from './iptc';
import { JPEG_TAIL_BYTES } from './format';
import { isC2paApp11 } from '../c2pa/locate';

const EXIF_HEADER = 'Exif\0';
const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';
const XMP_EXT_HEADER = 'http://ns.adobe.com/xmp/extension/\0';
const ICC_HEADER = 'ICC_PROFILE\0';
const PHOTOSHOP_HEADER = 'Photoshop 3.0\0';

/** SOFn markers and their coding process (T.81 Table B.1). */
const SOF_PROCESS: Record<number, string> = {
  0xc0: 'Baseline DCT, Huffman coding',
  0xc1: 'Extended sequential DCT, Huffman coding',
  0xc2: 'Progressive DCT, Huffman coding',
  0xc3: 'Lossless, Huffman coding',
  0xc5: 'Sequential DCT, differential Huffman coding',
  0xc6: 'Progressive DCT, differential Huffman coding',
  0xc7: 'Lossless, differential Huffman coding',
  0xc9: 'Extended sequential DCT, arithmetic coding',
  0xca: 'Progressive DCT, arithmetic coding',
  0xcb: 'Lossless, arithmetic coding',
  0xcd: 'Sequential DCT, differential arithmetic coding',
  0xce: 'Progressive DCT, differential arithmetic coding',
  0xcf: 'Lossless, differential arithmetic coding',
};

function markerName(m: number): string {
  if (m >= 0xe0 && m <= 0xef) return `APP${m - 0xe0}`;
  if (SOF_PROCESS[m]) return `SOF${m - 0xc0}`;
  const names: Record<number, string> = { 0xc4: 'DHT', 0xcc: 'DAC', 0xda: 'SOS', 0xdb: 'DQT', 0xdc: 'DNL', 0xdd: 'DRI', 0xde: 'DHP', 0xdf: 'EXP', 0xfe: 'COM' };
  return names[m] ?? `0xFF${m.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Extended XMP parts of one GUID (XMP Part 3 §1.1.3.1). */
interface ExtendedXmp {
  fullLength: number;
  parts: { offset: number; data: Uint8Array }[];
}

/** What the APPn/COM segments of one JPEG have given so far. */
interface AppState {
  blocks: PhotoBlocks;
  iccParts: { seq: number; data: Uint8Array }[];
  extended: Map<string, ExtendedXmp>;
  jfif: Field[];
  comments: string[];
  warn: (m: string) => void;
}

/** Collects metadata from a JPEG. Throws ExtractError only when not even the first marker can be read. */
export async function walkJpeg(source: ByteSource, ctx: ExtractContext): Promise<PhotoBlocks> {
  const group: FieldGroup = { id: 'jpeg', label: 'JPEG', fields: [] };
  const blocks = emptyBlocks('jpeg', 'JPEG image', 'image/jpeg', group);
  const segments: Field[] = [];
  const app: AppState = { blocks, iccParts: [], extended: new Map(), jfif: [], comments: [], warn: ctx.warn };
  const { iccParts, extended, jfif, comments } = app;
  let offset = 2;
  let sawSos = false;
  let metaBytes = 0;
  for (let n = 0; n < ctx.options.maxObjects; n++) {
    throwIfAborted(ctx.signal);
    const hdr = await source.read(offset, 4, ctx.signal);
    if (hdr.length < 2) {
      truncatedAt(blocks, `JPEG ends at offset ${offset} before any image data (no SOS marker): the file is truncated.`, offset);
      break;
    }
    if (hdr[0] !== 0xff) {
      ctx.warn(`JPEG structure is damaged: expected a marker at offset ${offset}, found 0x${hdr[0].toString(16)}; later segments are not read.`);
      break;
    }
    const m = hdr[1];
    if (m === 0xff) {
      offset += 1;
      continue;
    } // fill byte
    if ((m >= 0xd0 && m <= 0xd8) || m === 0x01) {
      offset += 2;
      continue;
    } // standalone markers
    if (m === 0xd9) break; // EOI before SOS: no image
    if (hdr.length < 4) {
      truncatedAt(blocks, `JPEG ends inside the ${markerName(m)} marker at offset ${offset}: the file is truncated.`, offset);
      break;
    }
    const len = u16be(hdr, 2);
    if (len < 2) {
      ctx.warn(`JPEG ${markerName(m)} segment at offset ${offset} has an invalid length ${len}; later segments are not read.`);
      break;
    }
    const name = markerName(m);
    if (m === 0xda) {
      sawSos = true;
      segments.push(makeField(name, `image data from offset ${offset}`, { label: 'Start of scan' }));
      break;
    }
    let what = '';
    if ((m >= 0xe0 && m <= 0xef) || m === 0xfe) {
      const data = await readBlock(source, offset + 4, len - 2, `${name} segment`, ctx.signal);
      if (data.length < len - 2) {
        truncatedAt(blocks, `JPEG ends inside the ${name} segment at offset ${offset}: the file is truncated; that segment is not decoded.`, offset);
        break;
      }
      metaBytes += data.length;
      if (metaBytes > ctx.options.maxMetadataBytes) throw new ExtractError('too-large', `JPEG metadata segments exceed ${ctx.options.maxMetadataBytes} bytes.`, offset);
      what = classifyApp(m, data, offset, app);
    } else if (SOF_PROCESS[m]) {
      const sof = await source.read(offset + 4, 6, ctx.signal);
      if (sof.length === 6 && blocks.width === undefined) {
        blocks.height = u16be(sof, 1);
        blocks.width = u16be(sof, 3);
        group.fields.push(
          makeField('ImageWidth', blocks.width, { label: 'Image width', unit: 'px' }),
          makeField('ImageHeight', blocks.height, { label: 'Image height', unit: 'px' }),
          makeField('EncodingProcess', SOF_PROCESS[m], { label: 'Encoding process', raw: m - 0xc0 }),
          makeField('BitsPerSample', sof[0], { label: 'Bits per sample' }),
          makeField('ColorComponents', sof[5], { label: 'Colour components' }),
        );
      }
    }
    segments.push(makeField(name, `${what ? `${what}, ` : ''}${len + 2} bytes at offset ${offset}`));
    offset += 2 + len;
  }
  const end = sawSos ? await fileEnd(source, ctx) : 'eoi';
  if (end === 'cut') truncatedAt(blocks, 'The JPEG does not end with an EOI marker: its image data is truncated (metadata before the image data is intact).');
  if (end === 'other')
    ctx.warn("The JPEG has no EOI marker in its last 4 KiB, and those bytes are not image data: other data follows the image (a maker trailer, a motion photo's video, an appended file).");
  if (iccParts.length) blocks.icc = concatBytes(iccParts.sort((a, b) => a.seq - b.seq).map((p) => p.data));
  // XMP Part 3 §1.1.3.1: the main packet's xmpNote:HasExtendedXMP names the GUID to read (as ExifTool reads it).
  const named = extended.size ? hasExtendedXmp(blocks.xmp[0]) : undefined;
  for (const [guid, ext] of extended) {
    const packet = assembleExtended(ext);
    if (!packet) ctx.warn(`Extended XMP ${guid} is incomplete or inconsistent; it is not decoded.`);
    else if (guid !== named) ctx.warn(`Extended XMP ${guid} is not the one the main XMP names (xmpNote:HasExtendedXMP ${named ?? 'is absent'}; XMP Part 3 §1.1.3.1); it is not decoded.`);
    else blocks.xmp.push(packet);
  }
  if (comments.length) group.fields.push(makeField('Comment', comments.length === 1 ? comments[0] : comments, { label: 'Comment' }));
  group.children = [{ id: 'jpeg-segments', label: 'Segments', fields: segments }];
  if (jfif.length) blocks.extraGroups.push({ id: 'jfif', label: 'JFIF', fields: jfif });
  return blocks;
}

/** Identifies an APPn/COM payload, stores what it carries in `blocks`, and returns a short description. */
function classifyApp(m: number, data: Uint8Array, offset: number, app: AppState): string {
  const { blocks, iccParts, extended, jfif, comments } = app;
  if (m === 0xfe) {
    const text = decodeText(data).replace(/\0+$/, '');
    comments.push(text);
    blocks.texts.push({ key: 'Comment', text, where: `JPEG COM segment at offset ${offset}` });
    return 'comment';
  }
  if (m === 0xe0 && startsWithAscii(data, 'JFIF\0') && data.length >= 14) {
    const units = ['none (aspect ratio)', 'inches', 'cm'];
    jfif.push(
      makeField('JFIFVersion', `${data[5]}.${String(data[6]).padStart(2, '0')}`, { label: 'JFIF version' }),
      makeField('ResolutionUnit', units[data[7]] ?? data[7], { label: 'Resolution unit', raw: data[7] }),
      makeField('XResolution', u16be(data, 8), { label: 'Horizontal resolution' }),
      makeField('YResolution', u16be(data, 10), { label: 'Vertical resolution' }),
      makeField('ThumbnailWidth', data[12], { label: 'Thumbnail width', unit: 'px' }),
      makeField('ThumbnailHeight', data[13], { label: 'Thumbnail height', unit: 'px' }),
    );
    return 'JFIF';
  }
  if (m === 0xe0 && startsWithAscii(data, 'JFXX\0')) return 'JFIF extension (thumbnail)';
  if (m === 0xe1 && startsWithAscii(data, EXIF_HEADER)) {
    blocks.tiff.push({ bytes: data.subarray(6), origin: `APP1 Exif segment at offset ${offset}` });
    return 'Exif';
  }
  if (m === 0xe1 && startsWithAscii(data, XMP_HEADER)) {
    blocks.xmp.unshift(decodeText(data.subarray(XMP_HEADER.length)));
    return 'XMP';
  }
  if (m === 0xe1 && startsWithAscii(data, XMP_EXT_HEADER)) {
    const h = XMP_EXT_HEADER.length;
    if (data.length >= h + 40) {
      const guid = String.fromCharCode(...data.subarray(h, h + 32));
      const ext = extended.get(guid) ?? { fullLength: u32be(data, h + 32), parts: [] };
      ext.parts.push({ offset: u32be(data, h + 36), data: data.subarray(h + 40) });
      extended.set(guid, ext);
    }
    return 'extended XMP';
  }
  if (m === 0xe2 && startsWithAscii(data, ICC_HEADER) && data.length >= 14) {
    iccParts.push({ seq: data[12], data: data.subarray(14) });
    return `ICC profile part ${data[12]}/${data[13]}`;
  }
  if (m === 0xe2 && startsWithAscii(data, 'MPF\0')) return 'MPF (multi-picture)';
  if (m === 0xed && startsWithAscii(data, PHOTOSHOP_HEADER)) {
    const iptc = iptcFromPhotoshop(data.subarray(PHOTOSHOP_HEADER.length));
    if (iptc && !blocks.iptc) blocks.iptc = iptc;
    return iptc ? 'Photoshop IRB with IPTC' : 'Photoshop IRB';
  }
  if (m === 0xee && startsWithAscii(data, 'Adobe')) return 'Adobe';
  if (m === 0xeb && isC2paApp11(data)) {
    blocks.c2pa ??= `APP11 JUMBF segment at offset ${offset}`;
    return 'C2PA manifest store (JUMBF)';
  }
  if (m === 0xe1) {
    const at = offExifIdentifier(data);
    if (at >= 0) {
      const found = JSON.stringify(String.fromCharCode(...data.subarray(0, at + 6)));
      app.warn(`APP1 segment at offset ${offset} starts with ${found}, not "Exif\\0\\0" (EXIF 2.32 §4.5.4); its EXIF is read after it (as ExifTool does).`);
      blocks.tiff.push({ bytes: data.subarray(at + 6), origin: `APP1 Exif segment at offset ${offset}` });
      return 'Exif';
    }
  }
  const nul = indexOfNul(data);
  const id = nul > 0 && nul < 40 ? String.fromCharCode(...data.subarray(0, nul)).replace(/[^\x20-\x7e]/g, '?') : '';
  return id;
}

/**
 * Where "Exif\0" lies in an APP1 segment that does not start with it: in any letter case and after
 * up to 4 other bytes, as ExifTool finds it (`/^(.{0,4})Exif\0/i`); -1 when it does not.
 */
function offExifIdentifier(data: Uint8Array): number {
  for (let o = 0; o <= 4 && o + 6 <= data.length; o++) {
    if (data[o + 4] === 0 && String.fromCharCode(data[o], data[o + 1], data[o + 2], data[o + 3]).toLowerCase() === 'exif') return o;
  }
  return -1;
}

/** The GUID a main XMP packet names in xmpNote:HasExtendedXMP (attribute or element form), if any. */
function hasExtendedXmp(packet: string | undefined): string | undefined {
  return packet ? /HasExtendedXMP\s*(?:=\s*["']|>)\s*([0-9A-Fa-f]{32})/.exec(packet)?.[1] : undefined;
}

/** Joins extended XMP parts into the full packet text, or null when parts are missing. */
function assembleExtended(ext: ExtendedXmp): string | null {
  if (ext.fullLength > 64 * 1024 * 1024) return null;
  const out = new Uint8Array(ext.fullLength);
  let covered = 0;
  for (const p of ext.parts) {
    if (p.offset + p.data.length > out.length) return null;
    out.set(p.data, p.offset);
    covered += p.data.length;
  }
  if (covered < ext.fullLength) return null;
  return decodeText(out);
}

/**
 * How a JPEG whose image data started ends, from its last 4 KiB: `eoi` when an EOI marker lies
 * there; `cut` when those bytes read as entropy-coded data cut short (ITU-T T.81 §B.1.1.5: in a
 * scan every 0xFF byte is followed by a stuffed 0x00 or a restart marker 0xD0–0xD7, and 4 KiB of
 * coded data hold such pairs); `other` when they cannot be scan data (an 0xFF followed by anything
 * else, or no 0xFF at all), so something follows the image: a trailer or an appended file.
 */
async function fileEnd(source: ByteSource, ctx: ExtractContext): Promise<'eoi' | 'cut' | 'other'> {
  const n = Math.min(JPEG_TAIL_BYTES, source.size);
  const tail = await source.read(source.size - n, n, ctx.signal);
  for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return 'eoi';
  let stuffed = 0;
  for (let i = 0; i < tail.length - 1; i++) {
    if (tail[i] !== 0xff) continue;
    const next = tail[i + 1];
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) stuffed += 1;
    else if (next !== 0xff) return 'other';
  }
  return stuffed > 0 ? 'cut' : 'other';
}
