import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { decisionCsv, decisionJson, decisionRows, groupFacts } from './duplicate-view';
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
  const rows = decisionRows(groups, [[2], [3, 5]]);

  it('exports CSV rows of group, path, size and keep', () => {
    const parsed = Papa.parse<Record<string, string>>(decisionCsv(rows), { header: true });
    expect(parsed.meta.fields).toEqual(['group', 'path', 'size', 'keep']);
    expect(parsed.data.map((r) => [r.group, r.path, r.size, r.keep])).toEqual([
      ['1', 'a/x.jpg', '10', 'duplicate'],
      ['1', 'b/x, copy.jpg', '10', 'keep'],
      ['2', 'e1', '0', 'keep'],
      ['2', 'e2', '0', 'duplicate'],
      ['2', 'e3', '0', 'keep'],
    ]);
  });

  it('exports JSON groups with the paths kept and the duplicates', () => {
    expect(JSON.parse(decisionJson(rows))).toEqual({
      groups: [
        { size: 10, keep: ['b/x, copy.jpg'], duplicates: ['a/x.jpg'] },
        { size: 0, keep: ['e1', 'e3'], duplicates: ['e2'] },
      ],
    });
  });
});
