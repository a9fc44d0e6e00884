/**
 * What the corpus tests compare for one manifest entry: its `expected` facts and the same facts
 * read off our record by the format's `../facts/<format>.ts` (a `bad/` entry through
 * bad-facts.ts, with the photo mapper for its intact EXIF).
 */
import type { MetadataRecord } from '../../extractors/types';
import type { CorpusEntry } from './corpus';
import type { FormatId } from '../../extractors/formats';
import { badFacts, expectedBadFacts } from './bad-facts';
import { corpusFacts as photo } from '../facts/photo';
import { corpusFacts as dicom } from '../facts/dicom';
import { corpusFacts as fits } from '../facts/fits';
import { corpusFacts as hdf5 } from '../facts/hdf5';
import { corpusFacts as netcdf } from '../facts/netcdf';
import { corpusFacts as geotiff } from '../facts/geotiff';
import { corpusFacts as media } from '../facts/media';
import { corpusFacts as raw } from '../facts/raw';
import { corpusFacts as pdf } from '../facts/pdf';
import { corpusFacts as ai } from '../facts/ai';

type Facts = Record<string, unknown>;

/**
 * The corpus formats whose facts are compared, each with its record → facts mapper: every
 * registry format, and `ai` (AI-generated images, read by the photo extractor).
 */
export const FACT_MAPPERS: Record<FormatId | 'ai', (r: MetadataRecord) => Facts> = { photo, dicom, fits, hdf5, netcdf, geotiff, media, raw, pdf, ai };

/** `{expected, actual}` facts of an entry of a compared format or of `bad`; null for other formats. */
export function corpusCase(entry: CorpusEntry, record: MetadataRecord): { expected: Facts; actual: Facts } | null {
  if (entry.format === 'bad') return { expected: expectedBadFacts(entry.expected), actual: badFacts(record, entry.expected, photo) };
  const mapper = (FACT_MAPPERS as Record<string, ((r: MetadataRecord) => Facts) | undefined>)[entry.format];
  return mapper ? { expected: entry.expected, actual: mapper(record) } : null;
}
