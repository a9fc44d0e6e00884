/**
 * DICOM extractor (PS3.10 files and preamble-less PS3.5 streams). Reads a growing prefix up to
 * Pixel Data with dicom-parser (see read.ts), names elements from dcmjs's dictionary and
 * decodes text with dicom-character-set. Pixel Data is described, never read.
 *
 * Record: `summary` (patient, study, modality, SOP class, transfer syntax, size, frames…);
 * groups `file` (preamble, File Meta presence, transfer syntax, decoded_as,
 * dataset_element_count), `meta` (group 0002) and `dataset` (every top-level element; sequences
 * as child groups with one group per item).
 *
 * Errors: ExtractError('unsupported-format') when nothing DICOM is found; a header cut short,
 * an element running past the end of the file, or Pixel Data longer than the file give a partial
 * record with a `truncated` error; a header larger than `maxMetadataBytes` gives `too-large`.
 */
import type { ExtractContext, Extractor, ExtractorOutput, ByteSource } from '../types';
import type { ExtractErrorData } from '../errors';
import { throwIfAborted } from '../errors';
import { assertLooksDicom, readHeader } from './read';
import { buildRecord, implicitVrCallback } from './present';
import { transferSyntaxOf, type PrefixParse } from './parse';

/**
 * What departs from the PS3.10 §7.1 file layout (preamble, "DICM", File Meta Information with a
 * Transfer Syntax UID) and, when the transfer syntax was inferred from the data, which one.
 */
function layoutNote(p: PrefixParse): string | undefined {
  const ts = transferSyntaxOf(p.encoding);
  const inferred = `transfer syntax inferred from the first data elements: ${ts.name}${ts.uid ? ` (${ts.uid})` : ''}.`;
  if (p.meta.length === 0) {
    return p.hasPreamble
      ? `Preamble and "DICM" marker but no File Meta Information (group 0002) after them; ${inferred}`
      : `No preamble, "DICM" marker or File Meta Information (group 0002): read as a raw data set; ${inferred}`;
  }
  if (p.inferred) return `File Meta Information without a Transfer Syntax UID (0002,0010); ${inferred}`;
  if (!p.hasPreamble) return 'No 128-byte preamble and "DICM" marker: File Meta Information read from the start of the file.';
  return undefined;
}

export const extractor: Extractor = {
  async extract(source: ByteSource, ctx: ExtractContext): Promise<ExtractorOutput> {
    throwIfAborted(ctx.signal);
    const read = await readHeader(source, {
      maxBytes: ctx.options.maxMetadataBytes,
      signal: ctx.signal,
      vrCallback: implicitVrCallback,
    });
    assertLooksDicom(read);
    throwIfAborted(ctx.signal);

    const warned = new Set<string>();
    const warn = (m: string) => {
      if (warned.has(m) || warned.size >= 20) return;
      warned.add(m);
      ctx.warn(m);
    };
    if (read.parse.encodingNote) warn(read.parse.encodingNote);
    const layout = layoutNote(read.parse);
    if (layout) warn(layout);
    for (const n of read.notes) warn(n);
    for (const w of read.parse.dataSet?.warnings ?? []) if (typeof w === 'string' && read.parse.status !== 'complete') warn(`dicom-parser: ${w}`);

    const { summary, groups } = buildRecord(read, {
      encoding: read.parse.encoding,
      maxItems: ctx.options.maxArrayItems,
      maxObjects: ctx.options.maxObjects,
      warn,
      count: 0,
      capped: false,
    });
    const errors: ExtractErrorData[] = [];
    if (read.problem) {
      const e: ExtractErrorData = { code: read.problem.code, message: read.problem.message };
      if (read.problem.offset !== undefined) e.offset = read.problem.offset;
      errors.push(e);
    }
    return {
      format: { id: 'dicom', name: read.parse.hasPreamble ? 'DICOM (Part 10 file)' : 'DICOM (data set stream)' },
      summary,
      groups,
      ...(errors.length ? { errors } : {}),
    };
  },
};
