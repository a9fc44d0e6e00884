/**
 * A Takeout sidecar's facts shown in the record of the media file it describes (a `takeout`
 * group and summary fields, with the conflicts between the sidecar and the file), and the small
 * `takeout-sidecar` / `takeout-album` records of the JSON files themselves (browser-safe).
 */
import type { Field, FieldGroup, MetadataRecord } from '../extractors/types';
import { makeField } from '../extractors/fields';
import { emptyRecord } from '../extractors/empty-record';
import { describeRules, type MatchRule } from './match';
import type { AlbumFacts, SidecarFacts, TakeoutGeo, TakeoutTime } from './sidecar';
import { offsetText } from './write/tags';

/** Dates further apart than this are a conflict. */
const DATE_TOLERANCE_S = 60;
/** Positions further apart than this are a conflict. */
const DISTANCE_TOLERANCE_M = 100;

const timeField = (key: string, t: TakeoutTime | undefined, label: string, comment: string) => t && makeField(key, t.iso, { label, raw: t.timestamp, comment: `${comment}; Unix seconds in raw` });

function geoValue(g: TakeoutGeo | null): Field['value'] {
  return g === null ? null : { latitude: g.latitude, longitude: g.longitude, ...(g.altitude !== undefined ? { altitude: g.altitude } : {}) };
}

const summaryValue = (record: MetadataRecord, key: string) => record.summary.find((f) => f.key === key)?.value;

/**
 * The embedded date of a record, from its summary only (so a record whose groups are still text,
 * workers/record-text.ts, is not parsed): DateTimeOriginal (EXIF `YYYY:MM:DD HH:MM:SS` with
 * OffsetTimeOriginal when there is one, or the XMP-exif ISO 8601 form with its zone: photo/summary.ts),
 * else a video's Creation_time (QuickTime creation_time, UTC: media/present.ts).
 */
export function embeddedDate(record: MetadataRecord): { seconds: number; text: string; source: string; zoned: boolean } | undefined {
  const [key, offsetKey] =
    summaryValue(record, 'DateTimeOriginal') === undefined && summaryValue(record, 'CreateDate') !== undefined ? ['CreateDate', 'OffsetTimeDigitized'] : ['DateTimeOriginal', 'OffsetTimeOriginal'];
  const taken = summaryValue(record, key);
  const exif = typeof taken === 'string' ? /^(\d{4}):(\d\d):(\d\d) (\d\d):(\d\d):(\d\d)/u.exec(taken) : null;
  if (exif) {
    const off = summaryValue(record, offsetKey);
    const o = typeof off === 'string' ? /^([+-])(\d\d):(\d\d)$/u.exec(off) : null;
    const local = Date.UTC(+exif[1], +exif[2] - 1, +exif[3], +exif[4], +exif[5], +exif[6]) / 1000;
    const shift = o ? (o[1] === '-' ? -1 : 1) * (+o[2] * 3600 + +o[3] * 60) : 0;
    return { seconds: local - shift, text: String(taken) + (o ? String(off) : ''), source: `EXIF ${key}`, zoned: !!o };
  }
  const xmp = typeof taken === 'string' ? /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)?$/u.exec(taken) : null;
  if (xmp) {
    const zoned = xmp[7] !== undefined;
    const seconds = (zoned ? Date.parse(taken as string) : Date.UTC(+xmp[1], +xmp[2] - 1, +xmp[3], +xmp[4], +xmp[5], +(xmp[6] ?? 0))) / 1000;
    if (Number.isFinite(seconds)) return { seconds: Math.floor(seconds), text: String(taken), source: `XMP ${key}`, zoned };
  }
  const created = summaryValue(record, 'Creation_time');
  if (typeof created === 'string') {
    const ms = Date.parse(created);
    if (!Number.isNaN(ms)) return { seconds: ms / 1000, text: created, source: 'QuickTime creation_time', zoned: true };
  }
  return undefined;
}

/** The record's GPS position (its summary's GPSLatitude/GPSLongitude, from EXIF or XMP), in signed degrees. */
export function embeddedPosition(record: MetadataRecord): { lat: number; lon: number } | undefined {
  const v = (k: string) => record.summary.find((f) => f.key === k)?.value;
  const lat = v('GPSLatitude');
  const lon = v('GPSLongitude');
  return typeof lat === 'number' && typeof lon === 'number' ? { lat, lon } : undefined;
}

