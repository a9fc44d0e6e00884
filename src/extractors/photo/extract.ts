/**
 * Photo extractor (JPEG, TIFF, PNG, HEIC/HEIF/AVIF, WebP).
 *
 * How bytes are read: our own container walkers (jpeg.ts, png.ts, webp.ts, heif.ts, tiff.ts)
 * read marker/chunk/box headers and the metadata blocks only, through the ByteSource (so
 * `stats.bytesRead` is the truth, and the same code runs on a FileHandleSource in Node and a
 * BlobSource in the worker). exifr then decodes the blocks from memory (TIFF/EXIF, XMP, ICC).
 * exifr's own file readers are not used: a custom ChunkedReader can be plugged in, but exifr's
 * buffer is contiguous from offset 0 (a HEIC Exif item 1 GB into a file would allocate 1 GB),
 * its PNG parser only scans chunks inside the first chunk read (misses eXIf/tEXt after IDAT),
 * its TIFF parser reads tag values outside the windows it loaded as zeros, and it has no WebP,
 * SOF, HEIF `ispe` or HEIF XMP support. See each walker for its spec.
 *
 * AI generation parameters (generation/: one parser per generator and a dispatcher) are parsed
 * from what the walkers collected (PNG text chunks, JPEG comments, the EXIF UserComment, XMP)
 * into the `generation` group; image data is read only for a PNG with alpha and no text chunks,
 * whose alpha bits may hold them (generation/stealth.ts, png-alpha.ts).
 * Content Credentials (C2PA), when a walker found a manifest store, are read by ../c2pa/.
 */
import type { ByteSource, ExtractContext, Extractor, ExtractorOutput, Field, FieldGroup } from '../types';
import { ExtractError, throwIfAborted } from '../errors';
import { makeField } from '../fields';
import { asciiAt, bytesAt } from '../sniff-util';
import { walkJpeg } from './jpeg';
import { walkPng } from './png';
import { walkWebp } from './webp';
import { walkHeif } from './heif';
import { walkTiff } from './tiff';
import { decodeExif, laterFirst, type ExifResult } from './exif';
import { parseXmp, xmpGroup, xmpText, type XmpData } from './xmp';
import { decodeIptc, iptcGroup, type IptcEntry } from './iptc';
import { iccGroup } from './icc';
import { buildSummary } from './summary';
import type { PhotoBlocks } from './model';
import { readStealth } from './generation/stealth';
import { findGeneration } from './generation/dispatch';
import { asString } from './generation/model';
import { digitalSourceType } from './generation/origin';
import { generationGroup, generationSummary } from './generation/present';
import { contentCredentials, withCredentials } from '../c2pa/credentials';

type Walker = (source: ByteSource, ctx: ExtractContext) => Promise<PhotoBlocks>;

