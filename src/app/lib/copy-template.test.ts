import { describe, expect, it } from 'vitest';
import type { MetadataRecord } from '../../extractors/types';
import { emptyRecord } from '../../extractors/empty-record';
import { expandTemplate, TargetPaths, unknownTokens } from './copy-template';

function record(summary: MetadataRecord['summary'], format = 'JPEG'): MetadataRecord {
  return { ...emptyRecord({ name: 'f', size: 1 }), format: { id: 'photo', name: format }, summary };
}

describe('copy template', () => {
  const canon = record([
    { key: 'Make', value: 'Canon' },
    { key: 'Model', value: 'Canon EOS R5' },
    { key: 'DateTimeOriginal', value: '2023:12:31 23:30:00' },
    { key: 'OffsetTimeOriginal', value: '-05:00' },
    { key: 'SourceKind', value: 'camera' },
    { key: 'Source', value: 'Canon EOS R5' },
  ]);

  it('expands tokens from the record, with the date as the camera wrote it (not shifted to UTC)', () => {
    expect(expandTemplate('{source}/{yyyy}/{mm}/', { name: 'IMG_1.JPG', record: canon })).toBe('Canon EOS R5/2023/12/IMG_1.JPG');
    expect(expandTemplate('{kind}/{camera}/{yyyy}-{mm}-{dd} {format}', { name: 'IMG_1.JPG', record: canon })).toBe('camera/Canon EOS R5/2023-12-31 JPEG/IMG_1.JPG');
  });

  it('joins a make and a model that does not repeat it', () => {
    const nikon = record([
      { key: 'Make', value: 'NIKON CORPORATION' },
      { key: 'Model', value: 'D850' },
    ]);
    expect(expandTemplate('{camera}', { name: 'a.nef', record: nikon })).toBe('NIKON CORPORATION D850/a.nef');
  });

  it('falls back to the modification date, then to "Unknown …"', () => {
    const ms = new Date(2021, 1, 3, 12).getTime();
    expect(expandTemplate('{yyyy}/{mm}/{dd}', { name: 'x.png', lastModified: ms, record: record([]) })).toBe('2021/02/03/x.png');
    expect(expandTemplate('{source}/{camera}/{yyyy}/{ext}', { name: 'README', record: undefined })).toBe('Unknown source/Unknown camera/Unknown year/no extension/README');
  });

  it('keeps a video’s UTC creation time in UTC', () => {
    const video = record([{ key: 'Creation_time', value: '2020-01-01T02:00:00Z' }], 'MP4');
    expect(expandTemplate('{yyyy}/{mm}/{dd}', { name: 'v.mp4', record: video })).toBe('2020/01/01/v.mp4');
  });

  it('makes every token safe as a name, and drops empty and dot segments', () => {
    const odd = record([
      { key: 'SourceKind', value: 'editor' },
      { key: 'Source', value: 'GIMP: 2.10/beta?' },
    ]);
    expect(expandTemplate('//{source}/./../', { name: 'a.png', record: odd })).toBe('GIMP_ 2.10_beta_/a.png');
    expect(expandTemplate('', { name: 'a.png' })).toBe('a.png');
    expect(expandTemplate('{format}', { name: '..' })).toBe('Unknown format/unnamed');
  });

  it('refuses unknown tokens', () => {
    expect(unknownTokens('{source}/{year}/{bogus}')).toEqual(['year', 'bogus']);
    expect(() => expandTemplate('{year}', { name: 'a' })).toThrow('Unknown template token: {year}.');
  });

  it('keeps target paths apart, case-insensitively', () => {
    const paths = new TargetPaths();
    expect(paths.take('a/IMG.JPG')).toBe('a/IMG.JPG');
    expect(paths.take('a/img.jpg')).toBe('a/img (2).jpg');
    expect(paths.take('a/IMG.JPG')).toBe('a/IMG (3).JPG');
    expect(paths.take('b.d/README')).toBe('b.d/README');
    expect(paths.take('b.d/README')).toBe('b.d/README (2)');
  });
});
