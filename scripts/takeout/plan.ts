/**
 * The plan of a simulated Google Photos Takeout (pure; the same seed and file count give the same
 * plan): every file's path, content and, for media files, the sidecar that describes it and what
 * merging the two must give. The export is dated 2026-12-07 10:10:10 UTC and holds, under
 * `Google Photos/`:
 *
 * - year folders `Photos from 2012` … `Photos from 2026` (more photos in later years), each a
 *   time-ordered run of shots by device: iPhones (28 %: `IMG_1234.JPG`, `.HEIC` from 2017, 40 % of
 *   those Live photos: `IMG_1234.HEIC` + `IMG_1234.MP4` sharing one JSON; videos `.MOV`), Pixels
 *   (`PXL_20230815_123456789.jpg`, `.MP.jpg`, `.PORTRAIT.jpg`; from 2020), Samsung phones
 *   (`20190601_101010.jpg`), older Android phones (`IMG_20190601_101010.jpg`, to 2019), cameras
 *   (`DSC_1234.JPG`, no GPS, local time), screenshots (`Screenshot_20190905-134200_Chrome.jpg`, and
 *   MIUI's `Screenshot_2019-09-05-13-42-00-123_com.google.android.apps.maps.jpg`, long enough to be
 *   cut), WhatsApp and Messenger images (`IMG-20190905-WA0012.jpg`, `received_…jpeg`, no EXIF) and
 *   computer uploads (some whose title differs from the file's name: NFD accents, `.jpeg` for
 *   `.jpg`, extension case); ≈ 5 % of the items are videos (2 to 600 MB);
 * - each media file followed by its JSON sidecar (the classic name for 40 %, the supplemental one
 *   for 60 %, cut to 46 characters, or 47 or 51: scripts/takeout/names.ts); 4 % of the photos have
 *   an `-edited` copy after them (a few with a localized suffix) sharing the original's JSON; 1.5 %
 *   of camera-counter names are duplicates in their folder (`IMG_1234(1).JPG` ↔
 *   `IMG_1234.JPG(1).json`); 0.3 % of the photos have no JSON;
 * - album folders (about one per 8,000 files, ≈ 6 % of the files) with a `metadata.json`
 *   first, then copies of some photos of the year folders, each copy with its own JSON.
 *
 * Dates: the sidecar's photoTakenTime is when the photo was taken; the file's own date says the
 * same with its UTC offset (phones from 2019), in local time without one (cameras, older phones:
 * the merge then finds the zone), nothing (screenshots, messaging apps), or, for 3 % (cameras
 * 10 %), a date days to years off (a `DateConflict`). Positions: phones with location on write a
 * GPS fix that the sidecar repeats (4 % edited in Google Photos: a `PositionConflict`); files
 * without one have 0/0 in the sidecar, or (15 %) a position Google estimated
 * (`LocationOnlyInSidecar`). Places and their UTC offsets are fixed (no daylight saving).
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { MatchRule } from '../../src/takeout/match';
import { editedName, sidecarForm, sidecarName, withDuplicate, type SidecarScheme } from './names';
import type { ExifSpec, MediaContent } from './media';
import { albumJson, sidecarJson, type Geo, type SidecarValues } from './json';

/** When the simulated export was made (Unix seconds): 2026-12-07 10:10:10 UTC. */
export const EXPORTED = Date.UTC(2026, 11, 7, 10, 10, 10) / 1000;
const FIRST_YEAR = 2012;
const LAST_YEAR = 2026;
const ROOT = 'Google Photos';

/** What merging a media file with its sidecar must give (src/takeout/annotate.ts terms). */
export interface MediaTruth {
  /** photoTakenTime, UTC ISO 8601 (`TakeoutDate`); null without a sidecar. */
  date: string | null;
  /** The sidecar's position [latitude, longitude] (`TakeoutGPS`); null for 0/0 or without a sidecar. */
  position: [number, number] | null;
  /** What the file itself holds: its date (ISO 8601, with its offset or `Z` when it has one, else local time) and GPS position. */
  embedded: { date: string | null; position: [number, number] | null };
  /** The conflicts the merge must report, by field key: `DateConflict`, `PositionConflict`, `LocationOnlyInSidecar`. */
  conflicts: string[];
  /** `ImpliedTimeZone` (`UTC+02:00`): the file's date has no zone and differs from photoTakenTime by one. */
  impliedZone?: string;
}

