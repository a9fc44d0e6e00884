/**
 * PNG container walk (PNG 3rd edition / ISO 15948 §5 chunk layout; §11.3 ancillary chunks).
 * Visits every chunk header (8-byte reads; IDAT and other image data are skipped, never read),
 * so metadata chunks after IDAT (eXIf, tEXt…) are found without reading the image. Decodes
 * IHDR, tEXt/zTXt/iTXt (keyword + text, zlib via DecompressionStream, capped), eXIf, iCCP,
 * pHYs, tIME, gAMA, sRGB, acTL; XMP is the iTXt/tEXt keyword `XML:com.adobe.xmp`. ImageMagick's
 * hex-encoded "Raw profile type exif/app1/iptc/8bim/xmp/icc" text chunks are decoded by
 * raw-profile.ts into the EXIF, IPTC, XMP and ICC blocks. The text chunks also go to
 * `blocks.texts` (generation parameters), and IHDR's layout with the IDAT chunks' places to
 * `blocks.png`, for the one read of image data: a PNG with alpha and no text chunks, whose alpha
 * bits may hide generation parameters (generation/stealth.ts). A `caBX` chunk (C2PA 2.2 §A.4.2)
 * is noted for ../c2pa/.
 */
import type { ByteSource, ExtractContext, Field, FieldGroup } from '../types';
import { ExtractError, throwIfAborted } from '../errors';
import { makeField } from '../fields';
import { MAX_BLOCK_BYTES, decodeLatin1, decodeUtf8, fourcc, indexOfNul, inflateZlib, readBlock, u16be, u32be } from './bytes';
import { emptyBlocks, truncatedAt, type PhotoBlocks } from './model';
import { decodeRawProfile, rawProfileName, storeRawProfile } from './raw-profile';
import { PNG_C2PA_CHUNK } from '../c2pa/locate';

/** Chunks whose data we read and decode. */
const READ = new Set(['IHDR', 'tEXt', 'zTXt', 'iTXt', 'eXIf', 'iCCP', 'pHYs', 'tIME', 'gAMA', 'sRGB', 'acTL', 'bKGD', 'cHRM', 'sBIT']);
const COLOR_TYPES: Record<number, string> = { 0: 'Grayscale', 2: 'RGB', 3: 'Palette', 4: 'Grayscale with alpha', 6: 'RGB with alpha' };
const XMP_KEYWORD = 'XML:com.adobe.xmp';

