/**
 * Corpus facts of an audio / video record, in ffprobe's terms (`ffprobe -show_format
 * -show_streams`), read off the groups present.ts writes: `format_name`, `duration`, `nb_streams`,
 * `streams[]` ({index, type, codec, width, height, fps, rotation, attached_pic, sample_rate,
 * channels}: the keys ffprobe gives for that kind of stream) and the file-level `tags` the
 * manifest tracks.
 *
 * Normalizations, each as ffprobe prints it:
 * - `rotation`: ffprobe's display-matrix rotation is counter-clockwise, MediaInfo's `Rotation`
 *   clockwise, so the sign flips; absent when 0.
 * - `location`: ISO 6709 as ffprobe's mov demuxer prints it, `%+08.4f%+09.4f` then `%+f` for an
 *   altitude, then `/`.
 * - Ogg: ffprobe gives Vorbis comments as tags of the logical stream, not of the file (RFC 3533
 *   §4: the comment header belongs to each logical bitstream), so no file `tags`.
 */
import type { Field, FieldGroup, MetadataRecord } from '../../extractors/types';
import { parseLocation } from '../../extractors/media/present';

type Facts = Record<string, unknown>;

/** File-level tags the corpus manifest compares. */
const TAGS = ['title', 'artist', 'album', 'date', 'track', 'genre', 'comment', 'creation_time', 'location', 'make', 'model', 'encoder'];

const value = (g: FieldGroup | undefined, key: string): Field['value'] | undefined => g?.fields.find((f) => f.key === key)?.value;

function fixed(n: number, digits: number, width: number): string {
  const body = Math.abs(n)
    .toFixed(digits)
    .padStart(width - 1, '0');
  return `${n < 0 ? '-' : '+'}${body}`;
}

/** ffprobe's form of an ISO 6709 location. */
function ffprobeLocation(text: string): string {
  const p = parseLocation(text);
  if (!p) return text;
  return `${fixed(p.lat, 4, 8)}${fixed(p.lon, 4, 9)}${p.alt !== undefined ? fixed(p.alt, 6, 0) : ''}/`;
}

function streamFacts(g: FieldGroup, index: number): Facts {
  const type = value(g, 'codec_type');
  const out: Facts = { index, type, codec: value(g, 'codec_name') };
  if (type === 'video') {
    out.width = value(g, 'Width');
    out.height = value(g, 'Height');
    if (value(g, 'attached_pic') === true) out.attached_pic = true;
    else {
      out.fps = value(g, 'fps');
      const rotation = value(g, 'Rotation');
      if (typeof rotation === 'number' && rotation !== 0) out.rotation = rotation > 180 ? 360 - rotation : -rotation;
    }
  } else if (type === 'audio') {
    out.sample_rate = value(g, 'sample_rate');
    out.channels = value(g, 'Channels');
  }
  return out;
}

/** The corpus facts of a media record. */
export function corpusFacts(record: MetadataRecord): Facts {
  const general = record.groups.find((g) => g.id === 'general');
  const facts: Facts = { format_name: value(general, 'format_name'), duration: value(general, 'duration'), nb_streams: value(general, 'nb_streams') };
  const streams = record.groups.filter((g) => g.id.startsWith('stream:'));
  facts.streams = streams.map((g) => streamFacts(g, Number(g.id.slice('stream:'.length))));
  const tagGroup = record.groups.find((g) => g.id === 'tags');
  const tags: Facts = {};
  for (const key of TAGS) {
    const v = value(tagGroup, key);
    if (typeof v === 'string') tags[key] = key === 'location' ? ffprobeLocation(v) : v;
  }
  if (Object.keys(tags).length > 0 && facts.format_name !== 'ogg') facts.tags = tags;
  return facts;
}
