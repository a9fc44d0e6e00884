/**
 * Corpus facts for photos (corpus README "photo"), read off the record only: the summary for the
 * composite facts (size, camera, date, exposure, GPS, orientation) and the groups for presence
 * flags and the XMP/IPTC source-specific facts.
 */
import type { Field, FieldValue, MetadataRecord } from '../types';
import { findGroup } from '../fields';

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** The corpus `expected` facts of a photo record. */
export function corpusFacts(record: MetadataRecord): Record<string, unknown> {
  const s = new Map<string, Field>(record.summary.map((f) => [f.key, f]));
  const val = (k: string): FieldValue => (s.has(k) ? s.get(k)!.value : null);
  const numOf = (k: string): number | null => {
    const f = s.get(k);
    if (!f) return null;
    const v = typeof f.raw === 'number' ? f.raw : f.value;
    return typeof v === 'number' ? v : null;
  };
  const r = (k: string, d: number) => {
    const n = numOf(k);
    return n === null ? null : round(n, d);
  };
  const facts: Record<string, unknown> = {
    MIMEType: val('MIMEType'),
    ImageWidth: val('ImageWidth'),
    ImageHeight: val('ImageHeight'),
    Make: val('Make'),
    Model: val('Model'),
    DateTimeOriginal: val('DateTimeOriginal'),
  };
  if (s.has('OffsetTimeOriginal')) facts.OffsetTimeOriginal = val('OffsetTimeOriginal');
  const exposure = numOf('ExposureTime');
  facts.ExposureTime = exposure === null ? null : Number(exposure.toPrecision(6));
  facts.FNumber = r('FNumber', 2);
  facts.ISO = numOf('ISO') === null ? null : Math.round(numOf('ISO')!);
  facts.FocalLength = r('FocalLength', 2);
  facts.Orientation = numOf('Orientation');
  facts.GPSLatitude = r('GPSLatitude', 6);
  facts.GPSLongitude = r('GPSLongitude', 6);
  if (s.has('GPSAltitude')) facts.GPSAltitude = r('GPSAltitude', 2);
  facts.has_exif = findGroup(record.groups, 'exif') !== undefined;
  facts.has_xmp = findGroup(record.groups, 'xmp') !== undefined;
  facts.has_iptc = findGroup(record.groups, 'iptc') !== undefined;
  const field = (groupId: string, key: string) => findGroup(record.groups, groupId)?.fields.find((f) => f.key === key)?.value;
  const title = field('xmp-dc', 'dc:title');
  if (title !== undefined) facts['XMP:Title'] = title;
  const creator = field('xmp-dc', 'dc:creator');
  if (creator !== undefined) facts['XMP:Creator'] = creator;
  for (const [key, name] of [['IPTC:ObjectName', 'ObjectName'], ['IPTC:Keywords', 'Keywords'], ['IPTC:By-line', 'By-line']] as const) {
    const v = field('iptc', name);
    if (v !== undefined) facts[key] = v;
  }
  return facts;
}