/** A media file of the plan. */
export interface PlannedMedia {
  /** Relative to `Takeout/`. */
  path: string;
  content: MediaContent;
  /** The sidecar describing it, relative to `Takeout/`; null when it has none. */
  sidecar: string | null;
  /** How its sidecar was named, in match.ts's rule names (the generator's account, not match.ts's output). */
  naming: MatchRule[];
  truth: MediaTruth;
}

/** One file of the export, in zip order. */
export type PlannedEntry = { kind: 'media'; path: string; media: PlannedMedia } | { kind: 'json'; path: string; text: () => string };

export interface TakeoutPlan {
  exported: number;
  /** Every file, in the order Google writes them: folder by folder, each media file then its JSON. */
  entries: PlannedEntry[];
  /** Album folders: folder and its metadata.json (relative to `Takeout/`), title. */
  albums: { folder: string; metadata: string; title: string }[];
}

/** Seeded dice over pure-rand's xoroshiro128+. */
class Dice {
  private readonly rng: RandomGenerator;
  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }
  int(from: number, to: number): number {
    return uniformInt(this.rng, from, to);
  }
  chance(p: number): boolean {
    return this.int(0, 999_999) < p * 1_000_000;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)];
  }
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    let r = this.int(0, pairs.reduce((n, [, w]) => n + w, 0) - 1);
    for (const [v, w] of pairs) if ((r -= w) < 0) return v;
    return pairs[pairs.length - 1][0];
  }
}

/** Places and their UTC offsets in minutes (fixed: a simulation without daylight saving). */
// prettier-ignore
const PLACES: [name: string, lat: number, lon: number, zone: number][] = [
  ['Lisboa', 38.7223, -9.1393, 0], ['Berlin', 52.52, 13.405, 60], ['Zürich', 47.3769, 8.5417, 60], ['Kyōto', 35.0116, 135.7681, 540],
  ['Valparaíso', -33.0472, -71.6127, -240], ['Reykjavík', 64.1466, -21.9426, 0], ['Cape Town', -33.9249, 18.4241, 120], ['Mumbai', 19.076, 72.8777, 330],
  ['Kathmandu', 27.7172, 85.324, 345], ['Adelaide', -34.9285, 138.6007, 570], ['New York', 40.7128, -74.006, -300], ['San Francisco', 37.7749, -122.4194, -480],
  ['Honolulu', 21.3069, -157.8583, -600], ['Auckland', -36.8485, 174.7633, 720], ["St. John's", 47.5615, -52.7126, -210],
];

type Device = 'iphone' | 'pixel' | 'samsung' | 'android' | 'camera' | 'screenshot' | 'whatsapp' | 'messenger' | 'web';

interface Profile {
  share: number;
  from: number;
  to: number;
  /** Makes and models, the later ones for later years. */
  models: readonly (readonly [make: string, model: string])[];
  /** Share of photos with a GPS fix. */
  gps: number;
  /** First year whose EXIF dates carry a UTC offset. */
  zonedFrom: number;
  /** Share of the device's items that are videos. */
  video: number;
  sizes: readonly (readonly [number, number])[];
  origin: SidecarValues['origin'];
  app?: string;
}

