/**
 * GDAL's view of a TIFF IFD (GDAL 3.6 GTiff driver, gtiffdataset_read.cpp, and libtiff 4.5
 * tif_dirread.c): data type names, IMAGE_STRUCTURE COMPRESSION / INTERLEAVE, block size, the
 * GDAL_METADATA XML tag (42112) and GDAL_NODATA (42113).
 */

/** TIFF Compression codes (TIFF 6.0 §3, libtiff tiff.h). */
// prettier-ignore
export const COMPRESSION_NAMES: Record<number, string> = {
  1: 'None', 2: 'CCITT RLE', 3: 'CCITT Group 3 fax', 4: 'CCITT Group 4 fax', 5: 'LZW', 6: 'Old-style JPEG',
  7: 'JPEG', 8: 'Deflate (Adobe)', 9: 'JBIG B&W', 10: 'JBIG color', 32766: 'NeXT', 32771: 'CCITT RLE (word)',
  32773: 'PackBits', 32809: 'ThunderScan', 32895: 'IT8 CT padding', 32896: 'IT8 linework', 32897: 'IT8 monochrome',
  32898: 'IT8 binary line art', 32908: 'Pixar film', 32909: 'Pixar log', 32946: 'Deflate', 32947: 'Kodak DCS',
  34661: 'JBIG', 34676: 'SGI Log', 34677: 'SGI Log24', 34712: 'JPEG 2000', 34887: 'LERC', 34925: 'LZMA',
  50000: 'Zstandard', 50001: 'WebP', 50002: 'JPEG XL', 52546: 'JPEG XL',
};

/** GDAL IMAGE_STRUCTURE COMPRESSION names by TIFF code (absent for 1 = none). */
// prettier-ignore
const GDAL_COMPRESSION: Record<number, string> = {
  2: 'CCITTRLE', 3: 'CCITTFAX3', 4: 'CCITTFAX4', 5: 'LZW', 6: 'OJPEG', 7: 'JPEG', 8: 'DEFLATE', 32946: 'DEFLATE',
  32766: 'NEXT', 32771: 'CCITTRLEW', 32773: 'PACKBITS', 32809: 'THUNDERSCAN', 32908: 'PIXARFILM', 32909: 'PIXARLOG',
  32947: 'DCS', 34661: 'JBIG', 34676: 'SGILOG', 34677: 'SGILOG24', 34712: 'JP2000', 34887: 'LERC', 34925: 'LZMA',
  50000: 'ZSTD', 50001: 'WEBP', 50002: 'JXL', 52546: 'JXL',
};

/**
 * GDAL's COMPRESSION item: null when uncompressed, "YCbCr JPEG" for JPEG with YCbCr photometric,
 * LERC_DEFLATE / LERC_ZSTD from LercParameters, the decimal code for unknown methods.
 */
export function gdalCompression(code: number, photometric: number | undefined, lercParams?: ArrayLike<number>): string | null {
  if (code === 1) return null;
  if (code === 7 && photometric === 6) return 'YCbCr JPEG';
  if (code === 34887 && lercParams && lercParams.length >= 2) {
    if (lercParams[1] === 1) return 'LERC_DEFLATE';
    if (lercParams[1] === 2) return 'LERC_ZSTD';
  }
  return GDAL_COMPRESSION[code] ?? String(code);
}

// prettier-ignore
export const PHOTOMETRIC_NAMES: Record<number, string> = {
  0: 'WhiteIsZero', 1: 'BlackIsZero', 2: 'RGB', 3: 'Palette', 4: 'TransparencyMask', 5: 'CMYK', 6: 'YCbCr',
  8: 'CIELab', 9: 'ICCLab', 10: 'ITULab', 32803: 'CFA', 32844: 'LogL', 32845: 'LogLuv', 34892: 'LinearRaw',
};
// prettier-ignore
export const SAMPLE_FORMAT_NAMES: Record<number, string> = {
  1: 'unsigned integer', 2: 'signed integer', 3: 'IEEE floating point', 4: 'undefined', 5: 'complex signed integer', 6: 'complex IEEE floating point',
};
export const PLANAR_NAMES: Record<number, string> = { 1: 'Chunky (contiguous)', 2: 'Planar (separate)' };

/**
 * GDAL data type of samples with `bits` bits and TIFF SampleFormat `format` (1 uint, 2 int,
 * 3 float, 5/6 complex). Follows GDAL 3.6: 1–8 bits → Byte (signed 8-bit is Byte with
 * PIXELTYPE=SIGNEDBYTE there; we say Int8 as GDAL ≥ 3.7 does), 9–16 → UInt16/Int16,
 * 17–32 → UInt32/Int32, 16/24/32-bit float → Float32. Null when GDAL has no such type.
 */
export function gdalDataType(bits: number, format: number): string | null {
  if (format === 3) return bits === 64 ? 'Float64' : bits === 16 || bits === 24 || bits === 32 ? 'Float32' : null;
  if (format === 5) return bits === 32 ? 'CInt16' : bits === 64 ? 'CInt32' : null;
  if (format === 6) return bits === 64 ? 'CFloat32' : bits === 128 ? 'CFloat64' : null;
  const signed = format === 2;
  if (bits >= 1 && bits <= 8) return signed && bits === 8 ? 'Int8' : 'Byte';
  if (bits <= 16) return signed ? 'Int16' : 'UInt16';
  if (bits <= 32) return signed ? 'Int32' : 'UInt32';
  if (bits === 64) return signed ? 'Int64' : 'UInt64';
  return null;
}

