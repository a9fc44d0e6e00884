/**
 * `npm run make-large -- <dir>`: writes the large, valid, mostly sparse files of issues 3 and 16
 * with the project's own code (the disk barely grows): a 4.0 GiB FITS cube with extensions past
 * 4 GiB, a 4.1 GiB HDF5 file, a 4.0 GiB multi-frame DICOM, a 4.0 GiB NetCDF 64-bit-offset file
 * with its record variables past 4 GiB, a 6.6 GiB tiled BigTIFF GeoTIFF, a 4.0 GiB MP4 with its
 * moov at the end, and a 50 MB PDF of 2,000 pages (26.7 GiB in all; the exact sizes are in each
 * writer's doc comment). Prints one path per line.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeLargeFits } from './fits';
import { writeLargeDicom } from './dicom';
import { writeLargeHdf5 } from './hdf5';
import { writeLargeNetcdf } from './netcdf';
import { writeLargeGeotiff } from './geotiff';
import { writeLargeMedia } from './media';
import { writeLargePdf } from './pdf';

export const LARGE_WRITERS = {
  fits: writeLargeFits,
  dicom: writeLargeDicom,
  hdf5: writeLargeHdf5,
  netcdf: writeLargeNetcdf,
  geotiff: writeLargeGeotiff,
  media: writeLargeMedia,
  pdf: writeLargePdf,
} as const;

/** Writes every large file into `dir`; returns `{format, path}` in a fixed order. */
export async function makeLarge(dir: string): Promise<{ format: string; path: string }[]> {
  await mkdir(dir, { recursive: true });
  const out: { format: string; path: string }[] = [];
  for (const [format, write] of Object.entries(LARGE_WRITERS)) out.push({ format, path: await write(dir) });
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: npm run make-large -- <dir>\n');
    process.exit(2);
  }
  for (const { path } of await makeLarge(resolve(dir))) console.log(path);
}
