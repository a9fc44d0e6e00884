/**
 * The photo summary: the facts a person wants first, each taken from its primary source with
 * ExifTool's precedence (Make/Model: IFD0 then XMP-tiff; DateTimeOriginal: Exif IFD then
 * XMP-exif; GPS: EXIF GPS then XMP-exif, signed decimal degrees, altitude negative below sea
 * level). An EXIF tag stored in the other IFD (Make in the Exif IFD) counts as EXIF, as in
 * ExifTool. An EXIF GPS position needs GPSLatitudeRef and GPSLongitudeRef (ExifTool's Composite
 * GPSLatitude/GPSLongitude `Require` them): the coordinates' size with the Refs' hemisphere.
 * `comment` names the source of each value; `raw` keeps codes and exact numbers.
 */
import type { Field, FieldValue } from '../types';
import { makeField } from '../fields';
import { exifBlockName, type ExifResult } from './exif';
import type { IptcEntry } from './iptc';
import type { PhotoBlocks } from './model';
import { type XmpData, xmpText } from './xmp';

/** Everything the summary is computed from. */
export interface SummaryInput {
  blocks: PhotoBlocks;
  exif: ExifResult | null;
  xmp: XmpData | null;
  iptc: IptcEntry[] | null;
  maxItems: number;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const frac = /^\s*(-?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(v);
    if (frac) return Number(frac[2]) === 0 ? undefined : Number(frac[1]) / Number(frac[2]);
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  if (Array.isArray(v) && v.length > 0) return num(v[0]);
  return undefined;
}

/** "1/250" for short exposures, "2.5" for long ones (seconds). */
export function formatExposure(t: number): string {
  if (t <= 0) return String(t);
  if (t < 0.25) {
    const d = 1 / t;
    if (Math.abs(d - Math.round(d)) < 0.05 * d || d >= 10) return `1/${Math.round(d)}`;
  }
  return String(Math.round(t * 1e4) / 1e4);
}

/** XMP GPS coordinate "DDD,MM,SSk" or "DDD,MM.mmk" (XMP spec Part 2 §1.2.7.4) → signed degrees. */
export function parseXmpCoordinate(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?\s*([NSEW])\s*$/i.exec(v);
  if (!m) return num(v);
  const deg = Number(m[1]) + (m[2] ? Number(m[2]) / 60 : 0) + (m[3] ? Number(m[3]) / 3600 : 0);
  return /[SW]/i.test(m[4]) ? -deg : deg;
}

/** Builds the summary fields. */
export function buildSummary({ blocks, exif, xmp, iptc, maxItems }: SummaryInput): Field[] {
  const out: Field[] = [];
  const add = (key: string, value: unknown, extra: Omit<Field, 'key' | 'value'>) => {
    if (value === undefined || value === null || value === '') return;
    out.push(makeField(key, value, extra, maxItems));
  };
  const ex = (home: 'ifd0' | 'exif', key: string) => exif?.find(home, key)?.field;
  const exSource = (home: 'ifd0' | 'exif', key: string) => {
    const block = exif?.find(home, key)?.block ?? home; // where it was found, also out of place
    return `EXIF ${exifBlockName(block)}`;
  };
  const xv = (ns: string, name: string) => (xmp?.[ns] ? xmpText(xmp[ns][name]) : undefined);
  const ip = (name: string) => {
    const e = iptc?.find((x) => x.name === name);
    return e ? (e.values.length === 1 ? e.values[0] : e.values) : undefined;
  };

  add('ImageWidth', blocks.width, { label: 'Width', unit: 'px' });
  add('ImageHeight', blocks.height, { label: 'Height', unit: 'px' });
  add('MIMEType', blocks.mime, { label: 'Media type' });

  const fromExifOrXmp = (key: string, block: 'ifd0' | 'exif', label: string, ns: string, xmpName = key) => {
    const f = ex(block, key);
    if (f && f.value !== null && f.value !== '') add(key, f.value, { label, comment: exSource(block, key) });
    else add(key, xv(ns, xmpName), { label, comment: `XMP-${ns}` });
  };
  fromExifOrXmp('Make', 'ifd0', 'Camera make', 'tiff');
  fromExifOrXmp('Model', 'ifd0', 'Camera model', 'tiff');
  const lens = ex('exif', 'LensModel');
  if (lens?.value) add('LensModel', lens.value, { label: 'Lens', comment: exSource('exif', 'LensModel') });
  else add('LensModel', xv('exifEX', 'LensModel') ?? xv('aux', 'Lens'), { label: 'Lens', comment: 'XMP' });
  fromExifOrXmp('DateTimeOriginal', 'exif', 'Date taken', 'exif');
  const offset = ex('exif', 'OffsetTimeOriginal');
  if (offset) add('OffsetTimeOriginal', offset.value, { label: 'Time zone offset (taken)', comment: exSource('exif', 'OffsetTimeOriginal') });
  if (!out.some((f) => f.key === 'DateTimeOriginal')) {
    // No date taken: the date digitized stands in (scanners and some apps write only that).
    fromExifOrXmp('CreateDate', 'exif', 'Date digitized', 'xmp');
    const digitized = ex('exif', 'OffsetTimeDigitized');
    if (digitized && out.some((f) => f.key === 'CreateDate')) add('OffsetTimeDigitized', digitized.value, { label: 'Time zone offset (digitized)', comment: exSource('exif', 'OffsetTimeDigitized') });
  }

  const exposure = num(ex('exif', 'ExposureTime')?.value) ?? num(xv('exif', 'ExposureTime'));
  if (exposure !== undefined) add('ExposureTime', formatExposure(exposure), { label: 'Exposure time', unit: 's', raw: exposure });
  const fnum = num(ex('exif', 'FNumber')?.value) ?? num(xv('exif', 'FNumber'));
  if (fnum !== undefined) add('FNumber', fnum, { label: 'Aperture (f-number)', comment: `f/${Math.round(fnum * 100) / 100}` });
  const isoField = ex('exif', 'ISO');
  const iso = num(isoField?.value) ?? num(xv('exif', 'ISOSpeedRatings')) ?? num(xv('exifEX', 'PhotographicSensitivity'));
  if (iso !== undefined) add('ISO', iso, { label: 'ISO' });
  const focal = num(ex('exif', 'FocalLength')?.value) ?? num(xv('exif', 'FocalLength'));
  if (focal !== undefined) add('FocalLength', focal, { label: 'Focal length', unit: 'mm' });

  const { lat, lon, alt, source } = gpsPosition(exif, xmp);
  if (lat !== undefined && lon !== undefined) {
    add('GPSLatitude', lat, { label: 'Latitude', unit: '°', comment: `${source}; signed (south negative)` });
    add('GPSLongitude', lon, { label: 'Longitude', unit: '°', comment: `${source}; signed (west negative)` });
  }
  if (alt !== undefined) add('GPSAltitude', alt, { label: 'Altitude', unit: 'm', comment: `${source}; negative below sea level` });

  const orient = ex('ifd0', 'Orientation');
  if (orient) add('Orientation', orient.value, { label: 'Orientation', ...(orient.raw !== undefined ? { raw: orient.raw } : {}) });
  else {
    const xo = num(xv('tiff', 'Orientation'));
    if (xo !== undefined) add('Orientation', xo, { label: 'Orientation', raw: xo, comment: 'XMP-tiff' });
  }
  const software = ex('ifd0', 'Software')?.value ?? xv('xmp', 'CreatorTool');
  add('Software', software, { label: 'Software' });

  const title = xv('dc', 'title') ?? ip('ObjectName');
  add('Title', title, { label: 'Title', comment: xv('dc', 'title') !== undefined ? 'XMP-dc:title' : 'IPTC ObjectName' });
  const creator = xv('dc', 'creator') ?? ip('By-line') ?? ex('ifd0', 'Artist')?.value;
  add('Creator', creator, { label: 'Creator' });
  const keywords = ip('Keywords') ?? xv('dc', 'subject');
  add('Keywords', keywords, { label: 'Keywords' });
  const description = xv('dc', 'description') ?? ip('Caption-Abstract') ?? ex('ifd0', 'ImageDescription')?.value;
  add('Description', description, { label: 'Description' });
  add('PersonInImage', xv('Iptc4xmpExt', 'PersonInImage'), { label: 'People shown', comment: 'XMP-iptcExt:PersonInImage' });
  return out;
}

/** Signed GPS position: EXIF GPS IFD first, then XMP-exif (ExifTool Composite rules). */
function gpsPosition(exif: ExifResult | null, xmp: XmpData | null): { lat?: number; lon?: number; alt?: number; source: string } {
  const g = (k: string) => exif?.get('gps', k);
  const sign = (ref: FieldValue | undefined, neg: string) => (typeof ref === 'string' && ref.toUpperCase().startsWith(neg) ? -1 : 1);
  const refOf = (f: Field | undefined) => (f ? (f.raw ?? f.value) : undefined);
  const latF = g('GPSLatitude');
  const lonF = g('GPSLongitude');
  const latRef = refOf(g('GPSLatitudeRef'));
  const lonRef = refOf(g('GPSLongitudeRef'));
  if (typeof latF?.value === 'number' && typeof lonF?.value === 'number' && latRef !== undefined && lonRef !== undefined) {
    const lat = Math.abs(latF.value) * sign(latRef, 'S');
    const lon = Math.abs(lonF.value) * sign(lonRef, 'W');
    const altF = g('GPSAltitude');
    const altRef = refOf(g('GPSAltitudeRef'));
    const alt = typeof altF?.value === 'number' && Number.isFinite(altF.value) ? altF.value * (Number(altRef) === 1 ? -1 : 1) : undefined;
    return { lat, lon, alt, source: 'EXIF GPS' };
  }
  const x = xmp?.exif;
  if (x) {
    const lat = parseXmpCoordinate(x.GPSLatitude);
    const lon = parseXmpCoordinate(x.GPSLongitude);
    const a = num(x.GPSAltitude);
    const alt = a !== undefined ? a * (Number(x.GPSAltitudeRef) === 1 ? -1 : 1) : undefined;
    if (lat !== undefined && lon !== undefined) return { lat, lon, alt, source: 'XMP-exif' };
  }
  return { source: '' };
}
