/**
 * The merged table of an export: one row per media file, the sidecar's facts beside what the file
 * itself says, for CSV and JSON export (browser-safe, pure). Read from the annotated records
 * (annotate.ts): the `takeout` group and the summary.
 */
import type { MetadataRecord } from '../extractors/types';
import { findGroup } from '../extractors/fields';
import { embeddedDate, embeddedPosition } from './annotate';

export interface TakeoutRow {
  path: string;
  /** The sidecar's path; '' when none matched. */
  sidecar: string;
  /** The naming rules that matched, or the names tried when none did. */
  matchedBy: string;
  /** photoTakenTime, UTC ISO 8601. */
  taken: string;
  /** The file's own date as written, and where it is from (`EXIF DateTimeOriginal 2019:06:01 12:10:10`). */
  fileDate: string;
  /** The sidecar's position, signed degrees; '' when none (Google's 0/0). */
  latitude: number | '';
  longitude: number | '';
  altitude: number | '';
  fileLatitude: number | '';
  fileLongitude: number | '';
  people: string;
  description: string;
  albums: string;
  favorited: boolean | '';
  url: string;
  /** The conflicts' keys (DateConflict, PositionConflict, LocationOnlyInSidecar). */
  conflicts: string;
  /** What a fixed copy gains (date, place, people, description). */
  gains: string;
}

/** The columns in order. */
export const TAKEOUT_COLUMNS: readonly (keyof TakeoutRow)[] = [
  'path',
  'sidecar',
  'matchedBy',
  'taken',
  'fileDate',
  'latitude',
  'longitude',
  'altitude',
  'fileLatitude',
  'fileLongitude',
  'people',
  'description',
  'albums',
  'favorited',
  'url',
  'conflicts',
  'gains',
];

const list = (v: unknown) => (Array.isArray(v) ? v.map(String).join('; ') : typeof v === 'string' ? v : '');

/** The row of a media file of an export (one with a `takeout` group), else undefined. */
export function takeoutRow(record: MetadataRecord): TakeoutRow | undefined {
  const group = record.format.id.startsWith('takeout-') ? undefined : findGroup(record.groups, 'takeout');
  if (!group) return undefined;
  const field = (key: string) => group.fields.find((f) => f.key === key);
  const geo = (field('geoData')?.value ?? field('geoDataExif')?.value) as { latitude?: number; longitude?: number; altitude?: number } | null | undefined;
  const date = embeddedDate(record);
  const here = embeddedPosition(record);
  const summary = (key: string) => record.summary.find((f) => f.key === key)?.value;
  const sidecar = field('Sidecar')?.value;
  return {
    path: record.file.path ?? record.file.name,
    sidecar: typeof sidecar === 'string' ? sidecar : '',
    matchedBy: sidecar ? list(field('MatchRule')?.value) : `none; tried ${list(field('Tried')?.value)}`,
    taken: list(field('photoTakenTime')?.value),
    fileDate: date ? `${date.source} ${date.text}` : '',
    latitude: geo?.latitude ?? '',
    longitude: geo?.longitude ?? '',
    altitude: geo?.altitude ?? '',
    fileLatitude: here?.lat ?? '',
    fileLongitude: here?.lon ?? '',
    people: list(field('people')?.value),
    description: list(field('description')?.value),
    albums: list(field('albums')?.value),
    favorited: typeof field('favorited')?.value === 'boolean' ? (field('favorited')!.value as boolean) : '',
    url: list(field('url')?.value),
    conflicts: list(summary('TakeoutConflicts')),
    gains: list(summary('TakeoutGains')),
  };
}