const NO_EXIF: Profile['models'] = [];
// prettier-ignore
const PROFILES: Record<Device, Profile> = {
  iphone: { share: 28, from: FIRST_YEAR, to: LAST_YEAR, models: [['Apple', 'iPhone 5s'], ['Apple', 'iPhone 6'], ['Apple', 'iPhone 7'], ['Apple', 'iPhone X'], ['Apple', 'iPhone 11'], ['Apple', 'iPhone 13'], ['Apple', 'iPhone 15 Pro']], gps: 0.8, zonedFrom: 2019, video: 0.06, sizes: [[4032, 3024]], origin: { deviceType: 'IOS_PHONE', folder: '' } },
  pixel: { share: 14, from: 2020, to: LAST_YEAR, models: [['Google', 'Pixel 5'], ['Google', 'Pixel 7 Pro'], ['Google', 'Pixel 8'], ['Google', 'Pixel 9']], gps: 0.7, zonedFrom: 2020, video: 0.07, sizes: [[4080, 3072], [4032, 3024]], origin: { deviceType: 'ANDROID_PHONE', folder: 'Camera' } },
  samsung: { share: 18, from: 2014, to: LAST_YEAR, models: [['samsung', 'SM-G900F'], ['samsung', 'SM-G960F'], ['samsung', 'SM-G991B'], ['samsung', 'SM-S911B']], gps: 0.65, zonedFrom: 2019, video: 0.07, sizes: [[4000, 3000], [4032, 3024], [3264, 2448]], origin: { deviceType: 'ANDROID_PHONE', folder: 'Camera' } },
  android: { share: 8, from: FIRST_YEAR, to: 2019, models: [['LGE', 'Nexus 5'], ['motorola', 'moto g(6)'], ['HUAWEI', 'VOG-L29']], gps: 0.5, zonedFrom: Infinity, video: 0.06, sizes: [[3264, 2448], [4160, 3120], [2592, 1944]], origin: { deviceType: 'ANDROID_PHONE', folder: 'Camera' } },
  camera: { share: 8, from: FIRST_YEAR, to: LAST_YEAR, models: [['Canon', 'Canon EOS 80D'], ['NIKON CORPORATION', 'NIKON D5300'], ['SONY', 'ILCE-6000']], gps: 0, zonedFrom: Infinity, video: 0, sizes: [[4000, 3000], [3648, 2736], [4288, 2848]], origin: 'web' },
  screenshot: { share: 9, from: FIRST_YEAR, to: LAST_YEAR, models: NO_EXIF, gps: 0, zonedFrom: Infinity, video: 0, sizes: [[1080, 2400], [1440, 3200], [1080, 1920]], origin: { deviceType: 'ANDROID_PHONE', folder: 'Screenshots' } },
  whatsapp: { share: 9, from: 2013, to: LAST_YEAR, models: NO_EXIF, gps: 0, zonedFrom: Infinity, video: 0.1, sizes: [[1600, 1200], [1200, 1600], [1280, 960]], origin: { deviceType: 'ANDROID_PHONE', folder: 'WhatsApp Images' }, app: 'com.whatsapp' },
  messenger: { share: 4, from: 2015, to: LAST_YEAR, models: NO_EXIF, gps: 0, zonedFrom: Infinity, video: 0, sizes: [[2048, 1536], [960, 1280]], origin: { deviceType: 'ANDROID_PHONE', folder: 'Messenger' }, app: 'com.facebook.orca' },
  web: { share: 2, from: FIRST_YEAR, to: LAST_YEAR, models: [['FUJIFILM', 'X-T30'], ['OLYMPUS IMAGING CORP.', 'E-M10']], gps: 0, zonedFrom: Infinity, video: 0, sizes: [[3000, 2000], [2400, 1600]], origin: 'web' },
};
const DEVICES = Object.keys(PROFILES) as Device[];

const PEOPLE = ['Ana', 'Rui', 'Marta', 'Jonas', 'Yuki', 'Chen Wei', 'Léa', 'Sofía', 'Ola', 'Kofi', 'Priya', 'Mateus'];
const CAPTIONS = ['Tram 28', 'Dinner at "O Velho" 🍷', 'Sunset from the roof', 'First day of school', 'Snow!', 'Grandma’s 90th', 'View from the top — finally', 'Back home'];
const SCREEN_APPS = ['Chrome', 'Maps', 'WhatsApp', 'Instagram', 'Gmail', 'Google Play Store', 'Samsung Internet', 'YouTube'];
const MIUI_PACKAGES = ['com.android.chrome', 'com.google.android.apps.maps', 'com.whatsapp', 'com.instagram.android', 'com.google.android.gm', 'org.telegram.messenger', 'com.google.android.youtube'];
const WEB_WORDS = ['Café', 'Crème brûlée', 'Été', 'Noël', 'Zoë', 'São Paulo', 'Ålesund', 'Mañana'];
const EDITED_SUFFIXES: (readonly [string, number])[] = [
  ['edited', 90],
  ['bearbeitet', 4],
  ['modifié', 3],
  ['editado', 3],
];
// prettier-ignore
const ALBUM_TITLES = ['Trip to Lisbon', 'Summer 2019', 'Été à Montréal', 'Best of 2021', 'Hiking the Alps', 'Wedding', 'Family', 'Christmas 2022', 'Kyōto', 'Birthday party',
  'Road trip', 'Garden', 'Cats', 'Food', 'Concerts', 'Beach days', 'Grandma', 'Renovation', 'Skiing', 'Documents'];

type DateMode = 'zoned' | 'local' | 'none' | 'conflict';
type GeoMode = 'exif' | 'edited' | 'estimated' | 'none';

