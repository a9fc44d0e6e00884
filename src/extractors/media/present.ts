/**
 * Turns MediaInfoLib's tracks (read.ts) into the record: a summary, a `general` group, one
 * `stream:N` group per stream (N = the stream's index as ffprobe counts them: container order,
 * cover pictures last), `chapters` (MediaInfo's Menu track) and `tags`.
 *
 * Keys: MediaInfo's field names (MediaInfo docs, "Fields" list: Format, Width, SamplingRate…), plus
 * ffprobe's names where the record offers a normalized value (`format_name`, `duration`,
 * `nb_streams`, `codec_name`, `codec_type`, `attached_pic`, and the tags `title`, `artist`,
 * `album`, `date`, `track`, `genre`, `comment`, `creation_time`, `location`, `make`, `model`,
 * `encoder`), read back by src/testing/facts/media.ts. A recorded location (QuickTime `©xyz`,
 * ISO 6709) is also in the summary as `GPSLatitude`, `GPSLongitude`, `GPSAltitude`, the keys of a
 * photo's position.
 */
import type { ExtractorOutput, Field, FieldGroup } from '../types';
import { makeField } from '../fields';
import type { MediaModel, MediaTrack } from './read';
import { codecOf, containerId, containerName } from './names';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
const extra = (t: MediaTrack, k: string): string | undefined => str((t.extra as Record<string, unknown> | undefined)?.[k]);

/** Stream kinds as ffprobe's codec_type names them. */
const KINDS: Record<string, string> = { Video: 'video', Audio: 'audio', Text: 'subtitle', Image: 'video' };

/** A position parsed from MediaInfo's Recorded_Location ("48.858398°N 2.294495°E 10.000m") or an ISO 6709 string ("+48.8584+002.2945+10.0/"). */
export interface GeoPosition {
  lat: number;
  lon: number;
  alt?: number;
}

