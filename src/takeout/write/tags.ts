/**
 * What a fixed copy of a Takeout media file gains: the facts of its Google Photos sidecar
 * (src/takeout/sidecar.ts reads them) and the albums it is in, as the writers take them.
 */
import { WriteError } from './errors';

export interface FixTags {
  /**
   * When the photo was taken: `utcSeconds` is the sidecar's `photoTakenTime.timestamp` (Unix
   * seconds, UTC); `offsetSeconds` the local time's offset from UTC in seconds, east positive
   * (e.g. the zone implied by the file's own date, annotate.ts `ImpliedTimeZone`), a whole number
   * of minutes within ±14 h; without it the time is written as UTC.
   */
  taken?: { utcSeconds: number; offsetSeconds?: number };
  /**
   * Where: the sidecar's `geoData` (or `geoDataExif`), WGS 84 decimal degrees (south and west
   * negative) and `altitude` in metres above sea level (negative below). Google's 0/0 means "no
   * location": leave `gps` out then.
   */
  gps?: { latitude: number; longitude: number; altitude?: number };
  /** The sidecar's `people[].name`: persons shown (XMP Iptc4xmpExt:PersonInImage). */
  people: string[];
  /** The sidecar's `description` (XMP dc:description). */
  description?: string;
  /** The sidecar's `title` (XMP dc:title); Google puts the file name there, so callers may leave it out. */
  title?: string;
  /** Titles of the albums (album `metadata.json` `title`, or the folder name) holding the file (XMP dc:subject). */
  albums: string[];
}

/** A date and time as its local wall-clock parts, and its offset from UTC. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Seconds east of UTC; undefined when the zone is unknown (the parts are then UTC). */
  offsetSeconds?: number;
}

const MAX_OFFSET_S = 14 * 3600;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Checks that `tags` can be written.
 * @throws WriteError `bad-tags`: a non-integer or out-of-range time (years 1–9999), an offset not a
 *   whole number of minutes within ±14 h, a latitude outside ±90 or longitude outside ±180, a
 *   non-finite altitude or one past 4,294,967 m (an EXIF RATIONAL in millimetres)
 */
export function checkTags(tags: FixTags): void {
  const bad = (what: string) => {
    throw new WriteError('bad-tags', `Cannot write ${what}.`);
  };
  if (tags.taken) {
    const { utcSeconds, offsetSeconds = 0 } = tags.taken;
    if (!Number.isSafeInteger(offsetSeconds) || offsetSeconds % 60 !== 0 || Math.abs(offsetSeconds) > MAX_OFFSET_S) bad(`the UTC offset ${offsetSeconds} s (a whole number of minutes within ±14 h)`);
    const year = Number.isSafeInteger(utcSeconds) ? new Date((utcSeconds + offsetSeconds) * 1000).getUTCFullYear() : NaN;
    if (!(year >= 1 && year <= 9999)) bad(`the time ${utcSeconds} (whole Unix seconds in years 1–9999)`);
  }
  if (tags.gps) {
    const { latitude, longitude, altitude } = tags.gps;
    if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180)) bad(`the position ${latitude}, ${longitude}`);
    if (altitude !== undefined && !(Math.abs(altitude) < 4_294_967)) bad(`the altitude ${altitude} m`);
  }
}

/** The wall-clock time of `taken` at its offset (UTC when none). Call checkTags first. */
export function localTime(taken: NonNullable<FixTags['taken']>): LocalTime {
  const d = new Date((taken.utcSeconds + (taken.offsetSeconds ?? 0)) * 1000);
  const parts = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
  return taken.offsetSeconds === undefined ? parts : { ...parts, offsetSeconds: taken.offsetSeconds };
}

/** `+01:00` for 3600 s, `-03:30` for -12600 s (EXIF 2.32 OffsetTime form; also XMP's zone form). */
export function offsetText(seconds: number): string {
  const a = Math.abs(seconds);
  return `${seconds < 0 ? '-' : '+'}${pad(Math.floor(a / 3600))}:${pad(Math.floor((a % 3600) / 60))}`;
}

/** `YYYY:MM:DD HH:MM:SS` (EXIF 2.32 DateTimeOriginal, 19 characters + NUL). */
export function exifDateTime(t: LocalTime): string {
  return `${pad(t.year, 4)}:${pad(t.month)}:${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

/** `YYYY-MM-DDThh:mm:ss` and the zone, `Z` when the offset is unknown (the Date value type of XMP Part 1, a subset of ISO 8601). */
export function xmpDateTime(t: LocalTime): string {
  const zone = t.offsetSeconds === undefined ? 'Z' : offsetText(t.offsetSeconds);
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${zone}`;
}

/**
 * Degrees, minutes and seconds of |`decimal`| in millionths of a second, so that rounding never
 * gives 60 seconds or 60 minutes.
 */
export function dms(decimal: number): { degrees: number; minutes: number; microSeconds: number } {
  const total = Math.round(Math.abs(decimal) * 3600e6);
  const degrees = Math.floor(total / 3600e6);
  const rest = total - degrees * 3600e6;
  const minutes = Math.floor(rest / 60e6);
  return { degrees, minutes, microSeconds: rest - minutes * 60e6 };
}
