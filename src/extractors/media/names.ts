/**
 * Names: MediaInfoLib's format names (MediaInfo's "Format" field, its docs' Format list) mapped to
 * the names people search for ("H.264 / AVC") and to ffprobe's codec and demuxer ids (`h264`,
 * `mov,mp4,m4a,3gp,3g2,mj2`), which the record keeps too so a file can be compared with ffprobe.
 */
import type { MediaTrack } from './read';

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** MediaInfo Format → [common name, ffprobe codec_name]. */
// prettier-ignore
const CODECS: Record<string, [string, string]> = {
  AVC: ['H.264 / AVC', 'h264'], HEVC: ['H.265 / HEVC', 'hevc'], AV1: ['AV1', 'av1'], VP8: ['VP8', 'vp8'], VP9: ['VP9', 'vp9'],
  'MPEG-4 Visual': ['MPEG-4 Part 2', 'mpeg4'], ProRes: ['Apple ProRes', 'prores'], Theora: ['Theora', 'theora'], 'VC-1': ['VC-1', 'vc1'],
  JPEG: ['JPEG', 'mjpeg'], PNG: ['PNG', 'png'], GIF: ['GIF', 'gif'], WebP: ['WebP', 'webp'], 'H.263': ['H.263', 'h263'], DV: ['DV', 'dvvideo'], FFV1: ['FFV1', 'ffv1'],
  AAC: ['AAC', 'aac'], Opus: ['Opus', 'opus'], Vorbis: ['Vorbis', 'vorbis'], FLAC: ['FLAC', 'flac'], 'AC-3': ['Dolby Digital (AC-3)', 'ac3'],
  'E-AC-3': ['Dolby Digital Plus (E-AC-3)', 'eac3'], DTS: ['DTS', 'dts'], ALAC: ['Apple Lossless (ALAC)', 'alac'], MLP: ['Dolby TrueHD', 'truehd'],
  'MLP FBA': ['Dolby TrueHD', 'truehd'], Speex: ['Speex', 'speex'], AMR: ['AMR', 'amr_nb'], WMA: ['WMA', 'wmav2'], 'AC-4': ['Dolby AC-4', 'ac4'],
  'UTF-8': ['SubRip text', 'subrip'], ASS: ['ASS', 'ass'], SSA: ['SSA', 'ssa'], 'Timed Text': ['MPEG-4 Timed Text', 'mov_text'], PGS: ['PGS', 'hdmv_pgs_subtitle'],
  VobSub: ['VobSub', 'dvd_subtitle'], 'DVB Subtitle': ['DVB subtitles', 'dvb_subtitle'], WebVTT: ['WebVTT', 'webvtt'], 'EIA-608': ['CEA-608 captions', 'eia_608'],
};

/** Common name and ffprobe codec id of a stream (MPEG audio and video by version/layer, PCM by depth, sign and byte order). */
export function codecOf(t: MediaTrack): { name: string; id: string } {
  const format = str(t.Format);
  if (format === 'MPEG Audio') {
    const layer = /Layer (\d)/.exec(str(t.Format_Profile))?.[1] ?? '3';
    return { name: layer === '3' ? 'MP3' : `MPEG audio layer ${layer}`, id: `mp${layer}` };
  }
  if (format === 'MPEG Video') {
    const v = str(t.Format_Version).includes('1') ? '1' : '2';
    return { name: `MPEG-${v} video`, id: `mpeg${v}video` };
  }
  if (format === 'PCM') {
    const depth = Number(str(t.BitDepth)) || 16;
    const sign = depth === 8 ? 'u' : str(t.Format_Settings_Sign) === 'Unsigned' ? 'u' : 's';
    const endian = depth === 8 ? '' : str(t.Format_Settings_Endianness) === 'Big' ? 'be' : 'le';
    const float = str(t.Format_Settings_Sign) === 'Float' || str(t.Format_Profile) === 'Float';
    return { name: `PCM ${depth}-bit`, id: float ? `pcm_f${depth}${endian}` : `pcm_${sign}${depth}${endian}` };
  }
  const known = CODECS[format];
  if (known) return { name: known[0], id: known[1] };
  return { name: format || 'unknown', id: format.toLowerCase().replace(/[^a-z0-9]+/g, '_') || 'unknown' };
}

/** MediaInfo General Format → ffprobe's demuxer names (format_name). */
// prettier-ignore
const CONTAINERS: Record<string, string> = {
  'MPEG-4': 'mov,mp4,m4a,3gp,3g2,mj2', QuickTime: 'mov,mp4,m4a,3gp,3g2,mj2', Matroska: 'matroska,webm', WebM: 'matroska,webm', Ogg: 'ogg',
  FLAC: 'flac', Wave: 'wav', 'Wave64': 'w64', AIFF: 'aiff', 'MPEG-TS': 'mpegts', 'BDAV': 'mpegts', 'MPEG-PS': 'mpeg', AVI: 'avi', ADTS: 'aac',
  'AC-3': 'ac3', 'E-AC-3': 'eac3', DTS: 'dts', 'Windows Media': 'asf', 'Flash Video': 'flv', 'CAF': 'caf', AMR: 'amr', 'Monkey\'s Audio': 'ape', WavPack: 'wv',
};

/** ffprobe's format_name for a General track (MPEG audio files: mp3 for layer III, else mp2). */
export function containerId(general: MediaTrack, firstAudio?: MediaTrack): string {
  const format = str(general.Format);
  if (format === 'MPEG Audio') return firstAudio && !/Layer 3/.test(str(firstAudio.Format_Profile)) ? 'mp2' : 'mp3';
  return CONTAINERS[format] ?? format.toLowerCase();
}

/** A display name for the file ("MPEG-4 (QuickTime)", "Matroska (WebM)", "MP3"). */
export function containerName(general: MediaTrack): string {
  const format = str(general.Format);
  const profile = str(general.Format_Profile);
  if (format === 'MPEG Audio') return 'MP3 / MPEG audio';
  if (format === 'MPEG-4') return profile === 'QuickTime' ? 'QuickTime movie' : profile ? `MPEG-4 (${profile})` : 'MPEG-4';
  return format || 'Audio / video';
}
