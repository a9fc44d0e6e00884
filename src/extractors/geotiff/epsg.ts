/**
 * EPSG CRS names and the CRS identification of a GeoKey directory. Names come from
 * `epsg-names.json` (derived from the `epsg-index` package by scripts/build-epsg-names.ts, ~310 KB),
 * loaded lazily on the first lookup so it is fetched only when a georeferenced file needs it.
 */
import { keyValue, type GeoKeyDirectory } from './geokeys';

let table: Promise<Record<string, string>> | null = null;

/** The EPSG code → CRS name table, loaded once (its own lazy chunk in the app). */
export function loadEpsgNames(): Promise<Record<string, string>> {
  table ??= import('./epsg-names.json').then((m) => (m.default ?? m) as unknown as Record<string, string>);
  return table;
}

/** Name of an EPSG CRS code (`32633` → "WGS 84 / UTM zone 33N"), or undefined when unknown. */
export async function epsgName(code: number): Promise<string | undefined> {
  const names = await loadEpsgNames();
  return Object.hasOwn(names, code) ? names[code] : undefined;
}

/** The CRS as GDAL would identify it from the keys: EPSG code (or null) and where it came from. */
export interface CrsInfo {
  /** EPSG code, or null for a user-defined / unidentified CRS. */
  epsg: number | null;
  /** The GeoKey that gave the code, or the rule used. */
  source: string | null;
  /** 'projected' | 'geographic' | 'geocentric' | null. */
  kind: string | null;
  /** Citation text to show when there is no EPSG code. */
  citation: string | null;
}

const isEpsg = (v: unknown): v is number => typeof v === 'number' && v > 0 && v < 32767;

/**
 * Identifies the CRS: ProjectedCSTypeGeoKey when it is an EPSG code; else GeographicTypeGeoKey for
 * a geographic model; else a UTM ProjectionGeoKey (160zz/161zz) on WGS 84 (→ 326zz/327zz) or NAD83
 * (→ 269zz). 32767 (user-defined) gives null with the citation (GeoTIFF 1.1 §7.5).
 */
export function identifyCrs(dir: GeoKeyDirectory | null): CrsInfo {
  const model = keyValue(dir, 'GTModelTypeGeoKey');
  const pcs = keyValue(dir, 'ProjectedCSTypeGeoKey');
  const gcs = keyValue(dir, 'GeographicTypeGeoKey');
  const proj = keyValue(dir, 'ProjectionGeoKey');
  const citation = [keyValue(dir, 'PCSCitationGeoKey'), keyValue(dir, 'GTCitationGeoKey'), keyValue(dir, 'GeogCitationGeoKey')].find((c): c is string => typeof c === 'string' && c.length > 0) ?? null;
  const kind = model === 1 ? 'projected' : model === 2 ? 'geographic' : model === 3 ? 'geocentric' : pcs !== undefined ? 'projected' : gcs !== undefined ? 'geographic' : null;
  if (kind === 'projected' || (model === undefined && pcs !== undefined)) {
    if (isEpsg(pcs)) return { epsg: pcs, source: 'ProjectedCSTypeGeoKey', kind: 'projected', citation };
    if (typeof proj === 'number' && (gcs === 4326 || gcs === 4269)) {
      const north = proj >= 16001 && proj <= 16060;
      const south = proj >= 16101 && proj <= 16160;
      const zone = north ? proj - 16000 : south ? proj - 16100 : 0;
      if (zone && gcs === 4326) return { epsg: (north ? 32600 : 32700) + zone, source: 'ProjectionGeoKey (UTM on WGS 84)', kind: 'projected', citation };
      if (zone && north && gcs === 4269 && zone <= 23) return { epsg: 26900 + zone, source: 'ProjectionGeoKey (UTM on NAD83)', kind: 'projected', citation };
    }
    return { epsg: null, source: null, kind: 'projected', citation };
  }
  if (kind === 'geographic') {
    if (isEpsg(gcs)) return { epsg: gcs, source: 'GeographicTypeGeoKey', kind, citation };
    return { epsg: null, source: null, kind, citation };
  }
  return { epsg: null, source: null, kind, citation };
}
