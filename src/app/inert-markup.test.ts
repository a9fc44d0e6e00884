/**
 * Metadata is untrusted text (issue 5, "Inert content"): no component may turn a string into
 * markup. Svelte escapes `{expression}` text; these are the ways around it, banned in src/.
 * (The e2e test e2e/privacy.spec.ts checks the rendered page with real hostile files.)
 */
import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const SRC = join(import.meta.dirname, '..');
const RAW_MARKUP = /\{@html\b|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|createContextualFragment/;

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.(svelte|ts)$/.test(e.name) && !e.name.endsWith('.test.ts')).map((e) => join(e.parentPath, e.name));
}

describe('inert markup', () => {
  it('no source file renders strings as HTML', async () => {
    const files = await sources(SRC);
    expect(files.some((f) => f.endsWith('FieldRow.svelte'))).toBe(true);
    const offenders = [];
    for (const f of files) if (RAW_MARKUP.test(await readFile(f, 'utf8'))) offenders.push(f);
    expect(offenders).toEqual([]);
  });
});
