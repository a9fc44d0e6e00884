/**
 * The bytes of a simulated Takeout's media files, as sparse data (a size and the non-zero pieces:
 * the ZIP writer stores the zeros as holes and computes their CRC without materialising them):
 *
 * - JPEG: SOI, an APP1 Exif segment as the device writes it (or a JFIF APP0 for files without
 *   EXIF), the DQT…SOS segments of a baseline YCbCr image of the device's pixel size, its scan (all
 *   zero bytes but the last, which decodes as a whole image: scripts/fixtures/photo.ts
 *   baselineJpegHead, ≈ 3 bits a pixel, so a 12 MP photo is 4.6 MB) and EOI `FF D9`;
 * - HEIC: ftyp, meta and mdat (scripts/fixtures/photo.ts heifLayout), the coded image a hole and
 *   the Exif item at the end of mdat;
 * - MP4 / MOV: ftyp, a sparse mdat, moov (scripts/fixtures/media.ts mp4Layout) with the `mvhd`
 *   creation time and, when located, an ISO 6709 `©xyz` location.
 */
import { ascii, baselineJpegHead, buildTiff, concat, heifLayout, segment, u16, type BaselineImage, type TiffEntry } from '../fixtures/photo';
import { mp4Layout } from '../fixtures/media';
import type { SparseData } from '../fixtures/zip';
import { exifDate, gpsFix } from '../bench/photos';

/** What a device writes in a photo's EXIF (EXIF 2.32 §4.6). */
export interface ExifSpec {
  littleEndian: boolean;
  make: string;
  model: string;
  software?: string;
  orientation: number;
  /** DateTimeOriginal, CreateDate and IFD0 DateTime: local time, Unix seconds read as UTC fields. */
  local?: number;
  /** OffsetTime, OffsetTimeOriginal and OffsetTimeDigitized (`+02:00`), when the device writes them. */
  offset?: string;
  /** GPS position (degrees, south and west negative; altitude in metres) and the fix's UTC time. */
  gps?: { lat: number; lon: number; alt: number; time: number };
  shutter: number;
  fNumber10: number;
  iso: number;
  focalMm100: number;
}

/** A media file's content. */
export type MediaContent =
  | { type: 'jpeg'; width: number; height: number; quality: number; exif?: ExifSpec }
  | { type: 'heic'; width: number; height: number; imageBytes: number; exif: ExifSpec }
  | { type: 'video'; quickTime: boolean; mdatBytes: number; created: number; location?: { lat: number; lon: number; alt: number }; rotation: number };

/** The TIFF structure of an APP1 Exif segment or a HEIF Exif item. */
function exifTiff(e: ExifSpec, width: number, height: number): Uint8Array {
  const date = e.local === undefined ? undefined : exifDate(e.local);
  const ifd0: TiffEntry[] = [
    { tag: 0x010f, type: 'ASCII', value: e.make },
    { tag: 0x0110, type: 'ASCII', value: e.model },
    { tag: 0x0112, type: 'SHORT', value: [e.orientation] },
    { tag: 0x011a, type: 'RATIONAL', value: [[72, 1]] },
    { tag: 0x011b, type: 'RATIONAL', value: [[72, 1]] },
    { tag: 0x0128, type: 'SHORT', value: [2] },
    ...(e.software ? [{ tag: 0x0131, type: 'ASCII', value: e.software } as const] : []),
    ...(date ? [{ tag: 0x0132, type: 'ASCII', value: date } as const] : []),
    { tag: 0x0213, type: 'SHORT', value: [1] },
  ];
  const exif: TiffEntry[] = [
    { tag: 0x829a, type: 'RATIONAL', value: [[1, e.shutter]] },
    { tag: 0x829d, type: 'RATIONAL', value: [[e.fNumber10, 10]] },
    { tag: 0x8822, type: 'SHORT', value: [2] },
    { tag: 0x8827, type: 'SHORT', value: [e.iso] },
    { tag: 0x9000, type: 'UNDEFINED', value: ascii('0232') },
    ...(date
      ? [
          { tag: 0x9003, type: 'ASCII', value: date } as const,
          { tag: 0x9004, type: 'ASCII', value: date } as const,
          ...(e.offset ? ([0x9010, 0x9011, 0x9012].map((tag) => ({ tag, type: 'ASCII', value: e.offset })) as TiffEntry[]) : []),
        ]
      : []),
    { tag: 0x920a, type: 'RATIONAL', value: [[e.focalMm100, 100]] },
    { tag: 0xa001, type: 'SHORT', value: [1] },
    { tag: 0xa002, type: 'LONG', value: [width] },
    { tag: 0xa003, type: 'LONG', value: [height] },
  ];
  const gps = e.gps ? gpsFix(e.gps.lat, e.gps.lon, [Math.round(e.gps.alt * 10), 10], e.gps.time) : undefined;
  return buildTiff(e.littleEndian, { ifd0, exif, gps });
}

/** The segments from DQT to SOS, built once per pixel size and quality. */
const heads = new Map<string, ReturnType<typeof baselineJpegHead>>();
function jpegHead(img: BaselineImage): ReturnType<typeof baselineJpegHead> {
  const key = `${img.width}x${img.height} ${img.quality}`;
  let head = heads.get(key);
  if (!head) heads.set(key, (head = baselineJpegHead(img)));
  return head;
}

/** JFIF APP0 (JFIF 1.02 §A.1): version 1.1, aspect ratio 1:1, no thumbnail. */
const JFIF = segment(0xe0, concat(ascii('JFIF\0'), new Uint8Array([1, 1, 0]), u16(1), u16(1), new Uint8Array([0, 0])));

/** An ISO 6709 location as Android writes it in `©xyz`: `+38.7139-009.1394/`. */
function iso6709(p: { lat: number; lon: number }): string {
  const f = (v: number, width: number) =>
    `${v < 0 ? '-' : '+'}${Math.abs(v)
      .toFixed(4)
      .padStart(width + 5, '0')}`;
  return `${f(p.lat, 2)}${f(p.lon, 3)}/`;
}

/** The media file's bytes as sparse data (see the module comment). */
export function mediaData(c: MediaContent): SparseData {
  if (c.type === 'jpeg') {
    const { head, scanBytes, lastByte } = jpegHead({ width: c.width, height: c.height, sampling: '4:2:0', quality: c.quality });
    const app = c.exif ? segment(0xe1, concat(ascii('Exif\0\0'), exifTiff(c.exif, c.width, c.height))) : JFIF;
    const header = concat(new Uint8Array([0xff, 0xd8]), app, head);
    return {
      size: header.length + scanBytes + 2,
      pieces: [
        { offset: 0, bytes: header },
        { offset: header.length + scanBytes - 1, bytes: new Uint8Array([lastByte, 0xff, 0xd9]) },
      ],
    };
  }
  if (c.type === 'heic') {
    const { head, tail } = heifLayout({ width: c.width, height: c.height, imageBytes: c.imageBytes, exif: exifTiff(c.exif, c.width, c.height) });
    return {
      size: head.length + c.imageBytes + tail.length,
      pieces: [
        { offset: 0, bytes: head },
        { offset: head.length + c.imageBytes, bytes: tail },
      ],
    };
  }
  return mp4Layout({
    mdatBytes: c.mdatBytes,
    title: '',
    artist: '',
    location: c.location ? iso6709(c.location) : '',
    rotation: c.rotation,
    created: c.created,
    ...(c.quickTime ? { brand: 'qt  ' } : {}),
  });
}
