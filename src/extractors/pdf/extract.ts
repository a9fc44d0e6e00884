/**
 * Extractor of PDF files: our own reader (read.ts: trailer, xref, only the objects needed; the
 * standard security handler for encrypted files), then present.ts. Files that need a password
 * show what is readable and an `unsupported-feature` error (status partial); read.ts takes a
 * password option for the password prompt to come.
 */
import type { Extractor } from '../types';
import { throwIfAborted } from '../errors';
import { readPdf } from './read';
import { presentPdf } from './present';

export const extractor: Extractor = {
  async extract(source, ctx) {
    throwIfAborted(ctx.signal);
    const { model, errors } = await readPdf(source, ctx);
    const out = presentPdf(model, source.size, ctx.options, ctx.warn);
    return errors.length ? { ...out, errors: errors.map((e) => e.toData()) } : out;
  },
};
