/**
 * The check of a written copy: its record, read back by our own extractors, must carry every tag
 * the fix wrote (the date within a minute, the position within 100 m, the people, description and
 * albums), with the tolerances of the conflicts (annotate.ts). Browser-safe, pure.
 */
import type { MetadataRecord } from '../extractors/types';
import { distanceM, embeddedDate, embeddedPeople, embeddedPosition } from './annotate';
import type { FixTags } from './write/tags';

/** What did not land in the copy, one sentence each; empty when everything did. */
export function verifyFix(copy: MetadataRecord, tags: FixTags): string[] {
  const problems: string[] = [];
  if (tags.taken) {
    const date = embeddedDate(copy);
    if (!date) problems.push('no date taken in the copy');
    else if (Math.abs(date.seconds - tags.taken.utcSeconds) > 60) problems.push(`the copy's date (${date.text}) is not the sidecar's`);
  }
  if (tags.gps) {
    const here = embeddedPosition(copy);
    if (!here) problems.push('no GPS position in the copy');
    else if (distanceM(here, { lat: tags.gps.latitude, lon: tags.gps.longitude }) > 100) problems.push(`the copy's position (${here.lat}, ${here.lon}) is not the sidecar's`);
  }
  const people = embeddedPeople(copy);
  const missing = tags.people.filter((p) => !people.includes(p));
  if (missing.length) problems.push(`people missing in the copy: ${missing.join(', ')}`);
  const summary = (key: string) => copy.summary.find((f) => f.key === key)?.value;
  if (tags.description && summary('Description') !== tags.description) problems.push('the description did not land in the copy');
  const keywords = summary('Keywords');
  const subjects = Array.isArray(keywords) ? keywords.map(String) : typeof keywords === 'string' ? [keywords] : [];
  const albums = tags.albums.filter((a) => !subjects.includes(a));
  if (albums.length) problems.push(`albums missing in the copy: ${albums.join(', ')}`);
  return problems;
}
