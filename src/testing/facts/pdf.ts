/**
 * Corpus facts of a PDF record (manifest entries of format "pdf"), read off the summary and the
 * `document` group as src/extractors/pdf/present.ts lays them out. `pdf_version` is the header's, or
 * the catalog /Version when later, as pdfinfo (poppler 22.12) prints it; absent Info keys are null.
 */
import type { Field, MetadataRecord } from '../../extractors/types';

const find = (fields: Field[] | undefined, key: string) => fields?.find((f) => f.key === key);

/** Maps a pdf record to the corpus `expected` shape. */
export function corpusFacts(record: MetadataRecord): Record<string, unknown> {
  const s = (key: string) => find(record.summary, key)?.value;
  const doc = record.groups.find((g) => g.id === 'document');
  const info = record.groups.find((g) => g.id === 'info');
  const infoText = (key: string) => {
    const v = find(info?.fields, key)?.value;
    return typeof v === 'string' ? v : null;
  };
  return {
    opens_without_password: s('password_needed') !== true,
    encrypted: s('encrypted') ?? null,
    pages: s('pages') ?? null,
    Title: infoText('Title'),
    Author: infoText('Author'),
    Subject: infoText('Subject'),
    Creator: infoText('Creator'),
    Producer: infoText('Producer'),
    pdf_version: s('pdf_version') ?? null,
    linearized: s('linearized') ?? null,
    page1_size_pts: find(doc?.fields, 'page1_size')?.value ?? null,
    has_xmp_metadata: s('xmp') ?? null,
  };
}
