/**
 * Corpus facts for camera RAW files (corpus README "raw"), read off the record's summary: the
 * photo facts ExifTool prints for the shot (Make, Model, DateTimeOriginal, ExposureTime, FNumber,
 * ISO, FocalLength) and the maker facts (SerialNumber, LensModel, InternalSerialNumber,
 * ShutterCount), the last four only when the record has them (the manifest lists them only for
 * the files ExifTool reports them in). Numbers as read, not rounded (see facts/photo.ts).
 */
import type { MetadataRecord } from '../../extractors/types';
import { summaryReader } from './summary';

/** The corpus `expected` facts of a raw record. */
export function corpusFacts(record: MetadataRecord): Record<string, unknown> {
  const { val, num: numOf, has } = summaryReader(record);
  const facts: Record<string, unknown> = {
    Make: val('Make'),
    Model: val('Model'),
    DateTimeOriginal: val('DateTimeOriginal'),
    ExposureTime: numOf('ExposureTime'),
    FNumber: numOf('FNumber'),
    ISO: numOf('ISO'),
    FocalLength: numOf('FocalLength'),
  };
  for (const key of ['SerialNumber', 'LensModel', 'InternalSerialNumber']) if (has(key)) facts[key] = val(key);
  if (has('ShutterCount')) facts.ShutterCount = numOf('ShutterCount');
  return facts;
}
