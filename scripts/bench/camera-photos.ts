/**
 * Camera-like photos for the batch benchmark: `writeCameraPhotos(dir, n)` writes `n` JPEGs of real
 * cameras' pixel sizes, file sizes and metadata layouts with the project's own encoders
 * (scripts/fixtures/photo.ts, icc.ts, makernotes.ts). Each photo is one of five kinds, in the
 * segment order those devices and programs write (as `exiftool -v` shows it on the corpus photos):
 * - iPhone (30 %): APP1 Exif (big-endian; IFD0, Exif IFD with an Apple MakerNote, full GPS IFD,
 *   IFD1 with a 224×168 JPEG thumbnail), APP1 XMP, APP2 ICC "Display P3" (v4), one DQT and one
 *   DHT segment per table, 4032×3024 4:2:0;
 * - Canon (15 %): APP1 Exif (little-endian; Exif IFD with a Canon MakerNote of ≈ 7 KB,
 *   Interoperability IFD, GPS IFD with the version only, IFD1 with a 160×120 thumbnail), APP1
 *   XMP padded to ≈ 2.5 KB, DQT, SOF0, DHT, SOS, 5472×3648 / 5184×3456 / 3648×2432 4:2:2;
 * - Nikon (15 %): APP1 Exif (big-endian; Nikon type 3 MakerNote of 4–7 KB, Interoperability
 *   IFD, IFD1 thumbnail), 5568×3712 / 4496×3000 4:2:2;
 * - Photoshop edits of Canon/Nikon shots (20 %): APP1 Exif (the camera's, MakerNote kept,
 *   Software, new size, a new 160×107 thumbnail), APP2 ICC sRGB (v2, 3 KB), APP14 Adobe, APP1 XMP
 *   with the edit history (≈ 6 KB), APP13 Photoshop resources (resolution, IPTC-IIM with its
 *   digest, a JPEG thumbnail), crops from 2400×1600 to 4500×3000, 4:4:4;
 * - Lightroom exports (20 %): APP1 Exif without MakerNote or thumbnail, APP1 XMP with the
 *   develop settings (≈ 5.6 KB), APP13 IPTC, APP2 ICC sRGB, long edge 400 to 2048 px, 4:2:0.
 * The image data is the shortest scan that codes every block with the Annex K tables
 * (baselineJpegHead: ≈ 3 bits a pixel), so each file decodes as a whole image and its size is
 * that of a fine-quality photo of its pixel size: 51 KB to 7.9 MB, median 4.6 MB (p10 0.4 MB,
 * p25 2.2 MB, p75 5.2 MB, p90 7.6 MB). That scan is all zero bytes except the last: it is left as
 * a hole (a sparse file: the header and the last bytes are written, the file is extended past the
 * hole), so 10,000 photos take 40 GB apparent but ≈ 0.25 GB on disk. Values vary with the photo's index (`hash`), without clocks or
 * randomness: two runs write the same bytes. Files go into sub-folders of PER_FOLDER with
 * device-style names that are unique across folders (the app's cache key is name + size +
 * lastModified, not the path); each file's modification time is its shot's or edit's time.
 */
import { open, utimes } from 'node:fs/promises';
import { ascii, baselineJpeg, baselineJpegHead, buildTiff, concat, iimDatasets, imageResource, segment, u16, u32, utf8, type BaselineImage, type TiffEntry } from '../fixtures/photo';
import { displayP3Profile, iccSegments, srgbProfile } from '../fixtures/icc';
import { appleMakerNote, canonMakerNote, nikonMakerNote, type Shot } from '../fixtures/makernotes';
import { exifDate, gpsFix, pad, writeInFolders, type WrittenPhotos } from './photos';
import { createHash } from 'node:crypto';

/** A deterministic 32-bit mix of an index and a salt (a seeded index function, no randomness). */
export function hash(i: number, salt = 0): number {
  let x = Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b);
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}
const pick = <T>(xs: readonly T[], i: number, salt: number): T => xs[hash(i, salt) % xs.length];

type Kind = 'iphone' | 'canon' | 'nikon' | 'photoshop' | 'lightroom';
/** Kinds by share of the set: 6, 3, 3, 4 and 4 twentieths. */
// prettier-ignore
const KINDS: Kind[] = ['iphone', 'iphone', 'iphone', 'iphone', 'iphone', 'iphone', 'canon', 'canon', 'canon', 'nikon', 'nikon', 'nikon', 'photoshop', 'photoshop', 'photoshop', 'photoshop', 'lightroom', 'lightroom', 'lightroom', 'lightroom'];

