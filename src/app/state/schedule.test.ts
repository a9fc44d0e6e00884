import { describe, expect, it } from 'vitest';
import { SlowestFirstQueue } from './schedule';

describe('SlowestFirstQueue', () => {
  it('takes unknown extensions first, then the slowest learned, biggest first within one', () => {
    const q = new SlowestFirstQueue();
    q.learn('x.jpg', 2);
    q.learn('x.h5', 40);
    q.learn('y.h5', 20);
    q.push(1, 'a.jpg', 10);
    q.push(2, 'b.jpg', 500);
    q.push(3, 'c.h5', 10);
    q.push(4, 'd.fits', 10);
    expect(q.size).toBe(4);
    expect([q.shift(), q.shift(), q.shift(), q.shift(), q.shift()]).toEqual([4, 3, 2, 1, undefined]);
    expect(q.size).toBe(0);
  });

  it('re-ranks as timings are learned', () => {
    const q = new SlowestFirstQueue();
    q.learn('a.nc', 5);
    q.learn('a.dcm', 1);
    q.push(1, 'x.nc', 1);
    q.push(2, 'x.dcm', 1);
    q.learn('b.dcm', 100);
    expect(q.shift()).toBe(2);
  });

  it('takes JSON files (Takeout sidecars) before all others, however fast they were', () => {
    const q = new SlowestFirstQueue();
    q.learn('a.json', 0.1);
    q.push(1, 'x.fits', 10);
    q.push(2, 'IMG.jpg.json', 5);
    q.push(3, 'y.h5', 10);
    q.push(4, 'metadata.JSON', 1);
    expect(q.shift()).toBe(2);
    expect(q.shift()).toBe(4);
  });

  it('takes archives before JSON files; with firstOnly, nothing else', () => {
    const q = new SlowestFirstQueue();
    q.push(1, 'x.jpg', 10);
    q.push(2, 'a.json', 1);
    q.push(3, 'takeout-001.zip', 5);
    q.push(4, 'takeout-002.tgz', 5);
    expect([q.shift(true), q.shift(true), q.shift(true), q.shift(true)]).toEqual([3, 4, 2, undefined]);
    expect(q.shift()).toBe(1);
  });
});
