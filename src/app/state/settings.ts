/**
 * The user's settings: the cache's size budget and the per-file time limit, kept in
 * localStorage (per origin, like the cache) and checked on the way in and out: a stored value
 * that is missing, out of range or not a number falls back to the default.
 */
import { DEFAULT_BUDGET_BYTES } from '../db/results-store';

export interface Settings {
  /** Cache size budget in bytes (least recently used results are evicted above it). */
  cacheBudgetBytes: number;
  /** Per-file time limit in ms: a file still running then is stopped and marked `timeout`. */
  timeLimitMs: number;
}

export const DEFAULT_SETTINGS: Settings = { cacheBudgetBytes: DEFAULT_BUDGET_BYTES, timeLimitMs: 10_000 };

/** Accepted ranges: budget 0 B – 100 GiB (0 caches nothing), time limit 0.1 s – 1 h. */
export const LIMITS = {
  cacheBudgetBytes: { min: 0, max: 100 * 1024 ** 3 },
  timeLimitMs: { min: 100, max: 3_600_000 },
} as const satisfies Record<keyof Settings, { min: number; max: number }>;

const KEY = 'metaextract.settings';

/** Whether `value` is an accepted value of setting `key`. */
function isValid(key: keyof Settings, value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= LIMITS[key].min && value <= LIMITS[key].max;
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
  const pick = (k: keyof Settings) => (isValid(k, stored[k]) ? stored[k] : DEFAULT_SETTINGS[k]);
  return { cacheBudgetBytes: pick('cacheBudgetBytes'), timeLimitMs: pick('timeLimitMs') };
}

/**
 * Stores the settings.
 * @throws RangeError when a value is out of its LIMITS range (nothing is stored then)
 */
export function saveSettings(settings: Settings, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  for (const k of Object.keys(LIMITS) as (keyof Settings)[]) {
    if (!isValid(k, settings[k])) throw new RangeError(`${k} must be between ${LIMITS[k].min} and ${LIMITS[k].max}, got ${settings[k]}`);
  }
  try {
    storage?.setItem(KEY, JSON.stringify(settings));
  } catch {
    // storage full or denied: the settings hold for this page only
  }
}
