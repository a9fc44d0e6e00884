import { describe, expect, it } from 'vitest';
import { folderKey, matchSidecars as matchFiles, parseSidecarName } from './match';

const matchSidecars = (paths: string[]) => matchFiles(paths.map((path) => ({ path })));

const one = (paths: string[], media: string) => matchSidecars(paths).media.get(media);

describe('matchSidecars: one rule each', () => {
  it('name.ext.json', () => {
    expect(one(['a/IMG_1.jpg', 'a/IMG_1.jpg.json'], 'a/IMG_1.jpg')).toEqual({ path: 'a/IMG_1.jpg', sidecar: 'a/IMG_1.jpg.json', rules: ['exact'] });
  });
  it('name.ext.supplemental-metadata.json and every cut of the suffix', () => {
    expect(one(['IMG_1.jpg', 'IMG_1.jpg.supplemental-metadata.json'], 'IMG_1.jpg')?.rules).toEqual(['supplemental']);
    for (const cut of ['.supplemental-metad', '.suppl', '.s', '.']) {
      expect(one(['IMG_1.jpg', `IMG_1.jpg${cut}.json`], 'IMG_1.jpg')).toMatchObject({ sidecar: `IMG_1.jpg${cut}.json`, rules: ['supplemental-truncated'] });
    }
  });
  it('prefers the classic name over the supplemental one', () => {
    expect(one(['IMG_1.jpg', 'IMG_1.jpg.supplemental-metadata.json', 'IMG_1.jpg.json'], 'IMG_1.jpg')?.sidecar).toBe('IMG_1.jpg.json');
  });
  it('a name cut to 46 characters: matched by prefix when exactly one fits', () => {
    const media = 'Screenshot_20190905-134200_Some_Really_Long_Application_Name.jpg';
    const json = 'Screenshot_20190905-134200_Some_Really_Long_Ap.json';
    expect(one([media, json], media)).toMatchObject({ sidecar: json, rules: ['truncated'] });
    // A supplemental name cut at 51 characters.
    const long = 'PXL_20230815_123456789_LONG_NAME_FOR_TESTING.jpg';
    const cut = `${long}.supplemental-metadata`.slice(0, 51) + '.json';
    expect(one([long, cut], long)?.sidecar).toBe(cut);
  });
  it('two cut names fitting is ambiguous: no match, reported among the names tried', () => {
    const a = 'Screenshot_20190905-134200_Some_Really_Long_Application_Name.jpg';
    const m = one([a, 'Screenshot_20190905-134200_Some_Really_Long_Ap.json', 'Screenshot_20190905-134200_Some_Really_Long_A.json'], a);
    expect(m?.sidecar).toBeUndefined();
    expect(m?.tried?.at(-1)).toContain('ambiguous');
  });
  it('name(1).ext ↔ name.ext(1).json, and the duplicate is not taken for the original', () => {
    const paths = ['IMG(1).jpg', 'IMG.jpg', 'IMG.jpg.json', 'IMG.jpg(1).json'];
    expect(one(paths, 'IMG(1).jpg')).toMatchObject({ sidecar: 'IMG.jpg(1).json', rules: ['duplicate', 'exact'] });
    expect(one(paths, 'IMG.jpg')?.sidecar).toBe('IMG.jpg.json');
    expect(one(['IMG(2).jpg', 'IMG.jpg.supplemental-metadata(2).json'], 'IMG(2).jpg')?.sidecar).toBe('IMG.jpg.supplemental-metadata(2).json');
  });
  it("-edited and its localized forms share the original's sidecar", () => {
    for (const suffix of ['edited', 'bearbeitet', 'modifié', 'editado', 'modificato', 'bewerkt', 'edytowane']) {
      const m = matchSidecars(['IMG.jpg', `IMG-${suffix}.jpg`, 'IMG.jpg.json']);
      expect(m.media.get(`IMG-${suffix}.jpg`)).toMatchObject({ sidecar: 'IMG.jpg.json', rules: ['edited', 'exact'] });
      expect(m.sidecars.get('IMG.jpg.json')?.media).toEqual(['IMG.jpg', `IMG-${suffix}.jpg`]);
    }
  });
  it('Live/motion photos: the MP4 or MOV shares the HEIC or JPG sidecar', () => {
    expect(one(['IMG_2.HEIC', 'IMG_2.MP4', 'IMG_2.HEIC.json'], 'IMG_2.MP4')).toMatchObject({ sidecar: 'IMG_2.HEIC.json', rules: ['live-photo', 'exact', 'extension-case'] });
    expect(one(['PXL_3.jpg', 'PXL_3.mov', 'PXL_3.jpg.supplemental-metadata.json'], 'PXL_3.mov')?.rules).toEqual(['live-photo', 'supplemental']);
  });
  it('extension case and .jpeg/.jpg swaps', () => {
    expect(one(['IMG_4.JPG', 'IMG_4.jpg.json'], 'IMG_4.JPG')?.rules).toEqual(['exact', 'extension-case']);
    expect(one(['IMG_5.jpeg', 'IMG_5.jpg.json'], 'IMG_5.jpeg')?.rules).toEqual(['jpeg-jpg', 'exact']);
    expect(one(['IMG_6.jpg', 'IMG_6.jpeg.json'], 'IMG_6.jpg')?.rules).toEqual(['jpeg-jpg', 'exact']);
  });
  it('NFC/NFD-normalized names', () => {
    const nfd = 'Cafe\u0301.jpg';
    const nfc = 'Caf\u00e9.jpg';
    expect(one([nfd, `${nfc}.json`], nfd)).toMatchObject({ sidecar: `${nfc}.json`, rules: ['exact', 'unicode-normalized'] });
    expect(one([nfc, `${nfd}.json`], nfc)).toMatchObject({ sidecar: `${nfd}.json`, rules: ['exact', 'unicode-normalized'] });
  });
  it('no sidecar: the names tried; orphans; albums; only within a folder when sizes are unknown', () => {
    const m = matchSidecars(['y/IMG_7.jpg', 'x/IMG_7.jpg.json', 'x/metadata.json', 'x/other.png.json']);
    expect(m.media.get('y/IMG_7.jpg')?.sidecar).toBeUndefined();
    expect(m.media.get('y/IMG_7.jpg')?.tried).toContain('IMG_7.jpg.json');
    expect(m.media.get('y/IMG_7.jpg')?.tried).toContain('IMG_7.jpg.supplemental-metadata.json');
    expect(m.sidecars.get('x/IMG_7.jpg.json')?.media).toEqual([]);
    expect(m.sidecars.get('x/other.png.json')?.media).toEqual([]);
    expect([...m.albums]).toEqual([['x', 'x/metadata.json']]);
    expect(m.sidecars.has('x/metadata.json')).toBe(false);
  });
  it('parses sidecar names', () => {
    expect(parseSidecarName('a/IMG.jpg.supplemental-metadata(1).json')).toMatchObject({ base: 'IMG.jpg', dup: 1, supplemental: 'supplemental-metadata' });
    expect(parseSidecarName('IMG.jpg(2).supplemental-metadata.json')).toMatchObject({ base: 'IMG.jpg', dup: 2 });
    expect(parseSidecarName('IMG.jpg..json')).toMatchObject({ base: 'IMG.jpg', supplemental: '' });
  });
});

