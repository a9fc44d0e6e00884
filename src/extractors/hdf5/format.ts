import type { FormatInfo } from '../format-info';

/** HDF5 and NetCDF-4 (an HDF5 file); no registered media types: their common x- names. */
export const format = {
  id: 'hdf5',
  label: 'HDF5 / NetCDF-4',
  version: '2',
  fileTypes: { 'application/x-hdf5': ['h5', 'hdf5', 'he5', 'hdf'], 'application/x-netcdf': ['nc', 'nc4'] },
} as const satisfies FormatInfo;
