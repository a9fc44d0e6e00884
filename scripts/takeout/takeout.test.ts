import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { FileHandleSource } from '../../src/node/file-handle-source';
import { extractPathRecords } from '../../src/node/extract-path';
import { listZip, type ZipEntry } from '../../src/archive/zip';
import { ZipEntrySource } from '../../src/archive/zip-entry-source';
import { matchSidecars, type MatchRule } from '../../src/takeout/match';
import { parseAlbumMetadata, parseSidecar } from '../../src/takeout/sidecar';
import { addTakeoutFacts, embeddedDate } from '../../src/takeout/annotate';
import type { MetadataRecord } from '../../src/extractors/types';
import { planTakeout } from './plan';
import { writeTakeout } from './write';
import { MANIFEST_NAME, type TakeoutManifest } from './manifest';

/** Whether a program runs (`unzip -v`). */
function has(program: string): boolean {
  try {
    execFileSync(program, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Reads a whole entry through ZipEntrySource (which inflates deflated ones), 16 MiB at a time, with its running CRC-32. */
async function readEntry(archive: FileHandleSource, entry: ZipEntry): Promise<{ head: Uint8Array; tail: Uint8Array; crc: number; bytes?: Uint8Array }> {
  const source = new ZipEntrySource(archive, entry);
  const step = 16 * 2 ** 20;
  let crc = 0;
  let head: Uint8Array = new Uint8Array(0);
  let last: Uint8Array = new Uint8Array(0);
  for (let at = 0; at < entry.size; at += step) {
    last = await source.read(at, step);
    if (at === 0) head = last.slice(0, 64);
    crc = crc32(last, crc);
  }
  return { head, tail: last.slice(-2), crc, ...(entry.size <= step ? { bytes: last } : {}) };
}

const PART_SIZE = 128 * 2 ** 20;

describe('make-takeout: a 200-file export in 3 parts', () => {
  let dir = '';
  let manifest: TakeoutManifest;
  /** Each part's entries, in order. */
  let listings: ZipEntry[][] = [];
  const partPath = (n: number) => join(dir, manifest.parts[n - 1].name);
  const all = () => listings.flatMap((entries, i) => entries.map((entry) => ({ entry, part: i + 1, path: entry.path.slice('Takeout/'.length) })));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'me-takeout-'));
    manifest = await writeTakeout(dir, { files: 200, partSize: PART_SIZE, seed: 5, format: 'zip' });
    listings = [];
    for (let n = 1; n <= manifest.parts.length; n++) {
      const source = await FileHandleSource.open(partPath(n));
      listings.push((await listZip(source)).entries);
      await source.close();
    }
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes parts named as Google names them, each listing with listZip, and the manifest next to them', async () => {
    expect(manifest.parts.map((p) => p.name)).toEqual(['takeout-20261207T101010Z-001.zip', 'takeout-20261207T101010Z-002.zip', 'takeout-20261207T101010Z-003.zip']);
    expect(JSON.parse(await readFile(join(dir, MANIFEST_NAME), 'utf8'))).toEqual(manifest);
    expect(listings.map((l) => l.length)).toEqual(manifest.parts.map((p) => p.entries));
    expect(all().length).toBe(200);
    expect(manifest.counts.media + manifest.counts.json).toBe(200);
    for (const [i, p] of manifest.parts.entries()) {
      expect((await stat(partPath(i + 1))).size).toBe(p.size);
      // Cut by size: every part but the last reaches the part size, and passes it by less than its last entry.
      if (i < manifest.parts.length - 1) expect(p.size).toBeGreaterThanOrEqual(PART_SIZE);
    }
  });

  it('is sparse: the parts take under 2 % of their size on disk', async () => {
    for (let n = 1; n <= manifest.parts.length; n++) {
      const st = await stat(partPath(n));
      expect(st.blocks * 512, manifest.parts[n - 1].name).toBeLessThan(st.size / 50);
    }
  });

  it('orders the entries as Google does: folder by folder, each media file (and its companions) right before its JSON', () => {
    const entries = all();
    const folderOf = (p: string) => p.slice(0, p.lastIndexOf('/'));
    const runs = entries.map((e) => folderOf(e.path)).filter((f, i, fs) => i === 0 || fs[i - 1] !== f);
    expect(new Set(runs).size).toBe(runs.length);
    const sidecarOf = new Map(manifest.media.map((m) => [m.path, m.sidecar]));
    let pending: string[] = [];
    for (const { path } of entries) {
      if (!path.endsWith('.json')) {
        if (sidecarOf.get(path) !== null) pending.push(path);
        continue;
      }
      if (path.endsWith('/metadata.json')) {
        expect(pending).toEqual([]);
        continue;
      }
      expect(pending.length, path).toBeGreaterThan(0);
      for (const media of pending) expect(sidecarOf.get(media), media).toBe(path);
      pending = [];
    }
    expect(pending).toEqual([]);
    expect(manifest.media.map((m) => m.path)).toEqual(entries.filter((e) => !e.path.endsWith('.json')).map((e) => e.path));
  });

  it('stores media (JPEG, HEIC, MP4/MOV as written) and deflates JSON, with every CRC-32 right', async () => {
    const unzip = has('unzip');
    for (let n = 1; n <= manifest.parts.length; n++) {
      const archive = await FileHandleSource.open(partPath(n));
      try {
        for (const entry of listings[n - 1]) {
          const { head, tail, crc, bytes } = await readEntry(archive, entry);
          expect(crc, entry.path).toBe(entry.crc32);
          if (entry.path.endsWith('.json')) {
            expect(entry.method).toBe(8);
            const text = new TextDecoder().decode(bytes);
            if (entry.path.endsWith('/metadata.json')) expect(parseAlbumMetadata(text).title).toBeTruthy();
            else expect(parseSidecar(text).photoTakenTime).toBeDefined();
            continue;
          }
          expect(entry.method).toBe(0);
          const m = manifest.media.find((x) => `Takeout/${x.path}` === entry.path)!;
          expect(m.part).toBe(n);
          expect(m.size).toBe(entry.size);
          const brand = new TextDecoder().decode(head.subarray(4, 12));
          if (m.type === 'jpeg') expect([...head.subarray(0, 2), ...tail]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
          else expect(brand).toBe({ heic: 'ftypheic', mp4: 'ftypisom', mov: 'ftypqt  ' }[m.type]);
        }
      } finally {
        await archive.close();
      }
      // Info-ZIP's own check of every entry's data and CRC, when installed.
      if (unzip) expect(execFileSync('unzip', ['-tq', partPath(n)], { encoding: 'utf8' })).toContain('No errors detected');
    }
  });

  it('has a media file and its JSON straddling two parts: the last entry of one part and the first of the next', () => {
    const straddling = manifest.media.filter((m) => m.sidecarPart !== null && m.sidecarPart !== m.part);
    expect(straddling.length).toBe(manifest.counts.straddling);
    expect(straddling.length).toBeGreaterThan(0);
    for (const m of straddling) {
      expect(m.sidecarPart).toBe(m.part + 1);
      const [before, after] = [listings[m.part - 1], listings[m.part]];
      expect(before.some((e) => e.path === `Takeout/${m.path}`)).toBe(true);
      expect(after[0].path).toBe(`Takeout/${m.sidecar}`);
    }
  });

  it('gives each media file the sidecar matchSidecars finds on the entries as the app lists them (`<part>/Takeout/…`, across parts)', () => {
    const listed = (part: number, path: string) => `takeout-part-${part}.zip/Takeout/${path}`;
    const match = matchSidecars(all().map((e) => ({ path: listed(e.part, e.path), size: e.entry.size })));
    for (const m of manifest.media) expect(match.media.get(listed(m.part, m.path))?.sidecar ?? null, m.path).toBe(m.sidecar && listed(m.sidecarPart!, m.sidecar));
    expect([...match.albums.values()].sort()).toEqual(manifest.albums.map((a) => listed(a.part, a.metadata)).sort());
  });

  it('says what merging each media file with its sidecar gives: TakeoutDate, TakeoutGPS, the conflicts, the implied zone, the file’s own date and position', async () => {
    const records = new Map<string, MetadataRecord>();
    const sidecars = new Map<string, Uint8Array>();
    for (let n = 1; n <= manifest.parts.length; n++) {
      for await (const r of extractPathRecords(partPath(n))) records.set(r.file.path!.slice(`${manifest.parts[n - 1].name}/Takeout/`.length), r);
      const archive = await FileHandleSource.open(partPath(n));
      for (const entry of listings[n - 1].filter((e) => e.path.endsWith('.json'))) sidecars.set(entry.path.slice('Takeout/'.length), (await readEntry(archive, entry)).bytes!);
      await archive.close();
    }
    const seen = { DateConflict: 0, PositionConflict: 0, LocationOnlyInSidecar: 0, impliedZone: 0, noDate: 0, noPosition: 0 };
    for (const m of manifest.media) {
      const record = records.get(m.path)!;
      expect(record.errors, m.path).toEqual([]);
      const own = embeddedDate(record);
      if (m.embedded.date === null) expect(own, m.path).toBeUndefined();
      else expect(own?.seconds, m.path).toBe(Date.parse(/[Z+-]\d\d:\d\d$|Z$/u.test(m.embedded.date) ? m.embedded.date : `${m.embedded.date}Z`) / 1000);
      const lat = record.summary.find((f) => f.key === 'GPSLatitude')?.value;
      const lon = record.summary.find((f) => f.key === 'GPSLongitude')?.value;
      if (m.embedded.position === null) expect(lat, m.path).toBeUndefined();
      else {
        expect(lat as number, m.path).toBeCloseTo(m.embedded.position[0], 4);
        expect(lon as number, m.path).toBeCloseTo(m.embedded.position[1], 4);
      }
      if (m.sidecar === null) continue;
      addTakeoutFacts(record, parseSidecar(sidecars.get(m.sidecar)!), m.sidecar, []);
      const summary = (key: string) => record.summary.find((f) => f.key === key)?.value;
      const takeout = record.groups.find((g) => g.id === 'takeout')!;
      expect(summary('TakeoutDate'), m.path).toBe(m.date);
      expect(summary('TakeoutGPS') ?? null, m.path).toEqual(m.position);
      expect(summary('TakeoutConflicts') ?? [], m.path).toEqual(m.conflicts);
      expect(takeout.fields.find((f) => f.key === 'ImpliedTimeZone')?.value, m.path).toBe(m.impliedZone);
      for (const c of m.conflicts) seen[c as keyof typeof seen]++;
      if (m.impliedZone) seen.impliedZone++;
      if (m.embedded.date === null) seen.noDate++;
      if (m.position === null) seen.noPosition++;
    }
    // The small export already holds every case.
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(0);
  });
});

