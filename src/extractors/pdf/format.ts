import type { FormatInfo } from '../format-info';

/** PDF (ISO 32000-1, ISO 32000-2), media type application/pdf (RFC 8118). */
export const format = {
  id: 'pdf',
  label: 'PDF',
  version: '3',
  fileTypes: { 'application/pdf': ['pdf'] },
} as const satisfies FormatInfo;