interface Camera {
  make: string;
  model: string;
  width: number;
  height: number;
  lens: string;
  /** LensSpecification: min/max focal length, min/max f-number. */
  lensSpec: [number, number][];
  focal: number[];
}
// prettier-ignore
const CANONS: (Camera & { id: number })[] = [
  { make: 'Canon', model: 'Canon EOS R6', id: 0x80000453, width: 5472, height: 3648, lens: 'RF24-105mm F4 L IS USM', lensSpec: [[24, 1], [105, 1], [0, 1], [0, 1]], focal: [24, 35, 50, 70, 105] },
  { make: 'Canon', model: 'Canon EOS R6', id: 0x80000453, width: 3648, height: 2432, lens: 'RF24-105mm F4 L IS USM', lensSpec: [[24, 1], [105, 1], [0, 1], [0, 1]], focal: [24, 50, 105] },
  { make: 'Canon', model: 'Canon EOS 1300D', id: 0x80000404, width: 5184, height: 3456, lens: 'EF-S18-55mm f/3.5-5.6 III', lensSpec: [[18, 1], [55, 1], [0, 1], [0, 1]], focal: [18, 24, 36, 55] },
];
// prettier-ignore
const NIKONS: (Camera & { shotInfo: number })[] = [
  { make: 'NIKON CORPORATION', model: 'NIKON Z 50', shotInfo: 6400, width: 5568, height: 3712, lens: 'NIKKOR Z DX 16-50mm f/3.5-6.3 VR', lensSpec: [[16, 1], [50, 1], [35, 10], [63, 10]], focal: [16, 24, 35, 50] },
  { make: 'NIKON CORPORATION', model: 'NIKON D3500', shotInfo: 3100, width: 4496, height: 3000, lens: 'AF-P DX NIKKOR 18-55mm f/3.5-5.6G VR', lensSpec: [[18, 1], [55, 1], [35, 10], [56, 10]], focal: [18, 28, 55] },
];
const IPHONES = ['iPhone 12', 'iPhone 13 Pro', 'iPhone 14', 'iPhone 15 Pro'];
const SHUTTER = [30, 60, 125, 250, 500, 1000, 2000, 4000];
const F_NUMBERS = [18, 28, 40, 56, 80, 110];
const ISOS = [100, 200, 400, 800, 1600, 3200];
const KEYWORDS = ['beach', 'city', 'family', 'forest', 'mountain', 'night', 'portrait', 'snow', 'street', 'sunset', 'harbour', 'market'];
/** Places, with their time zone in June (minutes from UTC). */
// prettier-ignore
const CITIES: [city: string, country: string, code: string, lat: number, lon: number, zoneMinutes: number][] = [
  ['Lisboa', 'Portugal', 'PRT', 38.7223, -9.1393, 60], ['Zürich', 'Switzerland', 'CHE', 47.3769, 8.5417, 120], ['Kyōto', 'Japan', 'JPN', 35.0116, 135.7681, 540],
  ['Valparaíso', 'Chile', 'CHL', -33.0472, -71.6127, -240], ['Reykjavík', 'Iceland', 'ISL', 64.1466, -21.9426, 0], ['Cape Town', 'South Africa', 'ZAF', -33.9249, 18.4241, 120],
];

/** One shot as a camera took it: the MakerNote's view (Shot) plus where. */
interface Taken extends Shot {
  camera: Camera;
  kind: 'iphone' | 'canon' | 'nikon';
  orientation: number;
  place: (typeof CITIES)[number];
  subSec: string;
}

/** When photo `i` was shot: one shot every 37 s from 2023-06-01 08:00:00 UTC, as photos.ts. */
const takenAt = (i: number) => Date.UTC(2023, 5, 1, 8) / 1000 + i * 37;

function shotOf(i: number, kind: Taken['kind']): Taken {
  const camera: Camera =
    kind === 'canon'
      ? pick(CANONS, i, 1)
      : kind === 'nikon'
        ? pick(NIKONS, i, 1)
        : {
            make: 'Apple',
            model: pick(IPHONES, i, 1),
            width: 4032,
            height: 3024,
            lens: '',
            lensSpec: [
              [1570, 1000],
              [9000, 1000],
              [16, 10],
              [28, 10],
            ],
            focal: [6.86],
          };
  const place = pick(CITIES, i, 2);
  const focalLength = pick(camera.focal, i, 3);
  return {
    camera,
    kind,
    place,
    model: camera.model,
    lens: kind === 'iphone' ? `${camera.model} back camera ${focalLength}mm f/1.78` : camera.lens,
    serial: (hash(i, 4) % 900000) + 100000,
    iso: kind === 'iphone' ? pick([32, 50, 64, 100, 250, 640], i, 5) : pick(ISOS, i, 5),
    shutter: pick(SHUTTER, i, 6),
    fNumber10: kind === 'iphone' ? 18 : pick(F_NUMBERS, i, 7),
    focalLength,
    width: camera.width,
    height: camera.height,
    taken: takenAt(i),
    zoneMinutes: place[5],
    seed: hash(i, 9),
    orientation: pick([1, 1, 1, 6, 8], i, 10),
    subSec: pad(hash(i, 11) % 100),
  };
}

