import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Field, FieldGroup, MetadataRecord } from '../../src/extractors/types';
import { extractPath } from '../../src/node/extract-path';
import { cameraPhoto, writeCameraPhotos } from './camera-photos';

const N = 60;
let dir = '';
let files: string[] = [];
let records: MetadataRecord[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camera-photos-'));
  files = (await writeCameraPhotos(dir, N)).files;
  records = await Promise.all(files.map((f) => extractPath(f)));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const group = (groups: FieldGroup[], id: string): FieldGroup | undefined => {
  for (const g of groups) {
    if (g.id === id) return g;
    const inner = group(g.children ?? [], id);
    if (inner) return inner;
  }
  return undefined;
};
const value = (r: MetadataRecord, id: string, key: string) => group(r.groups, id)?.fields.find((f: Field) => f.key === key)?.value;
const software = (r: MetadataRecord) => String(r.summary.find((f) => f.key === 'Software')?.value ?? '');
const kindOf = (r: MetadataRecord) => (/Photoshop/.test(software(r)) ? 'photoshop' : /Lightroom/.test(software(r)) ? 'lightroom' : String(r.summary.find((f) => f.key === 'Make')?.value));

describe('camera-like bench photos', () => {
  it('are deterministic: the same index gives the same bytes', () => {
    for (const i of [0, 7, 41]) expect(Buffer.compare(Buffer.from(cameraPhoto(i).header), Buffer.from(cameraPhoto(i).header))).toBe(0);
  });

  it('span real file sizes, 50 KB to 8 MB with a median of a few MB', () => {
    const sizes = Array.from({ length: 2000 }, (_, i) => {
      const p = cameraPhoto(i);
      return p.header.length + p.scanBytes + 2;
    }).sort((a, b) => a - b);
    expect(sizes[0]).toBeGreaterThanOrEqual(50_000);
    expect(sizes[sizes.length - 1]).toBeLessThanOrEqual(8_000_000);
    expect(sizes[1000]).toBeGreaterThan(2_000_000);
    expect(sizes[1000]).toBeLessThan(6_000_000);
  });

  it('are sparse files that end with EOI', async () => {
    for (const f of files) {
      const st = await stat(f);
      if (st.size > 1_000_000) expect(st.blocks * 512).toBeLessThan(st.size / 20);
      const h = await open(f, 'r');
      const tail = Buffer.alloc(2);
      await h.read(tail, 0, 2, st.size - 2);
      await h.close();
      expect([...tail]).toEqual([0xff, 0xd9]);
    }
  });

  it('cover the five kinds, each read by the app without error or warning from its head only', () => {
    expect(new Set(records.map(kindOf))).toEqual(new Set(['Apple', 'Canon', 'NIKON CORPORATION', 'photoshop', 'lightroom']));
    for (const r of records) {
      expect(r.format.id).toBe('photo');
      expect(r.errors).toEqual([]);
      expect(r.warnings).toEqual([]);
      expect(r.stats.bytesRead).toBeLessThanOrEqual(68 * 1024);
    }
  });

  it('carry each kind’s segments: MakerNote, IFD1 thumbnail, ICC, XMP, IPTC', () => {
    for (const r of records) {
      const kind = kindOf(r);
      const ids = r.groups.map((g) => g.id);
      expect(ids).toContain('exif');
      expect(ids.includes('xmp')).toBe(kind !== 'NIKON CORPORATION');
      expect(ids.includes('iptc')).toBe(kind === 'photoshop' || kind === 'lightroom');
      expect(value(r, 'icc', 'ProfileDescription')).toBe(kind === 'Apple' ? 'Display P3' : kind === 'photoshop' || kind === 'lightroom' ? 'sRGB IEC61966-2.1' : undefined);
      expect(String(value(r, 'exififd', 'MakerNote') ?? '')).toMatch(kind === 'lightroom' ? /^$/ : /^\d+ bytes/);
      if (kind !== 'lightroom') expect(Number(value(r, 'ifd1', 'ThumbnailLength'))).toBeGreaterThan(5000);
    }
  });

  it('hold a whole JPEG where IFD1 points (offset from the TIFF header in the Exif APP1)', async () => {
    for (const [i, r] of records.entries()) {
      const length = Number(value(r, 'ifd1', 'ThumbnailLength'));
      if (!length) continue;
      const head = Buffer.from(cameraPhoto(i).header);
      const tiff = head.indexOf('Exif\0\0') + 6;
      const thumb = head.subarray(tiff + Number(value(r, 'ifd1', 'ThumbnailOffset')), tiff + Number(value(r, 'ifd1', 'ThumbnailOffset')) + length);
      expect([...thumb.subarray(0, 2), ...thumb.subarray(-2)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    }
  });

  const exiftool = spawnSync('sh', ['-c', 'command -v exiftool']).status === 0;
  it.skipIf(!exiftool)('pass exiftool -validate, and -fast reads them without warning, MakerNotes decoded', () => {
    const run = (...args: string[]) => JSON.parse(spawnSync('exiftool', ['-j', ...args, '-r', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout) as Record<string, unknown>[];
    const validated = run('-validate', '-warning');
    expect(validated).toHaveLength(N);
    expect(validated.filter((x) => x.Validate !== 'OK' || 'Warning' in x)).toEqual([]);
    const fast = run('-fast');
    expect(fast).toHaveLength(N);
    expect(fast.filter((x) => 'Warning' in x || 'Error' in x)).toEqual([]);
    expect(fast.filter((x) => 'MakerNoteVersion' in x || 'CanonModelID' in x).length).toBeGreaterThan(N / 3);
  });
});
