/**
 * ExifTool as the tests' reference reader (Node only): whether it is installed, a file's tags as
 * `exiftool -j -G1 -n` prints them, and the warnings `-validate` gives.
 */
import { spawnSync } from 'node:child_process';

/** True when `exiftool` is on PATH (CI installs it; tests that need it skip without it, with a console note). */
export const HAS_EXIFTOOL = spawnSync('sh', ['-c', 'command -v exiftool']).status === 0;
if (!HAS_EXIFTOOL && process.env.CI === 'true') throw new Error('[exiftool] not on PATH, and CI=true: .ci/run installs it (Debian: apt-get install libimage-exiftool-perl).');
if (!HAS_EXIFTOOL) console.warn('[exiftool] not on PATH: the ExifTool cross-checks are skipped.');

/** One file's tags, keyed `Group1:Tag`, numbers as numbers (`-n`), every duplicate with `-a`. */
export function exiftoolTags(path: string, ...args: string[]): Record<string, unknown> {
  const run = spawnSync('exiftool', ['-j', '-G1', '-n', ...args, path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0 && !run.stdout) throw new Error(`exiftool failed on ${path}: ${run.stderr}`);
  return (JSON.parse(run.stdout) as Record<string, unknown>[])[0];
}

/** The warnings `exiftool -validate -warning -a` gives for a file, minor ones included (one a line: JSON keeps only the first). */
export function exiftoolWarnings(path: string): string[] {
  const run = spawnSync('exiftool', ['-api', 'validate', '-a', '-s3', '-warning', path], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`exiftool failed on ${path}: ${run.stderr}`);
  return run.stdout.split('\n').filter((line) => line !== '');
}
