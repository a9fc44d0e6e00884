/**
 * What a fixed copy of a Takeout media file gets, read from its annotated record (annotate.ts
 * `addTakeoutFacts`): the sidecar's facts the file lacks (`TakeoutGains`), where the copy goes, and
 * how the tags travel: embedded in JPEG, PNG and WebP (`write/embed.ts`), in an XMP sidecar
 * (`name.ext.xmp`) beside an unmodified copy for every other kind (HEIC, RAW, videos). Browser-safe, pure.
 */
import type { MetadataRecord } from '../extractors/types';
import { findGroup } from '../extractors/fields';
import { sidecarFactsOf, type TakeoutGain } from './annotate';
import { folderKey, splitPath } from './match';
import type { FixTags } from './write/tags';

/** How the tags reach the copy: embedded in its container, or an XMP sidecar beside it. */
type FixKind = 'jpeg' | 'png' | 'webp' | 'sidecar';

export interface FixPlan {
  /** The file's path in the list (a ZIP entry's is `<archive>/<entry path>`). */
  path: string;
  /** The copy's path under the destination folder: the path from the export's `Takeout` folder on (match.ts `folderKey`). */
  target: string;
  kind: FixKind;
  /** The file is a video (QuickTime/MP4): dates and places go in QuickTime tags for exiftool. */
  video: boolean;
  /** Only what the file lacks. */
  tags: FixTags;
  gains: TakeoutGain[];
}

const EMBEDDED: Record<string, FixKind> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/** The copy's path for a listed path: from its `Takeout` folder on, else as listed. */
function targetPath(path: string): string {
  const { folder, name } = splitPath(path);
  const key = folderKey(folder);
  return key ? `${key}/${name}` : name;
}

/**
 * The fix of a media file's record, or undefined when it has no sidecar or gains nothing from it
 * (already tagged: it carries the date, place, people and description the sidecar has).
 */
export function fixPlanOf(record: MetadataRecord): FixPlan | undefined {
  const gainsField = record.summary.find((f) => f.key === 'TakeoutGains')?.value;
  const gains = Array.isArray(gainsField) ? (gainsField.filter((g) => typeof g === 'string') as TakeoutGain[]) : [];
  const facts = sidecarFactsOf(record.groups);
  if (!facts || gains.length === 0) return undefined;
  const tags: FixTags = { people: [], albums: [] };
  const geo = facts.geoData ?? facts.geoDataExif;
  if (gains.includes('date') && facts.photoTakenTime) tags.taken = { utcSeconds: facts.photoTakenTime.timestamp };
  if (gains.includes('place') && geo) tags.gps = { latitude: geo.latitude, longitude: geo.longitude, ...(geo.altitude !== undefined ? { altitude: geo.altitude } : {}) };
  if (gains.includes('people')) tags.people = facts.people;
  if (gains.includes('description') && facts.description) tags.description = facts.description;
  const albums = findGroup(record.groups, 'takeout')?.fields.find((f) => f.key === 'albums')?.value;
  if (Array.isArray(albums)) tags.albums = albums.map(String);
  const mime = record.summary.find((f) => f.key === 'MIMEType')?.value;
  const path = record.file.path ?? record.file.name;
  return {
    path,
    target: targetPath(path),
    kind: (record.format.id === 'photo' && typeof mime === 'string' && EMBEDDED[mime]) || 'sidecar',
    video: record.format.id === 'media',
    tags,
    gains,
  };
}
