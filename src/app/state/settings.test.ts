import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, saveSettings, type Theme } from './settings';

/** A Storage-shaped map (Node has no localStorage). */
function memoryStorage(initial?: string) {
  const items = new Map<string, string>(initial === undefined ? [] : [['metaextract.settings', initial]]);
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

describe('settings', () => {
  it('round-trips valid settings', () => {
    const storage = memoryStorage();
    saveSettings({ cacheBudgetBytes: 50 * 1024 * 1024, timeLimitMs: 2500, theme: 'dark' }, storage);
    expect(loadSettings(storage)).toEqual({ cacheBudgetBytes: 50 * 1024 * 1024, timeLimitMs: 2500, theme: 'dark' });
  });

  it('stores one setting and keeps the others as stored', () => {
    const storage = memoryStorage(JSON.stringify({ cacheBudgetBytes: 1e6, timeLimitMs: 5000, theme: 'light' }));
    saveSettings({ timeLimitMs: 2500 }, storage);
    saveSettings({ theme: 'system' }, storage);
    expect(loadSettings(storage)).toEqual({ cacheBudgetBytes: 1e6, timeLimitMs: 2500, theme: 'system' });
  });

  it('falls back per setting on stored garbage, out-of-range or missing values', () => {
    expect(loadSettings(memoryStorage('not json'))).toEqual(DEFAULT_SETTINGS);
    expect(loadSettings(memoryStorage('null'))).toEqual(DEFAULT_SETTINGS);
    expect(loadSettings(memoryStorage(JSON.stringify({ cacheBudgetBytes: -1, timeLimitMs: 5000 })))).toEqual({ ...DEFAULT_SETTINGS, timeLimitMs: 5000 });
    expect(loadSettings(memoryStorage(JSON.stringify({ cacheBudgetBytes: 1e6, timeLimitMs: '5000' })))).toEqual({ ...DEFAULT_SETTINGS, cacheBudgetBytes: 1e6 });
    expect(loadSettings(memoryStorage(JSON.stringify({ timeLimitMs: 50 })))).toEqual(DEFAULT_SETTINGS);
    expect(loadSettings(memoryStorage(JSON.stringify({ theme: 'sepia' })))).toEqual(DEFAULT_SETTINGS);
    expect(loadSettings(memoryStorage(JSON.stringify({ theme: 'dark' })))).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
    expect(loadSettings(undefined)).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses to store an out-of-range value', () => {
    const storage = memoryStorage();
    expect(() => saveSettings({ cacheBudgetBytes: 1e6, timeLimitMs: 99 }, storage)).toThrow(RangeError);
    expect(() => saveSettings({ cacheBudgetBytes: Number.NaN, timeLimitMs: 1000 }, storage)).toThrow(RangeError);
    expect(() => saveSettings({ theme: 'sepia' as Theme }, storage)).toThrow(RangeError);
    expect(storage.items.size).toBe(0);
  });
});
