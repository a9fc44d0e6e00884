import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { MetadataRecord } from '../extractors/types';

const root = resolve(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(tsx, ['src/cli/main.ts', ...args], { cwd: root }, (err, stdout, stderr) => {
      res({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('npm run extract (CLI)', () => {
  it('prints one JSON record per file of a folder, recursively, with relative paths', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'me-cli-'));
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'a.txt'), 'hello');
    await writeFile(join(dir, 'sub', 'empty.jpg'), '');
    await writeFile(join(dir, '.DS_Store'), 'junk');
    const { code, stdout } = await cli([dir]);
    expect(code).toBe(0);
    const records = stdout.trim().split('\n').map((l) => JSON.parse(l) as MetadataRecord);
    expect(records.map((r) => [r.file.path, r.errors[0]?.code])).toEqual([
      ['a.txt', 'unsupported-format'],
      [join('sub', 'empty.jpg'), 'truncated'],
    ]);
  });

  it('exits non-zero only on usage errors', async () => {
    expect((await cli([])).code).toBe(2);
    const missing = await cli(['/nonexistent/metaextract-test']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nonexistent/);
  });
});