const offset = (minutes: number) => `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
const apex = (v: number): [number, number] => [Math.round(v * 1000000), 1000000];

/** The Exif IFD entries every camera writes (EXIF 2.32 §4.6.5, Table 7–9). */
function exposureEntries(s: Taken): TiffEntry[] {
  const local = s.taken + s.zoneMinutes * 60;
  return [
    { tag: 0x829a, type: 'RATIONAL', value: [[1, s.shutter]] },
    { tag: 0x829d, type: 'RATIONAL', value: [[s.fNumber10, 10]] },
    { tag: 0x8822, type: 'SHORT', value: [s.kind === 'iphone' ? 2 : pick([1, 2, 3], s.seed, 1)] },
    { tag: 0x8827, type: 'SHORT', value: [s.iso] },
    { tag: 0x9000, type: 'UNDEFINED', value: ascii(s.kind === 'iphone' ? '0232' : '0231') },
    { tag: 0x9003, type: 'ASCII', value: exifDate(local) },
    { tag: 0x9004, type: 'ASCII', value: exifDate(local) },
    { tag: 0x9010, type: 'ASCII', value: offset(s.zoneMinutes) },
    { tag: 0x9011, type: 'ASCII', value: offset(s.zoneMinutes) },
    { tag: 0x9012, type: 'ASCII', value: offset(s.zoneMinutes) },
    { tag: 0x9101, type: 'UNDEFINED', value: new Uint8Array([1, 2, 3, 0]) },
    { tag: 0x9201, type: 'SRATIONAL', value: [apex(Math.log2(s.shutter))] },
    { tag: 0x9202, type: 'RATIONAL', value: [apex(2 * Math.log2(s.fNumber10 / 10))] },
    { tag: 0x9204, type: 'SRATIONAL', value: [[0, 1]] },
    { tag: 0x9207, type: 'SHORT', value: [5] },
    { tag: 0x9209, type: 'SHORT', value: [16] },
    { tag: 0x920a, type: 'RATIONAL', value: [[Math.round(s.focalLength * 100), 100]] },
    { tag: 0x9291, type: 'ASCII', value: s.subSec },
    { tag: 0x9292, type: 'ASCII', value: s.subSec },
    { tag: 0xa000, type: 'UNDEFINED', value: ascii('0100') },
    { tag: 0xa002, type: 'LONG', value: [s.width] },
    { tag: 0xa003, type: 'LONG', value: [s.height] },
    { tag: 0xa402, type: 'SHORT', value: [0] },
    { tag: 0xa403, type: 'SHORT', value: [0] },
    { tag: 0xa406, type: 'SHORT', value: [0] },
    { tag: 0xa432, type: 'RATIONAL', value: s.camera.lensSpec },
    { tag: 0xa434, type: 'ASCII', value: s.lens },
  ];
}

/** IFD0 of a camera's Exif: maker, model, orientation, resolution, software (unless null), date. */
function cameraIfd0(s: Taken, software: string | null, modified: number, res: number): TiffEntry[] {
  return [
    { tag: 0x010f, type: 'ASCII', value: s.camera.make },
    { tag: 0x0110, type: 'ASCII', value: s.camera.model },
    { tag: 0x0112, type: 'SHORT', value: [s.orientation] },
    { tag: 0x011a, type: 'RATIONAL', value: [[res, 1]] },
    { tag: 0x011b, type: 'RATIONAL', value: [[res, 1]] },
    { tag: 0x0128, type: 'SHORT', value: [2] },
    ...(software ? [{ tag: 0x0131, type: 'ASCII', value: software } as const] : []),
    { tag: 0x0132, type: 'ASCII', value: exifDate(modified + s.zoneMinutes * 60) },
    { tag: 0x0213, type: 'SHORT', value: [s.kind === 'iphone' ? 1 : 2] },
  ];
}

/** GPS IFD (EXIF 2.32 §4.6.6): a phone's full fix, or only GPSVersionID (cameras without a GPS receiver). */
function gpsEntries(s: Taken): TiffEntry[] {
  if (s.kind !== 'iphone') return [{ tag: 0x0000, type: 'BYTE', value: new Uint8Array([2, 3, 0, 0]) }];
  const [, , , lat0, lon0] = s.place;
  const v = (salt: number, range: number) => hash(s.seed, salt) % range;
  return [
    ...gpsFix(lat0 + (v(1, 2000) - 1000) / 100000, lon0 + (v(2, 2000) - 1000) / 100000, [v(3, 40000) + 1000, 1000], s.taken),
    { tag: 0x000c, type: 'ASCII', value: 'K' },
    { tag: 0x000d, type: 'RATIONAL', value: [[v(4, 5000), 1000]] },
    { tag: 0x0010, type: 'ASCII', value: 'T' },
    { tag: 0x0011, type: 'RATIONAL', value: [[v(5, 360000), 1000]] },
    { tag: 0x0017, type: 'ASCII', value: 'T' },
    { tag: 0x0018, type: 'RATIONAL', value: [[v(5, 360000), 1000]] },
    { tag: 0x001f, type: 'RATIONAL', value: [[v(6, 30000) + 1000, 1000]] },
  ];
}

const INTEROP: TiffEntry[] = [
  { tag: 0x0001, type: 'ASCII', value: 'R98' },
  { tag: 0x0002, type: 'UNDEFINED', value: ascii('0100') },
];
const thumbIfd = (res: number): TiffEntry[] => [
  { tag: 0x0103, type: 'SHORT', value: [6] },
  { tag: 0x011a, type: 'RATIONAL', value: [[res, 1]] },
  { tag: 0x011b, type: 'RATIONAL', value: [[res, 1]] },
  { tag: 0x0128, type: 'SHORT', value: [2] },
];

/** Built once: thumbnails by size, the ICC profiles. */
const memo = new Map<string, Uint8Array>();
const once = (key: string, make: () => Uint8Array) => memo.get(key) ?? memo.set(key, make()).get(key)!;
const thumbnail = (w: number, h: number, sampling: BaselineImage['sampling']) => once(`thumb ${w} ${h} ${sampling}`, () => baselineJpeg({ width: w, height: h, sampling, quality: 85 }));

/** The camera's own Exif for shot `s` (the APP1 payload after "Exif\0\0"); `edit` rewrites it as Photoshop does. */
function cameraExif(s: Taken, edit?: { software: string; modified: number; width: number; height: number }): Uint8Array {
  const exif = exposureEntries(s).map((e) => (edit && e.tag === 0xa002 ? { ...e, value: [edit.width] } : edit && e.tag === 0xa003 ? { ...e, value: [edit.height] } : e)) as TiffEntry[];
  // Canon writes no Software tag; Nikon its firmware version; iPhones the iOS version.
  const software = edit?.software ?? (s.kind === 'iphone' ? '17.1' : s.kind === 'nikon' ? `Ver.0${1 + (s.seed % 3)}.10` : null);
  const ifd0 = cameraIfd0(s, software, edit?.modified ?? s.taken, s.kind === 'nikon' ? 300 : 72);
  const thumb = edit ? thumbnail(160, 107, '4:2:0') : s.kind === 'iphone' ? thumbnail(224, 168, '4:2:0') : thumbnail(160, 120, '4:2:2');
  if (s.kind === 'canon') {
    exif.push(canonMakerNote(s, (s.camera as (typeof CANONS)[number]).id));
    exif.push({ tag: 0x9286, type: 'UNDEFINED', value: new Uint8Array(264) });
    exif.push({ tag: 0xa20e, type: 'RATIONAL', value: [[s.width * 1000, 22]] }, { tag: 0xa20f, type: 'RATIONAL', value: [[s.height * 1000, 15]] }, { tag: 0xa210, type: 'SHORT', value: [2] });
    exif.push(
      { tag: 0xa430, type: 'ASCII', value: '' },
      { tag: 0xa431, type: 'ASCII', value: String(s.serial * 1000 + 724) },
      { tag: 0xa435, type: 'ASCII', value: (s.seed % 0xffffffff).toString(16).padStart(10, '0') },
    );
  } else if (s.kind === 'nikon') {
    exif.push({ tag: 0x927c, type: 'UNDEFINED', value: nikonMakerNote(s, (s.camera as (typeof NIKONS)[number]).shotInfo) });
    exif.push({ tag: 0x9286, type: 'UNDEFINED', value: concat(ascii('ASCII\0\0\0'), ascii(' '.repeat(36))) });
    exif.push({ tag: 0xa217, type: 'SHORT', value: [2] }, { tag: 0xa300, type: 'UNDEFINED', value: new Uint8Array([3]) }, { tag: 0xa301, type: 'UNDEFINED', value: new Uint8Array([1]) });
    exif.push({ tag: 0xa404, type: 'RATIONAL', value: [[1, 1]] }, { tag: 0xa405, type: 'SHORT', value: [Math.round(s.focalLength * 1.5)] }, { tag: 0xa407, type: 'SHORT', value: [0] });
    exif.push({ tag: 0xa408, type: 'SHORT', value: [0] }, { tag: 0xa409, type: 'SHORT', value: [0] }, { tag: 0xa40a, type: 'SHORT', value: [0] }, { tag: 0xa40c, type: 'SHORT', value: [0] });
  } else {
    exif.push({ tag: 0x927c, type: 'UNDEFINED', value: appleMakerNote(s) });
    exif.push({ tag: 0x9203, type: 'SRATIONAL', value: [[(s.seed % 90000) - 10000, 10000]] }, { tag: 0x9214, type: 'SHORT', value: [2009, 1502, 2208, 1327] });
    exif.push({ tag: 0xa217, type: 'SHORT', value: [2] }, { tag: 0xa301, type: 'UNDEFINED', value: new Uint8Array([1]) }, { tag: 0xa405, type: 'SHORT', value: [26] });
    exif.push({ tag: 0xa433, type: 'ASCII', value: 'Apple' }, { tag: 0xa460, type: 'SHORT', value: [2] });
  }
  // Canon and Nikon (and Photoshop, keeping their note) write an Interoperability IFD; iPhones do not.
  exif.push({ tag: 0xa001, type: 'SHORT', value: [s.kind === 'iphone' && !edit ? 0xffff : 1] });
  return buildTiff(s.kind === 'canon', { ifd0, exif, interop: s.kind === 'iphone' ? undefined : INTEROP, gps: gpsEntries(s), ifd1: thumbIfd(72), thumbnail: thumb });
}

/** An XMP packet (XMP Part 1 §7.3) with `padding` bytes of whitespace for in-place edits, as Adobe and Canon leave. */
function xmpPacket(toolkit: string, body: string, padding: number): Uint8Array {
  const pad = Array.from({ length: Math.ceil(padding / 100) }, () => `${' '.repeat(99)}\n`).join('');
  const xmp = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="${toolkit}">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
${body}
 </rdf:RDF>
</x:xmpmeta>
${pad}<?xpacket end="w"?>`;
  return segment(0xe1, concat(ascii('http://ns.adobe.com/xap/1.0/\0'), utf8(xmp)));
}
const isoDate = (epoch: number, minutes: number) =>
  `${exifDate(epoch + minutes * 60)
    .replace(':', '-')
    .replace(':', '-')
    .replace(' ', 'T')}${offset(minutes)}`;
