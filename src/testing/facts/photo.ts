/**
 * Corpus facts for photos (corpus README "photo"), read off the record only: the summary for the
 * composite facts (size, camera, date, exposure, GPS, orientation) and the groups for presence
 * flags and the XMP/IPTC source-specific facts. Numbers are given as read, not rounded: the
 * comparison allows the precision the corpus printed (conformance/compare.ts), and rounding here
 * too rounded twice (a GPSLongitude of 10.1913155 became 10.191316; the corpus has 10.191315).
 */
import type { MetadataRecord } from '../../extractors/types';
import { summaryReader } from './summary';
import { findGroup } from '../../extractors/fields';

/** The corpus `expected` facts of a photo record. */
export function corpusFacts(record: MetadataRecord): Record<string, unknown> {
  const { val, num: numOf, has } = summaryReader(record);
  const facts: Record<string, unknown> = {
    MIMEType: val('MIMEType'),
    ImageWidth: val('ImageWidth'),
    ImageHeight: val('ImageHeight'),
    Make: val('Make'),
    Model: val('Model'),
    DateTimeOriginal: val('DateTimeOriginal'),
  };
  if (has('OffsetTimeOriginal')) facts.OffsetTimeOriginal = val('OffsetTimeOriginal');
  facts.ExposureTime = numOf('ExposureTime');
  facts.FNumber = numOf('FNumber');
  facts.ISO = numOf('ISO');
  facts.FocalLength = numOf('FocalLength');
  facts.Orientation = numOf('Orientation');
  facts.GPSLatitude = numOf('GPSLatitude');
  facts.GPSLongitude = numOf('GPSLongitude');
  if (has('GPSAltitude')) facts.GPSAltitude = numOf('GPSAltitude');
  facts.has_exif = findGroup(record.groups, 'exif') !== undefined;
  facts.has_xmp = findGroup(record.groups, 'xmp') !== undefined;
  facts.has_iptc = findGroup(record.groups, 'iptc') !== undefined;
  const field = (groupId: string, key: string) => findGroup(record.groups, groupId)?.fields.find((f) => f.key === key)?.value;
  const title = field('xmp-dc', 'dc:title');
  if (title !== undefined) facts['XMP:Title'] = title;
  const creator = field('xmp-dc', 'dc:creator');
  if (creator !== undefined) facts['XMP:Creator'] = creator;
  for (const [key, name] of [
    ['IPTC:ObjectName', 'ObjectName'],
    ['IPTC:Keywords', 'Keywords'],
    ['IPTC:By-line', 'By-line'],
  ] as const) {
    const v = field('iptc', name);
    if (v !== undefined) facts[key] = v;
  }
  return facts;
}
