/**
 * GeoTIFF / COG / BigTIFF extractor: geotiff.js 3 over our ByteSource (read.ts) — IFDs, GeoKeys,
 * GDAL tags and the COG ghost area, never pixels — presented as summary + groups (present.ts).
 */
import type { ByteSource, ExtractContext, Extractor, ExtractorOutput } from '../types';
import { readTiff } from './read';
import { present } from './present';
import { loadEpsgNames } from './epsg';

/** Reads only the header, the IFD tables and their small values (see read.ts). */
export const extractor: Extractor = {
  async preload() {
    await loadEpsgNames();
  },
  async extract(source: ByteSource, ctx: ExtractContext): Promise<ExtractorOutput> {
    const { model, errors } = await readTiff(source, ctx);
    const { summary, groups } = present(model, ctx.options.maxArrayItems);
    const name = model.bigTiff ? 'BigTIFF' : model.ghost?.cog ? 'Cloud Optimized GeoTIFF' : model.geo.hasGeoKeys || model.geo.transform ? 'GeoTIFF' : 'TIFF';
    const out: ExtractorOutput = {
      format: {
        id: 'geotiff',
        name: model.bigTiff && (model.geo.hasGeoKeys || model.geo.transform) ? 'GeoTIFF (BigTIFF)' : name,
        version: model.geo.keys ? `GeoTIFF ${model.geo.keys.revision}` : undefined,
      },
      summary,
      groups,
    };
    if (out.format.version === undefined) delete out.format.version;
    if (errors.length) out.errors = errors;
    return out;
  },
};
