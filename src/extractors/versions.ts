/**
 * Every format's output version (its `format.ts`) in one string, part of every cache key: a
 * format whose records change bumps its version, and its cached records re-extract. Plain data
 * (formats.ts), so the main thread reads it without pulling in the extractors.
 */
import { FORMATS } from './formats';

export const EXTRACTORS_VERSION = FORMATS.map((f) => `${f.id}@${f.version}`).join(',');
