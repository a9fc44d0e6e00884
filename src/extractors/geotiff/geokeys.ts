/**
 * GeoTIFF GeoKeys (OGC GeoTIFF 1.1, OGC 19-008r4 §7; key names as in GeoTIFF 1.0 / libgeotiff
 * `listgeo`): parsing of the GeoKeyDirectory tag (34735) with its double (34736) and ASCII (34737)
 * parameter tags, and names of the coded values we know. EPSG CRS names come from `epsg.ts`.
 */

/** One GeoKey as stored: id, the tag holding its value (0 = inline SHORT), count, and its value. */
export interface GeoKey {
  id: number;
  /** GeoTIFF 1.0 key name (`GTModelTypeGeoKey`), or `GeoKey<id>` for unknown keys. */
  name: string;
  /** 0 (value in the directory), 34736 (GeoDoubleParams), 34737 (GeoAsciiParams) or 34735. */
  location: number;
  count: number;
  /** SHORT code, number(s) from GeoDoubleParams, or the ASCII string without its `|` terminator. */
  value: number | number[] | string | null;
}

/** The parsed directory: header (version 1, revision 1.0 or 1.1) and keys in file order. */
export interface GeoKeyDirectory {
  version: number;
  revision: string;
  keys: GeoKey[];
  /** Problems found (bad offsets, counts); the keys that could be read are kept. */
  problems: string[];
}

/** GeoKey ids → names (GeoTIFF 1.0 names, as libgeotiff and geotiff.js use them). */
// prettier-ignore
const GEOKEY_NAMES: Record<number, string> = {
  1024: 'GTModelTypeGeoKey', 1025: 'GTRasterTypeGeoKey', 1026: 'GTCitationGeoKey',
  2048: 'GeographicTypeGeoKey', 2049: 'GeogCitationGeoKey', 2050: 'GeogGeodeticDatumGeoKey',
  2051: 'GeogPrimeMeridianGeoKey', 2052: 'GeogLinearUnitsGeoKey', 2053: 'GeogLinearUnitSizeGeoKey',
  2054: 'GeogAngularUnitsGeoKey', 2055: 'GeogAngularUnitSizeGeoKey', 2056: 'GeogEllipsoidGeoKey',
  2057: 'GeogSemiMajorAxisGeoKey', 2058: 'GeogSemiMinorAxisGeoKey', 2059: 'GeogInvFlatteningGeoKey',
  2060: 'GeogAzimuthUnitsGeoKey', 2061: 'GeogPrimeMeridianLongGeoKey', 2062: 'GeogTOWGS84GeoKey',
  3072: 'ProjectedCSTypeGeoKey', 3073: 'PCSCitationGeoKey', 3074: 'ProjectionGeoKey',
  3075: 'ProjCoordTransGeoKey', 3076: 'ProjLinearUnitsGeoKey', 3077: 'ProjLinearUnitSizeGeoKey',
  3078: 'ProjStdParallel1GeoKey', 3079: 'ProjStdParallel2GeoKey', 3080: 'ProjNatOriginLongGeoKey',
  3081: 'ProjNatOriginLatGeoKey', 3082: 'ProjFalseEastingGeoKey', 3083: 'ProjFalseNorthingGeoKey',
  3084: 'ProjFalseOriginLongGeoKey', 3085: 'ProjFalseOriginLatGeoKey', 3086: 'ProjFalseOriginEastingGeoKey',
  3087: 'ProjFalseOriginNorthingGeoKey', 3088: 'ProjCenterLongGeoKey', 3089: 'ProjCenterLatGeoKey',
  3090: 'ProjCenterEastingGeoKey', 3091: 'ProjCenterNorthingGeoKey', 3092: 'ProjScaleAtNatOriginGeoKey',
  3093: 'ProjScaleAtCenterGeoKey', 3094: 'ProjAzimuthAngleGeoKey', 3095: 'ProjStraightVertPoleLongGeoKey',
  3096: 'ProjRectifiedGridAngleGeoKey',
  4096: 'VerticalCSTypeGeoKey', 4097: 'VerticalCitationGeoKey', 4098: 'VerticalDatumGeoKey', 4099: 'VerticalUnitsGeoKey',
  5120: 'CoordinateEpochGeoKey',
};

