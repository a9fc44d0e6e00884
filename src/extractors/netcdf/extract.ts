/**
 * Extractor of NetCDF classic-family files (CDF-1 classic, CDF-2 64-bit offset, CDF-5 64-bit
 * data): reads only the header (NetCDF Classic Format Specification, "netcdf_file = header data")
 * with our own reader, then presents it like every NetCDF variant (present.ts). NetCDF-4 files
 * are HDF5 and go to the hdf5 extractor, which also uses present.ts.
 */
import type { Extractor } from '../types';
import { throwIfAborted } from '../errors';
import { readClassicHeader } from './read';
import { classicModel } from './classic';
import { presentNetcdf } from './present';

export const extractor: Extractor = {
  async extract(source, ctx) {
    throwIfAborted(ctx.signal);
    const header = await readClassicHeader(source, ctx);
    const model = classicModel(header, source.size, ctx.warn);
    return presentNetcdf(model, ctx.options);
  },
};