/** Parses the first position of a location string (ISO 6709 Annex H, or MediaInfo's degrees form). */
export function parseLocation(text: string): GeoPosition | undefined {
  const iso = /^([+-]\d{1,2}(?:\.\d+)?)([+-]\d{1,3}(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?/.exec(text.trim());
  if (iso) {
    const p: GeoPosition = { lat: Number(iso[1]), lon: Number(iso[2]) };
    if (iso[3] !== undefined) p.alt = Number(iso[3]);
    return Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180 ? p : undefined;
  }
  const deg = /^(\d+(?:\.\d+)?)°([NS])\s+(\d+(?:\.\d+)?)°([EW])(?:\s+(-?\d+(?:\.\d+)?)m)?/.exec(text.trim());
  if (!deg) return undefined;
  const p: GeoPosition = { lat: Number(deg[1]) * (deg[2] === 'S' ? -1 : 1), lon: Number(deg[3]) * (deg[4] === 'W' ? -1 : 1) };
  if (deg[5] !== undefined) p.alt = Number(deg[5]);
  return Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180 ? p : undefined;
}

/** MediaInfo's "YYYY-MM-DD hh:mm:ss UTC" as ISO 8601 (ffprobe's creation_time form, microseconds included). */
function isoTime(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(?: UTC|Z)?$/.exec(text);
  return m ? `${m[1]}T${m[2]}${(m[3] ?? '.000000').padEnd(7, '0').slice(0, 7)}Z` : text;
}

/** ffprobe's stream order: by StreamOrder when MediaInfo gives it, else MediaInfo's order; cover pictures last. */
function orderStreams(tracks: MediaTrack[]): MediaTrack[] {
  const streams = tracks.filter((t) => t['@type'] in KINDS);
  const pos = (t: MediaTrack) => (t['@type'] === 'Image' ? 1e9 : (num(String(t.StreamOrder ?? '').split('-')[0]) ?? 1e8));
  return streams
    .map((t, i) => ({ t, i }))
    .sort((a, b) => pos(a.t) - pos(b.t) || a.i - b.i)
    .map((x) => x.t);
}

/** The tags ffprobe shows at the file level, by its names, from MediaInfo's General fields (and its `extra` for QuickTime `mdta` keys). */
function tagsOf(g: MediaTrack, model: MediaModel): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  const add = (key: string, value: string | undefined, from: string) => {
    if (value !== undefined && !out.some(([k]) => k === key)) out.push([key, value, from]);
  };
  add('title', str(g.Title) ?? str(g.Movie), 'Title');
  add('artist', str(g.Performer), 'Performer');
  add('album_artist', str(g.Album_Performer), 'Album_Performer');
  add('album', str(g.Album), 'Album');
  add('date', str(g.Recorded_Date), 'Recorded_Date');
  const pos = str(g.Track_Position);
  if (pos) add('track', str(g.Track_Position_Total) ? `${pos}/${str(g.Track_Position_Total)}` : pos, 'Track_Position/Track_Position_Total');
  add('genre', str(g.Genre), 'Genre');
  add('comment', str(g.Comment), 'Comment');
  add('composer', str(g.Composer), 'Composer');
  add('copyright', str(g.Copyright), 'Copyright');
  add('description', str(g.Description), 'Description');
  add('creation_time', extra(g, 'creation_time') ?? extra(g, 'com_apple_quicktime_creationdate'), 'extra');
  const encoded = str(g.Encoded_Date);
  if (encoded) add('creation_time', isoTime(encoded), 'Encoded_Date');
  const location = str(g.Recorded_Location) ?? extra(g, 'location') ?? extra(g, 'com_apple_quicktime_location_ISO6709');
  add('location', location, 'Recorded_Location');
  add('make', extra(g, 'make') ?? extra(g, 'com_apple_quicktime_make') ?? str(g.Encoded_Hardware_CompanyName), 'make');
  add('model', extra(g, 'model') ?? extra(g, 'com_apple_quicktime_model') ?? str(g.Encoded_Hardware_Name) ?? str(g.Encoded_Hardware_Model), 'model');
  add('encoder', extra(g, 'encoder') ?? model.id3?.TSSE ?? str(g.Encoded_Application) ?? str(g.Encoded_Library), 'Encoded_Application');
  return out;
}

/** Fields of MediaInfo's General track shown as they are (after the normalized ones). */
const GENERAL_FIELDS: Array<[string, string, string?]> = [
  ['Format', 'Container'],
  ['Format_Profile', 'Container profile'],
  ['CodecID', 'Brand / codec ID'],
  ['CodecID_Compatible', 'Compatible brands'],
  ['Format_Version', 'Container version'],
  ['OverallBitRate', 'Overall bit rate', 'b/s'],
  ['OverallBitRate_Mode', 'Overall bit rate mode'],
  ['FrameRate', 'Frame rate', 'fps'],
  ['IsStreamable', 'Streamable (index first)'],
  ['Cover', 'Cover art'],
  ['Cover_Mime', 'Cover type'],
  ['Encoded_Date', 'Encoded date'],
  ['Tagged_Date', 'Tagged date'],
];

/** Fields of a stream shown as MediaInfo names them, with labels and units. */
const STREAM_FIELDS: Array<[string, string, string?]> = [
  ['Format', 'Format (MediaInfo)'],
  ['Format_Profile', 'Profile'],
  ['Format_Level', 'Level'],
  ['Format_Tier', 'Tier'],
  ['CodecID', 'Codec ID'],
  ['Width', 'Width', 'px'],
  ['Height', 'Height', 'px'],
  ['DisplayAspectRatio', 'Display aspect ratio'],
  ['PixelAspectRatio', 'Pixel aspect ratio'],
  ['FrameRate', 'Frame rate', 'fps'],
  ['FrameRate_Mode', 'Frame rate mode'],
  ['FrameCount', 'Frames'],
  ['ScanType', 'Scan type'],
  ['BitDepth', 'Bit depth', 'bits'],
  ['ColorSpace', 'Colour space'],
  ['ChromaSubsampling', 'Chroma subsampling'],
  ['HDR_Format', 'HDR format'],
  ['HDR_Format_Compatibility', 'HDR compatibility'],
  ['colour_range', 'Colour range'],
  ['colour_primaries', 'Colour primaries'],
  ['transfer_characteristics', 'Transfer characteristics'],
  ['matrix_coefficients', 'Matrix coefficients'],
  ['MasteringDisplay_ColorPrimaries', 'Mastering display primaries'],
  ['MasteringDisplay_Luminance', 'Mastering display luminance'],
  ['MaxCLL', 'MaxCLL'],
  ['MaxFALL', 'MaxFALL'],
  ['Rotation', 'Rotation', '°'],
  ['SamplingRate', 'Sample rate', 'Hz'],
  ['Channels', 'Channels'],
  ['ChannelLayout', 'Channel layout'],
  ['SamplesPerFrame', 'Samples per frame'],
  ['Compression_Mode', 'Compression'],
  ['BitRate', 'Bit rate', 'b/s'],
  ['BitRate_Mode', 'Bit rate mode'],
  ['Duration', 'Duration', 's'],
  ['Language', 'Language'],
  ['Title', 'Title'],
  ['Default', 'Default'],
  ['Forced', 'Forced'],
  ['Encoded_Library', 'Encoder'],
  ['MuxingMode', 'Muxing mode'],
  ['StreamSize', 'Stream size', 'bytes'],
];

function pick(t: MediaTrack, list: Array<[string, string, string?]>): Field[] {
  const out: Field[] = [];
  for (const [key, label, unit] of list) {
    const v = t[key];
    if (v === undefined || v === null || v === '') continue;
    const n = typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) && key !== 'Format_Level' && key !== 'Format_Version' ? Number(v) : v;
    out.push(makeField(key, n, unit ? { label, unit } : { label }));
  }
  return out;
}

