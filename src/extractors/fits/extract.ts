/**
 * FITS extractor (our own reader; FITS Standard 4.0). Walks the HDUs by reading headers only
 * (2880-byte blocks up to END) and seeking past each data unit, so a multi-GB file costs a few
 * header blocks. The record has one group per HDU (structure, cards, columns, compression, WCS)
 * and a summary of the primary HDU and the extensions. Damaged files give the HDUs read so far
 * plus typed errors (`truncated`, `corrupt`, `too-large`).
 */
import type { Extractor, ExtractorOutput } from '../types';
import { throwIfAborted } from '../errors';
import { walkHdus } from './read';
import { hduGroup, summaryFields } from './present';

export const extractor: Extractor = {
  /**
   * Throws ExtractError('unsupported-format') when the file does not begin with a SIMPLE card,
   * 'aborted' when `ctx.signal` fires, 'read-failed' when the file cannot be read.
   */
  async extract(source, ctx): Promise<ExtractorOutput> {
    throwIfAborted(ctx.signal);
    const { hdus, errors } = await walkHdus(source, ctx);
    const out: ExtractorOutput = {
      format: { id: 'fits', name: 'FITS', version: '4.0' },
      summary: summaryFields(hdus, ctx.options.maxArrayItems),
      groups: hdus.map((h) => hduGroup(h, ctx.options)),
    };
    if (errors.length) out.errors = errors;
    return out;
  },
};