const attrs = (a: Record<string, string | number>) =>
  Object.entries(a)
    .map(([k, v]) => `\n    ${k}="${v}"`)
    .join('');
const bag = (name: string, kind: 'Bag' | 'Seq' | 'Alt', items: string[]) =>
  `   <${name}>\n    <rdf:${kind}>\n${items.map((x) => `     <rdf:li${kind === 'Alt' ? ' xml:lang="x-default"' : ''}>${x}</rdf:li>`).join('\n')}\n    </rdf:${kind}>\n   </${name}>`;
// prettier-ignore
const guid = (i: number, salt: number) => Array.from({ length: 4 }, (_, k) => hash(i, salt * 4 + k).toString(16).padStart(8, '0')).join('');

/** What an editor adds: title, keywords, creator, place, the edit time. */
interface Edit {
  title: string;
  keywords: string[];
  creator: string;
  modified: number;
}
function editOf(i: number, s: Taken): Edit {
  const keywords = [pick(KEYWORDS, i, 20), pick(KEYWORDS, i, 21), pick(KEYWORDS, i, 22), s.place[0]].filter((k, n, all) => all.indexOf(k) === n);
  return { title: `${s.place[0]} ${pick(KEYWORDS, i, 20)} ${i}`, keywords, creator: `Photographer ${hash(i, 23) % 40}`, modified: s.taken + 86400 * (1 + (hash(i, 24) % 300)) };
}

