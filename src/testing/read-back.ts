/**
 * For the Takeout writer tests: a fixed copy made (the original checked unchanged) and read back
 * with MetaExtract's own extractor (extractRecord over a BytesSource): the record and its summary
 * and XMP fields by key.
 */
import { expect } from 'vitest';
import { writeFile } from 'node:fs/promises';
import type { FieldValue, MetadataRecord } from '../extractors/types';
import { embedTags, type EmbedKind } from '../takeout/write/embed';
import type { FixTags } from '../takeout/write/tags';
import { findGroup } from '../extractors/fields';
import { extractBytes } from './extract-bytes';

export interface ReadBack {
  r: MetadataRecord;
  /** A summary field's value. */
  summary: (key: string) => FieldValue | undefined;
  /** The value of XMP property `ns:name` (group `xmp-<ns>`). */
  xmp: (ns: string, name: string) => FieldValue | undefined;
}

export async function readBack(bytes: Uint8Array, name: string): Promise<ReadBack> {
  const { r } = await extractBytes(bytes, name);
  return {
    r,
    summary: (key) => r.summary.find((f) => f.key === key)?.value,
    xmp: (ns, name) => findGroup(r.groups, `xmp-${ns}`)?.fields.find((f) => f.key === `${ns}:${name}`)?.value,
  };
}

/** The copy of `original` with `tags`, after checking that `original` was left as it was; also written to `path` when given (for ExifTool). */
export async function fixedCopy(original: Uint8Array, kind: EmbedKind, tags: FixTags, path?: string): Promise<Uint8Array> {
  const before = original.slice();
  const copy = await embedTags(original, kind, tags);
  expect(original).toEqual(before);
  if (path) await writeFile(path, copy);
  return copy;
}
