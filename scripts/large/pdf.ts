/**
 * Large PDF (issue 16): a 52 MB PDF 1.4 file with 2,000 pages (each with its own content stream,
 * under a two-level page tree of 40 nodes), an Info dictionary, and one 50,000,000-byte image
 * XObject whose data is a hole; classic xref table of 4,050 entries, intact. Written with the
 * fixture writer (scripts/fixtures/pdf.ts), the image data left sparse.
 */
import { join } from 'node:path';
import { buildPdf, type PdfObj } from '../fixtures/pdf';
import { writeSparseFile, type Piece } from './sparse';

/** Name of the file written by writeLargePdf. */
export const LARGE_PDF_NAME = 'pdf-large.pdf';
export const LARGE_PDF_PAGES = 2000;
const PER_NODE = 50;
const IMAGE_BYTES = 50_000_000;

/** The objects: catalog 1, root pages 2, Info 3, image 4, nodes from 10, pages and contents after. */
function objects(): { objects: PdfObj[]; imageNum: number } {
  const nodes = LARGE_PDF_PAGES / PER_NODE;
  const firstNode = 10;
  const firstPage = firstNode + nodes;
  const objs: PdfObj[] = [
    { num: 1, body: '<< /Type /Catalog /Pages 2 0 R >>' },
    { num: 2, body: `<< /Type /Pages /Kids [${Array.from({ length: nodes }, (_, i) => `${firstNode + i} 0 R`).join(' ')}] /Count ${LARGE_PDF_PAGES} /MediaBox [0 0 595 842] >>` },
    { num: 3, body: '<< /Title «MetaExtract large PDF» /Producer «scripts/large/pdf.ts» /CreationDate «D:20240101000000Z» >>' },
    { num: 4, body: '<< /Type /XObject /Subtype /Image /Width 5000 /Height 10000 /ColorSpace /DeviceGray /BitsPerComponent 8 >>', stream: new Uint8Array(IMAGE_BYTES) },
  ];
  for (let n = 0; n < nodes; n++) {
    const kids = Array.from({ length: PER_NODE }, (_, i) => `${firstPage + 2 * (n * PER_NODE + i)} 0 R`).join(' ');
    objs.push({ num: firstNode + n, body: `<< /Type /Pages /Parent 2 0 R /Kids [${kids}] /Count ${PER_NODE} >>` });
  }
  for (let p = 0; p < LARGE_PDF_PAGES; p++) {
    const num = firstPage + 2 * p;
    const res = p === 0 ? ' /Resources << /XObject << /Im1 4 0 R >> >>' : '';
    objs.push({ num, body: `<< /Type /Page /Parent ${firstNode + Math.floor(p / PER_NODE)} 0 R /Contents ${num + 1} 0 R${res} >>` });
    const text = p === 0 ? 'q 595 0 0 842 0 0 cm /Im1 Do Q' : `BT /F1 12 Tf 72 720 Td (Page ${p + 1}) Tj ET`;
    objs.push({ num: num + 1, body: '<< >>', stream: new TextEncoder().encode(text) });
  }
  return { objects: objs, imageNum: 4 };
}

/** Writes `pdf-large.pdf` into `dir` as the module comment says; returns its absolute path. */
export async function writeLargePdf(dir: string): Promise<string> {
  const { objects: objs } = objects();
  const bytes = await buildPdf({ version: '1.4', objects: objs, root: 1, info: 3, xref: 'table' });
  // The image data: the only run of IMAGE_BYTES zeros, right after "stream\n" of object 4.
  const marker = new TextEncoder().encode('/Length 50000000 >>\nstream\n');
  let at = -1;
  for (let i = 0; i < 4096 && at < 0; i++) if (marker.every((b, k) => bytes[i + k] === b)) at = i + marker.length;
  if (at < 0) throw new Error('image stream not found');
  const pieces: Piece[] = [
    { offset: 0, bytes: bytes.subarray(0, at) },
    { offset: at + IMAGE_BYTES, bytes: bytes.subarray(at + IMAGE_BYTES) },
  ];
  return writeSparseFile(join(dir, LARGE_PDF_NAME), bytes.length, pieces);
}
