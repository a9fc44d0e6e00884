/**
 * Corpus facts of a GeoTIFF record (corpus README "geotiff"), read off the record's summary and
 * its "TIFF structure" group only. Absent values are null; `layout` is present only for a COG.
 */
import type { Field, MetadataRecord } from '../../extractors/types';

function find(fields: Field[] | undefined, key: string): Field | undefined {
  return fields?.find((f) => f.key === key);
}

/** Maps a geotiff record to the corpus `expected` shape. */
export function corpusFacts(record: MetadataRecord): Record<string, unknown> {
  const s = (key: string) => find(record.summary, key)?.value;
  const tiff = record.groups.find((g) => g.id === 'tiff');
  const t = (key: string) => find(tiff?.fields, key)?.value;
  const compression = s('COMPRESSION');
  const dataType = s('DataType');
  const facts: Record<string, unknown> = {
    bigtiff: t('BigTIFF') ?? null,
    byte_order: typeof t('ByteOrder') === 'string' ? (String(t('ByteOrder')).startsWith('little') ? 'little' : 'big') : null,
    tiled: s('Tiled') ?? null,
    width: s('ImageWidth') ?? null,
    height: s('ImageLength') ?? null,
    bands: s('SamplesPerPixel') ?? null,
    // GDAL 3.6 (the oracle) has no Int8: signed bytes are Byte with PIXELTYPE=SIGNEDBYTE.
    data_type: dataType === 'Int8' ? 'Byte' : (dataType ?? null),
    block_size: s('BlockSize') ?? null,
    overview_count: s('OverviewCount') ?? null,
    nodata: s('GDAL_NODATA') ?? null,
    epsg: s('EPSG') ?? null,
    geotransform: s('GeoTransform') ?? null,
    bbox: s('BoundingBox') ?? null,
    compression: compression === 'None' || compression === undefined ? null : compression,
    interleave: s('INTERLEAVE') ?? null,
    area_or_point: s('AREA_OR_POINT') ?? null,
  };
  if (t('LAYOUT') === 'COG') facts.layout = 'COG';
  return facts;
}
