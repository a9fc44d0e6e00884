import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { decisionCsv, decisionJson, decisionRows, groupFacts, isDecodableImage } from './duplicate-view';
import { record } from '../../testing/idb';

describe('groupFacts', () => {
  it('lines up path, size, date and the summary facts any file has, marking those that differ', () => {
    const a = record('a.jpg');
    const withFacts = (lastModified: number, make: string) => ({
      ...a,
      file: { ...a.file, lastModified },
      summary: [
        { key: 'Make', value: make },
        { key: 'Model', value: 'X100' },
        { key: 'DateTimeOriginal', value: '2024:05:01 10:00:00' },
      ],
    });
    const lines = groupFacts([
      { id: 1, path: 'a/a.jpg', size: 2048, record: withFacts(Date.UTC(2024, 4, 1), 'Fuji') },
      { id: 2, path: 'b/a.jpg', size: 2048, record: withFacts(Date.UTC(2024, 4, 2), 'Fuji') },
      { id: 3, path: 'c/a.jpg', size: 2048 },
    ]);
    expect(lines.map((l) => [l.label, l.differs])).toEqual([
      ['Path', true],
      ['Size', false],
      ['Modified', true],
      ['Date taken', true],
      ['Camera', true],
    ]);
    expect(lines.find((l) => l.label === 'Camera')?.values).toEqual(['Fuji, X100', 'Fuji, X100', '']);
    expect(lines.find((l) => l.label === 'Modified')?.values.slice(0, 2)).toEqual(['2024-05-01 00:00:00', '2024-05-02 00:00:00']);
  });

  it("puts a similar image's distance first, naming the file it is a byte-identical copy of, and compares dimensions", () => {
    const sized = (name: string, width: number, height: number) => ({
      ...record(name),
      summary: [
        { key: 'ImageWidth', value: width },
        { key: 'ImageHeight', value: height },
      ],
    });
    const lines = groupFacts([
      { id: 1, path: 'a.jpg', size: 9, record: sized('a.jpg', 640, 480), distance: 0 },
      { id: 2, path: 'small.jpg', size: 3, record: sized('small.jpg', 320, 240), distance: 6 },
      { id: 3, path: 'copy/small.jpg', size: 3, record: sized('small.jpg', 320, 240), distance: 6, identicalTo: 2 },
    ]);
    expect(lines[0]).toEqual({ label: 'Distance', values: ['0 bits', '6 bits', '6 bits (identical to file 2)'], differs: true });
    expect(lines.find((l) => l.label === 'Dimensions')).toEqual({ label: 'Dimensions', values: ['640 × 480', '320 × 240', '320 × 240'], differs: true });
    expect(groupFacts([{ id: 1, path: 'a', size: 1 }]).map((l) => l.label)).toEqual(['Path', 'Size', 'Modified']);
  });
});

describe('isDecodableImage', () => {
  const photo = (mime: string) => ({ ...record('x'), format: { id: 'photo', name: 'Photo' }, summary: [{ key: 'MIMEType', value: mime }] });
  const unknown = (name: string) => ({ ...record(name), format: { id: 'unknown', name: 'Unknown' } });
  it('takes the pictures browsers decode, from the record: photos by media type, unclaimed files by a .gif or .bmp name', () => {
    expect(['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/heic', 'image/tiff'].map((m) => isDecodableImage(photo(m)))).toEqual([true, true, true, true, false, false]);
    expect([unknown('a.gif'), unknown('b.BMP'), unknown('c.txt')].map((r) => isDecodableImage(r))).toEqual([true, true, false]);
    expect(isDecodableImage({ ...record('a.gif'), format: { id: 'pdf', name: 'PDF' } })).toBe(false);
    expect(isDecodableImage(undefined)).toBe(false);
  });
});

describe('the decision', () => {
  const groups = [
    {
      size: 10,
      files: [
        { id: 1, path: 'a/x.jpg' },
        { id: 2, path: 'b/x, copy.jpg' },
      ],
    },
    {
      size: 0,
      files: [
        { id: 3, path: 'e1' },
        { id: 4, path: 'e2' },
        { id: 5, path: 'e3' },
      ],
    },
  ];
  const similar = [
    {
      files: [
        { id: 6, path: 'p/big.jpg', size: 900, distance: 0 },
        { id: 7, path: 'p/small.jpg', size: 300, distance: 4 },
      ],
    },
  ];
  const rows = decisionRows(groups, [[2], [3, 5]], similar, [[7]]);

  it('exports CSV rows of group, kind, path, size, distance and keep, the similar-image groups numbered after the exact ones', () => {
    const parsed = Papa.parse<Record<string, string>>(decisionCsv(rows), { header: true });
    expect(parsed.meta.fields).toEqual(['group', 'kind', 'path', 'size', 'distance', 'keep']);
    expect(parsed.data.map((r) => [r.group, r.kind, r.path, r.size, r.distance, r.keep])).toEqual([
      ['1', 'exact', 'a/x.jpg', '10', '0', 'duplicate'],
      ['1', 'exact', 'b/x, copy.jpg', '10', '0', 'keep'],
      ['2', 'exact', 'e1', '0', '0', 'keep'],
      ['2', 'exact', 'e2', '0', '0', 'duplicate'],
      ['2', 'exact', 'e3', '0', '0', 'keep'],
      ['3', 'near', 'p/big.jpg', '900', '0', 'duplicate'],
      ['3', 'near', 'p/small.jpg', '300', '4', 'keep'],
    ]);
  });

  it('exports JSON groups with the paths kept and the duplicates, a near group with its distances', () => {
    expect(JSON.parse(decisionJson(rows))).toEqual({
      groups: [
        { kind: 'exact', size: 10, keep: ['b/x, copy.jpg'], duplicates: ['a/x.jpg'] },
        { kind: 'exact', size: 0, keep: ['e1', 'e3'], duplicates: ['e2'] },
        { kind: 'near', keep: ['p/small.jpg'], duplicates: ['p/big.jpg'], distances: { 'p/big.jpg': 0, 'p/small.jpg': 4 } },
      ],
    });
  });
});