describe('make-takeout: the plan', () => {
  it("names the sidecars of 20,000 files by every rule match.ts knows, and matchSidecars agrees with the generator on every media file's sidecar", () => {
    const plan = planTakeout({ files: 20_000, seed: 1 });
    expect(plan.entries.length).toBe(20_000);
    const match = matchSidecars(plan.entries.map((e) => ({ path: e.path })));
    const rules = new Set<MatchRule>();
    for (const e of plan.entries) {
      if (e.kind !== 'media') continue;
      expect(match.media.get(e.path)?.sidecar ?? null, e.path).toBe(e.media.sidecar);
      for (const r of e.media.naming) rules.add(r);
    }
    expect([...rules].sort()).toEqual(['duplicate', 'edited', 'exact', 'extension-case', 'jpeg-jpg', 'live-photo', 'supplemental', 'supplemental-truncated', 'truncated', 'unicode-normalized']);
  });

  it('is the same for the same seed and file count, and another for another seed', () => {
    const text = (seed: number) => JSON.stringify(planTakeout({ files: 500, seed }).entries.map((e) => (e.kind === 'json' ? [e.path, e.text()] : [e.path, e.media])));
    expect(text(3)).toBe(text(3));
    expect(text(3)).not.toBe(text(4));
  });
});

describe('make-takeout: ZIP64', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes ZIP64 records when a part passes 4 GiB, and entries past 4 GiB read back', async () => {
    dir = await mkdtemp(join(tmpdir(), 'me-takeout64-'));
    const manifest = await writeTakeout(dir, { files: 2400, partSize: 5 * 2 ** 30, seed: 1, format: 'zip' });
    expect(manifest.parts[0].size).toBeGreaterThan(2 ** 32);
    expect(manifest.parts[0].zip64).toBe(true);
    const archive = await FileHandleSource.open(join(dir, manifest.parts[0].name));
    try {
      const listing = await listZip(archive);
      expect(listing.zip64).toBe(true);
      const far = listing.entries.filter((e) => e.localHeaderOffset > 2 ** 32);
      expect(far.length).toBeGreaterThan(0);
      const json = far.find((e) => e.path.endsWith('.json') && !e.path.endsWith('/metadata.json'))!;
      const { crc, bytes } = await readEntry(archive, json);
      expect(crc).toBe(json.crc32);
      expect(parseSidecar(bytes!).title).toBeTruthy();
    } finally {
      await archive.close();
    }
    if (has('unzip')) expect(execFileSync('unzip', ['-l', join(dir, manifest.parts[0].name)], { encoding: 'utf8' })).toContain(`${manifest.parts[0].entries} files`);
  });
});
