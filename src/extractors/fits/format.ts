import type { FormatInfo } from '../format-info';

/** FITS (FITS Standard 4.0); media type application/fits (RFC 4047). */
export const format = {
  id: 'fits',
  label: 'FITS',
  version: '2',
  fileTypes: { 'application/fits': ['fits', 'fit', 'fts', 'fz'] },
} as const satisfies FormatInfo;
