/**
 * Many small photos for the batch benchmark: `writePhotos(dir, n)` writes `n` baseline JPEGs of a
 * few KB each, like a camera's folder dump, with the project's own encoders
 * (scripts/fixtures/photo.ts): an EXIF APP1 (IFD0 Make/Model/Orientation/Software/DateTime, Exif
 * IFD exposure time, f-number, ISO, DateTimeOriginal, focal length, lens; GPS IFD position,
 * altitude and time stamp), an XMP APP1 (title, creator, rating, keywords) and a 16×16 grey image
 * followed by 1–4 KB of entropy-coded padding. Every value varies with the file's index, without
 * clocks or randomness, so two runs write the same bytes. Files go into sub-folders `d000/`,
 * `d001/`… of at most 1000 files, named `IMG_00000.jpg`… (unique across folders: the app's
 * cache key is name + size + lastModified, not the path).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ascii, buildTiff, concat, jpegBody, segment, utf8, type TiffEntry } from '../fixtures/photo';

/** Files per sub-folder. */
export const PER_FOLDER = 1000;

const CAMERAS: [make: string, model: string, lens: string][] = [
  ['Canon', 'Canon EOS R6', 'RF24-105mm F4 L IS USM'],
  ['NIKON CORPORATION', 'NIKON Z 6_2', 'NIKKOR Z 24-70mm f/4 S'],
  ['SONY', 'ILCE-7M3', 'FE 35mm F1.8'],
  ['FUJIFILM', 'X-T4', 'XF16-55mmF2.8 R LM WR'],
  ['Apple', 'iPhone 15 Pro', 'iPhone 15 Pro back triple camera 6.86mm f/1.78'],
];
const SHUTTER = [30, 60, 125, 250, 500, 1000, 2000, 4000];
const F_NUMBERS = [14, 18, 28, 40, 56, 80, 110, 160];
const ISOS = [100, 200, 400, 800, 1600, 3200, 6400];
const KEYWORDS = ['beach', 'city', 'family', 'forest', 'mountain', 'night', 'portrait', 'snow', 'street', 'sunset'];

/** `v` in decimal, zero-padded to `n` digits. */
export const pad = (v: number, n = 2) => String(v).padStart(n, '0');
/** EXIF date "YYYY:MM:DD HH:MM:SS" of `epochSeconds` (UTC fields). */
export function exifDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${d.getUTCFullYear()}:${pad(d.getUTCMonth() + 1)}:${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
/** Degrees as EXIF GPS degrees/minutes/seconds rationals (seconds in 1/100). */
function dms(deg: number): [number, number][] {
  const a = Math.abs(deg);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 6000);
  return [
    [d, 1],
    [m, 1],
    [s, 100],
  ];
}

/**
 * GPS IFD entries of a fix (EXIF 2.32 §4.6.6): GPSVersionID 2.3, latitude and longitude (degrees,
 * south and west negative), altitude above sea level (a rational, m), UTC time and date of
 * `epochSeconds`.
 */
export function gpsFix(lat: number, lon: number, altitude: [number, number], epochSeconds: number): TiffEntry[] {
  const t = epochSeconds;
  return [
    { tag: 0x0000, type: 'BYTE', value: new Uint8Array([2, 3, 0, 0]) },
    { tag: 0x0001, type: 'ASCII', value: lat < 0 ? 'S' : 'N' },
    { tag: 0x0002, type: 'RATIONAL', value: dms(lat) },
    { tag: 0x0003, type: 'ASCII', value: lon < 0 ? 'W' : 'E' },
    { tag: 0x0004, type: 'RATIONAL', value: dms(lon) },
    { tag: 0x0005, type: 'BYTE', value: new Uint8Array([0]) },
    { tag: 0x0006, type: 'RATIONAL', value: [altitude] },
    {
      tag: 0x0007,
      type: 'RATIONAL',
      value: [
        [Math.floor(t / 3600) % 24, 1],
        [Math.floor(t / 60) % 60, 1],
        [t % 60, 1],
      ],
    },
    { tag: 0x001d, type: 'ASCII', value: exifDate(t).slice(0, 10) },
  ];
}

