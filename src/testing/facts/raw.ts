/**
 * Corpus facts for camera RAW files (corpus README "raw"), read off the record's summary: the
 * photo facts ExifTool prints for the shot (Make, Model, DateTimeOriginal, ExposureTime, FNumber,
 * ISO, FocalLength) and the maker facts (SerialNumber, LensModel, InternalSerialNumber,
 * ShutterCount), the last four only when the record has them (the manifest lists them only for
 * the files ExifTool reports them in). Numbers as read, not rounded (see facts/photo.ts).
 */
import type { Field, FieldValue, MetadataRecord } from '../../extractors/types';

/** The corpus `expected` facts of a raw record. */
export function corpusFacts(record: MetadataRecord): Record<string, unknown> {
  const s = new Map<string, Field>(record.summary.map((f) => [f.key, f]));
  const val = (k: string): FieldValue => (s.has(k) ? s.get(k)!.value : null);
  const numOf = (k: string): number | null => {
    const f = s.get(k);
    if (!f) return null;
    const v = typeof f.raw === 'number' ? f.raw : f.value;
    return typeof v === 'number' ? v : null;
  };
  const facts: Record<string, unknown> = {
    Make: val('Make'),
    Model: val('Model'),
    DateTimeOriginal: val('DateTimeOriginal'),
    ExposureTime: numOf('ExposureTime'),
    FNumber: numOf('FNumber'),
    ISO: numOf('ISO'),
    FocalLength: numOf('FocalLength'),
  };
  for (const key of ['SerialNumber', 'LensModel', 'InternalSerialNumber']) if (s.has(key)) facts[key] = val(key);
  if (s.has('ShutterCount')) facts.ShutterCount = numOf('ShutterCount');
  return facts;
}
