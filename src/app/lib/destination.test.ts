import { describe, expect, it } from 'vitest';
import { safeSegments } from './destination';

describe('safeSegments', () => {
  it('keeps a copy inside the destination whatever path an archive gives', () => {
    expect(safeSegments('Takeout/Google Photos/2019/IMG_1.jpg')).toEqual(['Takeout', 'Google Photos', '2019', 'IMG_1.jpg']);
    expect(safeSegments('../../etc/passwd')).toEqual(['etc', 'passwd']);
    expect(safeSegments('/abs\\win\\..\\x.jpg')).toEqual(['abs', 'win', 'x.jpg']);
    expect(() => safeSegments('../..')).toThrow();
  });
});