function cameraXmp(s: Taken): Uint8Array {
  if (s.kind === 'iphone')
    return xmpPacket(
      'XMP Core 6.0.0',
      `  <rdf:Description rdf:about=""${attrs({ 'xmlns:xmp': 'http://ns.adobe.com/xap/1.0/', 'xmlns:photoshop': 'http://ns.adobe.com/photoshop/1.0/', 'xmp:CreateDate': isoDate(s.taken, s.zoneMinutes), 'xmp:CreatorTool': '17.1', 'xmp:ModifyDate': isoDate(s.taken, s.zoneMinutes), 'photoshop:DateCreated': isoDate(s.taken, s.zoneMinutes) })}/>`,
      0,
    );
  return xmpPacket('XMP Core 5.6.0', `  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">\n   <xmp:Rating>0</xmp:Rating>\n  </rdf:Description>`, 2200);
}

/** Photoshop's XMP: document ids, colour mode and profile, the edit history, Dublin Core and place. */
function photoshopXmp(i: number, s: Taken, e: Edit, software: string): Uint8Array {
  const id = (salt: number) => `xmp.iid:${guid(i, salt)}`;
  const history = [
    ['created', s.taken],
    ['saved', e.modified - 600],
    ['converted', e.modified - 300],
    ['derived', e.modified - 300],
    ['saved', e.modified],
  ] as const;
  const events = history
    .map(
      ([action, t], k) =>
        `     <rdf:li rdf:parseType="Resource"${attrs({ 'stEvt:action': action, 'stEvt:instanceID': id(40 + k), 'stEvt:when': isoDate(t, s.zoneMinutes), 'stEvt:softwareAgent': software, 'stEvt:changed': '/' })}/>`,
    )
    .join('\n');
  const body = `  <rdf:Description rdf:about=""${attrs({
    'xmlns:xmp': 'http://ns.adobe.com/xap/1.0/',
    'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
    'xmlns:photoshop': 'http://ns.adobe.com/photoshop/1.0/',
    'xmlns:xmpMM': 'http://ns.adobe.com/xap/1.0/mm/',
    'xmlns:stEvt': 'http://ns.adobe.com/xap/1.0/sType/ResourceEvent#',
    'xmlns:stRef': 'http://ns.adobe.com/xap/1.0/sType/ResourceRef#',
    'xmp:CreatorTool': software,
    'xmp:CreateDate': isoDate(s.taken, s.zoneMinutes),
    'xmp:ModifyDate': isoDate(e.modified, s.zoneMinutes),
    'xmp:MetadataDate': isoDate(e.modified, s.zoneMinutes),
    'xmp:Rating': hash(i, 30) % 6,
    'dc:format': 'image/jpeg',
    'photoshop:ColorMode': 3,
    'photoshop:ICCProfile': 'sRGB IEC61966-2.1',
    'photoshop:DateCreated': isoDate(s.taken, s.zoneMinutes),
    'photoshop:City': s.place[0],
    'photoshop:Country': s.place[1],
    'photoshop:AuthorsPosition': 'Staff photographer',
    'xmpMM:InstanceID': id(40 + history.length - 1),
    'xmpMM:DocumentID': `adobe:docid:photoshop:${guid(i, 31)}`,
    'xmpMM:OriginalDocumentID': id(40),
  })}>
${bag('dc:title', 'Alt', [e.title])}
${bag('dc:creator', 'Seq', [e.creator])}
${bag('dc:rights', 'Alt', [`© ${e.creator}`])}
${bag('dc:description', 'Alt', [`${e.title}, ${s.place[0]}, ${s.place[1]}.`])}
${bag('dc:subject', 'Bag', e.keywords)}
   <xmpMM:History>
    <rdf:Seq>
${events}
    </rdf:Seq>
   </xmpMM:History>
   <xmpMM:DerivedFrom rdf:parseType="Resource"${attrs({ 'stRef:instanceID': id(41), 'stRef:documentID': id(40), 'stRef:originalDocumentID': id(40) })}/>
  </rdf:Description>`;
  return xmpPacket('Adobe XMP Core 9.1-c001 79.675d0f7, 2023/06/11-19:21:16', body, 2400);
}

