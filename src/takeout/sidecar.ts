/**
 * Google Photos Takeout JSON sidecars read into facts (browser-safe). Field names are Google's,
 * as they appear in the exported JSON: `title`, `description`, `photoTakenTime.timestamp`,
 * `creationTime.timestamp` (Unix seconds, as strings), `geoData` and `geoDataExif` (`latitude`,
 * `longitude`, `altitude`; 0/0 when there is no location), `people[].name`, `favorited`, `url`,
 * `googlePhotosOrigin`, `appSource.androidPackageName`; an album's `metadata.json` has `title`,
 * `description` and `date.timestamp`.
 */

/** Largest sidecar read: real ones are a few KiB. */
export const MAX_SIDECAR_BYTES = 1024 * 1024;

export type SidecarErrorCode = 'too-large' | 'not-json' | 'not-sidecar';

export class SidecarError extends Error {
  constructor(
    readonly code: SidecarErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SidecarError';
  }
}

export interface TakeoutTime {
  /** Unix seconds, as Google gives them. */
  timestamp: number;
  /** The same instant, UTC ISO 8601. */
  iso: string;
}

export interface TakeoutGeo {
  latitude: number;
  longitude: number;
  altitude?: number;
}

export interface SidecarFacts {
  kind: 'media';
  title?: string;
  description?: string;
  photoTakenTime?: TakeoutTime;
  creationTime?: TakeoutTime;
  /** null: the sidecar says 0/0, i.e. no location. */
  geoData?: TakeoutGeo | null;
  geoDataExif?: TakeoutGeo | null;
  people: string[];
  favorited?: boolean;
  url?: string;
  /** `googlePhotosOrigin`, e.g. `mobileUpload (ANDROID_PHONE)`. */
  origin?: string;
  /** `appSource.androidPackageName`. */
  appSource?: string;
}

export interface AlbumFacts {
  kind: 'album';
  title?: string;
  description?: string;
  date?: TakeoutTime;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function time(v: unknown): TakeoutTime | undefined {
  const raw = obj(v)?.timestamp;
  const n = typeof raw === 'string' && /^-?\d+$/u.test(raw.trim()) ? Number(raw) : typeof raw === 'number' ? raw : NaN;
  if (!Number.isFinite(n)) return undefined;
  const d = new Date(n * 1000);
  return Number.isNaN(d.getTime()) ? undefined : { timestamp: n, iso: d.toISOString().replace('.000Z', 'Z') };
}

function geo(v: unknown): TakeoutGeo | null | undefined {
  const g = obj(v);
  if (!g) return undefined;
  const { latitude, longitude, altitude } = g;
  if (typeof latitude !== 'number' || typeof longitude !== 'number') return undefined;
  if (latitude === 0 && longitude === 0) return null;
  return { latitude, longitude, ...(typeof altitude === 'number' ? { altitude } : {}) };
}

function origin(v: unknown): string | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const [key] = Object.keys(o);
  if (key === undefined) return undefined;
  const inner = obj(o[key]);
  const detail = inner && Object.values(inner).find((x) => typeof x === 'string');
  return detail ? `${key} (${detail})` : key;
}

function parseJson(input: string | Uint8Array): Json {
  const bytes = typeof input === 'string' ? input.length : input.byteLength;
  if (bytes > MAX_SIDECAR_BYTES) throw new SidecarError('too-large', `The sidecar is larger than ${MAX_SIDECAR_BYTES} bytes.`);
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input);
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/u, ''));
  } catch (e) {
    throw new SidecarError('not-json', `Not JSON: ${(e as Error).message}`);
  }
  const o = obj(value);
  if (!o) throw new SidecarError('not-sidecar', 'Not a Takeout sidecar: the JSON is not an object.');
  return o;
}

/**
 * The facts of a media file's sidecar.
 * @throws SidecarError: `too-large` past 1 MiB, `not-json`, `not-sidecar` (no Takeout field)
 */
export function parseSidecar(input: string | Uint8Array): SidecarFacts {
  const j = parseJson(input);
  if (!('title' in j || 'photoTakenTime' in j || 'creationTime' in j || 'geoData' in j)) {
    throw new SidecarError('not-sidecar', 'Not a Takeout sidecar: none of title, photoTakenTime, creationTime, geoData.');
  }
  const facts: SidecarFacts = { kind: 'media', people: [] };
  const set = <K extends keyof SidecarFacts>(k: K, v: SidecarFacts[K] | undefined) => {
    if (v !== undefined) facts[k] = v;
  };
  set('title', str(j.title));
  set('description', str(j.description) || undefined);
  set('photoTakenTime', time(j.photoTakenTime));
  set('creationTime', time(j.creationTime));
  set('geoData', geo(j.geoData));
  set('geoDataExif', geo(j.geoDataExif));
  if (Array.isArray(j.people)) facts.people = j.people.map((p) => str(obj(p)?.name)).filter((n): n is string => !!n);
  if (typeof j.favorited === 'boolean') facts.favorited = j.favorited;
  set('url', str(j.url));
  set('origin', origin(j.googlePhotosOrigin));
  set('appSource', str(obj(j.appSource)?.androidPackageName));
  return facts;
}

/**
 * The facts of an album's `metadata.json`.
 * @throws SidecarError as parseSidecar
 */
export function parseAlbumMetadata(input: string | Uint8Array): AlbumFacts {
  const j = parseJson(input);
  if (!('title' in j)) throw new SidecarError('not-sidecar', 'Not a Takeout album metadata.json: no title.');
  const facts: AlbumFacts = { kind: 'album' };
  const title = str(j.title);
  if (title !== undefined) facts.title = title;
  const description = str(j.description);
  if (description) facts.description = description;
  const date = time(j.date);
  if (date) facts.date = date;
  return facts;
}