/** Picks the container walker from the first bytes (the same signatures as sniff.ts). */
export function containerWalker(head: Uint8Array): Walker | null {
  if (bytesAt(head, 0, [0xff, 0xd8, 0xff])) return walkJpeg;
  if (bytesAt(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return walkPng;
  if (asciiAt(head, 0, 'RIFF') && asciiAt(head, 8, 'WEBP')) return walkWebp;
  if (asciiAt(head, 4, 'ftyp')) return walkHeif;
  if ((asciiAt(head, 0, 'II') && head[2] === 42 && head[3] === 0) || (asciiAt(head, 0, 'MM') && head[2] === 0 && head[3] === 42)) return walkTiff;
  return null;
}

/** Reads a photo's container and metadata blocks; see the module comment. */
export async function extractPhoto(source: ByteSource, ctx: ExtractContext): Promise<ExtractorOutput> {
  if (source.size === 0) throw new ExtractError('truncated', 'The file is empty (0 bytes).', 0);
  const head = await source.read(0, 16, ctx.signal);
  const walker = containerWalker(head);
  if (!walker) throw new ExtractError('unsupported-format', 'Not a JPEG, PNG, WebP, HEIF or TIFF file (no known signature).');
  const blocks = await walker(source, ctx);
  // Stealth parameters are looked for only where a generator would have had nowhere else to put
  // them: a PNG with alpha and no text chunks (the only read of image data, png-alpha.ts).
  if (blocks.png && blocks.texts.length === 0) blocks.stealth = (await readStealth(source, blocks.png, ctx)) ?? undefined;
  throwIfAborted(ctx.signal);
  const { summary, groups } = await presentPhoto(blocks, ctx);
  const out: ExtractorOutput = { format: { id: 'photo', name: blocks.formatName }, summary, groups, ...(blocks.damage.length ? { errors: blocks.damage } : {}) };
  return blocks.c2pa ? withCredentials(out, await contentCredentials(source, blocks.c2pa, blocks.mime, ctx)) : out;
}

/**
 * Decodes a walker's blocks (EXIF, XMP, IPTC, ICC) into the photo record's groups and summary;
 * also used by the raw extractor, whose containers yield the same blocks. `exif` is the merged
 * EXIF lookup (null without EXIF), `xmp` the parsed XMP.
 */
export async function presentPhoto(blocks: PhotoBlocks, ctx: ExtractContext): Promise<{ summary: Field[]; groups: FieldGroup[]; exif: ExifResult | null; xmp: XmpData | null }> {
  const maxItems = ctx.options.maxArrayItems;
  const warn = ctx.warn;

  const groups: FieldGroup[] = [blocks.containerGroup];
  const exifs: ExifResult[] = [];
  for (const tiff of blocks.tiff) {
    const decoded = await decodeExif(tiff.bytes, tiff.origin, maxItems, warn, blocks.container === 'tiff');
    if (!decoded) continue;
    const n = exifs.push(decoded);
    groups.push({
      id: n === 1 ? 'exif' : `exif-${n}`,
      label: n === 1 ? 'EXIF' : `EXIF (${tiff.origin})`,
      fields: [
        makeField('ExifByteOrder', decoded.littleEndian ? 'Little-endian (Intel, II)' : 'Big-endian (Motorola, MM)', { label: 'Byte order', raw: decoded.littleEndian ? 'II' : 'MM' }),
        makeField('Source', tiff.origin, { label: 'Found in' }),
      ],
      children: decoded.groups,
    });
  }
  if (blocks.tiff.length > 1) {
    warn(
      `The file holds ${blocks.tiff.length} EXIF structures (${blocks.tiff.map((t) => t.origin).join('; ')}): each is decoded, and a tag found in several is taken from the last one (as ExifTool does).`,
    );
  }
  const exif = laterFirst(exifs);
  let xmp: XmpData | null = null;
  if (blocks.xmp.length) {
    xmp = await parseXmp(blocks.xmp, warn);
    groups.push(xmpGroup(xmp, maxItems));
  }
  let iptc: IptcEntry[] | null = null;
  if (blocks.iptc) {
    iptc = decodeIptc(blocks.iptc).entries;
    groups.push(iptcGroup(blocks.iptc, maxItems, warn));
  }
  if (blocks.icc) {
    const icc = await iccGroup(blocks.icc, maxItems, warn);
    if (icc) groups.push(icc);
  }
  groups.push(...blocks.extraGroups);
  const summary = buildSummary({ blocks, exif, xmp, iptc, maxItems });
  const generation = findGeneration({
    texts: blocks.texts,
    userComment: asString(exif?.find('exif', 'UserComment')?.field.value),
    exifModel: asString(exif?.find('ifd0', 'Model')?.field.value),
    xmpUserComment: asString(xmpText(xmp?.exif?.UserComment)),
    xmpDescription: asString(xmpText(xmp?.dc?.description)),
    stealth: blocks.stealth,
  });
  for (const p of generation?.problems ?? []) warn(`AI generation (${generation!.generator}): ${p}`);
  const dst = digitalSourceType(xmpText(xmp?.Iptc4xmpExt?.DigitalSourceType));
  const group = generationGroup(generation, dst, maxItems);
  if (group) groups.push(group);
  summary.push(...generationSummary(generation, dst));
  return { summary, groups, exif, xmp };
}

/** The photo extractor (registry id 'photo'). */
export const extractor: Extractor = { extract: extractPhoto };
