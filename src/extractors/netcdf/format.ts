import type { FormatInfo } from '../format-info';

/** NetCDF classic, 64-bit offset and CDF-5; no registered media type: its common x- name. */
export const format = {
  id: 'netcdf',
  label: 'NetCDF (classic)',
  version: '2',
  fileTypes: { 'application/x-netcdf': ['nc', 'cdf', 'nc3'] },
} as const satisfies FormatInfo;
