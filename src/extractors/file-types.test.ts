import { describe, expect, it } from 'vitest';
import { manifestAccept } from './file-types';
import { registry } from './registry';

describe('file types', () => {
  it('the manifest offers every extension the registry knows, once per media type', () => {
    const accept = manifestAccept();
    const offered = new Set(Object.values(accept).flat());
    for (const entry of registry) for (const ext of entry.extensions) expect(offered, `${entry.id} .${ext}`).toContain(`.${ext}`);
    for (const [type, exts] of Object.entries(accept)) expect(new Set(exts).size, type).toBe(exts.length);
    // Types two formats share are merged: NetCDF classic and NetCDF-4 (HDF5); GeoTIFF and TIFF photos.
    expect(accept['application/x-netcdf']).toEqual(['.nc', '.cdf', '.nc3', '.nc4']);
    expect(accept['image/tiff']).toEqual(['.tif', '.tiff', '.gtiff']);
  });
});

describe('registry', () => {
  it('imports each extractor once: later loads share the first promise and extractor', async () => {
    for (const entry of registry) {
      const first = entry.load();
      expect(entry.load()).toBe(first);
      expect(await entry.load()).toBe(await first);
    }
  });
});
