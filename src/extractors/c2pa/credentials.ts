/**
 * Content Credentials of a file, for every extractor whose container can carry them (photo:
 * JPEG, PNG, WebP, HEIF/AVIF; media: MP4/MOV; pdf): called only when the container walk found a
 * manifest store (./locate.ts), so c2pa-wasm loads only for such files.
 */
import type { ByteSource, ExtractContext, ExtractorOutput, Field, FieldGroup } from '../types';
import { ExtractError } from '../errors';
import { readC2pa } from './read';
import { presentC2pa, unreadableC2pa } from './present';

/** The `c2pa` group, its summary fields, and what c2pa-rs read outside the ByteSource. */
export interface ContentCredentials {
  group: FieldGroup;
  summary: Field[];
  externalReads?: { bytes: number; reads: number };
}

/**
 * Reads, validates and presents the manifest store that a walker found at `mark` in `source`
 * (`format`: the file's media type). A store that cannot be read, or a reader that cannot load,
 * is a warning and a `c2pa` group saying so: this never throws but ExtractError('aborted').
 */
export async function contentCredentials(source: ByteSource, mark: string, format: string, ctx: ExtractContext): Promise<ContentCredentials> {
  let reading;
  try {
    reading = await readC2pa(source, format, ctx);
  } catch (e) {
    if (e instanceof ExtractError && e.code === 'aborted') throw e;
    const message = e instanceof Error ? e.message : String(e);
    ctx.warn(`Content Credentials (${mark}) were not read: ${message}`);
    return unreadableC2pa(mark, message);
  }
  const externalReads = reading.externalBytes ? { externalReads: { bytes: reading.externalBytes, reads: 1 } } : {};
  if ('error' in reading) {
    ctx.warn(`The C2PA manifest store (${mark}) could not be read: ${reading.error}`);
    return { ...unreadableC2pa(mark, reading.error), ...externalReads };
  }
  return { ...presentC2pa(reading.store, reading.text, mark, ctx.options.maxArrayItems, ctx.warn), ...externalReads };
}

/** `out` with the `c2pa` group appended, its summary fields added, and c2pa-rs's reads in `externalReads`. */
export function withCredentials<T extends Pick<ExtractorOutput, 'summary' | 'groups' | 'externalReads'>>(out: T, credentials: ContentCredentials): T {
  const reads = credentials.externalReads ?? out.externalReads;
  return { ...out, summary: [...out.summary, ...credentials.summary], groups: [...out.groups, credentials.group], ...(reads ? { externalReads: reads } : {}) };
}