/** Human labels of the keys. */
// prettier-ignore
export const GEOKEY_LABELS: Record<string, string> = {
  GTModelTypeGeoKey: 'Model type', GTRasterTypeGeoKey: 'Raster type', GTCitationGeoKey: 'Citation',
  GeographicTypeGeoKey: 'Geographic CRS', GeogCitationGeoKey: 'Geographic citation', GeogGeodeticDatumGeoKey: 'Geodetic datum',
  GeogPrimeMeridianGeoKey: 'Prime meridian', GeogLinearUnitsGeoKey: 'Geographic linear units', GeogLinearUnitSizeGeoKey: 'Geographic linear unit size',
  GeogAngularUnitsGeoKey: 'Angular units', GeogAngularUnitSizeGeoKey: 'Angular unit size', GeogEllipsoidGeoKey: 'Ellipsoid',
  GeogSemiMajorAxisGeoKey: 'Semi-major axis', GeogSemiMinorAxisGeoKey: 'Semi-minor axis', GeogInvFlatteningGeoKey: 'Inverse flattening',
  GeogAzimuthUnitsGeoKey: 'Azimuth units', GeogPrimeMeridianLongGeoKey: 'Prime meridian longitude', GeogTOWGS84GeoKey: 'TOWGS84 parameters',
  ProjectedCSTypeGeoKey: 'Projected CRS', PCSCitationGeoKey: 'Projected CRS citation', ProjectionGeoKey: 'Projection',
  ProjCoordTransGeoKey: 'Coordinate transformation method', ProjLinearUnitsGeoKey: 'Linear units', ProjLinearUnitSizeGeoKey: 'Linear unit size',
  ProjStdParallel1GeoKey: 'Standard parallel 1', ProjStdParallel2GeoKey: 'Standard parallel 2', ProjNatOriginLongGeoKey: 'Natural origin longitude',
  ProjNatOriginLatGeoKey: 'Natural origin latitude', ProjFalseEastingGeoKey: 'False easting', ProjFalseNorthingGeoKey: 'False northing',
  ProjFalseOriginLongGeoKey: 'False origin longitude', ProjFalseOriginLatGeoKey: 'False origin latitude', ProjFalseOriginEastingGeoKey: 'False origin easting',
  ProjFalseOriginNorthingGeoKey: 'False origin northing', ProjCenterLongGeoKey: 'Centre longitude', ProjCenterLatGeoKey: 'Centre latitude',
  ProjCenterEastingGeoKey: 'Centre easting', ProjCenterNorthingGeoKey: 'Centre northing', ProjScaleAtNatOriginGeoKey: 'Scale at natural origin',
  ProjScaleAtCenterGeoKey: 'Scale at centre', ProjAzimuthAngleGeoKey: 'Azimuth angle', ProjStraightVertPoleLongGeoKey: 'Straight vertical pole longitude',
  ProjRectifiedGridAngleGeoKey: 'Rectified grid angle', VerticalCSTypeGeoKey: 'Vertical CRS', VerticalCitationGeoKey: 'Vertical citation',
  VerticalDatumGeoKey: 'Vertical datum', VerticalUnitsGeoKey: 'Vertical units', CoordinateEpochGeoKey: 'Coordinate epoch',
};

const MODEL_TYPES: Record<number, string> = { 1: 'Projected', 2: 'Geographic', 3: 'Geocentric' };
const RASTER_TYPES: Record<number, string> = { 1: 'PixelIsArea', 2: 'PixelIsPoint' };

/** EPSG unit-of-measure codes (GeoTIFF 1.1 §7.5 and the EPSG registry). */
// prettier-ignore
export const UNITS: Record<number, string> = {
  9001: 'metre', 9002: 'foot', 9003: 'US survey foot', 9004: 'foot (modified American)', 9005: 'Clarke\'s foot',
  9006: 'Indian foot', 9007: 'link', 9008: 'Benoit\'s link', 9009: 'Sears\' link', 9010: 'Benoit\'s chain',
  9011: 'Sears\' chain', 9012: 'Sears\' yard', 9013: 'Indian yard', 9014: 'fathom', 9015: 'nautical mile',
  9030: 'nautical mile', 9036: 'kilometre', 9093: 'statute mile', 9094: 'Gold Coast foot', 9096: 'yard',
  9101: 'radian', 9102: 'degree', 9103: 'arc-minute', 9104: 'arc-second', 9105: 'grad', 9106: 'gon',
  9107: 'degree minute second', 9108: 'degree minute second hemisphere', 9110: 'sexagesimal DMS', 9122: 'degree (supplier to define representation)',
};

/** Short unit symbols for the UI (resolution and bounding box units). */
// prettier-ignore
export const UNIT_SYMBOLS: Record<number, string> = {
  9001: 'm', 9002: 'ft', 9003: 'US ft', 9036: 'km', 9101: 'rad', 9102: '°', 9122: '°',
};

