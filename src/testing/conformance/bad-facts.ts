/**
 * What the corpus `bad/` entries require (corpus README "bad inputs"): a typed error or a partial
 * result, content over extension, and intact metadata still returned. Produces facts shaped like
 * the expectations derived by `expectedBadFacts`, so both go through compareFacts.
 */
import type { MetadataRecord } from '../../extractors/types';
import { statusOf, type RecordStatus } from '../../extractors/status';

type Facts = Record<string, unknown>;

/** The statuses (status.ts) that handle each kind of damage. */
const FAILURE_OUTCOMES: Record<string, RecordStatus[]> = {
  'empty-file': ['error'],
  truncated: ['error', 'partial'],
  'not-this-format': ['error'],
  'wrong-extension': ['done'],
  'declared-size-exceeds-file': ['error', 'partial'],
  corrupt: ['error', 'partial'],
};

const ALLOWED_CODES: Record<string, string[]> = {
  'empty-file': ['truncated', 'unsupported-format'],
  truncated: ['truncated', 'corrupt'],
  'not-this-format': ['unsupported-format', 'corrupt'],
  'wrong-extension': [],
  'declared-size-exceeds-file': ['truncated', 'too-large', 'corrupt'],
  corrupt: ['corrupt', 'truncated'],
};

const PHOTO_KEYS = ['Make', 'Model', 'DateTimeOriginal', 'ImageWidth', 'ImageHeight'];

/** The facts a correct extractor must show for a bad input, from its manifest entry. */
export function expectedBadFacts(expected: Facts): Facts {
  const failure = String(expected.failure);
  const facts: Facts = { handled: true, error_codes_typed: true };
  const readable = (expected.oracle_result as Facts | undefined)?.metadata_still_readable as Facts | undefined;
  if (readable) for (const k of PHOTO_KEYS) if (readable[k] !== null && readable[k] !== undefined) facts[k] = readable[k];
  if (failure === 'wrong-extension') facts.format = 'photo';
  return facts;
}

/** The same facts, read off our record; `photoFacts` maps photo records (for intact EXIF). */
export function badFacts(record: MetadataRecord, expected: Facts, photoFacts: (r: MetadataRecord) => Facts): Facts {
  const failure = String(expected.failure);
  const facts: Facts = {
    handled: FAILURE_OUTCOMES[failure]?.includes(statusOf(record)) ?? false,
    error_codes_typed: record.errors.every((e) => ALLOWED_CODES[failure]?.includes(e.code)),
  };
  const want = expectedBadFacts(expected);
  const photo = record.format.id === 'photo' ? photoFacts(record) : {};
  for (const k of PHOTO_KEYS) if (k in want) facts[k] = photo[k];
  if (failure === 'wrong-extension') facts.format = record.format.id;
  return facts;
}