/** Frame rate from its exact fraction when MediaInfo gives one. */
function frameRate(t: MediaTrack): number | undefined {
  const n = num(t.FrameRate_Num);
  const d = num(t.FrameRate_Den);
  return n !== undefined && d ? n / d : num(t.FrameRate);
}

interface StreamInfo {
  index: number;
  type: string;
  codec: { name: string; id: string };
  track: MediaTrack;
}

function streamGroup(s: StreamInfo): FieldGroup {
  const t = s.track;
  const fields: Field[] = [
    makeField('codec_type', s.type, { label: 'Type', comment: 'as ffprobe names it' }),
    makeField('codec', s.codec.name, { label: 'Codec' }),
    makeField('codec_name', s.codec.id, { label: 'Codec (ffprobe id)' }),
  ];
  if (t['@type'] === 'Image') fields.push(makeField('attached_pic', true, { label: 'Attached picture (cover art)' }));
  if (s.type === 'video' && t['@type'] !== 'Image') {
    const fps = frameRate(t);
    if (fps !== undefined) fields.push(makeField('fps', Math.round(fps * 1e6) / 1e6, { label: 'Frame rate (exact)', unit: 'fps' }));
    const dar = num(t.DisplayAspectRatio);
    if (dar) fields.push(makeField('display_aspect_ratio', aspectName(dar), { label: 'Display aspect ratio', comment: 'as ffprobe names it' }));
  }
  if (t.Format === 'Opus') {
    // RFC 7845 §5.1: Opus decodes at 48 kHz; the header's input sample rate is informational only.
    fields.push(makeField('sample_rate', 48000, { label: 'Sample rate (decoded)', unit: 'Hz', comment: 'Opus always decodes at 48 kHz (RFC 7845 §5.1)' }));
  } else if (num(t.SamplingRate) !== undefined) fields.push(makeField('sample_rate', num(t.SamplingRate), { label: 'Sample rate', unit: 'Hz' }));
  fields.push(...pick(t, STREAM_FIELDS));
  if (t.Format === 'Opus' && num(t.SamplingRate) !== 48000) {
    const f = fields.find((x) => x.key === 'SamplingRate');
    if (f) f.label = 'Input sample rate (header)';
  }
  const label = `${s.index}: ${s.type === 'video' && t['@type'] === 'Image' ? 'cover picture' : s.type} — ${s.codec.name}`;
  return { id: `stream:${s.index}`, label, fields };
}

