/**
 * Corpus conformance for Google Photos Takeout: the simulated export in the corpus's `takeout`
 * folder goes through the CLI's own path (extract-inputs.ts over the folder), and each manifest
 * entry of format `takeout` is checked exactly: a media file's sidecar, photoTakenTime,
 * creationTime, title, geo and EXIF DateTimeOriginal; a sidecar's media file; an album's title.
 */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { CORPUS_DIR, loadManifest } from '../testing/conformance/corpus';
import { NumberLiteral } from '../testing/conformance/literal-json';
import { extractInputs } from '../cli/extract-inputs';
import { findGroup } from '../extractors/fields';
import type { MetadataRecord } from '../extractors/types';

const entries = (loadManifest() ?? []).filter((e) => e.format === 'takeout');
const plain = (v: unknown): unknown => (v instanceof NumberLiteral ? v.value : Array.isArray(v) ? v.map(plain) : v);
/** Digits after the point in the manifest's text of a number. */
const decimals = (v: unknown) => (v instanceof NumberLiteral ? (v.text.split('.')[1]?.length ?? 0) : 0);

describe.skipIf(entries.length === 0)('Takeout corpus (the CLI path)', () => {
  let records: Map<string, MetadataRecord>;
  const record = async (path: string) => {
    if (!records) {
      const lines: string[] = [];
      const code = await extractInputs([resolve(CORPUS_DIR, 'takeout')], { record: (l) => lines.push(l), problem: (t) => lines.push(t) });
      expect(code).toBe(0);
      records = new Map(lines.map((l) => JSON.parse(l) as MetadataRecord).map((r) => [`takeout/${r.file.path}`, r]));
    }
    const r = records.get(path);
    expect(r, path).toBeDefined();
    return r!;
  };

  it('has the 12 entries', () => expect(entries).toHaveLength(12));

  for (const entry of entries) {
    const x = entry.expected as Record<string, unknown>;
    it(`${entry.path} (${String(x.kind)})`, async () => {
      const r = await record(entry.path);
      if (x.kind === 'sidecar') {
        expect(r.format.id).toBe('takeout-sidecar');
        // The media file it describes, plus those the manifest says share it (an edited copy).
        const rel = entry.path.slice('takeout/'.length);
        const sharing = entries.filter((e) => (e.expected as Record<string, unknown>).sidecar === rel).map((e) => e.path.slice('takeout/'.length));
        const describes = r.summary.find((f) => f.key === 'Describes')?.value as string[];
        expect(describes).toContain(x.describes);
        expect([...describes].sort()).toEqual([...new Set([x.describes as string, ...sharing])].sort());
        return;
      }
      if (x.kind === 'album') {
        expect(r.format.id).toBe('takeout-album');
        expect(r.summary.find((f) => f.key === 'Title')?.value).toBe(x.title);
        return;
      }
      const g = findGroup(r.groups, 'takeout');
      const field = (k: string) => g?.fields.find((f) => f.key === k);
      expect(field('Sidecar')?.value).toBe(x.sidecar);
      expect(field('photoTakenTime')?.raw).toBe(plain(x.photoTakenTime));
      expect(field('creationTime')?.raw).toBe(plain(x.creationTime));
      expect(field('title')?.value).toBe(x.title);
      const geo = field('geoData')?.value as { latitude: number; longitude: number; altitude: number } | null;
      if (x.geo === null) expect(geo).toBeNull();
      else {
        const want = x.geo as unknown[];
        const got = [geo!.latitude, geo!.longitude, geo!.altitude];
        want.forEach((w, i) => expect(got[i].toFixed(decimals(w)), `geo[${i}]`).toBe((plain(w) as number).toFixed(decimals(w))));
      }
      const dto = findGroup(r.groups, 'exififd')?.fields.find((f) => f.key === 'DateTimeOriginal')?.value ?? null;
      expect(dto).toBe(x.exif_DateTimeOriginal);
    });
  }
});
