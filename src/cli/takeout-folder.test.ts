import { describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineJpeg } from '../../scripts/fixtures/photo';
import { findGroup } from '../extractors/fields';
import type { MetadataRecord } from '../extractors/types';
import { extractInputs } from './extract-inputs';

describe('the CLI on a Takeout folder', () => {
  it('a photo with its sidecar gets its facts and what a fix adds; one without says so, with the names tried', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'me-cli-takeout-'));
    try {
      const folder = join(dir, 'Takeout', 'Google Photos', 'Photos from 2019');
      await mkdir(folder, { recursive: true });
      const jpeg = baselineJpeg({ width: 16, height: 16, sampling: '4:2:0', quality: 90 });
      await writeFile(join(folder, 'IMG_1.jpg'), jpeg);
      await writeFile(join(folder, 'IMG_2.jpg'), jpeg);
      await writeFile(join(folder, 'IMG_1.jpg.json'), JSON.stringify({ title: 'IMG_1.jpg', photoTakenTime: { timestamp: '1559383810' }, people: [{ name: 'Ana' }] }));
      const lines: string[] = [];
      expect(await extractInputs([join(dir, 'Takeout')], { record: (l) => lines.push(l), problem: (t) => lines.push(t) })).toBe(0);
      const records = new Map(lines.map((l) => JSON.parse(l) as MetadataRecord).map((r) => [r.file.name, r]));
      const one = records.get('IMG_1.jpg')!;
      expect(one.summary.find((f) => f.key === 'TakeoutGains')?.value).toEqual(['date', 'people']);
      const two = records.get('IMG_2.jpg')!;
      expect(two.summary.find((f) => f.key === 'TakeoutSidecar')?.value).toBe('none');
      expect(findGroup(two.groups, 'takeout')?.fields.find((f) => f.key === 'Tried')?.value).toContain('IMG_2.jpg.json');
      expect(records.get('IMG_1.jpg.json')?.format.id).toBe('takeout-sidecar');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an export unpacked into Takeout and Takeout 2 is matched as one: a photo and its JSON in two parts, an album copy without a JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'me-cli-takeout-'));
    try {
      const year = (root: string) => join(dir, root, 'Google Photos', 'Photos from 2019');
      const album = join(dir, 'Takeout 2', 'Google Photos', 'Lisbon');
      for (const f of [year('Takeout'), year('Takeout 2'), album]) await mkdir(f, { recursive: true });
      const jpeg = baselineJpeg({ width: 16, height: 16, sampling: '4:2:0', quality: 90 });
      await writeFile(join(year('Takeout'), 'IMG_3.jpg'), jpeg);
      await writeFile(join(year('Takeout 2'), 'IMG_3.jpg.json'), JSON.stringify({ title: 'IMG_3.jpg', photoTakenTime: { timestamp: '1559383810' } }));
      await writeFile(join(album, 'IMG_3.jpg'), jpeg);
      await writeFile(join(album, 'metadata.json'), JSON.stringify({ title: 'Lisbon trip' }));
      const lines: string[] = [];
      expect(await extractInputs([dir], { record: (l) => lines.push(l), problem: (t) => lines.push(t) })).toBe(0);
      const records = lines.map((l) => JSON.parse(l) as MetadataRecord).filter((r) => r.file.name === 'IMG_3.jpg');
      expect(records).toHaveLength(2);
      for (const r of records) expect(findGroup(r.groups, 'takeout')?.fields.find((f) => f.key === 'Sidecar')?.value).toMatch(/Takeout 2\/Google Photos\/Photos from 2019\/IMG_3\.jpg\.json$/u);
      const copy = records.find((r) => r.file.path?.includes('Lisbon'))!;
      expect(findGroup(copy.groups, 'takeout')?.fields.find((f) => f.key === 'MatchRule')?.value).toEqual(['album-copy']);
      // Both share the sidecar, so both are in the album of the copy's folder (its metadata.json's title).
      for (const r of records) expect(findGroup(r.groups, 'takeout')?.fields.find((f) => f.key === 'albums')?.value).toEqual(['Lisbon trip']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