/** The Menu track's chapters (MediaInfo puts them in `extra`, keyed by start time `_HH_MM_SS_mmm`). */
function chapters(tracks: MediaTrack[]): Field[] {
  const out: Field[] = [];
  for (const t of tracks.filter((x) => x['@type'] === 'Menu')) {
    const ex = (t.extra ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(ex)) {
      const m = /^_(\d+)_(\d{2})_(\d{2})_(\d{3})$/.exec(k);
      if (m) out.push(makeField(`${m[1]}:${m[2]}:${m[3]}.${m[4]}`, str(v) ?? '', { label: `${m[1]}:${m[2]}:${m[3]}.${m[4]}` }));
    }
  }
  return out;
}

/** Common display aspect ratios (width:height), matched within 0.01. */
// prettier-ignore
const ASPECTS: Array<[number, string]> = [[16 / 9, '16:9'], [4 / 3, '4:3'], [1, '1:1'], [3 / 2, '3:2'], [5 / 4, '5:4'], [16 / 10, '16:10'], [21 / 9, '21:9'], [1.85, '1.85:1'], [2.35, '2.35:1'], [2.39, '2.39:1'], [9 / 16, '9:16'], [3 / 4, '3:4']];

/** A display aspect ratio by its common name ("16:9"), else "N:1". */
function aspectName(ratio: number): string {
  return ASPECTS.find(([r]) => Math.abs(r - ratio) < 0.01)?.[1] ?? `${Math.round(ratio * 1000) / 1000}:1`;
}

/**
 * MediaInfo's General track with an ISO BMFF file's Format made "MPEG-4": MediaInfoLib names the
 * container after a major brand it does not know (`iso6`, `dash`: ISO/IEC 14496-12 §4.3), which
 * is still an ISO BMFF file; the brand stays as the profile.
 */
function normalizeGeneral(model: MediaModel): MediaTrack {
  const g = model.tracks.find((t) => t['@type'] === 'General')!;
  const format = str(g.Format);
  if (model.moovSize === undefined || format === 'MPEG-4' || format === 'QuickTime') return g;
  return { ...g, Format: 'MPEG-4', Format_Profile: str(g.Format_Profile) ?? format };
}

/** A stream track without the fields MediaInfo sums over what it read (duration, frame count, stream size). */
function withoutPartialCounts(t: MediaTrack): MediaTrack {
  const out: MediaTrack = { ...t };
  for (const k of ['Duration', 'FrameCount', 'StreamSize']) delete out[k];
  return out;
}

