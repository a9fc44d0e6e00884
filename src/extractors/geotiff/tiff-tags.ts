/**
 * TIFF tag names (TIFF 6.0 Appendix A, TIFF/EP, GeoTIFF 1.1, GDAL private tags) and labels for
 * the tags a GeoTIFF reader shows first. Unknown tags fall back to geotiff.js's table, then
 * `Tag<number>`.
 */
import { globals } from 'geotiff';

// prettier-ignore
const NAMES: Record<number, string> = {
  254: 'NewSubfileType', 255: 'SubfileType', 256: 'ImageWidth', 257: 'ImageLength', 258: 'BitsPerSample',
  259: 'Compression', 262: 'PhotometricInterpretation', 266: 'FillOrder', 269: 'DocumentName', 270: 'ImageDescription',
  271: 'Make', 272: 'Model', 273: 'StripOffsets', 274: 'Orientation', 277: 'SamplesPerPixel', 278: 'RowsPerStrip',
  279: 'StripByteCounts', 280: 'MinSampleValue', 281: 'MaxSampleValue', 282: 'XResolution', 283: 'YResolution',
  284: 'PlanarConfiguration', 285: 'PageName', 296: 'ResolutionUnit', 297: 'PageNumber', 305: 'Software', 306: 'DateTime',
  315: 'Artist', 316: 'HostComputer', 317: 'Predictor', 318: 'WhitePoint', 319: 'PrimaryChromaticities', 320: 'ColorMap',
  322: 'TileWidth', 323: 'TileLength', 324: 'TileOffsets', 325: 'TileByteCounts', 330: 'SubIFDs', 338: 'ExtraSamples',
  339: 'SampleFormat', 340: 'SMinSampleValue', 341: 'SMaxSampleValue', 347: 'JPEGTables', 529: 'YCbCrCoefficients',
  530: 'YCbCrSubSampling', 531: 'YCbCrPositioning', 532: 'ReferenceBlackWhite', 700: 'XMP', 32995: 'Matteing',
  32996: 'DataType', 32997: 'ImageDepth', 32998: 'TileDepth', 33432: 'Copyright', 33550: 'ModelPixelScaleTag',
  33723: 'IPTC', 33922: 'ModelTiepointTag', 34264: 'ModelTransformationTag', 34377: 'Photoshop', 34665: 'ExifIFD',
  34675: 'ICC_Profile', 34735: 'GeoKeyDirectoryTag', 34736: 'GeoDoubleParamsTag', 34737: 'GeoAsciiParamsTag',
  34853: 'GPSInfo', 37706: 'TIFF_RSID', 42112: 'GDAL_METADATA', 42113: 'GDAL_NODATA', 50674: 'LercParameters',
  50844: 'RPCCoefficientTag',
};

// prettier-ignore
const LABELS: Record<string, string> = {
  NewSubfileType: 'Subfile type', ImageWidth: 'Width', ImageLength: 'Height', BitsPerSample: 'Bits per sample',
  Compression: 'Compression', PhotometricInterpretation: 'Photometric interpretation', SamplesPerPixel: 'Samples per pixel',
  RowsPerStrip: 'Rows per strip', PlanarConfiguration: 'Planar configuration', TileWidth: 'Tile width', TileLength: 'Tile height',
  SampleFormat: 'Sample format', ExtraSamples: 'Extra samples', Predictor: 'Predictor', StripOffsets: 'Strip offsets (count)',
  StripByteCounts: 'Strip byte counts (count)', TileOffsets: 'Tile offsets (count)', TileByteCounts: 'Tile byte counts (count)',
  ModelPixelScaleTag: 'Model pixel scale', ModelTiepointTag: 'Model tie point(s)', ModelTransformationTag: 'Model transformation',
  GeoKeyDirectoryTag: 'GeoKey directory', GeoDoubleParamsTag: 'GeoKey double parameters', GeoAsciiParamsTag: 'GeoKey ASCII parameters',
  GDAL_METADATA: 'GDAL metadata (XML)', GDAL_NODATA: 'GDAL nodata', ImageDescription: 'Description', Software: 'Software',
  DateTime: 'Date/time', Artist: 'Artist', Copyright: 'Copyright', XResolution: 'X resolution', YResolution: 'Y resolution',
  ResolutionUnit: 'Resolution unit', ColorMap: 'Colour map', XMP: 'XMP packet', JPEGTables: 'JPEG tables',
  YCbCrSubSampling: 'YCbCr subsampling', LercParameters: 'LERC parameters',
};

/** The tag's name in its standard (`ImageWidth`, `GDAL_NODATA`), or `Tag<n>`. */
export function tagName(tag: number): string {
  const lib = (globals.tagDefinitions as Record<number, { name?: string } | undefined>)[tag]?.name;
  return NAMES[tag] ?? (lib && !lib.includes(' ') ? lib : undefined) ?? `Tag${tag}`;
}

/** Human label for a tag name, when we have one. */
export function tagLabel(name: string): string | undefined {
  return LABELS[name];
}

export const PREDICTOR_NAMES: Record<number, string> = { 1: 'None', 2: 'Horizontal differencing', 3: 'Floating point' };
export const EXTRA_SAMPLES_NAMES: Record<number, string> = { 0: 'Unspecified', 1: 'Associated alpha', 2: 'Unassociated alpha' };
export const RESOLUTION_UNIT_NAMES: Record<number, string> = { 1: 'None', 2: 'Inch', 3: 'Centimetre' };

/** NewSubfileType bits (TIFF 6.0 §8; bit 2 = transparency mask). */
export function subfileFlags(v: number): string[] {
  const f: string[] = [];
  if (v & 1) f.push('reduced-resolution');
  if (v & 2) f.push('page');
  if (v & 4) f.push('mask');
  if (v & ~7) f.push(`other bits 0x${(v & ~7).toString(16)}`);
  return f;
}
