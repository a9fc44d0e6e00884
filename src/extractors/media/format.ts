import type { FormatInfo } from '../format-info';

/** Audio and video containers read with MediaInfoLib (mediainfo.js); media types as registered (IANA) or their common x- names. */
export const format = {
  id: 'media',
  label: 'Audio / video',
  version: '2',
  fileTypes: {
    'video/mp4': ['mp4', 'm4v'],
    'video/quicktime': ['mov'],
    'audio/mp4': ['m4a'],
    'video/x-matroska': ['mkv'],
    'video/webm': ['webm'],
    'audio/ogg': ['ogg', 'oga', 'opus'],
    'video/ogg': ['ogv'],
    'audio/mpeg': ['mp3'],
    'audio/flac': ['flac'],
    'audio/wav': ['wav'],
    'audio/aiff': ['aif', 'aiff'],
    'video/mp2t': ['ts', 'm2ts', 'mts'],
    'video/mpeg': ['mpg', 'mpeg', 'vob'],
    'video/x-msvideo': ['avi'],
  },
} as const satisfies FormatInfo;
