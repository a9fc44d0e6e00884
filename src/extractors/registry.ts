/**
 * The formats MetaExtract knows, in priority order. Adding a format = one folder + one line here.
 * `load` is a dynamic import so each format's libraries (and WASM) load only when a file needs them;
 * its promise is kept (`once`), so the files after the first do not each go through `import()`.
 */
import type { RegistryEntry } from './types';
import { EXTRACTOR_VERSIONS } from './versions';
import { extensionsOf } from './file-types';
import { sniffFits } from './fits/sniff';
import { sniffDicom } from './dicom/sniff';
import { sniffNetcdfClassic } from './netcdf/sniff';
import { locateHdf5, sniffHdf5 } from './hdf5/sniff';
import { sniffGeotiff } from './geotiff/sniff';
import { JPEG_TAIL_BYTES, sniffPhoto } from './photo/sniff';

/** `load` called once: later calls share its promise, except after a failure (a chunk that did not load is tried again). */
function once(load: RegistryEntry['load']): RegistryEntry['load'] {
  let loading: ReturnType<RegistryEntry['load']> | undefined;
  return () => {
    loading ??= load().catch((e: unknown) => {
      loading = undefined;
      throw e;
    });
    return loading;
  };
}

export const registry: readonly RegistryEntry[] = [
  { id: 'fits', label: 'FITS', version: EXTRACTOR_VERSIONS.fits, extensions: extensionsOf('fits'), sniff: sniffFits, load: once(() => import('./fits/extract').then((m) => m.extractor)) },
  { id: 'dicom', label: 'DICOM', version: EXTRACTOR_VERSIONS.dicom, extensions: extensionsOf('dicom'), sniff: sniffDicom, load: once(() => import('./dicom/extract').then((m) => m.extractor)) },
  { id: 'netcdf', label: 'NetCDF (classic)', version: EXTRACTOR_VERSIONS.netcdf, extensions: extensionsOf('netcdf'), sniff: sniffNetcdfClassic, load: once(() => import('./netcdf/extract').then((m) => m.extractor)) },
  { id: 'hdf5', label: 'HDF5 / NetCDF-4', version: EXTRACTOR_VERSIONS.hdf5, extensions: extensionsOf('hdf5'), sniff: sniffHdf5, locate: async (source, from, signal) => (await locateHdf5(source, from, signal)) >= 0, load: once(() => import('./hdf5/extract').then((m) => m.extractor)) },
  { id: 'geotiff', label: 'GeoTIFF', version: EXTRACTOR_VERSIONS.geotiff, extensions: extensionsOf('geotiff'), sniff: sniffGeotiff, load: once(() => import('./geotiff/extract').then((m) => m.extractor)) },
  { id: 'photo', label: 'Photo', version: EXTRACTOR_VERSIONS.photo, extensions: extensionsOf('photo'), sniff: sniffPhoto, tail: { extensions: ['jpg', 'jpeg'], bytes: JPEG_TAIL_BYTES }, load: once(() => import('./photo/extract').then((m) => m.extractor)) },
];