// prettier-ignore
const DATUMS: Record<number, string> = {
  6326: 'World Geodetic System 1984', 6322: 'World Geodetic System 1972', 6269: 'North American Datum 1983',
  6267: 'North American Datum 1927', 6258: 'European Terrestrial Reference System 1989', 6230: 'European Datum 1950',
  6277: 'Ordnance Survey of Great Britain 1936', 6283: 'Geocentric Datum of Australia 1994', 6167: 'New Zealand Geodetic Datum 2000',
  6019: 'Not specified (based on GRS 1980 ellipsoid)', 6030: 'Not specified (based on WGS 84 ellipsoid)', 6035: 'Not specified (based on Authalic Sphere)',
  6047: 'Not specified (based on GRS 1980 Authalic Sphere)', 6152: 'NAD83 (High Accuracy Reference Network)', 6612: 'Japanese Geodetic Datum 2000',
  6619: 'SWEREF99', 6314: 'Deutsches Hauptdreiecksnetz', 6275: 'Nouvelle Triangulation Francaise', 6171: 'Reseau Geodesique Francais 1993',
};
// prettier-ignore
const ELLIPSOIDS: Record<number, string> = {
  7030: 'WGS 84', 7019: 'GRS 1980', 7043: 'WGS 72', 7008: 'Clarke 1866', 7012: 'Clarke 1880 (RGS)', 7011: 'Clarke 1880 (IGN)',
  7022: 'International 1924', 7004: 'Bessel 1841', 7001: 'Airy 1830', 7024: 'Krassowsky 1940', 7035: 'Sphere',
  7047: 'GRS 1980 Authalic Sphere', 7059: 'Popular Visualisation Sphere', 7048: 'GRS 1980 Authalic Sphere',
};
// prettier-ignore
const PRIME_MERIDIANS: Record<number, string> = {
  8901: 'Greenwich', 8902: 'Lisbon', 8903: 'Paris', 8904: 'Bogota', 8905: 'Madrid', 8906: 'Rome', 8907: 'Bern',
  8908: 'Jakarta', 8909: 'Ferro', 8910: 'Brussels', 8911: 'Stockholm', 8912: 'Athens', 8913: 'Oslo',
};
/** ProjCoordTransGeoKey codes (GeoTIFF 1.0 §6.3.3.3). */
// prettier-ignore
const COORD_TRANS: Record<number, string> = {
  1: 'CT_TransverseMercator', 2: 'CT_TransvMercator_Modified_Alaska', 3: 'CT_ObliqueMercator', 4: 'CT_ObliqueMercator_Laborde',
  5: 'CT_ObliqueMercator_Rosenmund', 6: 'CT_ObliqueMercator_Spherical', 7: 'CT_Mercator', 8: 'CT_LambertConfConic_2SP',
  9: 'CT_LambertConfConic_Helmert', 10: 'CT_LambertAzimEqualArea', 11: 'CT_AlbersEqualArea', 12: 'CT_AzimuthalEquidistant',
  13: 'CT_EquidistantConic', 14: 'CT_Stereographic', 15: 'CT_PolarStereographic', 16: 'CT_ObliqueStereographic',
  17: 'CT_Equirectangular', 18: 'CT_CassiniSoldner', 19: 'CT_Gnomonic', 20: 'CT_MillerCylindrical', 21: 'CT_Orthographic',
  22: 'CT_Polyconic', 23: 'CT_Robinson', 24: 'CT_Sinusoidal', 25: 'CT_VanDerGrinten', 26: 'CT_NewZealandMapGrid',
  27: 'CT_TransvMercator_SouthOriented', 28: 'CT_CylindricalEqualArea',
};

/** ProjectionGeoKey names for the UTM conversions (EPSG 16001–16060 north, 16101–16160 south). */
function projectionName(code: number): string | undefined {
  if (code >= 16001 && code <= 16060) return `UTM zone ${code - 16000}N`;
  if (code >= 16101 && code <= 16160) return `UTM zone ${code - 16100}S`;
  return undefined;
}

/** Keys whose SHORT value is an EPSG CRS code (named through the EPSG table). */
export const CRS_KEYS = new Set(['GeographicTypeGeoKey', 'ProjectedCSTypeGeoKey', 'VerticalCSTypeGeoKey']);

/**
 * Name of a coded SHORT value of `keyName` from the built-in tables (CRS codes excluded: see
 * epsg.ts). 32767 is "user-defined" and 0 "undefined" for every coded key (GeoTIFF 1.1 §7.1).
 */
