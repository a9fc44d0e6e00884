/**
 * The fixes as an exiftool import file, for people who prefer to apply them with exiftool:
 * `exiftool -json=metaextract-exiftool.json -r Takeout`, run in the folder holding the unpacked
 * `Takeout` folder (exiftool's `-json=` option reads one object per file, matched by `SourceFile`;
 * tag names as in the ExifTool tag tables: EXIF, XMP-iptcExt, XMP-dc, Keys). Browser-safe, pure.
 */
import type { FixPlan } from './fix-plan';
import { exifDateTime, localTime } from './write/tags';

/** `YYYY:MM:DD HH:MM:SS` of Unix seconds, in UTC (the EXIF and QuickTime date form). */
const exifDate = (utcSeconds: number) => exifDateTime(localTime({ utcSeconds }));

/** One exiftool import object per plan: `SourceFile` is the plan's target path, the tags only what the file lacks. */
export function exiftoolImport(plans: readonly FixPlan[]): Record<string, string | number | string[]>[] {
  return plans.map(({ target, tags, video }) => {
    const out: Record<string, string | number | string[]> = { SourceFile: target };
    if (tags.taken) {
      // Dates are written in UTC: the sidecar gives no zone.
      if (video) out['QuickTime:CreateDate'] = exifDate(tags.taken.utcSeconds);
      else {
        out['EXIF:DateTimeOriginal'] = exifDate(tags.taken.utcSeconds);
        out['EXIF:OffsetTimeOriginal'] = '+00:00';
      }
    }
    if (tags.gps) {
      const { latitude, longitude, altitude } = tags.gps;
      if (video) out['Keys:GPSCoordinates'] = [latitude, longitude, ...(altitude !== undefined ? [altitude] : [])].join(' ');
      else {
        Object.assign(out, {
          'EXIF:GPSLatitude': Math.abs(latitude),
          'EXIF:GPSLatitudeRef': latitude < 0 ? 'S' : 'N',
          'EXIF:GPSLongitude': Math.abs(longitude),
          'EXIF:GPSLongitudeRef': longitude < 0 ? 'W' : 'E',
        });
        if (altitude !== undefined) Object.assign(out, { 'EXIF:GPSAltitude': Math.abs(altitude), 'EXIF:GPSAltitudeRef': altitude < 0 ? 1 : 0 });
      }
    }
    if (tags.people.length) out['XMP-iptcExt:PersonInImage'] = tags.people;
    if (tags.description) out['XMP-dc:Description'] = tags.description;
    if (tags.albums.length) out['XMP-dc:Subject'] = tags.albums;
    return out;
  });
}