function photoExif(i: number): Uint8Array {
  const [make, model, lens] = CAMERAS[i % CAMERAS.length];
  // One shot every 37 s from 2023-06-01 08:00:00; a position walking around the globe.
  const taken = Date.UTC(2023, 5, 1, 8) / 1000 + i * 37;
  const lat = ((i * 7919) % 17000) / 100 - 85;
  const lon = ((i * 104729) % 35800) / 100 - 179;
  const ifd0: TiffEntry[] = [
    { tag: 0x010f, type: 'ASCII', value: make },
    { tag: 0x0110, type: 'ASCII', value: model },
    { tag: 0x0112, type: 'SHORT', value: [[1, 6, 3, 8][i % 4]] },
    { tag: 0x011a, type: 'RATIONAL', value: [[72, 1]] },
    { tag: 0x011b, type: 'RATIONAL', value: [[72, 1]] },
    { tag: 0x0128, type: 'SHORT', value: [2] },
    { tag: 0x0131, type: 'ASCII', value: `Firmware ${1 + (i % 3)}.${i % 10}` },
    { tag: 0x0132, type: 'ASCII', value: exifDate(taken + 60) },
  ];
  const exif: TiffEntry[] = [
    { tag: 0x829a, type: 'RATIONAL', value: [[1, SHUTTER[i % SHUTTER.length]]] },
    { tag: 0x829d, type: 'RATIONAL', value: [[F_NUMBERS[(i >> 3) % F_NUMBERS.length], 10]] },
    { tag: 0x8822, type: 'SHORT', value: [[1, 2, 3][i % 3]] },
    { tag: 0x8827, type: 'SHORT', value: [ISOS[(i >> 2) % ISOS.length]] },
    { tag: 0x9000, type: 'UNDEFINED', value: ascii('0232') },
    { tag: 0x9003, type: 'ASCII', value: exifDate(taken) },
    { tag: 0x9004, type: 'ASCII', value: exifDate(taken) },
    { tag: 0x9011, type: 'ASCII', value: ['+02:00', '-05:00', '+09:00'][i % 3] },
    { tag: 0x920a, type: 'RATIONAL', value: [[24 + (i % 47), 1]] },
    { tag: 0xa002, type: 'LONG', value: [16] },
    { tag: 0xa003, type: 'LONG', value: [16] },
    { tag: 0xa434, type: 'ASCII', value: lens },
  ];
  return buildTiff(i % 2 === 1, { ifd0, exif, gps: gpsFix(lat, lon, [(i * 131) % 400000, 100], taken) });
}

function photoXmp(i: number): string {
  const words = [KEYWORDS[i % KEYWORDS.length], KEYWORDS[(i * 3 + 1) % KEYWORDS.length], `roll-${Math.floor(i / 36)}`];
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="MetaExtract bench photos">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="${i % 6}" xmp:CreatorTool="MetaExtract bench">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Photo ${i}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>Photographer ${i % 17}</rdf:li></rdf:Seq></dc:creator>
   <dc:subject><rdf:Bag>${words.map((w) => `<rdf:li>${w}</rdf:li>`).join('')}</rdf:Bag></dc:subject>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** The bytes of photo number `i`. */
export function photo(i: number): Uint8Array {
  const exif = segment(0xe1, concat(ascii('Exif\0\0'), photoExif(i)));
  const xmp = segment(0xe1, concat(ascii('http://ns.adobe.com/xap/1.0/\0'), utf8(photoXmp(i))));
  return concat(new Uint8Array([0xff, 0xd8]), exif, xmp, jpegBody(1024 + ((i * 997) % 3072)));
}

/** What a photo writer wrote: the sub-folders' and the files' absolute paths, the total size in bytes. */
export interface WrittenPhotos {
  folders: string[];
  files: string[];
  bytes: number;
}

/**
 * Writes photos 0…n-1 under `dir` in sub-folders `d000/`, `d001/`… of at most PER_FOLDER files:
 * `write(i, path)` writes photo `i` at `path` (its file name from `name(i)`) and resolves with
 * its size; at most `parallel` writes are in flight.
 */
export async function writeInFolders(dir: string, n: number, name: (i: number) => string, write: (i: number, path: string) => Promise<number>, parallel = PER_FOLDER): Promise<WrittenPhotos> {
  const folders: string[] = [];
  const files: string[] = [];
  let bytes = 0;
  for (let start = 0; start < n; start += PER_FOLDER) {
    const folder = join(dir, `d${pad(start / PER_FOLDER, 3)}`);
    await mkdir(folder, { recursive: true });
    folders.push(folder);
    for (let i = start; i < Math.min(n, start + PER_FOLDER); i++) files.push(join(folder, name(i)));
  }
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const size = await write(i, files[i]);
      bytes += size;
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, n) }, worker));
  return { folders, files, bytes };
}

/** Writes `n` photos under `dir` (see writeInFolders). */
export function writePhotos(dir: string, n: number): Promise<WrittenPhotos> {
  return writeInFolders(
    dir,
    n,
    (i) => `IMG_${pad(i, 5)}.jpg`,
    async (i, path) => {
      const jpeg = photo(i);
      await writeFile(path, jpeg);
      return jpeg.length;
    },
  );
}
