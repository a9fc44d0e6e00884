import { describe, expect, it } from 'vitest';
import { keptFiles } from './kept-files';

describe('keptFiles', () => {
  const a = new File(['a'], 'a.jpg');
  const zip = new File(['zip'], 'archive.zip');
  const item = (id: number, file: File, entry?: object) => ({ id, file, entry });
  const searched = [item(1, a), item(2, a), item(3, new File(['c'], 'c.jpg')), item(4, zip), item(5, zip, { name: 'inner/d.jpg' }), item(6, zip, { name: 'inner/a.jpg' })];
  const groups = [{ size: 1, files: [searched[0], searched[1], searched[5]] }];

  it('keeps the files marked in each group, then the files in no group but not the archive whose entries were searched', () => {
    expect(keptFiles(searched, groups, [[2]], true).map((f) => f.id)).toEqual([2, 3, 5]);
    expect(keptFiles(searched, groups, [[1, 6]], true).map((f) => f.id)).toEqual([1, 3, 5, 6]);
  });

  it('without the unique files: only the kept of each group', () => {
    expect(keptFiles(searched, groups, [[2]], false).map((f) => f.id)).toEqual([2]);
  });

  it('an archive none of whose entries were searched is a file like any other', () => {
    expect(keptFiles([item(4, zip), item(3, a)], [], [], true).map((f) => f.id)).toEqual([4, 3]);
  });
});
