/**
 * The user's settings: the cache's size budget, the per-file time limit and the colour theme, kept in
 * localStorage (per origin, like the cache) and checked on the way in and out: a stored value
 * that is missing, out of range or not a number falls back to the default.
 */
import { DEFAULT_BUDGET_BYTES } from '../db/results-store';

export interface Settings {
  /** Cache size budget in bytes (least recently used results are evicted above it). */
  cacheBudgetBytes: number;
  /** Per-file time limit in ms: a file still running then is stopped and marked `timeout`. */
  timeLimitMs: number;
  /** The colour theme: the system's (`prefers-color-scheme`), or light or dark whatever the system says. */
  theme: Theme;
}

/** The colour themes the user can pick (app.css: `data-theme` on <html>, lib/theme.ts). */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const DEFAULT_SETTINGS: Settings = { cacheBudgetBytes: DEFAULT_BUDGET_BYTES, timeLimitMs: 10_000, theme: 'system' };

/** Accepted ranges: budget 0 B – 100 GiB (0 caches nothing), time limit 0.1 s – 1 h. */
export const LIMITS = {
  cacheBudgetBytes: { min: 0, max: 100 * 1024 ** 3 },
  timeLimitMs: { min: 100, max: 3_600_000 },
} as const satisfies Record<Exclude<keyof Settings, 'theme'>, { min: number; max: number }>;

const KEY = 'metaextract.settings';

/** Whether `value` is an accepted value of setting `key`: a number in its LIMITS range, or one of THEMES. */
function isValid<K extends keyof Settings>(key: K, value: unknown): value is Settings[K] {
  if (key === 'theme') return THEMES.includes(value as Theme);
  const limits = LIMITS[key as keyof typeof LIMITS];
  return typeof value === 'number' && Number.isFinite(value) && value >= limits.min && value <= limits.max;
}

/** The stored settings, each one valid (else its default). Never throws (no storage: defaults). */
export function loadSettings(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Settings {
  let stored: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? '{}');
    if (parsed && typeof parsed === 'object') stored = parsed as Record<string, unknown>;
  } catch {
    // unreadable: defaults
  }
  const pick = <K extends keyof Settings>(k: K): Settings[K] => (isValid(k, stored[k]) ? stored[k] : DEFAULT_SETTINGS[k]);
  return { cacheBudgetBytes: pick('cacheBudgetBytes'), timeLimitMs: pick('timeLimitMs'), theme: pick('theme') };
}

/**
 * Stores the settings given, the others kept as stored (each checked on the way out by loadSettings).
 * @throws RangeError when a value is out of its LIMITS range or not one of THEMES (nothing is stored then)
 */
export function saveSettings(changes: Partial<Settings>, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage): void {
  for (const [k, v] of Object.entries(changes) as [keyof Settings, unknown][]) {
    if (!isValid(k, v))
      throw new RangeError(k === 'theme' ? `theme must be one of ${THEMES.join(', ')}, got ${String(v)}` : `${k} must be between ${LIMITS[k].min} and ${LIMITS[k].max}, got ${String(v)}`);
  }
  try {
    storage?.setItem(KEY, JSON.stringify({ ...loadSettings(storage), ...changes }));
  } catch {
    // storage full or denied: the settings hold for this page only
  }
}
