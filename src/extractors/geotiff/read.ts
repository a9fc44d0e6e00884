/**
 * Reads a (Geo)TIFF's structure through geotiff.js (`GeoTIFF.fromSource` over our ByteSource):
 * header, the IFD chain (each IFD bounds-checked first by ifd-scan.ts, which walks it), tag values, GeoKeys and
 * GDAL tags of IFD0, and GDAL's COG ghost area. Pixels are never decoded and strip/tile offset
 * arrays are never loaded (only the first offset of each IFD, for the IFDs-before-data check).
 */
import { GeoTIFF, type ImageFileDirectory } from 'geotiff';
import type { ByteSource, ExtractContext } from '../types';
import { ExtractError, describeThrown, throwIfAborted, toErrorData, type ExtractErrorData } from '../errors';
import { tiffVersion } from './sniff';
import { GeotiffSource } from './source-adapter';
import { scanIfd, readEntryValues, STRILE_TAGS, type RawIfd } from './ifd-scan';
import { IfdTags } from './ifd';
import { parseGhostArea, ghostBytesNeeded } from './ghost';
import { parseGeoKeyDirectory, keyValue } from './geokeys';
import { identifyCrs, epsgName } from './epsg';
import { geoTransform } from './geo';
import { gdalBlockSize, gdalDataType, parseGdalMetadata } from './gdal';
import { tagName } from './tiff-tags';
import type { GeoModel, IfdModel, IfdRole, TiffModel } from './model';

/** Hard cap on IFDs walked (also bounded by ctx.options.maxObjects). */
const MAX_IFDS = 4096;
/** Largest single value or read accepted (lengths come from the file). */
const MAX_VALUE_BYTES = 32 * 1024 * 1024;

/**
 * Turns anything geotiff.js or a read throws into ExtractErrorData: our ExtractErrors keep their
 * code; geotiff's "Invalid byte order value." / "Invalid magic number." → unsupported-format;
 * DataView RangeErrors (a structure cut by EOF or pointing outside its slice) → corrupt;
 * unreadable files → read-failed (toErrorData); anything else → corrupt with the library text.
 */
export function mapError(e: unknown): ExtractErrorData {
  if (e instanceof ExtractError) return e.toData();
  const data = toErrorData(e, 'corrupt');
  if (data.code !== 'corrupt') return data;
  const text = describeThrown(e);
  if (/Invalid byte order value|Invalid magic number/i.test(text)) {
    return { code: 'unsupported-format', message: `Not a TIFF file (${text})`, cause: text };
  }
  return { code: 'corrupt', message: `Damaged TIFF structure: ${text}`, cause: text };
}

function toError(e: unknown): ExtractError {
  if (e instanceof ExtractError) return e;
  const d = mapError(e);
  return new ExtractError(d.code, d.message, d.offset, d.cause);
}

/**
 * geotiff.js's parse of the IFD `raw` was scanned from, or null when our own decoder reads it
 * alone: when the scan left entries out (geotiff would read the ignored or repeated tags, see
 * ifd-scan.ts) or when geotiff cannot parse what libtiff reads (e.g. BigTIFF strile offsets past
 * 2^53: "exceeds MAX_SAFE_INTEGER"). Read failures and aborts are rethrown.
 */
async function geotiffIfd(tiff: GeoTIFF, raw: RawIfd): Promise<ImageFileDirectory | null> {
  if (raw.problems.length) return null;
  try {
    return await tiff.parser.parseFileDirectoryAt(raw.offset);
  } catch (e) {
    const err = toError(e);
    if (err.code === 'corrupt') return null;
    throw err;
  }
}

function roleOf(index: number, nst: number): IfdRole {
  if (nst & 4) return nst & 1 ? 'mask overview' : 'mask';
  if (nst & 1) return 'overview';
  if (index === 0) return 'main';
  if (nst & 2) return 'page';
  return 'image';
}