/** One shot: a photo or video, its companions (Live photo video, edited copy) and its sidecar. */
interface Item {
  device: Device;
  kind: 'photo' | 'video' | 'live';
  heic: boolean;
  taken: number;
  uploaded: number;
  zone: number;
  /** The file's date mode, whether the device writes its UTC offset, and for `conflict` how far off the date is (s). */
  dateMode: DateMode;
  zoned: boolean;
  shift: number;
  /** The file's GPS fix. */
  gps?: Geo;
  geoMode: GeoMode;
  /** The sidecar's geoData when it is not the file's fix. */
  geoOther?: Geo;
  /** The edited copy's suffix, when it has one. */
  edited?: string;
  sidecar: boolean;
  scheme: SidecarScheme;
  cut: number;
  exif?: Omit<ExifSpec, 'local' | 'offset' | 'gps'>;
  width: number;
  height: number;
  quality: number;
  /** HEIC image data; video or Live photo video mdat (bytes). */
  imageBytes: number;
  videoBytes: number;
  rotation: number;
  values: Omit<SidecarValues, 'title' | 'taken' | 'uploaded' | 'geoData' | 'geoDataExif'>;
  /** Set by naming: the main file's name, the title its sidecar is named after, its duplicate number. */
  name: string;
  title: string;
  dup?: number;
  /** How the title differs from the name: NFD accents, `.jpeg` for `.jpg`, extension case. */
  rename?: 'unicode-normalized' | 'jpeg-jpg' | 'extension-case';
  folder: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** `YYYYMMDD`, `HHMMSS` of a time's UTC fields. */
function stamp(t: number): { ymd: string; hms: string; d: Date } {
  const d = new Date(t * 1000);
  return { ymd: `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`, hms: `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`, d };
}
const isoUtc = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
const offsetText = (minutes: number) => `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** Generates the shots. */
class Shots {
  private readonly home: (typeof PLACES)[number];
  constructor(private readonly dice: Dice) {
    this.home = dice.pick(PLACES);
  }

  /** A shot of any kind; when `maxFiles` (its files, JSON included) is under 3, a single file (with its JSON when 2). */
  item(maxFiles: number): Item {
    const d = this.dice;
    const year = d.weighted(Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => [FIRST_YEAR + i, 1 + i] as const));
    let device = d.weighted(DEVICES.map((k) => [k, PROFILES[k].share] as const));
    if (year < PROFILES[device].from || year > PROFILES[device].to) device = year < 2020 ? 'android' : 'samsung';
    const p = PROFILES[device];
    const start = Date.UTC(year, 0, 1) / 1000;
    const end = Math.min(Date.UTC(year + 1, 0, 1) / 1000, EXPORTED - 7 * 86400);
    const taken = d.int(start, end - 1);
    const place = d.chance(0.75) ? this.home : d.pick(PLACES);
    const zone = place[3];
    const single = maxFiles < 3;
    const heic = device === 'iphone' && year >= 2017 && d.chance(0.6);
    const kind = !single && heic && d.chance(0.4) ? 'live' : d.chance(p.video) ? 'video' : 'photo';
    const isPhoto = kind !== 'video';
    const hasExif = p.models.length > 0 && (device !== 'web' || d.chance(0.5));
    const located = d.chance(p.gps);
    const [width, height] = d.pick(p.sizes);
    const models = p.models;
    const model = models.length ? models[Math.min(models.length - 1, Math.floor(((year - p.from) * models.length) / (Math.min(p.to, LAST_YEAR) - p.from + 1)))] : undefined;
    const phone = device === 'iphone' || device === 'pixel' || device === 'samsung' || device === 'android';
    const exif: Item['exif'] =
      hasExif && model
        ? {
            littleEndian: model[0] === 'Canon' || model[0] === 'SONY' || device === 'samsung',
            make: model[0],
            model: model[1],
            software: device === 'iphone' ? `${Math.max(7, year - 2006)}.${d.int(0, 4)}` : device === 'pixel' ? `HDR+ 1.0.${d.int(100000000, 999999999)}z` : undefined,
            orientation: d.weighted([
              [1, 70],
              [6, 25],
              [3, 3],
              [8, 2],
            ]),
            shutter: d.pick([15, 30, 60, 120, 250, 500, 1000, 2000]),
            fNumber10: phone ? d.pick([17, 18, 19, 22, 24]) : d.pick([28, 40, 56, 80, 110]),
            iso: d.pick([50, 100, 200, 400, 800, 1600, 3200]),
            focalMm100: phone ? d.int(425, 690) : d.int(1800, 20000),
          }
        : undefined;
    // Videos all carry their mvhd time; photos a date only in their EXIF.
    const embeddedDate = !isPhoto || !!exif;
    const zoned = kind === 'video' || year >= p.zonedFrom;
    const dateMode: DateMode = !embeddedDate ? 'none' : d.chance(device === 'camera' ? 0.1 : 0.03) ? 'conflict' : zoned ? 'zoned' : 'local';
    const shift = dateMode === 'conflict' ? (d.chance(0.5) ? 1 : -1) * (86400 * d.int(2, 900) + 11843) : 0;
    const jitter = () => d.int(-8000, 8000) / 100000;
    const gps = located ? { lat: round6(place[1] + jitter()), lon: round6(place[2] + jitter()), alt: d.int(0, 8000) / 10 } : undefined;
    const geoMode: GeoMode = gps ? (d.chance(0.04) ? 'edited' : 'exif') : device === 'whatsapp' || device === 'messenger' || device === 'screenshot' ? 'none' : d.chance(0.15) ? 'estimated' : 'none';
    const away = () => ((d.chance(0.5) ? 1 : -1) * d.int(20000, 90000)) / 100000;
    const geoOther =
      geoMode === 'edited' && gps
        ? { lat: round6(gps.lat + away()), lon: round6(gps.lon + away()), alt: gps.alt }
        : geoMode === 'estimated'
          ? { lat: round6(place[1] + jitter()), lon: round6(place[2] + jitter()), alt: 0 }
          : undefined;
    const upload = device === 'camera' || device === 'web' ? d.int(86400, 400 * 86400) : device === 'whatsapp' || device === 'messenger' ? d.int(5, 3600) : d.int(20, 6 * 3600);
    const seconds = d.weighted([
      [3, 25],
      [5, 25],
      [10, 20],
      [20, 12],
      [30, 8],
      [60, 6],
      [120, 3],
      [300, 1],
    ]);
    const rate = device === 'whatsapp' ? 250_000 : year < 2016 ? 1_500_000 : 2_000_000;
    return {
      device,
      kind,
      heic,
      taken,
      uploaded: Math.min(taken + upload, EXPORTED - 86400),
      zone,
      dateMode,
      zoned,
      shift,
      gps,
      geoMode,
      geoOther,
      edited: !single && kind === 'photo' && !heic && d.chance(0.04) ? d.weighted(EDITED_SUFFIXES) : undefined,
      sidecar: !(single && maxFiles === 1) && !(kind === 'photo' && d.chance(0.003)),
      scheme: d.chance(0.4) ? 'classic' : 'supplemental',
      cut: d.weighted([
        [46, 85],
        [47, 8],
        [51, 7],
      ]),
      exif,
      width,
      height,
      quality: d.int(85, 97),
      imageBytes: d.int(1_200_000, 3_400_000),
      videoBytes: kind === 'live' ? d.int(1_800_000, 3_200_000) : seconds * rate + d.int(0, rate),
      rotation: kind === 'video' && d.chance(0.6) ? 90 : 0,
      values: {
        description: d.chance(0.04) ? d.pick(CAPTIONS) : '',
        views: d.chance(0.7) ? 0 : d.int(1, 250),
        people: d.chance(phone ? 0.12 : 0.02) ? Array.from({ length: d.int(1, 3) }, () => d.pick(PEOPLE)).filter((n, i, all) => all.indexOf(n) === i) : [],
        url: `https://photos.google.com/photo/AF1Qip${Array.from({ length: 38 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[d.int(0, 63)]).join('')}`,
        origin: p.origin,
        favorited: d.chance(0.03),
        ...(p.app ? { app: p.app } : {}),
      },
      name: '',
      title: '',
      folder: `${ROOT}/Photos from ${year}`,
    };
  }
}

