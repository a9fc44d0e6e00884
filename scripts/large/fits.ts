/**
 * Large FITS file (issue 3): a 4 GiB-class spectral cube whose extensions start past the 4 GiB
 * mark, written sparse (headers only; the data units are holes that read as zeros = 0.0 floats).
 * Cards come from the fixture card writer (scripts/fixtures/fits.ts, FITS Standard 4.0).
 *
 * Layout of `fits-large.fits` (4,299,183,360 bytes = 1,492,772 blocks of 2880; offsets exact):
 * - HDU 0 PRIMARY header at 0 (2880 bytes): BITPIX = -32, NAXIS = 3, 1024 × 1024 × 1025,
 *   OBJECT 'Orion KL', a 3-axis WCS (RA---SIN, DEC--SIN, FREQ). Data at 2880:
 *   4 × 1024 × 1024 × 1025 = 4,299,161,600 bytes, padded to 4,299,163,200.
 * - HDU 1 IMAGE 'MOMENT0' header at 4,299,166,080 (past 2^32 = 4,294,967,296; 2880 bytes):
 *   BITPIX = -32, 64 × 32, OBJECT, BUNIT, a 2-axis TAN WCS with a CD matrix. Data at
 *   4,299,168,960: 8192 bytes, padded to 8640.
 * - HDU 2 BINTABLE 'SOURCES' header at 4,299,177,600 (2880 bytes): 100 rows × 3 columns
 *   (RA D, DEC D, FLUX E; 20-byte rows). Data at 4,299,180,480: 2000 bytes, padded to 2880.
 * Everything past 4 GiB (both extension headers) is real bytes; the gaps are holes.
 */
import { join } from 'node:path';
import { BLOCK, card, header, text } from '../fixtures/fits';
import { writeSparseFile, type Piece } from './sparse';

/** Name of the file written by writeLargeFits. */
export const LARGE_FITS_NAME = 'fits-large.fits';

/** Rounds up to whole 2880-byte blocks. */
const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK;

/** The cube's axes and the derived layout (all offsets in bytes from the start of the file). */
export const LARGE_FITS_LAYOUT = (() => {
  const dims = [1024, 1024, 1025] as const;
  const primaryData = 4 * dims[0] * dims[1] * dims[2];
  const ext1Header = BLOCK + padded(primaryData);
  const ext1Data = ext1Header + BLOCK;
  const ext1DataSize = 4 * 64 * 32;
  const ext2Header = ext1Data + padded(ext1DataSize);
  const ext2Data = ext2Header + BLOCK;
  const ext2DataSize = 20 * 100;
  return { dims, primaryData, ext1Header, ext1Data, ext1DataSize, ext2Header, ext2Data, ext2DataSize, size: ext2Data + padded(ext2DataSize) };
})();

/**
 * Writes `fits-large.fits` into `dir` (created if needed) as described in the module comment and
 * returns its absolute path. Deterministic. Throws fs errors, or when a header does not fit the
 * block it was planned for.
 */
export async function writeLargeFits(dir: string): Promise<string> {
  const L = LARGE_FITS_LAYOUT;
  const primary = header([
    card('SIMPLE', true, 'conforms to FITS standard'),
    card('BITPIX', -32, 'IEEE single precision'),
    card('NAXIS', 3),
    card('NAXIS1', L.dims[0]),
    card('NAXIS2', L.dims[1]),
    card('NAXIS3', L.dims[2], 'spectral channels'),
    card('EXTEND', true),
    card('OBJECT', 'Orion KL', 'target name'),
    card('TELESCOP', 'MetaExtract Array'),
    card('INSTRUME', 'BIGCUBE'),
    card('DATE-OBS', '2024-11-02T03:14:15.000'),
    card('BUNIT', 'Jy/beam'),
    card('WCSAXES', 3),
    card('CTYPE1', 'RA---SIN'),
    card('CTYPE2', 'DEC--SIN'),
    card('CTYPE3', 'FREQ'),
    card('CUNIT1', 'deg'),
    card('CUNIT2', 'deg'),
    card('CUNIT3', 'Hz'),
    card('CRVAL1', { raw: '83.80917' }),
    card('CRVAL2', { raw: '-5.37389' }),
    card('CRVAL3', { raw: '2.30538E+11' }),
    card('CRPIX1', { raw: '512.5' }),
    card('CRPIX2', { raw: '512.5' }),
    card('CRPIX3', { raw: '1.0' }),
    card('CDELT1', { raw: '-2.777778E-5' }),
    card('CDELT2', { raw: '2.777778E-5' }),
    card('CDELT3', { raw: '488281.25' }),
    card('RESTFRQ', { raw: '2.30538E+11' }, '[Hz] CO 2-1'),
    card('SPECSYS', 'LSRK'),
    card('RADESYS', 'ICRS'),
    card('EQUINOX', { raw: '2000.0' }),
    text('COMMENT', 'Sparse 4 GiB-class cube written by scripts/large/fits.ts (data are holes).'),
  ]);
  const moment0 = header([
    card('XTENSION', 'IMAGE', 'image extension'),
    card('BITPIX', -32),
    card('NAXIS', 2),
    card('NAXIS1', 64),
    card('NAXIS2', 32),
    card('PCOUNT', 0),
    card('GCOUNT', 1),
    card('EXTNAME', 'MOMENT0'),
    card('EXTVER', 1),
    card('OBJECT', 'Orion KL moment 0'),
    card('BUNIT', 'Jy/beam.km/s'),
    card('WCSAXES', 2),
    card('CTYPE1', 'RA---TAN'),
    card('CTYPE2', 'DEC--TAN'),
    card('CUNIT1', 'deg'),
    card('CUNIT2', 'deg'),
    card('CRVAL1', { raw: '83.80917' }),
    card('CRVAL2', { raw: '-5.37389' }),
    card('CRPIX1', { raw: '32.5' }),
    card('CRPIX2', { raw: '16.5' }),
    card('CD1_1', { raw: '-4.444444E-4' }),
    card('CD1_2', { raw: '0.0' }),
    card('CD2_1', { raw: '0.0' }),
    card('CD2_2', { raw: '4.444444E-4' }),
    card('RADESYS', 'ICRS'),
  ]);
  const sources = header([
    card('XTENSION', 'BINTABLE', 'binary table extension'),
    card('BITPIX', 8),
    card('NAXIS', 2),
    card('NAXIS1', 20, 'width of table in bytes'),
    card('NAXIS2', 100, 'number of rows'),
    card('PCOUNT', 0),
    card('GCOUNT', 1),
    card('TFIELDS', 3),
    card('TTYPE1', 'RA'),
    card('TFORM1', 'D'),
    card('TUNIT1', 'deg'),
    card('TTYPE2', 'DEC'),
    card('TFORM2', 'D'),
    card('TUNIT2', 'deg'),
    card('TTYPE3', 'FLUX'),
    card('TFORM3', 'E'),
    card('TUNIT3', 'Jy'),
    card('EXTNAME', 'SOURCES'),
  ]);
  for (const h of [primary, moment0, sources]) if (h.length !== BLOCK) throw new Error(`a large-FITS header is ${h.length} bytes, planned for one block`);
  const pieces: Piece[] = [
    { offset: 0, bytes: primary },
    { offset: L.ext1Header, bytes: moment0 },
    { offset: L.ext2Header, bytes: sources },
  ];
  return writeSparseFile(join(dir, LARGE_FITS_NAME), L.size, pieces);
}
