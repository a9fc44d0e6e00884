/**
 * `npm run make-takeout -- <dir> [--files 100000] [--part-size 2GiB] [--seed 1] [--format zip]`:
 * writes a realistic, deterministic simulated Google Photos Takeout export into <dir> — ZIP parts
 * named as Google names them (`takeout-20261207T101010Z-001.zip`, `-002.zip`…; contents:
 * scripts/takeout/plan.ts) and `takeout-manifest.json` (scripts/takeout/manifest.ts) — with the
 * project's own writers, sparse: 100,000 files are ≈ 200 GB apparent but a few hundred MB on disk.
 * Prints one line per part, then the totals.
 */
import { resolve } from 'node:path';
import { MANIFEST_NAME } from './manifest';
import { writeTakeout, type TakeoutOptions } from './write';

const USAGE = 'usage: npm run make-takeout -- <dir> [--files 100000] [--part-size 2GiB] [--seed 1] [--format zip]';
const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/** Bytes of `2GiB`, `500MB`, `1.5GiB`, `123456`; throws on anything else. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/iu.exec(text.trim());
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new Error(`not a size: ${text} (e.g. 2GiB, 500MB, 1048576)`);
  return Math.round(Number(m[1]) * unit);
}

/** The options of the command line; throws with a message on a bad one. */
export function parseArgs(args: readonly string[]): { dir: string; opts: TakeoutOptions } {
  const opts: TakeoutOptions = { files: 100_000, partSize: 2 * 2 ** 30, seed: 1, format: 'zip' };
  let dir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const int = (v: string) => {
      if (!/^\d+$/u.test(v)) throw new Error(`${a}: not a whole number: ${v}`);
      return Number(v);
    };
    if (a === '--files') opts.files = int(value());
    else if (a === '--part-size') opts.partSize = parseSize(value());
    else if (a === '--seed') opts.seed = int(value());
    else if (a === '--format') {
      const f = value();
      if (f !== 'zip') throw new Error(`--format: only zip is written (got ${f})`);
    } else if (a.startsWith('-') || dir !== undefined) throw new Error(`unexpected argument ${a}`);
    else dir = a;
  }
  if (dir === undefined) throw new Error('no output folder');
  if (opts.files < 1) throw new Error('--files must be at least 1');
  if (opts.partSize < 1) throw new Error('--part-size must be positive');
  return { dir: resolve(dir), opts };
}

const gib = (n: number) => `${(n / 2 ** 30).toFixed(2)} GiB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const started = performance.now();
  const manifest = await writeTakeout(parsed.dir, parsed.opts, (p) => console.log(`${p.name}\t${gib(p.size)}\t${p.entries} entries${p.zip64 ? '\tZIP64' : ''}`));
  const { counts, parts } = manifest;
  console.log(
    `${counts.files} files (${counts.media} media, ${counts.json} JSON) in ${parts.length} parts, ${gib(parts.reduce((n, p) => n + p.size, 0))} apparent; ` +
      `${counts.straddling} media files with their sidecar in another part; ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(resolve(parsed.dir, MANIFEST_NAME));
}