async function describeIfd(index: number, tags: IfdTags, maxItems: number, le: boolean, src: GeotiffSource): Promise<IfdModel> {
  const num = async (t: number, d?: number) => (await tags.number(t)) ?? d;
  const nums = async (t: number) => {
    const v = await tags.values(t);
    return Array.isArray(v) ? v : [];
  };
  const width = (await num(256, 0))!;
  const height = (await num(257, 0))!;
  const spp = (await num(277, 1))!;
  const bps = await nums(258);
  const sf = await nums(339);
  const bitsPerSample = bps.length ? bps : [1];
  const sampleFormat = sf.length ? sf : [1];
  const compression = (await num(259, 1))!;
  const photometric = await num(262);
  const planar = (await num(284, 1))!;
  const tileWidth = await num(322);
  const tileLength = await num(323);
  const rowsPerStrip = await num(278);
  const nst = (await num(254, 0))!;
  const tiled = tags.has(322);
  const strileTag = tags.has(324) ? 324 : 273;
  const strileEntry = tags.entry(strileTag);
  let firstDataOffset: number | undefined;
  if (strileEntry && strileEntry.valueOffset + strileEntry.size <= src.fileSize) {
    const first = await readEntryValues(src, strileEntry, le, 1);
    if (Array.isArray(first) && first[0] > 0) firstDataOffset = first[0];
  }
  const items = [];
  for (const e of tags.raw.entries) {
    items.push({ entry: e, name: tagName(e.tag), value: STRILE_TAGS.has(e.tag) ? null : await tags.display(e.tag, maxItems) });
  }
  return {
    index,
    offset: tags.raw.offset,
    role: roleOf(index, nst),
    width,
    height,
    samplesPerPixel: spp,
    bitsPerSample,
    sampleFormat,
    dataType: gdalDataType(bitsPerSample[0], sampleFormat[0]),
    compression,
    photometric,
    planar,
    tiled,
    tileWidth,
    tileLength,
    rowsPerStrip,
    blockSize: gdalBlockSize({ width, height, tileWidth, tileLength, rowsPerStrip, samplesPerPixel: spp, bitsPerSample: bitsPerSample[0], compression, planar, photometric }),
    newSubfileType: nst,
    strileCount: strileEntry?.count ?? 0,
    firstDataOffset,
    end: tags.raw.end,
    tags: items,
    problems: tags.raw.problems,
  };
}

async function readGeo(tags: IfdTags | undefined): Promise<GeoModel> {
  const arr = async (t: number) => {
    const v = tags ? await tags.values(t) : undefined;
    return Array.isArray(v) ? v : undefined;
  };
  const dirValues = await arr(34735);
  const keys = dirValues ? parseGeoKeyDirectory(dirValues, await arr(34736), tags ? await tags.text(34737) : undefined) : null;
  const crs = identifyCrs(keys);
  const pixelIsPoint = keyValue(keys, 'GTRasterTypeGeoKey') === 2;
  const tiepoints = await arr(33922);
  const pixelScale = await arr(33550);
  const transformation = await arr(34264);
  const transform = geoTransform(tiepoints, pixelScale, transformation, pixelIsPoint);
  const crsName = crs.epsg !== null ? ((await epsgName(crs.epsg)) ?? crs.citation) : crs.citation;
  let unitCode: number | undefined;
  const linear = keyValue(keys, 'ProjLinearUnitsGeoKey');
  const angular = keyValue(keys, 'GeogAngularUnitsGeoKey');
  if (crs.kind === 'projected' && typeof linear === 'number') unitCode = linear;
  else if (crs.kind === 'geographic') unitCode = typeof angular === 'number' ? angular : 9102;
  return { keys, crs, crsName, pixelIsPoint, hasGeoKeys: keys !== null, tiepoints, pixelScale, transformation, transform, unitCode };
}

/**
 * Reads the file's model. Throws ExtractError when not even IFD0 can be read (not a TIFF,
 * truncated header/IFD0, corrupt IFD0); later failures are returned in `errors` with the IFDs
 * read so far.
 */