/** Great-circle distance in metres (haversine, mean Earth radius). */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function hm(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min ${String(s % 60).padStart(2, '0')} s`;
}

/**
 * The UTC offset (seconds) that a file date without a zone implies against the sidecar's UTC time,
 * when their difference is a whole number of quarter hours (every zone is) within ±14 h, to the
 * minute; undefined otherwise.
 */
function impliedOffset(diff: number): number | undefined {
  if (Math.abs(diff) > 14 * 3600 + DATE_TOLERANCE_S) return undefined;
  const quarter = Math.round(diff / 900) * 900;
  return Math.abs(diff - quarter) <= DATE_TOLERANCE_S ? quarter : undefined;
}

/**
 * What the file's own date says beside the sidecar's photoTakenTime: nothing when they agree to the
 * minute; the zone it implies when the file's date has no zone and differs by a whole zone offset
 * (a camera writes local time; Google gives UTC); else a `DateConflict`.
 */
function dateFields(record: MetadataRecord, facts: SidecarFacts): { conflict?: Field; zone?: Field } {
  const date = embeddedDate(record);
  if (!facts.photoTakenTime || !date) return {};
  const diff = date.seconds - facts.photoTakenTime.timestamp;
  if (Math.abs(diff) <= DATE_TOLERANCE_S) return {};
  const zone = date.zoned ? undefined : impliedOffset(diff);
  if (zone !== undefined)
    return {
      zone: makeField('ImpliedTimeZone', `UTC${offsetText(zone)}`, {
        label: 'Time zone of the file’s date',
        comment: `${date.source} ${date.text} has no zone; it is photoTakenTime ${facts.photoTakenTime.iso} at this offset`,
      }),
    };
  return {
    conflict: makeField('DateConflict', `${date.source} ${date.text} differs from photoTakenTime ${facts.photoTakenTime.iso} by ${hm(diff)}`, {
      label: 'Date conflict',
      raw: diff,
      comment: `${date.source} minus photoTakenTime, in seconds in raw`,
    }),
  };
}

/** The conflicts between the sidecar and the file's own metadata, as fields. */
export function conflicts(record: MetadataRecord, facts: SidecarFacts): Field[] {
  const out: Field[] = [];
  const { conflict } = dateFields(record, facts);
  if (conflict) out.push(conflict);
  const sidecarGeo = facts.geoData ?? facts.geoDataExif;
  const here = embeddedPosition(record);
  if (sidecarGeo && here) {
    const d = distanceM(here, { lat: sidecarGeo.latitude, lon: sidecarGeo.longitude });
    if (d > DISTANCE_TOLERANCE_M)
      out.push(makeField('PositionConflict', Math.round(d), { label: 'Position conflict', unit: 'm', comment: "distance between the file's GPS position and the sidecar's geoData" }));
  } else if (sidecarGeo && !here) {
    out.push(makeField('LocationOnlyInSidecar', true, { label: 'Location only in the sidecar', comment: 'the sidecar has geoData; the file has no GPS position' }));
  }
  return out;
}

/** What a sidecar adds to a file that lacks it: the facts the file's own metadata does not carry. */
export type TakeoutGain = 'date' | 'place' | 'people' | 'description';

/** People named in the file's XMP (`Iptc4xmpExt:PersonInImage`, IPTC Photo Metadata Standard 2019.1 §9.1.14), from its summary. */
export function embeddedPeople(record: MetadataRecord): string[] {
  const v = summaryValue(record, 'PersonInImage');
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}

/** The facts the sidecar has and the file lacks (`takeout/write` writes exactly these into a fixed copy). */
export function takeoutGains(record: MetadataRecord, facts: SidecarFacts): TakeoutGain[] {
  const out: TakeoutGain[] = [];
  if (facts.photoTakenTime && !embeddedDate(record)) out.push('date');
  if ((facts.geoData ?? facts.geoDataExif) && !embeddedPosition(record)) out.push('place');
  if (facts.people.length > 0 && embeddedPeople(record).length === 0) out.push('people');
  if (facts.description && record.summary.every((f) => f.key !== 'Description')) out.push('description');
  return out;
}

/** A `takeout` group and the summary fields that go with it. */
export interface TakeoutAnnotation {
  group: FieldGroup;
  summary: Field[];
}

/**
 * What a sidecar adds to a media file's record: the `takeout` group (the sidecar's facts, how it
 * matched, the album titles of the album folders holding the file or its copies, the conflicts
 * with the file's own metadata) and summary fields (TakeoutDate, TakeoutGPS, TakeoutConflicts,
 * TakeoutGains). Reads the record's summary only, never its groups.
 */
export function takeoutAnnotation(record: MetadataRecord, facts: SidecarFacts, sidecarPath: string, rules: MatchRule[], albums: string[] = []): TakeoutAnnotation {
  const fields: (Field | undefined)[] = [
    makeField('Sidecar', sidecarPath, { label: 'Sidecar' }),
    makeField('MatchRule', rules, { label: 'Matched by', comment: describeRules(rules) }),
    facts.title !== undefined ? makeField('title', facts.title, { label: 'Title' }) : undefined,
    facts.description !== undefined ? makeField('description', facts.description, { label: 'Description' }) : undefined,
    timeField('photoTakenTime', facts.photoTakenTime, 'Photo taken', 'photoTakenTime.timestamp, UTC'),
    timeField('creationTime', facts.creationTime, 'Uploaded', 'creationTime.timestamp, UTC'),
    facts.geoData !== undefined ? makeField('geoData', geoValue(facts.geoData), { label: 'Location', ...(facts.geoData === null ? { comment: '0/0 in the sidecar: no location' } : {}) }) : undefined,
    facts.geoDataExif !== undefined
      ? makeField('geoDataExif', geoValue(facts.geoDataExif), { label: 'Location (from EXIF)', ...(facts.geoDataExif === null ? { comment: '0/0 in the sidecar: no location' } : {}) })
      : undefined,
    facts.people.length > 0 ? makeField('people', facts.people, { label: 'People' }) : undefined,
    albums.length > 0 ? makeField('albums', albums, { label: 'Albums', comment: "the album folders' metadata.json titles" }) : undefined,
    facts.favorited !== undefined ? makeField('favorited', facts.favorited, { label: 'Favorite' }) : undefined,
    facts.url !== undefined ? makeField('url', facts.url, { label: 'URL' }) : undefined,
    facts.origin !== undefined ? makeField('googlePhotosOrigin', facts.origin, { label: 'Origin' }) : undefined,
    facts.appSource !== undefined ? makeField('appSource', facts.appSource, { label: 'App source' }) : undefined,
  ];
  const found = conflicts(record, facts);
  fields.push(dateFields(record, facts).zone);
  const group: FieldGroup = { id: 'takeout', label: 'Google Photos Takeout', fields: fields.filter((f): f is Field => !!f) };
  if (found.length > 0) group.children = [{ id: 'takeout-conflicts', label: `Conflicts (${found.length})`, fields: found }];
  const summary: Field[] = [];
  if (facts.photoTakenTime) summary.push(makeField('TakeoutDate', facts.photoTakenTime.iso, { label: 'Taken (Takeout)', comment: 'photoTakenTime, UTC' }));
  const g = facts.geoData ?? facts.geoDataExif;
  if (g) summary.push(makeField('TakeoutGPS', [g.latitude, g.longitude], { label: 'Position (Takeout)', unit: '°', comment: 'geoData: latitude, longitude' }));
  if (found.length > 0)
    summary.push(
      makeField(
        'TakeoutConflicts',
        found.map((f) => f.key),
        { label: 'Takeout conflicts' },
      ),
    );
  summary.push(makeField('TakeoutGains', takeoutGains(record, facts), { label: 'Takeout adds', comment: 'what the sidecar has and the file lacks; empty: already tagged' }));
  return { group, summary };
}

/** Adds `takeoutAnnotation`'s group and summary fields to `record`, in place. */
export function addTakeoutFacts(record: MetadataRecord, facts: SidecarFacts, sidecarPath: string, rules: MatchRule[], albums: string[] = []): void {
  addAnnotation(record, takeoutAnnotation(record, facts, sidecarPath, rules, albums));
}

/** The annotation of a media file of an export that no sidecar describes: the sidecar names tried. */
export function noSidecarAnnotation(tried: string[]): TakeoutAnnotation {
  return {
    group: {
      id: 'takeout',
      label: 'Google Photos Takeout',
      fields: [makeField('Sidecar', null, { label: 'Sidecar', comment: 'no sidecar found' }), makeField('Tried', tried, { label: 'Names tried' })],
    },
    summary: [makeField('TakeoutSidecar', 'none', { label: 'Takeout sidecar', comment: 'no JSON sidecar matches this file' })],
  };
}

/** Adds `noSidecarAnnotation` to `record`, in place. */
export function addNoSidecar(record: MetadataRecord, tried: string[]): void {
  addAnnotation(record, noSidecarAnnotation(tried));
}

function addAnnotation(record: MetadataRecord, { group, summary }: TakeoutAnnotation): void {
  record.groups.push(group);
  record.summary.push(...summary);
}

/**
 * Makes a sidecar JSON's own record (the one extraction gave: a JSON file no format claims) a
 * `takeout-sidecar` note: what it describes, or that it is an orphan, and its facts.
 */
export function asSidecarRecord(record: MetadataRecord, facts: SidecarFacts, describes: string[]): void {
  record.format = { id: 'takeout-sidecar', name: 'Google Photos Takeout sidecar' };
  record.errors = record.errors.filter((e) => e.code !== 'unsupported-format');
  record.summary = [
    makeField('Describes', describes, { label: 'Describes', ...(describes.length === 0 ? { comment: 'orphan: no media file of its folder matches' } : {}) }),
    ...(facts.title !== undefined ? [makeField('Title', facts.title, { label: 'Title' })] : []),
    ...(facts.photoTakenTime ? [makeField('TakeoutDate', facts.photoTakenTime.iso, { label: 'Taken (Takeout)', comment: 'photoTakenTime, UTC' })] : []),
  ];
  record.groups = sidecarGroups(facts, record.file);
}

/**
 * The groups of a `takeout-sidecar` record (asSidecarRecord) of the sidecar `file` with `facts`:
 * the `takeout` group a media file it describes gets, less the match and the conflicts (they need
 * the media file's record). Made again from the facts `sidecarFactsOf` reads back, they are the
 * record's groups as it was made: the page keeps a sidecar's facts, not its groups
 * (app/state/takeout-rows.svelte.ts).
 */
export function sidecarGroups(facts: SidecarFacts, file: MetadataRecord['file']): FieldGroup[] {
  // A record of nothing embedded: no conflicts.
  const { group } = takeoutAnnotation(emptyRecord(file), facts, file.path ?? file.name, []);
  return [{ id: group.id, label: group.label, fields: group.fields.filter((f) => f.key !== 'Sidecar' && f.key !== 'MatchRule') }];
}

/** Makes an album `metadata.json`'s record a `takeout-album` note. */
export function asAlbumRecord(record: MetadataRecord, facts: AlbumFacts, folder: string): void {
  record.format = { id: 'takeout-album', name: 'Google Photos Takeout album metadata' };
  record.errors = record.errors.filter((e) => e.code !== 'unsupported-format');
  record.summary = [
    makeField('Album', folder, { label: 'Album folder' }),
    ...(facts.title !== undefined ? [makeField('Title', facts.title, { label: 'Title' })] : []),
    ...(facts.description !== undefined ? [makeField('Description', facts.description, { label: 'Description' })] : []),
    ...(facts.date ? [makeField('Date', facts.date.iso, { label: 'Date', raw: facts.date.timestamp, comment: 'date.timestamp, UTC' })] : []),
  ];
  record.groups = [];
}

/**
 * The facts of a `takeout-sidecar` record, read back from its `takeout` group (as asSidecarRecord
 * wrote them), for the page to add to the media files it describes; undefined when the groups hold
 * no `takeout` group.
 */
export function sidecarFactsOf(groups: readonly FieldGroup[]): SidecarFacts | undefined {
  const group = groups.find((g) => g.id === 'takeout');
  if (!group) return undefined;
  const field = (key: string) => group.fields.find((f) => f.key === key);
  const text = (key: string) => {
    const v = field(key)?.value;
    return typeof v === 'string' ? v : undefined;
  };
  const time = (key: string): TakeoutTime | undefined => {
    const f = field(key);
    return f && typeof f.raw === 'number' && typeof f.value === 'string' ? { timestamp: f.raw, iso: f.value } : undefined;
  };
  const geo = (key: string): TakeoutGeo | null | undefined => {
    const f = field(key);
    if (!f) return undefined;
    if (f.value === null) return null;
    const g = f.value as { latitude?: unknown; longitude?: unknown; altitude?: unknown };
    if (typeof g !== 'object' || typeof g.latitude !== 'number' || typeof g.longitude !== 'number') return undefined;
    return { latitude: g.latitude, longitude: g.longitude, ...(typeof g.altitude === 'number' ? { altitude: g.altitude } : {}) };
  };
  const people = field('people')?.value;
  const favorited = field('favorited')?.value;
  const facts: SidecarFacts = { kind: 'media', people: Array.isArray(people) ? people.filter((p): p is string => typeof p === 'string') : [] };
  const set = <K extends keyof SidecarFacts>(k: K, v: SidecarFacts[K] | undefined) => {
    if (v !== undefined) facts[k] = v;
  };
  set('title', text('title'));
  set('description', text('description'));
  set('photoTakenTime', time('photoTakenTime'));
  set('creationTime', time('creationTime'));
  set('geoData', geo('geoData'));
  set('geoDataExif', geo('geoDataExif'));
  if (typeof favorited === 'boolean') facts.favorited = favorited;
  set('url', text('url'));
  set('origin', text('googlePhotosOrigin'));
  set('appSource', text('appSource'));
  return facts;
}
