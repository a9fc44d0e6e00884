/**
 * Large DICOM file (issue 3): a Part 10 multi-frame image (Explicit VR Little Endian) whose
 * native Pixel Data is almost 4 GiB, written sparse (the header and the trailing element are real
 * bytes, the pixel values are a hole that reads as zeros). Elements come from the fixture encoder
 * (scripts/fixtures/dicom.ts, PS3.5 §7 / PS3.10 §7).
 *
 * Layout of `dicom-large.dcm` (4,294,967,598 bytes; H = header length = 1058, must exceed 1024):
 * - 0: 128-byte preamble, "DICM", File Meta (group 0002, Explicit VR LE, Multi-frame Grayscale
 *   Word Secondary Capture Image Storage), then the data set: patient/study/series, Rows 512,
 *   Columns 683, Number of Frames 6141, Bits Allocated 16, Frame Time, Frame Increment Pointer.
 * - H − 12: Pixel Data (7FE0,0010) OW with the defined length 512 × 683 × 6141 × 2 =
 *   4,294,966,272 bytes (0xFFFFFC00, < 2^32 as a 32-bit length must be). Value at H, a hole.
 * - H + 4,294,966,272 (past 2^32 = 4,294,967,296 because H > 1024): Data Set Trailing Padding
 *   (FFFC,FFFC) OB, 256 bytes — the only element past 4 GiB; the file ends after it.
 * File size: H + 4,294,966,272 + 12 + 256. The trailer element starts at 4,294,967,330, its
 * value at 4,294,967,342.
 */
import { join } from 'node:path';
import { EXPLICIT_LE, TS, encodeElements, header, imageModule, part10Header, type El } from '../fixtures/dicom';
import { writeSparseFile } from './sparse';

/** Name of the file written by writeLargeDicom. */
export const LARGE_DICOM_NAME = 'dicom-large.dcm';

/** Multi-frame Grayscale Word Secondary Capture Image Storage (PS3.4 Annex B). */
const MF_GRAY_WORD_SC = '1.2.840.10008.5.1.4.1.1.7.3';
const SOP_INSTANCE = '1.2.826.0.1.3680043.10.1418.40.1';

/** Image geometry: 2 × rows × columns × frames = 2^32 − 1024 bytes of Pixel Data. */
export const LARGE_DICOM_IMAGE = { rows: 512, columns: 683, frames: 6141, bitsAllocated: 16 } as const;
/** Pixel Data value length (defined, even, below 2^32 − 1). */
export const LARGE_DICOM_PIXEL_BYTES = 2 * LARGE_DICOM_IMAGE.rows * LARGE_DICOM_IMAGE.columns * LARGE_DICOM_IMAGE.frames;
/** Bytes of the Data Set Trailing Padding value. */
export const LARGE_DICOM_TRAILER_BYTES = 256;

/** Header bytes: preamble, File Meta, the data set and the Pixel Data element header. */
export function largeDicomHeader(): Uint8Array {
  const { rows, columns, frames } = LARGE_DICOM_IMAGE;
  const els: El[] = [
    { tag: 0x00080008, vr: 'CS', value: ['DERIVED', 'SECONDARY'] },
    { tag: 0x00080016, vr: 'UI', value: MF_GRAY_WORD_SC },
    { tag: 0x00080018, vr: 'UI', value: SOP_INSTANCE },
    { tag: 0x00080020, vr: 'DA', value: '20241102' },
    { tag: 0x00080030, vr: 'TM', value: '031415' },
    { tag: 0x00080050, vr: 'SH', value: 'ACC-4GIB' },
    { tag: 0x00080060, vr: 'CS', value: 'OT' },
    { tag: 0x00080064, vr: 'CS', value: 'WSD' },
    { tag: 0x00080070, vr: 'LO', value: 'MetaExtract Imaging' },
    { tag: 0x00081030, vr: 'LO', value: 'Sparse 4 GiB multi-frame study' },
    { tag: 0x0008103e, vr: 'LO', value: 'Cine 6141 frames' },
    { tag: 0x00081090, vr: 'LO', value: 'Large Writer 3' },
    { tag: 0x00100010, vr: 'PN', value: 'Large^Multiframe' },
    { tag: 0x00100020, vr: 'LO', value: 'BIG-4G' },
    { tag: 0x00100030, vr: 'DA', value: '19700101' },
    { tag: 0x00100040, vr: 'CS', value: 'O' },
    { tag: 0x00181063, vr: 'DS', value: '40' },
    { tag: 0x0020000d, vr: 'UI', value: '1.2.826.0.1.3680043.10.1418.40.2' },
    { tag: 0x0020000e, vr: 'UI', value: '1.2.826.0.1.3680043.10.1418.40.3' },
    { tag: 0x00200010, vr: 'SH', value: 'S4G' },
    { tag: 0x00200011, vr: 'IS', value: '1' },
    { tag: 0x00200013, vr: 'IS', value: '1' },
    { tag: 0x00204000, vr: 'LT', value: 'Pixel Data of 4,294,966,272 bytes left sparse; the trailing padding lies past the 4 GiB mark.' },
    ...imageModule(rows, columns, frames),
    { tag: 0x00280009, vr: 'AT', value: 0x00181063 },
    { tag: 0x00281050, vr: 'DS', value: '2048' },
    { tag: 0x00281051, vr: 'DS', value: '4096' },
  ];
  els.sort((a, b) => a.tag - b.tag); // PS3.5 §7.1: ascending tag order
  const meta = part10Header(TS.explicitLE, MF_GRAY_WORD_SC, SOP_INSTANCE);
  const dataSet = encodeElements(els, EXPLICIT_LE);
  const pixel = header(0x7fe00010, 'OW', LARGE_DICOM_PIXEL_BYTES, EXPLICIT_LE);
  const out = new Uint8Array(meta.length + dataSet.length + pixel.length);
  out.set(meta, 0);
  out.set(dataSet, meta.length);
  out.set(pixel, meta.length + dataSet.length);
  return out;
}

/**
 * Writes `dicom-large.dcm` into `dir` (created if needed) as the module comment describes and
 * returns its absolute path. Deterministic. Throws fs errors, or when the header is too short for
 * the trailing element to land past 4 GiB.
 */
export async function writeLargeDicom(dir: string): Promise<string> {
  const head = largeDicomHeader();
  const pixelEnd = head.length + LARGE_DICOM_PIXEL_BYTES;
  if (pixelEnd <= 2 ** 32) throw new Error(`DICOM header of ${head.length} bytes: Pixel Data would end before 4 GiB`);
  const trailer = encodeElements([{ tag: 0xfffcfffc, vr: 'OB', value: new Uint8Array(LARGE_DICOM_TRAILER_BYTES) }], EXPLICIT_LE);
  return writeSparseFile(join(dir, LARGE_DICOM_NAME), pixelEnd + trailer.length, [
    { offset: 0, bytes: head },
    { offset: pixelEnd, bytes: trailer },
  ]);
}