/** Collects metadata from a PNG. */
export async function walkPng(source: ByteSource, ctx: ExtractContext): Promise<PhotoBlocks> {
  const group: FieldGroup = { id: 'png', label: 'PNG', fields: [] };
  const blocks = emptyBlocks('png', 'PNG image', 'image/png', group);
  const text: Field[] = [];
  const chunkList: Field[] = [];
  let offset = 8;
  let ended = false;
  let seenIdat = false;
  let textBytes = 0;
  const counts = new Map<string, { n: number; bytes: number; first: number }>();
  for (let i = 0; i < ctx.options.maxObjects; i++) {
    throwIfAborted(ctx.signal);
    const hdr = await source.read(offset, 8, ctx.signal);
    if (hdr.length === 0) {
      truncatedAt(blocks, `The PNG ends at offset ${offset} without an IEND chunk: the file is truncated.`, offset);
      break;
    }
    if (hdr.length < 8) {
      truncatedAt(blocks, `PNG ends inside a chunk header at offset ${offset}: the file is truncated.`, offset);
      break;
    }
    const length = u32be(hdr, 0);
    const type = fourcc(hdr, 4);
    if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) {
      ctx.warn(`PNG chunk at offset ${offset} is damaged (type ${JSON.stringify(type)}, length ${length}); later chunks are not read.`);
      break;
    }
    const c = counts.get(type) ?? { n: 0, bytes: 0, first: offset };
    c.n++;
    c.bytes += length;
    counts.set(type, c);
    if (type === 'IEND') {
      ended = true;
      break;
    }
    if (type === 'IDAT') seenIdat = true;
    if (type === PNG_C2PA_CHUNK) blocks.c2pa ??= `PNG caBX chunk at offset ${offset}`;
    if (offset + 12 + length > source.size) {
      truncatedAt(blocks, `PNG ends inside the ${type} chunk at offset ${offset}: the file is truncated.`, offset);
      break;
    }
    if (type === 'IDAT') blocks.png?.idat.push({ offset: offset + 8, length });
    if (READ.has(type)) {
      if (type !== 'IHDR') {
        textBytes += length;
        if (textBytes > ctx.options.maxMetadataBytes) throw new ExtractError('too-large', `PNG metadata chunks exceed ${ctx.options.maxMetadataBytes} bytes.`, offset);
      }
      if (length > MAX_BLOCK_BYTES) ctx.warn(`PNG ${type} chunk at offset ${offset} has ${length} bytes; it is skipped.`);
      else {
        const data = await readBlock(source, offset + 8, length, `PNG ${type} chunk`, ctx.signal);
        try {
          await decodeChunk(type, data, blocks, group, text, seenIdat, offset, ctx.warn);
        } catch (e) {
          if (e instanceof ExtractError && e.code === 'aborted') throw e;
          ctx.warn(`PNG ${type} chunk at offset ${offset} could not be decoded: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
    offset += 12 + length;
  }
  // A walk that stopped before IEND but not at the end of the file (a damaged chunk, the object limit).
  if (!ended && blocks.damage.length === 0) ctx.warn('The PNG has no IEND chunk where its chunks were read: it is damaged, or has more chunks than were read.');
  if (blocks.width === undefined) ctx.warn('The PNG has no IHDR chunk.');
  for (const [type, c] of counts) {
    chunkList.push(makeField(type, c.n === 1 ? `${c.bytes} bytes at offset ${c.first}` : `${c.n} chunks, ${c.bytes} bytes, first at offset ${c.first}`));
  }
  group.children = [{ id: 'png-chunks', label: 'Chunks', fields: chunkList }];
  if (text.length) blocks.extraGroups.push({ id: 'png-text', label: 'PNG text chunks', fields: text });
  return blocks;
}

async function decodeChunk(type: string, d: Uint8Array, blocks: PhotoBlocks, group: FieldGroup, text: Field[], afterIdat: boolean, offset: number, warn: (m: string) => void): Promise<void> {
  const where = afterIdat ? ' (after image data)' : '';
  const addText = (keyword: string, body: Uint8Array, utf8: boolean, comment: string) => {
    const profile = rawProfileName(keyword);
    let value: string;
    if (profile) value = rawProfileText(profile, body, blocks, `PNG ${type} chunk "${keyword}" at offset ${offset}`, warn);
    else {
      value = utf8 ? decodeUtf8(body) : decodeLatin1(body);
      if (keyword === XMP_KEYWORD) blocks.xmp.push(value);
    }
    blocks.texts.push({ key: keyword, text: value, where: `PNG ${type}` });
    text.push(makeField(keyword, value, { label: keyword, comment }));
  };
  switch (type) {
    case 'IHDR': {
      if (d.length < 13) throw new Error('IHDR is shorter than 13 bytes');
      blocks.width = u32be(d, 0);
      blocks.height = u32be(d, 4);
      blocks.png = { width: blocks.width, height: blocks.height, bitDepth: d[8], colorType: d[9], interlace: d[12], idat: [] };
      group.fields.push(
        makeField('ImageWidth', blocks.width, { label: 'Image width', unit: 'px' }),
        makeField('ImageHeight', blocks.height, { label: 'Image height', unit: 'px' }),
        makeField('BitDepth', d[8], { label: 'Bit depth' }),
        makeField('ColorType', COLOR_TYPES[d[9]] ?? d[9], { label: 'Colour type', raw: d[9] }),
        makeField('Compression', d[10] === 0 ? 'Deflate/Inflate' : d[10], { label: 'Compression', raw: d[10] }),
        makeField('Filter', d[11] === 0 ? 'Adaptive' : d[11], { label: 'Filter', raw: d[11] }),
        makeField('Interlace', d[12] === 0 ? 'Noninterlaced' : d[12] === 1 ? 'Adam7 Interlace' : d[12], { label: 'Interlace', raw: d[12] }),
      );
      return;
    }
    case 'tEXt': {
      const nul = indexOfNul(d);
      const keyword = decodeLatin1(d.subarray(0, nul < 0 ? d.length : nul));
      addText(keyword, nul < 0 ? new Uint8Array(0) : d.subarray(nul + 1), false, `tEXt${where}`);
      return;
    }
    case 'zTXt': {
      const nul = indexOfNul(d);
      if (nul < 0) throw new Error('no keyword terminator');
      const keyword = decodeLatin1(d.subarray(0, nul));
      addText(keyword, await inflateZlib(d.subarray(nul + 2)), false, `zTXt${where}`);
      return;
    }
    case 'iTXt': {
      const nul = indexOfNul(d);
      if (nul < 0 || nul + 3 > d.length) throw new Error('no keyword terminator');
      const keyword = decodeLatin1(d.subarray(0, nul));
      const compressed = d[nul + 1] === 1;
      const langEnd = indexOfNul(d, nul + 3);
      const transEnd = langEnd < 0 ? -1 : indexOfNul(d, langEnd + 1);
      if (transEnd < 0) throw new Error('missing language or translated keyword');
      const lang = decodeLatin1(d.subarray(nul + 3, langEnd));
      const translated = decodeUtf8(d.subarray(langEnd + 1, transEnd));
      const body = d.subarray(transEnd + 1);
      const note = [lang && `language ${lang}`, translated && `translated keyword ${translated}`].filter(Boolean).join(', ');
      addText(keyword, compressed ? await inflateZlib(body) : body, true, `iTXt${note ? ` (${note})` : ''}${where}`);
      return;
    }
    case 'eXIf': {
      blocks.tiff.push({ bytes: d, origin: `PNG eXIf chunk at offset ${offset}` });
      return;
    }
    case 'iCCP': {
      const nul = indexOfNul(d);
      if (nul < 0) throw new Error('no profile name terminator');
      group.fields.push(makeField('ProfileName', decodeLatin1(d.subarray(0, nul)), { label: 'ICC profile name' }));
      blocks.icc = await inflateZlib(d.subarray(nul + 2));
      return;
    }
    case 'pHYs': {
      if (d.length < 9) return;
      group.fields.push(
        makeField('PixelsPerUnitX', u32be(d, 0), { label: 'Pixels per unit (X)' }),
        makeField('PixelsPerUnitY', u32be(d, 4), { label: 'Pixels per unit (Y)' }),
        makeField('PixelUnits', d[8] === 1 ? 'meters' : 'unknown', { label: 'Pixel units', raw: d[8] }),
      );
      return;
    }
    case 'tIME': {
      if (d.length < 7) return;
      const p = (n: number) => String(n).padStart(2, '0');
      group.fields.push(makeField('ModifyDate', `${u16be(d, 0)}:${p(d[2])}:${p(d[3])} ${p(d[4])}:${p(d[5])}:${p(d[6])}`, { label: 'Date modified', comment: 'tIME chunk, UTC' }));
      return;
    }
    case 'gAMA':
      if (d.length >= 4) group.fields.push(makeField('Gamma', Math.round((100000 / u32be(d, 0)) * 1e5) / 1e5, { label: 'Gamma', raw: u32be(d, 0) }));
      return;
    case 'sRGB':
      if (d.length >= 1)
        group.fields.push(makeField('SRGBRendering', ['Perceptual', 'Relative Colorimetric', 'Saturation', 'Absolute Colorimetric'][d[0]] ?? d[0], { label: 'sRGB rendering intent', raw: d[0] }));
      return;
    case 'acTL':
      if (d.length >= 8)
        group.fields.push(makeField('AnimationFrames', u32be(d, 0), { label: 'Animation frames' }), makeField('AnimationPlays', u32be(d, 4), { label: 'Animation plays', comment: '0 = infinite' }));
      return;
    default:
      return;
  }
}

/**
 * Decodes an ImageMagick raw profile text (raw-profile.ts) into `blocks`; returns the text field's
 * value: what the profile held, or why it was not decoded (also a warning).
 */
function rawProfileText(profile: string, body: Uint8Array, blocks: PhotoBlocks, origin: string, warn: (m: string) => void): string {
  try {
    const { bytes, notes } = decodeRawProfile(body);
    for (const n of notes) warn(`${origin} ${n}.`);
    return storeRawProfile(profile, bytes, blocks, origin);
  } catch (e) {
    warn(`${origin} is not an ImageMagick hex profile (${e instanceof Error ? e.message : String(e)}); it is not decoded.`);
    return `${body.length} bytes of text, not decoded`;
  }
}
