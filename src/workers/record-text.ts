/**
 * A MetadataRecord as two JSON texts, the form in which records cross from a worker to the page
 * and are stored in the cache: `head` (everything but the groups: what the list shows, filters
 * and sorts by) and `groups` (the bulk, typically 80% of the text; needed only by the detail
 * view and exports). The page parses `head` at once and `groups` on first read, so a 10,000-row
 * list holds compact strings instead of object graphs and parses only what it shows.
 */
import type { FieldGroup, MetadataRecord } from '../extractors/types';

export interface RecordText {
  head: string;
  groups: string;
}

/** Serialises a record (records are JSON-able by design, extractors/types.ts). */
export function toRecordText(record: MetadataRecord): RecordText {
  return { head: headText(record), groups: JSON.stringify(record.groups) };
}

/** The `head` text of a record, without reading its groups (a lazy record's stay unparsed). */
export function headText(record: MetadataRecord): string {
  const head: Record<string, unknown> = {};
  for (const key of Object.keys(record)) if (key !== 'groups') head[key] = record[key as keyof MetadataRecord];
  return JSON.stringify(head);
}

/**
 * The record of `text`: `head` parsed now, `groups` an enumerable property parsed on first read
 * (so JSON.stringify and spreads still see it). Throws SyntaxError on a malformed head; malformed
 * groups throw on first read.
 */
export function fromRecordText(text: RecordText): MetadataRecord {
  return lazyGroups(JSON.parse(text.head) as MetadataRecord, () => JSON.parse(text.groups) as FieldGroup[]);
}

/** Gives `record` a `groups` property made by `make` on first read (enumerable: JSON.stringify and spreads see it; settable). */
function lazyGroups(record: MetadataRecord, make: () => FieldGroup[]): MetadataRecord {
  let groups: FieldGroup[] | undefined;
  Object.defineProperty(record, 'groups', {
    enumerable: true,
    configurable: true,
    get: () => (groups ??= make()),
    set: (value: FieldGroup[]) => (groups = value),
  });
  return record;
}

/**
 * A copy of `record` whose groups are `groups()`, computed on first read: the record's own groups
 * (a lazy record's still text) are not read now. Every other property is copied as it is.
 */
export function withLazyGroups(record: MetadataRecord, groups: () => FieldGroup[]): MetadataRecord {
  const copy = {} as MetadataRecord;
  for (const key of Object.keys(record)) if (key !== 'groups') (copy as unknown as Record<string, unknown>)[key] = record[key as keyof MetadataRecord];
  return lazyGroups(copy, groups);
}

/** The groups a stored `groups` text holds, or null when it is not a JSON array (a damaged entry). */
export function groupsOf(text: unknown): FieldGroup[] | null {
  try {
    const parsed: unknown = typeof text === 'string' ? JSON.parse(text) : null;
    return Array.isArray(parsed) ? (parsed as FieldGroup[]) : null;
  } catch {
    return null;
  }
}

/** Characters of a record text: the cache's measure of an entry's size. */
export const textSize = (text: RecordText) => text.head.length + text.groups.length;