export async function readTiff(source: ByteSource, ctx: ExtractContext): Promise<{ model: TiffModel; errors: ExtractErrorData[] }> {
  const errors: ExtractErrorData[] = [];
  const maxValueBytes = Math.min(MAX_VALUE_BYTES, Math.max(1024 * 1024, ctx.options.maxMetadataBytes));
  const head = await source.read(0, 64, ctx.signal);
  const version = tiffVersion(head);
  if (!version) throw new ExtractError('unsupported-format', 'Not a TIFF file: no II*/MM* (or BigTIFF II+/MM+) header.', 0);
  if (head.length < (version.bigTiff ? 16 : 8)) throw new ExtractError('truncated', 'The file ends inside the TIFF header.', 0);
  const src = new GeotiffSource(source, maxValueBytes, ctx.signal);
  let tiff: GeoTIFF;
  try {
    tiff = await GeoTIFF.fromSource(src as unknown as Parameters<typeof GeoTIFF.fromSource>[0], {}, ctx.signal);
  } catch (e) {
    throw toError(e);
  }
  const le = tiff.littleEndian;
  const bigTiff = tiff.bigTiff;
  // TIFF 6.0 §2: a file has at least one IFD, so the header's first-IFD offset is never 0
  // (geotiff.js accepts it and would leave the walk below with no IFD at all).
  if (tiff.firstIFDOffset === 0) throw new ExtractError('corrupt', 'The TIFF header points to no first IFD (offset 0): the file has no image directory.', bigTiff ? 8 : 4);

  let ghost = null;
  const ghostLen = ghostBytesNeeded(head, bigTiff);
  if (ghostLen > 0) ghost = parseGhostArea(await src.bytes(0, Math.min(ghostLen, source.size)), bigTiff);

  const ifds: IfdModel[] = [];
  let ifd0Tags: IfdTags | undefined;
  const seen = new Set<number>();
  const maxIfds = Math.min(MAX_IFDS, ctx.options.maxObjects);
  let offset = tiff.firstIFDOffset;
  let chainNote: string | undefined;
  for (let i = 0; offset !== 0; i++) {
    throwIfAborted(ctx.signal);
    if (seen.has(offset)) {
      chainNote = `The IFD chain loops back to offset ${offset}; stopped after ${i} IFDs.`;
      ctx.warn(chainNote);
      break;
    }
    if (i >= maxIfds) {
      chainNote = `More than ${maxIfds} IFDs; the rest were not read.`;
      ctx.warn(chainNote);
      break;
    }
    seen.add(offset);
    try {
      const raw = await scanIfd(src, offset, bigTiff, le, maxValueBytes);
      const tags = new IfdTags(raw, await geotiffIfd(tiff, raw), src, le, maxValueBytes);
      if (i === 0) ifd0Tags = tags;
      ifds.push(await describeIfd(i, tags, ctx.options.maxArrayItems, le, src));
      for (const p of raw.problems) ctx.warn(`IFD ${i}: ${p}`);
      offset = raw.next;
    } catch (e) {
      const err = toError(e);
      if (err.code === 'aborted') throw err;
      if (i === 0) throw err;
      errors.push({ ...err.toData(), message: `IFD ${i} (offset ${offset}): ${err.message}` });
      chainNote = `IFD ${i} could not be read; the IFDs after it are unknown.`;
      break;
    }
  }

  const geo = await readGeo(ifd0Tags);
  let gdalMetadata = null;
  let gdalNoDataText: string | undefined;
  if (ifd0Tags) {
    try {
      const xml = await ifd0Tags.text(42112);
      if (xml !== undefined) gdalMetadata = parseGdalMetadata(xml, ctx.options.maxObjects);
      gdalNoDataText = await ifd0Tags.text(42113);
    } catch (e) {
      const err = toError(e);
      if (err.code === 'aborted') throw err;
      errors.push(err.toData());
    }
  }
  const dataStarts = ifds.map((d) => d.firstDataOffset).filter((v): v is number => v !== undefined);
  const ifdsBeforeData = dataStarts.length ? Math.max(...ifds.map((d) => d.end)) <= Math.min(...dataStarts) : null;
  return {
    model: { littleEndian: le, bigTiff, firstIfdOffset: tiff.firstIFDOffset, ifds, ghost, ifdsBeforeData, geo, gdalMetadata, gdalNoDataText, chainNote },
    errors,
  };
}
