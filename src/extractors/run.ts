/**
 * Runs one file through detection and its extractor and always returns a MetadataRecord:
 * failures become `errors` entries (typed ExtractErrorData), never throws except on abort.
 * Same code in the worker, the CLI and tests.
 */
import type { ByteSource, ExtractOptions, ExtractorOutput, MetadataRecord } from './types';
import { DEFAULT_OPTIONS } from './types';
import { ExtractError, toErrorData } from './errors';
import { detect } from './detect';
import { HeadCachedSource } from './source/head-cached-source';
import { emptyRecord } from './empty-record';
import { addProvenance } from './provenance/present';

export interface RunInput {
  source: ByteSource;
  lastModified?: number;
  /** Relative path within a dropped folder. */
  path?: string;
  options?: Partial<ExtractOptions>;
  signal?: AbortSignal;
}

/** Extracts one file. Rejects only with ExtractError('aborted'). */
export async function extractRecord({ source, lastModified, path, options, signal }: RunInput): Promise<MetadataRecord> {
  const started = performance.now();
  const record = emptyRecord({ name: source.name, size: source.size });
  const { warnings } = record;
  let external: ExtractorOutput['externalReads'];
  if (lastModified !== undefined) record.file.lastModified = lastModified;
  if (path) record.file.path = path;
  try {
    if (source.size === 0) throw new ExtractError('truncated', 'The file is empty (0 bytes).', 0);
    const { entry, head } = await detect(source, signal);
    // Not thrown: an Error's stack trace cost more than the rest of such a file's record (the
    // workers' CPU on a Takeout export's 50,000 JSON sidecars).
    if (!entry) record.errors.push({ code: 'unsupported-format', message: 'Not a format MetaExtract reads (no known signature at the start of the file).' });
    else {
      record.format = { id: entry.id, name: entry.label };
      record.stats.extractor = `${entry.id}@${entry.version}`;
      const extractor = await entry.load();
      const out = await extractor.extract(new HeadCachedSource(source, head), {
        signal,
        options: { ...DEFAULT_OPTIONS, ...options },
        warn: (m) => warnings.push(m),
      });
      record.format = out.format;
      record.summary = out.summary;
      record.groups = out.groups;
      if (out.errors) record.errors.push(...out.errors);
      external = out.externalReads;
      addProvenance(record);
    }
  } catch (e) {
    const data = toErrorData(e);
    if (data.code === 'aborted') throw new ExtractError('aborted', data.message);
    record.errors.push(data);
  }
  record.stats.bytesRead = source.bytesRead + (external?.bytes ?? 0);
  record.stats.reads = source.reads + (external?.reads ?? 0);
  record.stats.ms = Math.round((performance.now() - started) * 100) / 100;
  return record;
}
