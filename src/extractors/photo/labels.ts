/** Human labels for metadata keys: a few hand-written ones, else the CamelCase key split into words. */

const LABELS: Record<string, string> = {
  Make: 'Camera make',
  Model: 'Camera model',
  DateTimeOriginal: 'Date taken',
  DateTimeDigitized: 'Date digitized',
  CreateDate: 'Date digitized',
  ModifyDate: 'Date modified',
  DateTime: 'Date modified',
  OffsetTime: 'Time zone offset (modified)',
  OffsetTimeOriginal: 'Time zone offset (taken)',
  OffsetTimeDigitized: 'Time zone offset (digitized)',
  ExposureTime: 'Exposure time',
  FNumber: 'Aperture (f-number)',
  ISO: 'ISO',
  FocalLength: 'Focal length',
  FocalLengthIn35mmFormat: 'Focal length (35 mm equivalent)',
  LensModel: 'Lens',
  LensMake: 'Lens make',
  GPSLatitude: 'Latitude',
  GPSLongitude: 'Longitude',
  GPSAltitude: 'Altitude',
  GPSLatitudeRef: 'Latitude reference',
  GPSLongitudeRef: 'Longitude reference',
  GPSAltitudeRef: 'Altitude reference',
  Orientation: 'Orientation',
  Software: 'Software',
  ImageWidth: 'Image width',
  ImageHeight: 'Image height',
  ExifImageWidth: 'EXIF image width',
  ExifImageHeight: 'EXIF image height',
  MIMEType: 'Media type',
  UserComment: 'User comment',
  MakerNote: 'Maker note',
};

/** Labels already made (tag names repeat across a batch's files); bounded, file keys are untrusted. */
const made = new Map<string, string>();
const MADE_MAX = 4096;

/** "DateTimeOriginal" → "Date time original"; "GPSImgDirection" → "GPS img direction". */
export function humanize(key: string): string {
  if (Object.hasOwn(LABELS, key)) return LABELS[key];
  let label = made.get(key);
  if (label === undefined) {
    label = split(key);
    if (made.size < MADE_MAX) made.set(key, label);
  }
  return label;
}

function split(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim();
  if (!words) return key;
  return words.charAt(0).toUpperCase() + words.slice(1).replace(/ ([A-Z])([a-z])/g, (_, a: string, b: string) => ` ${a.toLowerCase()}${b}`);
}
