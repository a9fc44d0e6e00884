/**
 * `npx tsx scripts/bench/near-duplicates-robustness.ts [--count N] [--out file.md]`: measures how
 * pHash and dHash (src/duplicates/perceptual/hashes.ts) survive the edits a near duplicate goes
 * through, to choose the hash and its threshold (docs/near-duplicates.md). Needs ImageMagick's
 * `convert` (run by hand, not by the tests).
 *
 * Sources: N generated pictures (scripts/fixtures/near-duplicates.ts, default 40) and the corpus
 * photos and AI images (`METAEXTRACT_CORPUS`, default ../shared/corpus: photo/, ai/, takeout/), each
 * made an "original" PNG of at most 1024 px a side (EXIF orientation applied). Each original is
 * edited by `convert`: resized to ½ and ¼, re-saved as JPEG quality 50, cropped by 5 % (centred,
 * and from one corner), brightness +15 % and −15 % (`-modulate`). Every file is decoded by
 * `convert` to 8-bit RGB and hashed from its full pixels (the box filter of `greyCells`).
 * Positive pairs: an original and each of its edits; negative pairs: every two originals.
 * Prints, per hash, the distances per edit and the true and false positive rates per threshold,
 * as Markdown.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pictureSet } from '../fixtures/near-duplicates';
import { dHash, pHash } from '../../src/duplicates/perceptual/hashes';
import { hamming, type Hash64 } from '../../src/duplicates/perceptual/hash64';
import type { Pixels } from '../../src/duplicates/perceptual/pixels';

const ROOT = resolve(import.meta.dirname, '../..');
const CORPUS = process.env.METAEXTRACT_CORPUS ?? resolve(ROOT, '../shared/corpus');
const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);

/** Each edit: its name, the output file's extension and convert's options. */
const EDITS: { name: string; ext: string; args: string[] }[] = [
  { name: 'resize ½', ext: 'png', args: ['-resize', '50%'] },
  { name: 'resize ¼', ext: 'png', args: ['-resize', '25%'] },
  { name: 'JPEG q50', ext: 'jpg', args: ['-quality', '50'] },
  { name: 'crop 5 % centred', ext: 'png', args: ['-gravity', 'center', '-crop', '95%x95%+0+0', '+repage'] },
  { name: 'crop 5 % corner', ext: 'png', args: ['-gravity', 'southeast', '-crop', '95%x95%+0+0', '+repage'] },
  { name: 'brightness +15 %', ext: 'png', args: ['-modulate', '115'] },
  { name: 'brightness −15 %', ext: 'png', args: ['-modulate', '85'] },
];
const HASHES: [string, (p: Pixels) => Hash64][] = [
  ['pHash', pHash],
  ['dHash', dHash],
];
const THRESHOLDS = [0, 2, 4, 6, 8, 10, 12, 14, 16, 20];

function convert(args: string[], input?: Uint8Array): Buffer {
  const r = spawnSync('convert', args, { input, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`convert ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Decodes an image file to RGBA pixels through `convert` (PAM, Netpbm's P7). */
function decode(path: string): Pixels {
  const pam = convert([path, '-depth', '8', '-alpha', 'off', 'pam:-']);
  const end = pam.indexOf('ENDHDR\n') + 7;
  const header = pam.subarray(0, end).toString('latin1');
  const field = (name: string) => Number(new RegExp(`${name} (\\d+)`).exec(header)?.[1]);
  const [width, height, depth] = [field('WIDTH'), field('HEIGHT'), field('DEPTH')];
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = end; i < width * height; i++, j += depth) {
    data[i * 4] = pam[j];
    data[i * 4 + 1] = pam[j + (depth >= 3 ? 1 : 0)];
    data[i * 4 + 2] = pam[j + (depth >= 3 ? 2 : 0)];
    data[i * 4 + 3] = 255;
  }
  return { width, height, channels: 4, data };
}

/** Corpus images the browser decodes (JPEG, PNG, WebP), when the corpus is present. */
function corpusImages(): string[] {
  return ['photo', 'ai', 'takeout']
    .map((d) => join(CORPUS, d))
    .filter(existsSync)
    .flatMap((d) => readdirSync(d, { recursive: true, encoding: 'utf8' }).map((f) => join(d, f)))
    .filter((f) => /\.(jpe?g|png|webp)$/i.test(f))
    .sort();
}

function main() {
  const count = Number(arg('--count') ?? 40);
  const dir = mkdtempSync(join(tmpdir(), 'metaextract-neardup-'));
  try {
    const originals: { name: string; path: string }[] = [];
    for (const { name, pixels } of pictureSet(count)) {
      const path = join(dir, `${name}.png`);
      convert(['-size', `${pixels.width}x${pixels.height}`, '-depth', '8', 'rgba:-', path], new Uint8Array(pixels.data.buffer));
      originals.push({ name, path });
    }
    for (const [i, file] of corpusImages().entries()) {
      const path = join(dir, `corpus-${i}.png`);
      convert([`${file}[0]`, '-auto-orient', '-resize', '1024x1024>', path]);
      const { width, height } = decode(path);
      if (width >= 32 && height >= 32) originals.push({ name: file.slice(CORPUS.length + 1), path });
    }
    const edited = originals.map((o) =>
      EDITS.map((e, k) => {
        const out = join(dir, `${o.name.replace(/\W/g, '_')}-${k}.${e.ext}`);
        convert([o.path, ...e.args, out]);
        return decode(out);
      }),
    );
    const base = originals.map((o) => decode(o.path));
    const lines = [
      `${originals.length} originals (${count} generated, ${originals.length - count} from the corpus), ${EDITS.length} edits each: ${originals.length * EDITS.length} positive pairs, ${(originals.length * (originals.length - 1)) / 2} negative pairs.`,
      '',
    ];
    for (const [hashName, hash] of HASHES) {
      const h0 = base.map(hash);
      const pos = edited.map((edits, i) => edits.map((p) => hamming(h0[i], hash(p))));
      const neg: number[] = [];
      for (let i = 0; i < h0.length; i++) for (let j = i + 1; j < h0.length; j++) neg.push(hamming(h0[i], h0[j]));
      lines.push(`### ${hashName}`, '', '| edit | mean distance | 95th percentile | max |', '|---|---:|---:|---:|');
      EDITS.forEach((e, k) => {
        const d = pos.map((row) => row[k]).sort((a, b) => a - b);
        lines.push(`| ${e.name} | ${(d.reduce((s, x) => s + x, 0) / d.length).toFixed(1)} | ${d[Math.floor(0.95 * (d.length - 1))]} | ${d[d.length - 1]} |`);
      });
      const allPos = pos.flat();
      lines.push(`| different pictures | ${(neg.reduce((s, x) => s + x, 0) / neg.length).toFixed(1)} | min ${Math.min(...neg)} | |`, '');
      lines.push('| threshold ≤ | true positive rate | false positive rate |', '|---:|---:|---:|');
      for (const t of THRESHOLDS) {
        const tp = allPos.filter((d) => d <= t).length / allPos.length;
        const fp = neg.filter((d) => d <= t).length / neg.length;
        lines.push(`| ${t} | ${(tp * 100).toFixed(1)} % | ${(fp * 100).toFixed(2)} % |`);
      }
      const misses = originals.map((o, i) => [o.name, Math.max(...pos[i])] as const).filter(([, d]) => d > 10);
      lines.push('', `Originals with an edit farther than 10: ${misses.map(([n, d]) => `${n} (${d})`).join(', ') || 'none'}.`, '');
    }
    const text = lines.join('\n');
    console.log(text);
    const out = arg('--out');
    if (out) writeFileSync(out, text + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
