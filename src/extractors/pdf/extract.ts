/**
 * Extractor of PDF files: our own reader (read.ts: trailer, xref, only the objects needed; the
 * standard security handler for encrypted files), then present.ts. A file the password
 * (ExtractOptions `password`, or the empty one) does not open shows what is readable and a
 * `password-required` error (status partial). Content Credentials (a C2PA manifest store named by
 * the catalog's /AF) are read by ../c2pa/.
 */
import type { Extractor } from '../types';
import { ExtractError, throwIfAborted } from '../errors';
import { readPdf } from './read';
import { NeedMore, SyntaxErr } from './objects';
import { FilterError } from './filters';
import { presentPdf } from './present';
import { contentCredentials, withCredentials } from '../c2pa/credentials';

export const extractor: Extractor = {
  async extract(source, ctx) {
    throwIfAborted(ctx.signal);
    const { model, errors } = await readPdf(source, ctx, { password: ctx.options.password }).catch((e: unknown) => {
      // Syntax and filter errors the reader did not recover from: the file is damaged there.
      if (e instanceof SyntaxErr || e instanceof NeedMore || e instanceof FilterError) throw new ExtractError('corrupt', `The PDF cannot be read: ${e.message}.`);
      throw e;
    });
    const presented = presentPdf(model, source.size, ctx.options, ctx.warn);
    const out = model.c2pa ? withCredentials(presented, await contentCredentials(source, model.c2pa, 'application/pdf', ctx)) : presented;
    return errors.length ? { ...out, errors: errors.map((e) => e.toData()) } : out;
  },
};