/** GDAL INTERLEAVE: BAND for one band or PlanarConfiguration 2, PIXEL otherwise. */
export function gdalInterleave(bands: number, planar: number): 'PIXEL' | 'BAND' {
  return bands === 1 || planar === 2 ? 'BAND' : 'PIXEL';
}

/** The parts of an IFD that decide GDAL's block size. */
export interface BlockInput {
  width: number;
  height: number;
  tileWidth?: number;
  tileLength?: number;
  /** RowsPerStrip as stored (undefined when absent = 2^32−1). */
  rowsPerStrip?: number;
  samplesPerPixel: number;
  bitsPerSample: number;
  compression: number;
  planar: number;
  photometric?: number;
}

/**
 * GDAL's block size [x, y]: tiles as stored; strips of min(RowsPerStrip, height) rows, except
 * (1) libtiff's "strip chopping" of a single uncompressed contiguous strip into strips of ~8 KiB
 * (ChopUpSingleUncompressedStrip, STRIP_SIZE_DEFAULT 8192) and (2) GDAL's one-line split of a
 * single compressed 8-bit or 1-bit strip taller than 2000 rows (GDAL_ENABLE_TIFF_SPLIT).
 */
export function gdalBlockSize(b: BlockInput): [number, number] {
  if (b.tileWidth && b.tileLength) return [b.tileWidth, b.tileLength];
  const rps = b.rowsPerStrip === undefined || b.rowsPerStrip === 0 ? 0xffffffff : b.rowsPerStrip;
  let rows = Math.min(rps, b.height);
  const singleStrip = rps >= b.height;
  if (singleStrip && b.compression === 1 && b.planar === 1 && b.height > 0) {
    const rowBytes = Math.ceil((b.width * b.samplesPerPixel * b.bitsPerSample) / 8);
    if (rowBytes > 0) {
      const chopped = rowBytes > 8192 ? 1 : Math.floor(8192 / rowBytes);
      if (chopped < rps && chopped > 0) rows = Math.min(chopped, b.height);
    }
  } else if (singleStrip && b.height > 2000 && (b.bitsPerSample === 8 || b.bitsPerSample === 1) && b.photometric !== 6) {
    rows = 1;
  }
  return [b.width, Math.max(1, rows)];
}

/**
 * GDAL_NODATA (ASCII) as the corpus and gdalinfo show it: a number, "nan" (any NaN spelling),
 * "inf"/"-inf", or null when empty. The raw text is kept by the caller.
 */
export function parseNoData(text: string | undefined): number | string | null {
  if (text === undefined) return null;
  const t = text.replace(/\0+$/, '').trim();
  if (!t) return null;
  if (/^[+-]?nan$/i.test(t)) return 'nan';
  if (/^[+-]?inf(inity)?$/i.test(t)) return t.startsWith('-') ? '-inf' : 'inf';
  const v = Number(t);
  return Number.isFinite(v) ? v : t;
}

/** One `<Item>` of the GDAL_METADATA XML. */
export interface GdalMetadataItem {
  name: string;
  value: string;
  /** Band index (0-based `sample` attribute), absent for dataset items. */
  sample?: number;
  role?: string;
  domain?: string;
}

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e: string) => {
    const l = e.toLowerCase();
    if (l === 'amp') return '&';
    if (l === 'lt') return '<';
    if (l === 'gt') return '>';
    if (l === 'quot') return '"';
    if (l === 'apos') return "'";
    const code = l.startsWith('#x') ? parseInt(l.slice(2), 16) : parseInt(l.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? unescapeXml(m[1] ?? m[2] ?? '') : undefined;
}

/**
 * Parses GDAL's `<GDALMetadata><Item name="…" sample="0" role="…" domain="…">value</Item>…`
 * (GDAL gtiffdataset.cpp WriteMetadata). Tolerant: ignores anything that is not an Item.
 * At most `maxItems` items are returned.
 */
export function parseGdalMetadata(xml: string, maxItems = 10_000): GdalMetadataItem[] {
  const items: GdalMetadataItem[] = [];
  const re = /<Item\b([^>]*?)(?:\/>|>([\s\S]*?)<\/Item\s*>)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml)) && items.length < maxItems) {
    const attrs = m[1];
    const name = attr(attrs, 'name');
    if (name === undefined) continue;
    const item: GdalMetadataItem = { name, value: unescapeXml(m[2] ?? '') };
    const sample = attr(attrs, 'sample');
    if (sample !== undefined && /^\d+$/.test(sample)) item.sample = Number(sample);
    const role = attr(attrs, 'role');
    if (role !== undefined) item.role = role;
    const domain = attr(attrs, 'domain');
    if (domain !== undefined) item.domain = domain;
    items.push(item);
  }
  return items;
}