describe('matchSidecars: across parts and folders', () => {
  it('one folder across ZIP parts and the folders macOS unpacks them to', () => {
    expect(folderKey('takeout-001.zip/Takeout/Google Photos/Photos from 2019')).toBe('Takeout/Google Photos/Photos from 2019');
    expect(folderKey('Downloads/Takeout 2/Google Photos/Trip')).toBe('Takeout/Google Photos/Trip');
    expect(folderKey('a/b')).toBe('a/b');
    const m = matchSidecars([
      't-001.zip/Takeout/Google Photos/2019/IMG_1.jpg',
      't-002.zip/Takeout/Google Photos/2019/IMG_1.jpg.json',
      'Takeout 2/Google Photos/2019/IMG_2.jpg',
      'Takeout/Google Photos/2019/IMG_2.jpg.json',
    ]);
    expect(m.media.get('t-001.zip/Takeout/Google Photos/2019/IMG_1.jpg')).toMatchObject({ sidecar: 't-002.zip/Takeout/Google Photos/2019/IMG_1.jpg.json', rules: ['exact'] });
    expect(m.media.get('Takeout 2/Google Photos/2019/IMG_2.jpg')?.sidecar).toBe('Takeout/Google Photos/2019/IMG_2.jpg.json');
  });
  it("an album's copy without a JSON shares its original's sidecar when name and size agree", () => {
    const files = [
      { path: 'a.zip/Takeout/Google Photos/Photos from 2019/IMG_3.jpg', size: 1000 },
      { path: 'a.zip/Takeout/Google Photos/Photos from 2019/IMG_3.jpg.json', size: 90 },
      { path: 'b.zip/Takeout/Google Photos/Trip/IMG_3.jpg', size: 1000 },
      { path: 'b.zip/Takeout/Google Photos/Other/IMG_3.jpg', size: 999 },
    ];
    const m = matchFiles(files);
    expect(m.media.get(files[2].path)).toEqual({ path: files[2].path, sidecar: files[1].path, rules: ['album-copy'] });
    expect(m.media.get(files[3].path)?.sidecar).toBeUndefined();
    expect(m.sidecars.get(files[1].path)?.media).toEqual([files[0].path, files[2].path]);
    // Two originals of that name and size with different sidecars: no guess.
    const two = matchFiles([
      ...files,
      { path: 'a.zip/Takeout/Google Photos/Photos from 2020/IMG_3.jpg', size: 1000 },
      { path: 'a.zip/Takeout/Google Photos/Photos from 2020/IMG_3.jpg.json', size: 90 },
    ]);
    expect(two.media.get(files[2].path)?.sidecar).toBeUndefined();
    // Without a Takeout folder, sibling folders are one export.
    const plain = matchFiles([
      { path: 'GP/2019/IMG_4.jpg', size: 5 },
      { path: 'GP/2019/IMG_4.jpg.json', size: 5 },
      { path: 'GP/Album/IMG_4.jpg', size: 5 },
    ]);
    expect(plain.media.get('GP/Album/IMG_4.jpg')?.sidecar).toBe('GP/2019/IMG_4.jpg.json');
  });
});
