/**
 * The near-duplicate section of `npm run bench` (`--near-duplicates` runs only it):
 * - grouping (src/duplicates/perceptual/groups.ts) of 100,000 hashes, random with planted groups
 *   of near copies, at the default threshold, in Node (median of `runs`, wall and CPU time);
 * - the perceptual hash of a 12-megapixel JPEG in one of Chromium's workers
 *   (src/duplicates/perceptual/perceptual-hash.ts, bundled by Vite for the page): the EXIF
 *   thumbnail path and the decode path (createImageBitmap scaling to DECODE_SIZE, OffscreenCanvas),
 *   median of `runs` after a warm-up, with the two hashes' distance, for the corpus photos with a
 *   thumbnail (skipped when the corpus is absent);
 * - the check that the browser's path gives Node's hash: generated pictures written as PNG, hashed
 *   in Node from their pixels and in the worker from the decoder's pixels (at their own size, and
 *   scaled to DECODE_SIZE);
 * - the typed errors of files that do not decode (a broken JPEG: `corrupt`; text: `unsupported-format`).
 */
import type { Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { Op, Reply } from './near-duplicates-worker';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { launchBrowser } from './browser';
import { median } from './reference-tools';
import { picture, rgbaPng } from '../fixtures/near-duplicates';
import { nearGroups } from '../../src/duplicates/perceptual/groups';
import { NEAR_THRESHOLD, perceptualHash } from '../../src/duplicates/perceptual/choice';
import { fromHex, hamming } from '../../src/duplicates/perceptual/hash64';

const ROOT = resolve(import.meta.dirname, '../..');
const CORPUS = process.env.METAEXTRACT_CORPUS ?? resolve(ROOT, '../shared/corpus');
/** Corpus JPEGs with an EXIF thumbnail: a 12-megapixel phone photo (the target's size) and an 18-megapixel camera photo (4:3 thumbnail of a 3:2 image). */
const PHOTOS = ['photo/google_pixel_gps.jpg', 'photo/canon_eos_1300d.jpg'];
/** The page's origin, served by the route below: localhost, so a secure context (WebCodecs, as the app's). */
const ORIGIN = 'http://localhost:4199';

export interface NearDuplicateFigures {
  grouping: { hashes: number; planted: number; threshold: number; groups: number; plantedFound: number; wallMs: number; cpuMs: number };
  photos: { file: string; megapixels: number; thumbnailMs: number; from: string; decodeMs: number; distance: number }[];
  sameAsNode: { picture: string; fullSize: number; scaled: number }[];
  /** perceptualHashOf's error code for files that do not decode, by file. */
  errors: Record<string, string>;
}

/** Files that do not decode, and the error each must give: a JPEG cut after its SOI and a marker, and text. */
const UNDECODABLE: Record<string, { bytes: Uint8Array; expected: string }> = {
  'broken.jpg': { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 0, 4, 1, 2, ...new Array(200).fill(0x55)]), expected: 'corrupt' },
  'notes.txt': { bytes: new TextEncoder().encode('not an image\n'.repeat(20)), expected: 'unsupported-format' },
};

/** 100,000 random hashes, `planted` groups of four (a source and three copies 1–8 bits away) among them. */
function hashSet(n: number, planted: number): Uint32Array {
  const rng = xoroshiro128plus(18);
  const h = new Uint32Array(2 * n);
  for (let i = 0; i < h.length; i++) h[i] = uniformInt(rng, 0, 0xffffffff) >>> 0;
  const step = Math.floor(n / planted);
  for (let g = 0; g < planted; g++)
    for (let c = 1; c <= 3; c++) {
      const [src, dst] = [g * step, g * step + c];
      h[2 * dst] = h[2 * src];
      h[2 * dst + 1] = h[2 * src + 1];
      const flips = uniformInt(rng, 1, 8);
      for (let f = 0; f < flips; f++) {
        const bit = uniformInt(rng, 0, 63);
        h[2 * dst + (bit >> 5)] ^= 1 << (bit & 31);
      }
    }
  return h;
}

function benchGrouping(runs: number): NearDuplicateFigures['grouping'] {
  const [n, planted] = [100_000, 2000];
  const hashes = hashSet(n, planted);
  const wall: number[] = [];
  const cpu: number[] = [];
  let groups = nearGroups(hashes, NEAR_THRESHOLD);
  for (let i = 0; i < runs; i++) {
    const [t, c] = [performance.now(), process.cpuUsage()];
    groups = nearGroups(hashes, NEAR_THRESHOLD);
    wall.push(performance.now() - t);
    cpu.push(process.cpuUsage(c).user / 1000);
  }
  const step = Math.floor(n / planted);
  const found = groups.filter((g) => g.members[0] % step === 0 && [1, 2, 3].every((c) => g.members.includes(g.members[0] + c))).length;
  return { hashes: n, planted, threshold: NEAR_THRESHOLD, groups: groups.length, plantedFound: found, wallMs: Math.round(median(wall)), cpuMs: Math.round(median(cpu)) };
}

/** The worker's code (near-duplicates-worker.ts with perceptual-hash.ts and its helpers) bundled as one classic script. */
async function workerBundle(): Promise<string> {
  const out = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: join(import.meta.dirname, 'near-duplicates-worker.ts'), formats: ['iife'], name: 'nearDuplicatesBench' } },
  });
  const first = (Array.isArray(out) ? out[0] : out) as { output: { code?: string }[] };
  return first.output[0].code ?? '';
}

