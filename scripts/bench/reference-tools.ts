/**
 * The reference tool of each format, run the way users run it to see a file's metadata, with the
 * options that read what MetaExtract reads (headers, not data: `dcmdump -M` does not load long
 * values such as Pixel Data, `h5dump -H` and `ncdump -h` print headers only, `gdalinfo` computes
 * no statistics, `exiftool -fast` stops at the image data), timed as whole commands (process
 * start included: that is what a user waits for).
 */
import { spawnSync } from 'node:child_process';
import type { FormatId } from '../../src/extractors/formats';

export interface ReferenceTool {
  name: string;
  command: string;
  args: (path: string) => string[];
}

const ASTROPY = 'import sys\nfrom astropy.io import fits\nwith fits.open(sys.argv[1]) as hl:\n    [h.header for h in hl]';

/** A Python that has astropy (Debian's python3-astropy is for /usr/bin/python3, which may not be first on PATH). */
const PYTHON = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import astropy']).status === 0) ?? 'python3';

/** By MetaExtract format id (`netcdf` covers NetCDF-4 too: ncdump reads both). */
export const REFERENCE_TOOLS: Record<FormatId, ReferenceTool> = {
  fits: { name: 'astropy', command: PYTHON, args: (p) => ['-c', ASTROPY, p] },
  dicom: { name: 'dcmdump -M', command: 'dcmdump', args: (p) => ['-M', p] },
  hdf5: { name: 'h5dump -H', command: 'h5dump', args: (p) => ['-H', p] },
  netcdf: { name: 'ncdump -h', command: 'ncdump', args: (p) => ['-h', p] },
  geotiff: { name: 'gdalinfo', command: 'gdalinfo', args: (p) => [p] },
  raw: { name: 'exiftool -fast', command: 'exiftool', args: (p) => ['-j', '-fast', p] },
  photo: { name: 'exiftool -fast', command: 'exiftool', args: (p) => ['-j', '-fast', p] },
  media: { name: 'ffprobe', command: 'ffprobe', args: (p) => ['-hide_banner', '-show_format', '-show_streams', p] },
  pdf: { name: 'pdfinfo', command: 'pdfinfo', args: (p) => [p] },
};

/** True when the tool runs here (astropy needs its Python module). */
export function available(tool: ReferenceTool): boolean {
  const probe = tool.command === PYTHON ? spawnSync(PYTHON, ['-c', 'import astropy']) : spawnSync('sh', ['-c', `command -v ${tool.command}`]);
  return probe.status === 0;
}

/** Median wall time (ms) of `runs` runs after one warm-up; null when the tool fails on the file. */
export function timeTool(tool: ReferenceTool, path: string, runs = 5): { ms: number; ok: boolean } {
  const times: number[] = [];
  let ok = true;
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(tool.command, tool.args(path), { stdio: ['ignore', 'ignore', 'ignore'], timeout: 120_000 });
    if (r.status !== 0) ok = false;
    if (i > 0) times.push(performance.now() - t0);
  }
  return { ms: median(times), ok };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
