/**
 * The formats MetaExtract reads, in priority order: each format's plain data (formats.ts) joined
 * with its code, a sniffer loaded eagerly (small, no libraries) and an extractor loaded on first
 * use. `CODE` is keyed by format id, so a format added to formats.ts is a type error here until its
 * code is named. `load` is a dynamic import so each format's libraries (and WASM) load only when a
 * file needs them; its promise is kept (`once`), so the files after the first do not each go
 * through `import()`.
 */
import type { Extractor, RegistryEntry } from './types';
import { FORMATS, type FormatId } from './formats';
import { extensionsOf } from './file-types';
import { sniffFits } from './fits/sniff';
import { sniffDicom } from './dicom/sniff';
import { sniffNetcdfClassic } from './netcdf/sniff';
import { locateHdf5, sniffHdf5 } from './hdf5/sniff';
import { sniffRaw } from './raw/sniff';
import { sniffGeotiff } from './geotiff/sniff';
import { sniffPhoto } from './photo/sniff';
import { sniffMedia } from './media/sniff';
import { sniffPdf } from './pdf/sniff';

type FormatCode = Pick<RegistryEntry, 'sniff' | 'locate'> & { load(): Promise<{ extractor: Extractor }> };

const CODE: Record<FormatId, FormatCode> = {
  fits: { sniff: sniffFits, load: () => import('./fits/extract') },
  dicom: { sniff: sniffDicom, load: () => import('./dicom/extract') },
  netcdf: { sniff: sniffNetcdfClassic, load: () => import('./netcdf/extract') },
  hdf5: { sniff: sniffHdf5, locate: async (source, from, signal) => (await locateHdf5(source, from, signal)) >= 0, load: () => import('./hdf5/extract') },
  raw: { sniff: sniffRaw, load: () => import('./raw/extract') },
  geotiff: { sniff: sniffGeotiff, load: () => import('./geotiff/extract') },
  photo: { sniff: sniffPhoto, load: () => import('./photo/extract') },
  media: { sniff: sniffMedia, load: () => import('./media/extract') },
  pdf: { sniff: sniffPdf, load: () => import('./pdf/extract') },
};

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

export const registry: readonly RegistryEntry[] = FORMATS.map((format): RegistryEntry => {
  const { sniff, locate, load } = CODE[format.id];
  return { ...format, extensions: extensionsOf(format), sniff, ...(locate ? { locate } : {}), load: once(() => load().then((m) => m.extractor)) };
});
