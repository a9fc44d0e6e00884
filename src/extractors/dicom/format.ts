import type { FormatInfo } from '../format-info';

/** DICOM (PS3.10 files and raw data sets); media type application/dicom (RFC 3240). */
export const format = {
  id: 'dicom',
  label: 'DICOM',
  version: '2',
  fileTypes: { 'application/dicom': ['dcm', 'dicom', 'dic'] },
} as const satisfies FormatInfo;