/** Names the items of the year folders, in time order, keeping each folder's names unique. */
class Namer {
  private iphone: number;
  private web: number;
  private readonly cameras = new Map<string, number>();
  private readonly whatsapp = new Map<string, number>();
  /** Per folder: names taken (with their duplicate count), JSON names taken, names a duplicate may copy. */
  private readonly folders = new Map<string, { names: Map<string, number>; json: Set<string>; counterNames: string[] }>();

  constructor(private readonly dice: Dice) {
    this.iphone = dice.int(1, 9999);
    this.web = dice.int(1, 999);
  }

  private folder(path: string) {
    let f = this.folders.get(path);
    if (!f) this.folders.set(path, (f = { names: new Map(), json: new Set(), counterNames: [] }));
    return f;
  }

  private counter(key: string): number {
    const n = (this.cameras.get(key) ?? this.dice.int(1, 9000)) + 1;
    this.cameras.set(key, n > 9999 ? 1 : n);
    return this.cameras.get(key)!;
  }

  /** The main file's name by device (local time for most; Pixels name in UTC), and whether it is a counter name. */
  private baseName(it: Item): { name: string; counter: boolean } {
    const d = this.dice;
    const local = stamp(it.taken + it.zone * 60);
    const utc = stamp(it.taken);
    const ms = pad(d.int(0, 999), 3);
    switch (it.device) {
      case 'iphone': {
        this.iphone = (this.iphone % 9999) + 1;
        const ext = it.kind === 'video' ? 'MOV' : it.heic ? 'HEIC' : 'JPG';
        return { name: `IMG_${pad(this.iphone, 4)}.${ext}`, counter: true };
      }
      case 'pixel': {
        const variant =
          it.kind === 'video'
            ? ''
            : d.weighted([
                ['', 85],
                ['.MP', 10],
                ['.PORTRAIT', 3],
                ['.NIGHT', 2],
              ]);
        return { name: `PXL_${utc.ymd}_${utc.hms}${ms}${variant}.${it.kind === 'video' ? 'mp4' : 'jpg'}`, counter: false };
      }
      case 'samsung':
        return { name: `${local.ymd}_${local.hms}.${it.kind === 'video' ? 'mp4' : 'jpg'}`, counter: false };
      case 'android':
        return { name: it.kind === 'video' ? `VID_${local.ymd}_${local.hms}.mp4` : `IMG_${local.ymd}_${local.hms}.jpg`, counter: false };
      case 'camera': {
        const make = it.exif?.make ?? '';
        const n = pad(this.counter(make), 4);
        return { name: make === 'Canon' ? `IMG_${n}.JPG` : make === 'SONY' ? `DSC0${n}.JPG` : `DSC_${n}.JPG`, counter: true };
      }
      case 'screenshot': {
        if (d.chance(0.6)) return { name: `Screenshot_${local.ymd}-${local.hms}_${d.pick(SCREEN_APPS)}.jpg`, counter: false };
        const t = local.d;
        const miui = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}-${pad(t.getUTCHours())}-${pad(t.getUTCMinutes())}-${pad(t.getUTCSeconds())}-${ms}`;
        return { name: `Screenshot_${miui}_${d.pick(MIUI_PACKAGES)}.jpg`, counter: false };
      }
      case 'whatsapp': {
        const n = this.whatsapp.get(local.ymd) ?? 0;
        this.whatsapp.set(local.ymd, n + 1);
        return { name: `${it.kind === 'video' ? 'VID' : 'IMG'}-${local.ymd}-WA${pad(n, 4)}.${it.kind === 'video' ? 'mp4' : 'jpg'}`, counter: true };
      }
      case 'messenger':
        return d.chance(0.7) ? { name: `received_${d.int(100000000, 999999999)}${d.int(1000000, 9999999)}.jpeg`, counter: false } : { name: `FB_IMG_${it.taken}${ms}.jpg`, counter: false };
      case 'web':
        return { name: `${d.pick(WEB_WORDS)} ${this.web++}.jpg`, counter: false };
    }
  }

  /**
   * Sets the item's name, title and duplicate number. A name already in the folder (compared in
   * NFC) is numbered as Google numbers it, `IMG_1(1).JPG`; such an item keeps no companions.
   */
  name(it: Item): void {
    const f = this.folder(it.folder);
    const d = this.dice;
    const base = this.baseName(it);
    const counter = base.counter;
    let name = base.name;
    const single = () => it.kind !== 'live' && !it.edited;
    // 1.5 % of counter names repeat an earlier one of the folder with the same extension (two devices at the same number).
    if (counter && single() && d.chance(0.015)) {
      const same = f.counterNames.filter((n) => n.slice(-4) === name.slice(-4));
      if (same.length > 0) name = d.pick(same);
    }
    let title = name;
    if (it.device === 'web') {
      const rename = d.weighted([
        [undefined, 1],
        ['unicode-normalized', 1],
        ['jpeg-jpg', 1],
        ['extension-case', 1],
      ] as const);
      if (rename === 'unicode-normalized') name = name.normalize('NFD');
      else if (rename === 'jpeg-jpg') name = name.replace(/\.jpg$/, '.jpeg');
      else if (rename === 'extension-case') title = name.replace(/\.jpg$/, '.JPG');
      it.rename = rename;
    }
    const key = (n: string) => n.normalize('NFC');
    const seen = f.names.get(key(name));
    if (seen !== undefined) {
      if (it.kind === 'live') it.kind = 'photo';
      it.edited = undefined;
      it.rename = undefined;
      it.dup = seen;
      title = name;
      name = withDuplicate(name, seen);
      f.names.set(key(title), seen + 1);
    }
    f.names.set(key(name), 1);
    if (counter && it.dup === undefined && single()) f.counterNames.push(name);
    it.name = name;
    it.title = title;
    for (const extra of this.companions(it)) f.names.set(key(extra.name), 1);
    if (it.sidecar) {
      const json = sidecarName(title, it.scheme, it.cut, it.dup);
      if (f.json.has(key(json))) throw new Error(`two sidecars named ${it.folder}/${json}`);
      f.json.add(key(json));
    }
  }

  /** The companion files of an item: its Live photo video, its edited copy. */
  companions(it: Item): { name: string; role: 'live-photo' | 'edited' }[] {
    const out: { name: string; role: 'live-photo' | 'edited' }[] = [];
    if (it.kind === 'live') out.push({ name: it.name.replace(/\.HEIC$/, '.MP4'), role: 'live-photo' });
    if (it.edited) out.push({ name: editedName(it.name, it.edited), role: 'edited' });
    return out;
  }
}

/** Files an item adds to the export: its media files and its JSON. */
const filesOf = (it: Item) => 1 + (it.kind === 'live' ? 1 : 0) + (it.edited ? 1 : 0) + (it.sidecar ? 1 : 0);

/** The file's date as an instant (ISO with offset or Z) or local time, and the EXIF fields that say it. */
function fileDate(it: Item, video: boolean): { text: string | null; local?: number; offset?: string } {
  if (it.dateMode === 'none') return { text: null };
  const instant = it.taken + it.shift;
  if (video) return { text: isoUtc(instant) };
  const local = instant + it.zone * 60;
  const text = isoUtc(local).slice(0, -1);
  return it.zoned ? { text: text + offsetText(it.zone), local, offset: offsetText(it.zone) } : { text, local };
}

/** A media file of the item: its content and what the merge must give. */
function plannedMedia(it: Item, folder: string, name: string, role: 'main' | 'live-photo' | 'edited'): PlannedMedia {
  const video = it.kind === 'video' || role === 'live-photo';
  const date = fileDate(it, video);
  const gps = it.gps;
  let content: MediaContent;
  if (video) {
    content = { type: 'video', quickTime: it.device === 'iphone' && role === 'main', mdatBytes: it.videoBytes, created: it.taken + it.shift, rotation: it.rotation, ...(gps ? { location: gps } : {}) };
  } else {
    const exif: ExifSpec | undefined = it.exif && {
      ...it.exif,
      ...(date.local !== undefined ? { local: date.local } : {}),
      ...(date.offset ? { offset: date.offset } : {}),
      ...(gps ? { gps: { ...gps, time: it.taken } } : {}),
    };
    content =
      it.heic && exif
        ? { type: 'heic', width: it.width, height: it.height, imageBytes: it.imageBytes, exif }
        : { type: 'jpeg', width: it.width, height: it.height, quality: role === 'edited' ? Math.max(70, it.quality - 10) : it.quality, ...(exif ? { exif } : {}) };
  }
  const sidecar = it.sidecar ? `${folder}/${sidecarName(it.title, it.scheme, it.cut, it.dup)}` : null;
  const naming: MatchRule[] = [];
  if (it.dup !== undefined) naming.push('duplicate');
  if (role !== 'main') naming.push(role);
  else if (it.rename) naming.push(it.rename);
  naming.push(sidecarForm(it.title, it.scheme, it.cut));
  const geoData = it.geoMode === 'exif' ? gps : it.geoOther;
  const position: [number, number] | null = sidecar && geoData ? [geoData.lat, geoData.lon] : null;
  const conflicts: string[] = [];
  if (sidecar) {
    if (it.dateMode === 'conflict') conflicts.push('DateConflict');
    if (it.geoMode === 'edited') conflicts.push('PositionConflict');
    if (it.geoMode === 'estimated') conflicts.push('LocationOnlyInSidecar');
  }
  const implied = sidecar && !video && it.dateMode === 'local' && it.zone !== 0;
  return {
    path: `${folder}/${name}`,
    content,
    sidecar,
    naming: sidecar ? naming : [],
    truth: {
      date: sidecar ? isoUtc(it.taken) : null,
      position,
      embedded: { date: date.text, position: gps ? [gps.lat, gps.lon] : null },
      conflicts,
      ...(implied ? { impliedZone: `UTC${offsetText(it.zone)}` } : {}),
    },
  };
}

/** The entries of one item in `folder`: its media files, then its JSON. */
function itemEntries(it: Item, folder: string, namer: Namer): PlannedEntry[] {
  const out: PlannedEntry[] = [];
  const add = (name: string, role: 'main' | 'live-photo' | 'edited') => {
    const media = plannedMedia(it, folder, name, role);
    out.push({ kind: 'media', path: media.path, media });
  };
  add(it.name, 'main');
  for (const c of namer.companions(it)) add(c.name, c.role);
  if (it.sidecar) {
    const values: SidecarValues = {
      ...it.values,
      title: it.title,
      taken: it.taken,
      uploaded: it.uploaded,
      ...(it.geoMode === 'exif' && it.gps ? { geoData: it.gps } : it.geoOther ? { geoData: it.geoOther } : {}),
      ...(it.gps ? { geoDataExif: it.gps } : {}),
    };
    out.push({ kind: 'json', path: `${folder}/${sidecarName(it.title, it.scheme, it.cut, it.dup)}`, text: () => sidecarJson(values) });
  }
  return out;
}

const byTime = (a: Item, b: Item) => a.taken - b.taken || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Plans an export of exactly `files` files (media and JSON; ≥ 1) for `seed`.
 * Throws if the naming rules would give two sidecars one name (a bug, not an input error).
 */
export function planTakeout({ files, seed }: { files: number; seed: number }): TakeoutPlan {
  if (!Number.isSafeInteger(files) || files < 1) throw new Error(`--files must be a positive integer (got ${files})`);
  const dice = new Dice(seed);
  const shots = new Shots(dice);
  const namer = new Namer(dice);
  const albumBudget = files >= 40 ? Math.round(files * 0.06) : 0;
  const items: Item[] = [];
  let albumFiles = 0;
  const total = () => items.reduce((n, it) => n + filesOf(it), albumFiles);
  /** Adds shots until the export holds `budget` files (naming may turn a Live photo into a single photo: then again). */
  const fill = (budget: number) => {
    for (let have = total(); have < budget; have = total()) {
      const batch: Item[] = [];
      for (let n = have; n < budget; n += filesOf(batch[batch.length - 1])) batch.push(shots.item(budget - n));
      batch.sort(byTime);
      for (const it of batch) namer.name(it);
      items.push(...batch);
    }
  };
  fill(files - albumBudget);
  // Albums: metadata.json, then copies of photos of the year folders (the main file, a Live photo's video too), each with its JSON.
  const albums: { folder: string; metadata: string; title: string; copies: Item[] }[] = [];
  if (albumBudget > 0) {
    const count = Math.min(40, Math.max(1, Math.round(files / 8000)));
    const candidates = items.filter((it) => it.sidecar && it.dup === undefined);
    let albumUsed = 0;
    for (let a = 0; a < count; a++) {
      const base = ALBUM_TITLES[a % ALBUM_TITLES.length];
      const title = a < ALBUM_TITLES.length ? base : `${base} ${Math.floor(a / ALBUM_TITLES.length) + 1}`;
      const folder = `${ROOT}/${title}`;
      const target = Math.round((albumBudget * (a + 1)) / count);
      albumUsed += 1;
      const names = new Set<string>();
      const copies: Item[] = [];
      for (let tries = 0; tries < 20 * (target - albumUsed) + 20 && candidates.length > 0; tries++) {
        const it = dice.pick(candidates);
        const n = 1 + (it.kind === 'live' ? 1 : 0) + 1;
        if (albumUsed + n > target) {
          if (target - albumUsed < 2) break;
          continue;
        }
        if (names.has(it.name) || copies.includes(it)) continue;
        names.add(it.name);
        copies.push(it);
        albumUsed += n;
      }
      copies.sort(byTime);
      albums.push({ folder, metadata: `${folder}/metadata.json`, title, copies });
    }
    // What the albums could not take goes to the year folders.
    albumFiles = albumUsed;
    fill(files);
  }
  const folders = new Map<string, PlannedEntry[]>();
  const entriesOf = (folder: string) => folders.get(folder) ?? folders.set(folder, []).get(folder)!;
  for (const it of [...items].sort(byTime)) entriesOf(it.folder).push(...itemEntries(it, it.folder, namer));
  for (const album of albums) {
    const entries = entriesOf(album.folder);
    const date = album.copies.length ? album.copies[0].taken + 86400 : EXPORTED - 86400;
    entries.push({ kind: 'json', path: album.metadata, text: () => albumJson(album.title, '', date) });
    for (const it of album.copies) entries.push(...itemEntries({ ...it, edited: undefined }, album.folder, namer));
  }
  const entries = [...folders.keys()].sort().flatMap((f) => folders.get(f)!);
  if (entries.length !== files) throw new Error(`planned ${entries.length} files, not ${files}`);
  return { exported: EXPORTED, entries, albums: albums.map(({ folder, metadata, title }) => ({ folder, metadata, title })) };
}
