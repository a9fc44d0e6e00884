/**
 * The source of a record (source.ts) as the record shows it: summary fields `Source` (the name,
 * the evidence joined in `comment`) and `SourceKind` (the kind), and a `provenance` group
 * ("Provenance": Kind, Name, Evidence, and DigitalSourceType when declared). Added by run.ts to
 * every record something was read from (a record with nothing read stays empty: its status is
 * `error`, status.ts).
 */
import type { FieldGroup, MetadataRecord } from '../types';
import { makeField } from '../fields';
import { classifySource } from './source';

/** Adds the source fields and group to `record` (in place), unless nothing was read. */
export function addProvenance(record: MetadataRecord): void {
  if (record.summary.length === 0 && record.groups.length === 0) return;
  const { kind, name, evidence } = classifySource(record);
  record.summary.push(makeField('Source', name, { label: 'Source', comment: evidence.join('; ') }), makeField('SourceKind', kind, { label: 'Source kind' }));
  const group: FieldGroup = {
    id: 'provenance',
    label: 'Provenance',
    fields: [makeField('SourceKind', kind, { label: 'Kind' }), makeField('Source', name, { label: 'Name' }), makeField('Evidence', evidence, { label: 'Evidence' }, evidence.length)],
  };
  const dst = record.summary.find((f) => f.key === 'DigitalSourceType');
  if (dst) group.fields.push({ ...dst });
  record.groups.push(group);
}