export function codeName(keyName: string, code: number): string | undefined {
  if (code === 32767) return 'user-defined';
  if (code === 0) return 'undefined';
  switch (keyName) {
    case 'GTModelTypeGeoKey':
      return MODEL_TYPES[code];
    case 'GTRasterTypeGeoKey':
      return RASTER_TYPES[code];
    case 'GeogLinearUnitsGeoKey':
    case 'GeogAngularUnitsGeoKey':
    case 'GeogAzimuthUnitsGeoKey':
    case 'ProjLinearUnitsGeoKey':
    case 'VerticalUnitsGeoKey':
      return UNITS[code];
    case 'GeogGeodeticDatumGeoKey':
    case 'VerticalDatumGeoKey':
      return DATUMS[code];
    case 'GeogEllipsoidGeoKey':
      return ELLIPSOIDS[code];
    case 'GeogPrimeMeridianGeoKey':
      return PRIME_MERIDIANS[code];
    case 'ProjCoordTransGeoKey':
      return COORD_TRANS[code];
    case 'ProjectionGeoKey':
      return projectionName(code);
    default:
      return undefined;
  }
}

/** Caps the number of keys parsed (a directory holds a few dozen at most). */
const MAX_KEYS = 1024;

/**
 * Parses the GeoKeyDirectory (SHORT array: header [version, revision, minor, count] then
 * [id, location, count, offset] per key) against GeoDoubleParams and GeoAsciiParams.
 * Never throws: out-of-range references become `problems` and a null value.
 */
export function parseGeoKeyDirectory(dir: ArrayLike<number>, doubles: ArrayLike<number> | undefined, ascii: string | undefined): GeoKeyDirectory {
  const problems: string[] = [];
  const out: GeoKeyDirectory = { version: dir[0] ?? 0, revision: `${dir[1] ?? 0}.${dir[2] ?? 0}`, keys: [], problems };
  let n = dir[3] ?? 0;
  if (4 + 4 * n > dir.length) {
    problems.push(`GeoKeyDirectory declares ${n} keys but holds only ${Math.max(0, Math.floor((dir.length - 4) / 4))}.`);
    n = Math.max(0, Math.floor((dir.length - 4) / 4));
  }
  if (n > MAX_KEYS) {
    problems.push(`GeoKeyDirectory declares ${n} keys; only the first ${MAX_KEYS} are read.`);
    n = MAX_KEYS;
  }
  for (let k = 0; k < n; k++) {
    const i = 4 + 4 * k;
    const id = dir[i];
    const location = dir[i + 1];
    const count = dir[i + 2];
    const offset = dir[i + 3];
    const name = GEOKEY_NAMES[id] ?? `GeoKey${id}`;
    let value: GeoKey['value'] = null;
    if (location === 0) {
      value = offset;
    } else if (location === 34736) {
      if (doubles && offset + count <= doubles.length) {
        const vals = Array.from({ length: count }, (_, j) => doubles[offset + j]);
        value = count === 1 ? vals[0] : vals;
      } else problems.push(`${name}: GeoDoubleParams[${offset}..${offset + count}] is out of range.`);
    } else if (location === 34737) {
      // libgeotiff 1.7 (geo_new.c, ReadKey) keeps what lies inside GeoAsciiParams when a key
      // runs past its end ("Truncating the value of the key"); the terminator may be missing.
      if (ascii !== undefined && offset + count <= ascii.length + 1) {
        value = ascii.substring(offset, offset + count).replace(/[|\0]+$/, '');
      } else if (ascii !== undefined && offset < ascii.length) {
        value = ascii.substring(offset).replace(/[|\0]+$/, '');
        problems.push(`${name}: GeoAsciiParams[${offset}..${offset + count}] runs past its ${ascii.length} characters; the value is cut there, as libgeotiff does.`);
      } else problems.push(`${name}: GeoAsciiParams[${offset}..${offset + count}] is out of range.`);
    } else if (location === 34735) {
      if (offset + count <= dir.length) {
        const vals = Array.from({ length: count }, (_, j) => dir[offset + j]);
        value = count === 1 ? vals[0] : vals;
      } else problems.push(`${name}: GeoKeyDirectory[${offset}..${offset + count}] is out of range.`);
    } else {
      problems.push(`${name}: value stored in unsupported tag ${location}.`);
    }
    out.keys.push({ id, name, location, count, value });
  }
  return out;
}

/** Looks a key up by name; returns its value or undefined. */
export function keyValue(dir: GeoKeyDirectory | null, name: string): GeoKey['value'] | undefined {
  return dir?.keys.find((k) => k.name === name)?.value ?? undefined;
}
