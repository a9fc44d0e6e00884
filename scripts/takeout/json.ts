/**
 * The JSON files of a simulated Google Photos Takeout, shaped as Google writes them (the fields
 * src/takeout/sidecar.ts reads, in Google's order, pretty-printed with two spaces): a media file's
 * sidecar (`title`, `description`, `imageViews`, `creationTime` and `photoTakenTime` as Unix seconds
 * in strings with a `formatted` text, `geoData` and `geoDataExif` (0/0 for none), `people`, `url`,
 * `googlePhotosOrigin`, `favorited` when true, `appSource` for files saved by an app) and an
 * album's `metadata.json` (`title`, `description`, `access`, `date`).
 */

/** A position as the sidecar gives it; absent means 0/0 (no location). */
export interface Geo {
  lat: number;
  lon: number;
  alt: number;
}

export interface SidecarValues {
  title: string;
  description: string;
  views: number;
  /** Upload time (creationTime), Unix seconds. */
  uploaded: number;
  /** photoTakenTime, Unix seconds. */
  taken: number;
  geoData?: Geo;
  geoDataExif?: Geo;
  people: string[];
  url: string;
  /** `googlePhotosOrigin`: `{ mobileUpload: { deviceFolder, deviceType } }` or `{ webUpload: { computerUpload } }`. */
  origin: { deviceType: 'ANDROID_PHONE' | 'IOS_PHONE'; folder: string } | 'web';
  favorited: boolean;
  /** `appSource.androidPackageName`. */
  app?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A Takeout time: `{ timestamp: "1692102896", formatted: "Aug 15, 2023, 12:34:56 PM UTC" }`. */
function time(seconds: number): { timestamp: string; formatted: string } {
  const d = new Date(seconds * 1000);
  const h = d.getUTCHours();
  const two = (n: number) => String(n).padStart(2, '0');
  const formatted = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 || 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'} UTC`;
  return { timestamp: String(seconds), formatted };
}

const geo = (g: Geo | undefined) => ({ latitude: g?.lat ?? 0, longitude: g?.lon ?? 0, altitude: g?.alt ?? 0, latitudeSpan: 0, longitudeSpan: 0 });

/** A media file's sidecar JSON text. */
export function sidecarJson(v: SidecarValues): string {
  const origin = v.origin === 'web' ? { webUpload: { computerUpload: {} } } : { mobileUpload: { deviceFolder: { localFolderName: v.origin.folder }, deviceType: v.origin.deviceType } };
  return JSON.stringify(
    {
      title: v.title,
      description: v.description,
      imageViews: String(v.views),
      creationTime: time(v.uploaded),
      photoTakenTime: time(v.taken),
      geoData: geo(v.geoData),
      geoDataExif: geo(v.geoDataExif),
      ...(v.people.length > 0 ? { people: v.people.map((name) => ({ name })) } : {}),
      url: v.url,
      googlePhotosOrigin: origin,
      ...(v.favorited ? { favorited: true } : {}),
      ...(v.app ? { appSource: { androidPackageName: v.app } } : {}),
    },
    null,
    2,
  );
}

/** An album's `metadata.json` text. */
export function albumJson(title: string, description: string, date: number): string {
  return JSON.stringify({ title, description, access: 'protected', date: time(date) }, null, 2);
}
