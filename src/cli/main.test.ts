import { afterAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { chmod, mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { MetadataRecord } from '../extractors/types';
import { EXIT, extractInputs } from './extract-inputs';
import { walk, type WalkEntry } from './walk';
import { zipBytes } from '../../scripts/fixtures/zip';
import { basicFile } from '../../scripts/fixtures/fits';
import { jpegWithMetadata } from '../../scripts/fixtures/photo';

const root = resolve(import.meta.dirname, '../..');
const posix = process.platform !== 'win32';

/**
 * Runs the CLI (one Node process with tsx's loader, so that a hang is killed for good after 30 s);
 * `asUser` runs it as that uid and gid (needs root).
 */
function cli(args: string[], asUser?: number): Promise<{ code: number; stdout: string; stderr: string }> {
  const options = { cwd: root, timeout: 30_000, killSignal: 'SIGKILL' as const, ...(asUser === undefined ? {} : { uid: asUser, gid: asUser }) };
  return new Promise((res) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], options, (err, stdout, stderr) => {
      res({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const parse = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as MetadataRecord);
const outline = (records: MetadataRecord[]) => records.map((r) => [r.file.path ?? r.file.name, r.errors[0]?.code, r.errors[0]?.message]);
const notAFormat = 'Not a format MetaExtract reads (no known signature at the start of the file).';

const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'me-cli-'));
  made.push(dir);
  await chmod(dir, 0o755); // readable by the unprivileged user of the permission test
  return dir;
}

/** extractInputs in this process, its records and stderr lines collected. */
async function extractCollected(inputs: string[], walkWith: (inputs: string[]) => AsyncIterable<WalkEntry>) {
  const records: MetadataRecord[] = [];
  const problems: string[] = [];
  const status = await extractInputs(inputs, { record: (l) => records.push(JSON.parse(l)), problem: (t) => problems.push(t) }, walkWith);
  return { status, records, problems };
}

describe('npm run extract (CLI)', () => {
  it('prints one JSON record per file of a folder, recursively, with relative paths', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'a.txt'), 'hello');
    await writeFile(join(dir, 'sub', 'empty.jpg'), '');
    await writeFile(join(dir, '.DS_Store'), 'junk');
    const { code, stdout } = await cli([dir]);
    expect(code).toBe(EXIT.ok);
    expect(parse(stdout).map((r) => [r.file.path, r.errors[0]?.code])).toEqual([
      ['a.txt', 'unsupported-format'],
      [join('sub', 'empty.jpg'), 'truncated'],
    ]);
  });

  it('exits 2 on usage errors', async () => {
    expect((await cli([])).code).toBe(EXIT.usage);
    const missing = await cli(['/nonexistent/metaextract-test']);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toMatch(/nonexistent/);
  });

  it.skipIf(!posix)('goes on past files it cannot open (permission denied, dangling link), each a read-failed record, and exits 1', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.txt'), 'hello');
    await writeFile(join(dir, 'b.txt'), 'secret');
    await chmod(join(dir, 'b.txt'), 0o000);
    await symlink(join(dir, 'gone.txt'), join(dir, 'c.txt'));
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'd.txt'), 'hello');
    // Root reads a mode-000 file: run the CLI as nobody (65534) then.
    const { code, stdout, stderr } = await cli([dir], process.getuid?.() === 0 ? 65534 : undefined);
    expect(stderr).toBe('');
    expect(outline(parse(stdout))).toEqual([
      ['a.txt', 'unsupported-format', notAFormat],
      ['b.txt', 'read-failed', `Cannot open the file: EACCES: permission denied, open '${join(dir, 'b.txt')}'`],
      ['c.txt', 'read-failed', `Cannot open the file: ENOENT: no such file or directory, open '${join(dir, 'c.txt')}'`],
      [join('sub', 'd.txt'), 'unsupported-format', notAFormat],
    ]);
    expect(code).toBe(EXIT.unreadable);
  });

  it.skipIf(!posix)('does not wait on a FIFO: a read-failed record, then the next path', async () => {
    const dir = await tempDir();
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    await writeFile(join(dir, 'a.txt'), 'hello');
    const { code, stdout } = await cli([join(dir, 'pipe'), join(dir, 'a.txt')]);
    expect(outline(parse(stdout))).toEqual([
      ['pipe', 'read-failed', `Cannot open the file: ${join(dir, 'pipe')} is not a regular file`],
      ['a.txt', 'unsupported-format', notAFormat],
    ]);
    expect(code).toBe(EXIT.unreadable);
  });

  it('goes on past a file removed between listing and opening', async () => {
    const dir = await tempDir();
    for (const name of ['a.txt', 'b.txt', 'c.txt']) await writeFile(join(dir, name), 'hello');
    async function* removingB(inputs: string[]) {
      for await (const entry of walk(inputs)) {
        if (entry.rel === 'b.txt') await rm(entry.path);
        yield entry;
      }
    }
    const { status, records, problems } = await extractCollected([dir], removingB);
    expect(problems).toEqual([]);
    expect(outline(records)).toEqual([
      ['a.txt', 'unsupported-format', notAFormat],
      ['b.txt', 'read-failed', `Cannot open the file: ENOENT: no such file or directory, open '${join(dir, 'b.txt')}'`],
      ['c.txt', 'unsupported-format', notAFormat],
    ]);
    expect(status).toBe(EXIT.unreadable);
  });

  it('goes on past a folder removed before it was listed, naming it on stderr', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'sub'));
    await mkdir(join(dir, 'tub'));
    for (const name of ['a.txt', join('sub', 'b.txt'), join('tub', 'c.txt')]) await writeFile(join(dir, name), 'hello');
    async function* removingSub(inputs: string[]) {
      for await (const entry of walk(inputs)) {
        if (entry.rel === 'a.txt') await rm(join(dir, 'sub'), { recursive: true });
        yield entry;
      }
    }
    const { status, records, problems } = await extractCollected([dir], removingSub);
    expect(problems).toEqual([`metaextract: ${join(dir, 'sub')}: cannot list the folder: ENOENT: no such file or directory, scandir '${join(dir, 'sub')}'`]);
    expect(outline(records).map(([path]) => path)).toEqual(['a.txt', join('tub', 'c.txt')]);
    expect(status).toBe(EXIT.unreadable);
  });

  it('writes one record per file entry of a ZIP (found by its signature, in a folder too), and one typed error for an archive it cannot list', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'takeout'));
    const zip = zipBytes([
      { name: 'sky/', data: new Uint8Array(0) },
      { name: 'sky/m31.fits', data: basicFile(), method: 0 },
      { name: 'camera/photo.jpg', data: jpegWithMetadata(), method: 8 },
    ]);
    await writeFile(join(dir, 'takeout', 'archive.bin'), zip); // no .zip extension: the signature decides
    await writeFile(join(dir, 'takeout', 'cut.zip'), zip.subarray(0, 3000));
    const { code, stdout, stderr } = await cli([dir]);
    expect(stderr).toBe('');
    expect(code).toBe(EXIT.ok);
    const records = parse(stdout);
    expect(records.map((r) => [r.file.path, r.file.name, r.format.id, r.errors[0]?.code])).toEqual([
      [join('takeout', 'archive.bin', 'sky/m31.fits'), 'm31.fits', 'fits', undefined],
      [join('takeout', 'archive.bin', 'camera/photo.jpg'), 'photo.jpg', 'photo', undefined],
      [join('takeout', 'cut.zip'), 'cut.zip', 'zip', 'truncated'],
    ]);
    const fact = (r: MetadataRecord, key: string) => r.summary.find((f) => f.key === key)?.value;
    expect(fact(records[0]!, 'OBJECT')).toBe('M31');
    expect(fact(records[1]!, 'Make')).toBe('MetaExtract Camera Co.');
    // Entry stats count archive bytes: the stored FITS is its local header's 30 fixed bytes and its 23,040.
    expect(records[0]!.stats.bytesRead).toBe(30 + 23040);
    expect(records[1]!.file.size).toBe(jpegWithMetadata().length);
  });

  it('a file a format claims stays that format with a ZIP appended (a JPEG + ZIP polyglot); an unclaimed prefix before a ZIP is a self-extractor, listed', async () => {
    const dir = await tempDir();
    const zip = zipBytes([{ name: 'm31.fits', data: basicFile(), method: 0 }]);
    const jpeg = jpegWithMetadata();
    await writeFile(join(dir, 'photo.jpg'), new Uint8Array([...jpeg, ...zip]));
    await writeFile(join(dir, 'setup.exe'), new Uint8Array([...new TextEncoder().encode('MZ not a known format '.repeat(20)), ...zip]));
    const { code, stdout } = await cli([dir]);
    expect(code).toBe(EXIT.ok);
    expect(parse(stdout).map((r) => [r.file.path ?? r.file.name, r.format.id, r.errors[0]?.code])).toEqual([
      ['photo.jpg', 'photo', undefined],
      [join('setup.exe', 'm31.fits'), 'fits', undefined],
    ]);
  });
});