/** Lightroom's XMP: camera and lens, Camera Raw develop settings, history, Dublin Core. */
function lightroomXmp(i: number, s: Taken, e: Edit, software: string): Uint8Array {
  const v = (salt: number, range: number) => (hash(i, salt) % (2 * range + 1)) - range;
  const signed = (x: number) => (x > 0 ? `+${x}` : String(x));
  const crs: Record<string, string | number> = {
    'crs:Version': '16.1',
    'crs:ProcessVersion': '11.0',
    'crs:WhiteBalance': 'As Shot',
    'crs:Temperature': 5200 + v(50, 800),
    'crs:Tint': signed(v(51, 12)),
    'crs:Exposure2012': signed(v(52, 150) / 100),
    'crs:Contrast2012': signed(v(53, 30)),
    'crs:Highlights2012': signed(-Math.abs(v(54, 60))),
    'crs:Shadows2012': signed(Math.abs(v(55, 60))),
    'crs:Whites2012': signed(v(56, 20)),
    'crs:Blacks2012': signed(v(57, 20)),
    'crs:Texture': signed(v(58, 20)),
    'crs:Clarity2012': signed(v(59, 25)),
    'crs:Dehaze': signed(v(60, 15)),
    'crs:Vibrance': signed(v(61, 30)),
    'crs:Saturation': signed(v(62, 10)),
    'crs:ParametricShadows': 0,
    'crs:ParametricDarks': 0,
    'crs:ParametricLights': 0,
    'crs:ParametricHighlights': 0,
    'crs:ParametricShadowSplit': 25,
    'crs:ParametricMidtoneSplit': 50,
    'crs:ParametricHighlightSplit': 75,
    'crs:Sharpness': 40,
    'crs:SharpenRadius': '+1.0',
    'crs:SharpenDetail': 25,
    'crs:SharpenEdgeMasking': 0,
    'crs:LuminanceSmoothing': 0,
    'crs:ColorNoiseReduction': 25,
    'crs:ColorNoiseReductionDetail': 50,
    'crs:ColorNoiseReductionSmoothness': 50,
    ...Object.fromEntries(
      ['Red', 'Orange', 'Yellow', 'Green', 'Aqua', 'Blue', 'Purple', 'Magenta'].flatMap((c, k) => [
        [`crs:HueAdjustment${c}`, v(70 + k, 10)],
        [`crs:SaturationAdjustment${c}`, v(80 + k, 20)],
        [`crs:LuminanceAdjustment${c}`, v(90 + k, 20)],
      ]),
    ),
    'crs:SplitToningShadowHue': 0,
    'crs:SplitToningShadowSaturation': 0,
    'crs:SplitToningHighlightHue': 0,
    'crs:SplitToningHighlightSaturation': 0,
    'crs:SplitToningBalance': 0,
    'crs:ColorGradeMidtoneHue': 0,
    'crs:ColorGradeMidtoneSat': 0,
    'crs:ColorGradeGlobalHue': 0,
    'crs:ColorGradeGlobalSat': 0,
    'crs:ColorGradeBlending': 50,
    'crs:AutoLateralCA': 1,
    'crs:LensProfileEnable': 1,
    'crs:LensManualDistortionAmount': 0,
    'crs:VignetteAmount': 0,
    'crs:DefringePurpleAmount': 0,
    'crs:DefringeGreenAmount': 0,
    'crs:PerspectiveVertical': 0,
    'crs:PerspectiveHorizontal': 0,
    'crs:PerspectiveRotate': '0.0',
    'crs:PerspectiveScale': 100,
    'crs:PerspectiveAspect': 0,
    'crs:PerspectiveUpright': 0,
    'crs:GrainAmount': 0,
    'crs:PostCropVignetteAmount': v(100, 20),
    'crs:ShadowTint': 0,
    'crs:RedHue': 0,
    'crs:RedSaturation': 0,
    'crs:GreenHue': 0,
    'crs:GreenSaturation': 0,
    'crs:BlueHue': 0,
    'crs:BlueSaturation': 0,
    'crs:ToneCurveName2012': 'Linear',
    'crs:CameraProfile': 'Adobe Standard',
    'crs:LensProfileSetup': 'LensDefaults',
    'crs:HasSettings': 'True',
    'crs:HasCrop': 'False',
    'crs:AlreadyApplied': 'True',
  };
  const body = `  <rdf:Description rdf:about=""${attrs({
    'xmlns:xmp': 'http://ns.adobe.com/xap/1.0/',
    'xmlns:aux': 'http://ns.adobe.com/exif/1.0/aux/',
    'xmlns:photoshop': 'http://ns.adobe.com/photoshop/1.0/',
    'xmlns:xmpMM': 'http://ns.adobe.com/xap/1.0/mm/',
    'xmlns:stEvt': 'http://ns.adobe.com/xap/1.0/sType/ResourceEvent#',
    'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
    'xmlns:crs': 'http://ns.adobe.com/camera-raw-settings/1.0/',
    'xmp:ModifyDate': isoDate(e.modified, s.zoneMinutes),
    'xmp:CreateDate': isoDate(s.taken, s.zoneMinutes),
    'xmp:MetadataDate': isoDate(e.modified, s.zoneMinutes),
    'xmp:CreatorTool': software,
    'xmp:Rating': hash(i, 30) % 6,
    'aux:SerialNumber': s.serial,
    'aux:LensInfo': s.camera.lensSpec.map(([n, d]) => `${n}/${d}`).join(' '),
    'aux:Lens': s.lens,
    'aux:ImageNumber': hash(i, 32) % 9999,
    'aux:ApproximateFocusDistance': '271/100',
    'photoshop:DateCreated': isoDate(s.taken, s.zoneMinutes),
    'photoshop:City': s.place[0],
    'photoshop:Country': s.place[1],
    'xmpMM:DocumentID': `xmp.did:${guid(i, 33)}`,
    'xmpMM:PreservedFileName': `${s.kind === 'nikon' ? 'DSC' : 'IMG'}_${pad(i, 5)}.CR3`,
    'xmpMM:OriginalDocumentID': guid(i, 34).toUpperCase(),
    'xmpMM:InstanceID': `xmp.iid:${guid(i, 35)}`,
    'dc:format': 'image/jpeg',
    ...crs,
  })}>
${bag('dc:title', 'Alt', [e.title])}
${bag('dc:creator', 'Seq', [e.creator])}
${bag('dc:subject', 'Bag', e.keywords)}
   <xmpMM:History>
    <rdf:Seq>
${[
  ['derived', e.modified - 60],
  ['saved', e.modified],
]
  .map(
    ([a, t], k) =>
      `     <rdf:li rdf:parseType="Resource"${attrs({ 'stEvt:action': a, 'stEvt:instanceID': `xmp.iid:${guid(i, 36 + k)}`, 'stEvt:when': isoDate(t as number, s.zoneMinutes), 'stEvt:softwareAgent': software, 'stEvt:changed': '/' })}/>`,
  )
  .join('\n')}
    </rdf:Seq>
   </xmpMM:History>
   <crs:ToneCurvePV2012>
    <rdf:Seq>
${['0, 0', '64, 60', '128, 131', '192, 196', '255, 255'].map((p) => `     <rdf:li>${p}</rdf:li>`).join('\n')}
    </rdf:Seq>
   </crs:ToneCurvePV2012>
  </rdf:Description>`;
  return xmpPacket('Adobe XMP Core 7.0-c000 1.000000, 0000/00/00-00:00:00', body, 0);
}

