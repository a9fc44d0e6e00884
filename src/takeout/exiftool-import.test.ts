import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineJpeg } from '../../scripts/fixtures/photo';
import { extractRecord } from '../extractors/run';
import { BytesSource } from '../extractors/source/bytes-source';
import { addTakeoutFacts } from './annotate';
import { fixPlanOf } from './fix-plan';
import { exiftoolImport } from './exiftool-import';
import type { SidecarFacts } from './sidecar';
import { HAS_EXIFTOOL, exiftoolTags } from '../testing/exiftool';

const facts: SidecarFacts = {
  kind: 'media',
  people: ['Ana', 'Rui'],
  description: 'Lisboa, junho',
  photoTakenTime: { timestamp: 1559383810, iso: '2019-06-01T10:10:10Z' },
  geoData: { latitude: 38.7139, longitude: -9.1394, altitude: 45 },
};

describe('exiftool import file', () => {
  it('has only what the file lacks, under its path from the Takeout folder', async () => {
    const bytes = baselineJpeg({ width: 16, height: 16, sampling: '4:2:0', quality: 90 });
    const record = await extractRecord({ source: new BytesSource(bytes, 'IMG_1.jpg'), path: 'parts/t-001.zip/Takeout/Google Photos/2019/IMG_1.jpg' });
    addTakeoutFacts(record, facts, 'x.json', ['exact'], ['Lisbon trip']);
    const plan = fixPlanOf(record)!;
    expect(plan).toMatchObject({ target: 'Takeout/Google Photos/2019/IMG_1.jpg', kind: 'jpeg', video: false, gains: ['date', 'place', 'people', 'description'] });
    expect(exiftoolImport([plan])).toEqual([
      {
        SourceFile: 'Takeout/Google Photos/2019/IMG_1.jpg',
        'EXIF:DateTimeOriginal': '2019:06:01 10:10:10',
        'EXIF:OffsetTimeOriginal': '+00:00',
        'EXIF:GPSLatitude': 38.7139,
        'EXIF:GPSLatitudeRef': 'N',
        'EXIF:GPSLongitude': 9.1394,
        'EXIF:GPSLongitudeRef': 'W',
        'EXIF:GPSAltitude': 45,
        'EXIF:GPSAltitudeRef': 0,
        'XMP-iptcExt:PersonInImage': ['Ana', 'Rui'],
        'XMP-dc:Description': 'Lisboa, junho',
        'XMP-dc:Subject': ['Lisbon trip'],
      },
    ]);
  });

  it.skipIf(!HAS_EXIFTOOL)('applied by exiftool (when installed), the tags land', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'exiftool-import-'));
    try {
      const folder = join(dir, 'Takeout', 'Google Photos', '2019');
      await mkdir(folder, { recursive: true });
      const bytes = baselineJpeg({ width: 16, height: 16, sampling: '4:2:0', quality: 90 });
      await writeFile(join(folder, 'IMG_1.jpg'), bytes);
      const record = await extractRecord({ source: new BytesSource(bytes, 'IMG_1.jpg'), path: 'Takeout/Google Photos/2019/IMG_1.jpg' });
      addTakeoutFacts(record, facts, 'x.json', ['exact'], ['Lisbon trip']);
      await writeFile(join(dir, 'import.json'), JSON.stringify(exiftoolImport([fixPlanOf(record)!])));
      execFileSync('exiftool', ['-q', '-overwrite_original', '-json=import.json', '-r', 'Takeout'], { cwd: dir });
      const tags = exiftoolTags(join(folder, 'IMG_1.jpg'));
      expect(tags).toMatchObject({
        'ExifIFD:DateTimeOriginal': '2019:06:01 10:10:10',
        'ExifIFD:OffsetTimeOriginal': '+00:00',
        'GPS:GPSLatitudeRef': 'N',
        'GPS:GPSLongitudeRef': 'W',
        'XMP-dc:Description': 'Lisboa, junho',
        'XMP-dc:Subject': 'Lisbon trip',
      });
      expect(tags['GPS:GPSLatitude']).toBeCloseTo(38.7139, 4);
      expect(tags['GPS:GPSLongitude']).toBeCloseTo(9.1394, 4);
      expect(tags['XMP-iptcExt:PersonInImage']).toEqual(['Ana', 'Rui']);
      expect((await readFile(join(folder, 'IMG_1.jpg'))).length).toBeGreaterThan(bytes.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
