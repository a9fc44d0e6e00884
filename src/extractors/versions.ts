/**
 * Every format's output version (its `format.ts`) in one string, part of every cache key: a
 * format whose records change bumps its version, and its cached records re-extract. Plain data
 * (formats.ts), so the main thread reads it without pulling in the extractors.
 */
import { FORMATS } from './formats';

/**
 * The output version of what run.ts adds to every format's record (the source and provenance
 * group, provenance/present.ts): bumped when that changes, so every cached record re-extracts.
 */
const RECORD_VERSION = '2';

export const EXTRACTORS_VERSION = [`record@${RECORD_VERSION}`, ...FORMATS.map((f) => `${f.id}@${f.version}`)].join(',');