/** Builds the media record from `model`. Never throws. */
export function presentMedia(model: MediaModel): Pick<ExtractorOutput, 'format' | 'summary' | 'groups'> {
  // A fragmented MP4 whose moof walk was cut by the budget: MediaInfo's durations, frame counts and
  // stream sizes sum only the fragments it read (shorter than `mehd`'s whole duration, which is then taken).
  const fragmentDuration = model.cut ? model.fragmented?.duration : undefined;
  const mediaInfoDuration = num(model.tracks.find((t) => t['@type'] === 'General')?.Duration) ?? 0;
  const mehd = fragmentDuration !== undefined && mediaInfoDuration < fragmentDuration * 0.99 ? fragmentDuration : undefined;
  const tracks = mehd === undefined ? model.tracks : model.tracks.map((t) => (t['@type'] === 'General' ? t : withoutPartialCounts(t)));
  let general = normalizeGeneral(model);
  if (mehd !== undefined && num(general.FileSize)) general = { ...general, OverallBitRate: String(Math.round((num(general.FileSize)! * 8) / mehd)) };
  const ordered = orderStreams(tracks);
  const streams: StreamInfo[] = ordered.map((t, index) => ({ index, type: KINDS[t['@type']], codec: codecOf(t), track: t }));
  const firstAudio = ordered.find((t) => t['@type'] === 'Audio');
  const formatName = containerId(general, firstAudio);
  const x = model.mpegAudioFrames;
  const duration = x && x.sampleRate ? x.frames * (x.samplesPerFrame / x.sampleRate) : (mehd ?? num(general.Duration));
  const durationFrom = x
    ? 'frames of the Xing/Info header × samples per frame ÷ sample rate'
    : mehd !== undefined
      ? 'mvex/mehd fragment duration ÷ mvhd timescale (ISO/IEC 14496-12 §8.8.2)'
      : model.fragmented && model.cut
        ? 'MediaInfo General Duration: the fragments read within the budget only (no mehd box), may be short'
        : 'MediaInfo General Duration';
  const tags = tagsOf(general, model);
  const position = tags.find(([k]) => k === 'location');
  const gps = position ? parseLocation(position[1]) : undefined;

  const generalFields: Field[] = [makeField('format_name', formatName, { label: 'Container (ffprobe id)' })];
  if (duration !== undefined) {
    generalFields.push(
      makeField('duration', Math.round(duration * 1e6) / 1e6, {
        label: 'Duration',
        unit: 's',
        comment: durationFrom,
      }),
    );
  }
  generalFields.push(makeField('nb_streams', streams.length, { label: 'Streams', comment: 'video, audio, subtitle and cover pictures, as ffprobe counts them' }));
  generalFields.push(makeField('size', num(general.FileSize) ?? 0, { label: 'File size', unit: 'bytes' }));
  if (model.fragmented) generalFields.push(makeField('fragmented', true, { label: 'Fragmented', comment: 'moov has mvex: the samples are in moof/mdat pairs (ISO/IEC 14496-12 §8.8)' }));
  generalFields.push(...pick(general, GENERAL_FIELDS));
  generalFields.push(makeField('MediaInfoLib', model.library, { label: 'Read with MediaInfoLib', comment: `${model.fed} bytes given to it (budget ${model.budget})` }));

  const name = `${containerName(general)}${model.fragmented ? ', fragmented' : ''}`;
  const summary: Field[] = [makeField('Container', name, { label: 'Container', comment: formatName })];
  if (duration !== undefined) summary.push(makeField('Duration', Math.round(duration * 1000) / 1000, { label: 'Duration', unit: 's' }));
  const video = streams.find((s) => s.type === 'video' && s.track['@type'] !== 'Image');
  const audio = streams.find((s) => s.type === 'audio');
  if (video) {
    const t = video.track;
    summary.push(makeField('VideoCodec', [video.codec.name, str(t.Format_Profile)].filter(Boolean).join(' '), { label: 'Video codec', comment: video.codec.id }));
    if (num(t.Width) && num(t.Height)) summary.push(makeField('ImageSize', `${num(t.Width)} × ${num(t.Height)}`, { label: 'Frame size', unit: 'px' }));
    const fps = frameRate(t);
    if (fps !== undefined) summary.push(makeField('FrameRate', Math.round(fps * 1000) / 1000, { label: 'Frame rate', unit: 'fps' }));
    const dar = num(t.DisplayAspectRatio);
    if (dar) summary.push(makeField('DisplayAspectRatio', aspectName(dar), { label: 'Display aspect ratio', comment: String(dar) }));
    if (num(t.BitDepth)) summary.push(makeField('VideoBitDepth', num(t.BitDepth), { label: 'Video bit depth', unit: 'bits' }));
    const colour = [str(t.colour_primaries), str(t.transfer_characteristics), str(t.matrix_coefficients)];
    if (colour.some(Boolean))
      summary.push(makeField('Colour', colour.map((c) => c ?? '?').join(' / '), { label: 'Colour (primaries / transfer / matrix)', comment: 'ITU-T H.273 code points as MediaInfo names them' }));
    const hdr = str(t.HDR_Format) ?? (/PQ|HLG/.test(str(t.transfer_characteristics) ?? '') ? str(t.transfer_characteristics) : undefined);
    if (hdr) summary.push(makeField('HDR', hdr, { label: 'HDR' }));
    if (num(t.BitRate)) summary.push(makeField('VideoBitRate', num(t.BitRate), { label: 'Video bit rate', unit: 'b/s' }));
    if (num(t.Rotation)) summary.push(makeField('Rotation', num(t.Rotation), { label: 'Rotation', unit: '°', comment: 'clockwise, to display' }));
  }
  if (audio) {
    const t = audio.track;
    summary.push(makeField('AudioCodec', audio.codec.name, { label: 'Audio codec', comment: audio.codec.id }));
    const rate = t.Format === 'Opus' ? 48000 : num(t.SamplingRate);
    if (rate) summary.push(makeField('SampleRate', rate, { label: 'Sample rate', unit: 'Hz' }));
    if (num(t.Channels)) summary.push(makeField('Channels', num(t.Channels), { label: 'Channels' }));
    if (num(t.BitDepth)) summary.push(makeField('BitDepth', num(t.BitDepth), { label: 'Bit depth', unit: 'bits' }));
    if (num(t.BitRate)) summary.push(makeField('AudioBitRate', num(t.BitRate), { label: 'Audio bit rate', unit: 'b/s' }));
  }
  const languages = [...new Set(streams.filter((s) => s.type !== 'video').map((s) => str(s.track.Language)))].filter((l): l is string => l !== undefined);
  if (languages.length > 0) summary.push(makeField('Languages', languages.join(', '), { label: 'Languages (audio, subtitles)' }));
  if (num(general.OverallBitRate)) summary.push(makeField('OverallBitRate', num(general.OverallBitRate), { label: 'Overall bit rate', unit: 'b/s' }));
  summary.push(makeField('Streams', streams.length, { label: 'Streams' }));
  for (const [k, label] of [
    ['title', 'Title'],
    ['artist', 'Artist'],
    ['album', 'Album'],
    ['creation_time', 'Created'],
    ['make', 'Camera make'],
    ['model', 'Camera model'],
  ]) {
    const tag = tags.find(([key]) => key === k);
    if (tag) summary.push(makeField(k === 'make' ? 'Make' : k === 'model' ? 'Model' : k[0].toUpperCase() + k.slice(1), tag[1], { label }));
  }
  if (str(general.Cover) === 'Yes' || ordered.some((t) => t['@type'] === 'Image')) summary.push(makeField('CoverArt', true, { label: 'Cover art' }));
  if (gps) {
    summary.push(makeField('GPSLatitude', gps.lat, { label: 'Latitude', unit: '°', comment: 'recorded location (ISO 6709); signed (south negative)' }));
    summary.push(makeField('GPSLongitude', gps.lon, { label: 'Longitude', unit: '°', comment: 'recorded location (ISO 6709); signed (west negative)' }));
    if (gps.alt !== undefined) summary.push(makeField('GPSAltitude', gps.alt, { label: 'Altitude', unit: 'm', comment: 'recorded location (ISO 6709)' }));
  }

  const groups: FieldGroup[] = [{ id: 'general', label: 'General', fields: generalFields }, ...streams.map(streamGroup)];
  const chapterFields = chapters(tracks);
  if (chapterFields.length > 0) groups.push({ id: 'chapters', label: `Chapters (${chapterFields.length})`, fields: chapterFields });
  const tagFields = tags.map(([k, v, from]) => makeField(k, v, { label: k, comment: `MediaInfo ${from}` }));
  for (const [k, v] of Object.entries((general.extra ?? {}) as Record<string, unknown>)) {
    if (!tags.some(([, , from]) => from === k) && str(v) !== undefined && !['creation_time', 'make', 'model', 'encoder', 'location'].includes(k) && !/_Precision_M(in|ax)$/.test(k))
      tagFields.push(makeField(k, str(v), { label: k, comment: 'MediaInfo extra' }));
  }
  if (tagFields.length > 0) groups.push({ id: 'tags', label: 'Tags', fields: tagFields });

  const format: ExtractorOutput['format'] = { id: 'media', name };
  return { format, summary, groups };
}