/** APP13 "Photoshop 3.0" image resources: IPTC-IIM (0x0404) and its MD5 digest (0x0425), then `more`. */
function photoshopApp13(s: Taken, e: Edit, more: Uint8Array[]): Uint8Array {
  const local = s.taken + s.zoneMinutes * 60;
  const ymd = exifDate(local).slice(0, 10).replace(/:/g, '');
  const hms = `${exifDate(local).slice(11).replace(/:/g, '')}${offset(s.zoneMinutes).replace(':', '')}`;
  const iim = iimDatasets([
    [1, 90, new Uint8Array([0x1b, 0x25, 0x47])],
    [2, 0, new Uint8Array([0, 4])],
    [2, 5, utf8(e.title)],
    ...e.keywords.map((k) => [2, 25, utf8(k)] as const),
    [2, 55, ascii(ymd)],
    [2, 60, ascii(hms)],
    [2, 62, ascii(ymd)],
    [2, 63, ascii(hms)],
    [2, 80, utf8(e.creator)],
    [2, 85, utf8('Staff photographer')],
    [2, 90, utf8(s.place[0])],
    [2, 100, ascii(s.place[2])],
    [2, 101, utf8(s.place[1])],
    [2, 116, utf8(`© ${e.creator}`)],
    [2, 120, utf8(`${e.title}, ${s.place[0]}, ${s.place[1]}.`)],
  ]);
  const digest = new Uint8Array(createHash('md5').update(iim).digest());
  return segment(0xed, concat(ascii('Photoshop 3.0\0'), imageResource(0x0404, iim), imageResource(0x0425, digest), ...more));
}

/** Photo `i`'s kind, and for an edit the kind of camera it started from. */
function planOf(i: number): { kind: Kind; from: Taken['kind'] } {
  const kind = KINDS[hash(i) % KINDS.length];
  if (kind === 'photoshop') return { kind, from: pick(['canon', 'nikon'] as const, i, 12) };
  if (kind === 'lightroom') return { kind, from: pick(['canon', 'nikon', 'iphone'] as const, i, 12) };
  return { kind, from: kind };
}

/** Photo `i`'s file name, as the camera or program names it (unique: it carries `i`). */
export function cameraPhotoName(i: number): string {
  const { kind, from } = planOf(i);
  const camera = `${from === 'nikon' ? 'DSC' : 'IMG'}_${pad(i, 5)}`;
  return kind === 'photoshop' ? `${camera}-edit.jpg` : kind === 'lightroom' ? `${exifDate(takenAt(i)).slice(0, 10).replace(/:/g, '-')}_${pad(i, 5)}.jpg` : `${camera}.JPG`;
}