/** Sends one job to the page's worker and waits for its answer. */
async function ask(page: Page, op: Op, path: string, runs = 0): Promise<Reply> {
  return page.evaluate(
    async ({ op, path, runs }) => {
      const w = (globalThis as unknown as { benchWorker: Worker }).benchWorker;
      const blob = await (await fetch(path)).blob();
      const id = Math.random();
      return new Promise<Reply>((resolve, reject) => {
        // One job at a time (and no named function: the page gets this code as text, without tsx's helpers).
        w.onmessage = ({ data }: MessageEvent) => {
          if (data.id !== id) return;
          if (data.error) reject(new Error(data.error));
          else resolve(data.result);
        };
        w.postMessage({ id, op, blob, runs });
      });
    },
    { op, path, runs },
  );
}

/** Runs the section; `runs` timed repetitions per figure. */
export async function benchNearDuplicates(runs: number): Promise<NearDuplicateFigures> {
  const grouping = benchGrouping(runs);
  const files = new Map<string, Uint8Array>();
  const photos = PHOTOS.map((p) => join(CORPUS, p)).filter(existsSync);
  for (const p of photos) files.set(`/file/${p.split('/').pop()}`, readFileSync(p));
  const pictures = (['scene', 'noise', 'text'] as const).map((kind, i) => ({ name: `${kind}-${i + 1} 1600×1200`, pixels: picture(kind, i + 1, 1600, 1200) }));
  pictures.forEach((p, i) => files.set(`/file/picture-${i}.png`, rgbaPng(p.pixels)));
  for (const [name, { bytes }] of Object.entries(UNDECODABLE)) files.set(`/file/${name}`, bytes);
  const code = await workerBundle();
  const browser = await launchBrowser();
  try {
    const { page } = browser;
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/worker.js') return route.fulfill({ contentType: 'text/javascript', body: code });
      const body = files.get(path);
      return body
        ? route.fulfill({ contentType: 'application/octet-stream', body: Buffer.from(body) })
        : route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>near duplicates</title>' });
    });
    await page.goto(`${ORIGIN}/`);
    await page.evaluate(async () => {
      const code = await (await fetch('/worker.js')).text();
      (globalThis as unknown as { benchWorker: Worker }).benchWorker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    });
    const photoFigures: NearDuplicateFigures['photos'] = [];
    for (const p of photos) {
      const path = `/file/${p.split('/').pop()}`;
      const thumb = await ask(page, 'thumbnail', path, runs);
      const decode = await ask(page, 'decode', path, runs);
      const size = /(\d+)x(\d+)/.exec(
        String(
          await page.evaluate(async (path) => {
            const b = await createImageBitmap(await (await fetch(path)).blob());
            return `${b.width}x${b.height}`;
          }, path),
        ),
      );
      photoFigures.push({
        file: p.split('/').pop() ?? p,
        megapixels: size ? Math.round((Number(size[1]) * Number(size[2])) / 1e5) / 10 : 0,
        thumbnailMs: Math.round(median(thumb.ms ?? []) * 10) / 10,
        from: thumb.from ?? '',
        decodeMs: Math.round(median(decode.ms ?? []) * 10) / 10,
        distance: hamming(fromHex(thumb.hash), fromHex(decode.hash)),
      });
    }
    const sameAsNode: NearDuplicateFigures['sameAsNode'] = [];
    for (const [i, p] of pictures.entries()) {
      const node = perceptualHash(p.pixels);
      const full = await ask(page, 'full', `/file/picture-${i}.png`);
      const scaled = await ask(page, 'decode', `/file/picture-${i}.png`, 1);
      sameAsNode.push({ picture: p.name, fullSize: hamming(node, fromHex(full.hash)), scaled: hamming(node, fromHex(scaled.hash)) });
    }
    const errors: Record<string, string> = {};
    for (const name of Object.keys(UNDECODABLE)) errors[name] = (await ask(page, 'error', `/file/${name}`)).from ?? '';
    return { grouping, photos: photoFigures, sameAsNode, errors };
  } finally {
    await browser.close();
  }
}

export function printNearDuplicates(f: NearDuplicateFigures): void {
  const g = f.grouping;
  console.log(`\nNear duplicates (src/duplicates/perceptual; threshold ${g.threshold}):`);
  console.log(
    `  grouping ${g.hashes.toLocaleString('en')} hashes (${g.planted} planted groups of 4): ${g.wallMs} ms (CPU ${g.cpuMs} ms), ${g.groups} groups, ${g.plantedFound} planted groups found whole`,
  );
  if (!f.photos.length) console.log(`  per-file hash in a worker: skipped (no corpus photos at ${CORPUS})`);
  for (const p of f.photos) console.log(`  ${p.file} (${p.megapixels} MP) in a worker: ${p.from} path ${p.thumbnailMs} ms, decode path ${p.decodeMs} ms; thumbnail vs decode distance ${p.distance}`);
  for (const s of f.sameAsNode) console.log(`  ${s.picture} PNG, worker vs Node distance: full size ${s.fullSize}, scaled by the decoder ${s.scaled}`);
  for (const [name, code] of Object.entries(f.errors)) console.log(`  ${name}: ${code}${code === UNDECODABLE[name].expected ? '' : ` (expected ${UNDECODABLE[name].expected})`}`);
}

// `npx tsx scripts/bench/near-duplicates.ts [runs]`: this section alone, without building the app.
if (import.meta.url === `file://${process.argv[1]}`) printNearDuplicates(await benchNearDuplicates(Number(process.argv[2] ?? 5)));
