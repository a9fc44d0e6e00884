/** Vitest setup shared by the large-file tests. */
import { afterAll, beforeAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Field, MetadataRecord } from '../../src/extractors/types';
import { extractPath } from '../../src/node/extract-path';

/**
 * Writes one large file with `write` into a fresh temp folder before the file's tests, extracts it
 * as the CLI does, and removes the folder afterwards. Read `path` and `record` inside tests.
 */
export function largeFileSuite(prefix: string, write: (dir: string) => Promise<string>): { readonly path: string; readonly record: MetadataRecord } {
  const state = { dir: '', path: '', record: undefined as unknown as MetadataRecord };
  beforeAll(async () => {
    state.dir = await mkdtemp(join(tmpdir(), prefix));
    state.path = await write(state.dir);
    state.record = await extractPath(state.path);
  }, 120_000);
  afterAll(async () => {
    if (state.dir) await rm(state.dir, { recursive: true, force: true });
  });
  return state;
}

/** `{key: value}` of a group's fields. */
export const fieldValues = (fields: readonly Field[]) => Object.fromEntries(fields.map((f) => [f.key, f.value]));