/** One photo: its modification time, the bytes before its scan, and the scan. */
interface CameraPhoto {
  mtime: number;
  header: Uint8Array;
  scanBytes: number;
  lastByte: number;
}

/** Photo number `i` of the camera-like set (see the module comment). */
export function cameraPhoto(i: number): CameraPhoto {
  const { kind, from } = planOf(i);
  const SOI = new Uint8Array([0xff, 0xd8]);
  if (kind === 'iphone' || kind === 'canon' || kind === 'nikon') {
    const s = shotOf(i, kind);
    const img: BaselineImage = { width: s.width, height: s.height, sampling: kind === 'iphone' ? '4:2:0' : '4:2:2', quality: kind === 'iphone' ? 93 : 97, splitTables: kind === 'iphone' };
    const { head, scanBytes, lastByte } = baselineJpegHead(img);
    const exif = segment(0xe1, concat(ascii('Exif\0\0'), cameraExif(s)));
    const meta = kind === 'iphone' ? [exif, cameraXmp(s), once('p3', () => iccSegments(displayP3Profile()))] : kind === 'canon' ? [exif, cameraXmp(s)] : [exif];
    return { mtime: s.taken, header: concat(SOI, ...meta, head), scanBytes, lastByte };
  }
  const s = shotOf(i, from);
  const e = editOf(i, s);
  const srgb = once('srgb', () => iccSegments(srgbProfile()));
  if (kind === 'photoshop') {
    const software = 'Adobe Photoshop 25.0 (Windows)';
    const width = 2400 + (hash(i, 13) % 2101);
    const height = Math.round((width * 2) / 3);
    const { head, scanBytes, lastByte } = baselineJpegHead({ width, height, sampling: '4:4:4', quality: 90 });
    const exif = segment(0xe1, concat(ascii('Exif\0\0'), cameraExif(s, { software, modified: e.modified, width, height })));
    // APP14 "Adobe" (Adobe TN 5116 §18): DCTEncodeVersion 100, flags, transform 1 (YCbCr).
    const adobe = segment(0xee, concat(ascii('Adobe'), u16(100), u16(0x8000), u16(0), new Uint8Array([1])));
    // ResolutionInfo (0x03ED): 300 ppi both ways, shown in cm; JPEG thumbnail (0x040C) after its 28-byte header.
    const resolution = imageResource(0x03ed, concat(u32(300 << 16), u16(1), u16(2), u32(300 << 16), u16(1), u16(2)));
    const thumb = thumbnail(160, 107, '4:2:0');
    const rowBytes = Math.floor((160 * 24 + 31) / 32) * 4;
    const psThumb = imageResource(0x040c, concat(u32(1), u32(160), u32(107), u32(rowBytes), u32(rowBytes * 107), u32(thumb.length), u16(24), u16(1), thumb));
    const header = concat(SOI, exif, srgb, adobe, photoshopXmp(i, s, e, software), photoshopApp13(s, e, [resolution, psThumb]), head);
    return { mtime: e.modified, header, scanBytes, lastByte };
  }
  const software = 'Adobe Lightroom Classic 13.1 (Windows)';
  const long = 400 + (hash(i, 14) % 1649);
  const short = Math.round((long * s.height) / s.width);
  const [width, height] = s.orientation === 1 ? [long, short] : [short, long];
  const { head, scanBytes, lastByte } = baselineJpegHead({ width, height, sampling: '4:2:0', quality: 82 });
  const exif: TiffEntry[] = exposureEntries(s).map((x) => (x.tag === 0xa002 ? { ...x, value: [width] } : x.tag === 0xa003 ? { ...x, value: [height] } : x)) as TiffEntry[];
  exif.push({ tag: 0xa001, type: 'SHORT', value: [1] }, { tag: 0xa431, type: 'ASCII', value: String(s.serial) });
  const ifd0 = cameraIfd0({ ...s, orientation: 1 }, software, e.modified, 240);
  ifd0.push({ tag: 0x013b, type: 'ASCII', value: e.creator }, { tag: 0x8298, type: 'ASCII', value: `© ${e.creator}` });
  const tiff = buildTiff(false, { ifd0, exif, gps: gpsEntries(s) });
  const header = concat(SOI, segment(0xe1, concat(ascii('Exif\0\0'), tiff)), lightroomXmp(i, s, e, software), photoshopApp13(s, e, []), srgb, head);
  return { mtime: e.modified, header, scanBytes, lastByte };
}

/**
 * Writes `n` camera-like photos under `dir` (see the module comment): for each, the header bytes,
 * then the scan's last byte and EOI at the end, the rest of the scan left as a hole.
 */
export function writeCameraPhotos(dir: string, n: number): Promise<WrittenPhotos> {
  return writeInFolders(
    dir,
    n,
    cameraPhotoName,
    async (i, path) => {
      const p = cameraPhoto(i);
      const file = await open(path, 'w');
      try {
        await file.write(p.header, 0, p.header.length, 0);
        await file.write(new Uint8Array([p.lastByte, 0xff, 0xd9]), 0, 3, p.header.length + p.scanBytes - 1);
      } finally {
        await file.close();
      }
      await utimes(path, p.mtime, p.mtime);
      return p.header.length + p.scanBytes + 2;
    },
    64,
  );
}
