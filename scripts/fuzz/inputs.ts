/**
 * The fuzzer's inputs: the project's generated fixtures and, when present, the shared corpus
 * files. Each input has a stable id ('fixture:<format>/<name>' or 'corpus:<relative path>')
 * that regression recipes refer to. Node only.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { writeAllFixtures } from '../fixtures/generate';
import { writeFixtures as writeZipFixtures } from '../fixtures/zip';
import { writeFixtures as writeTarFixtures } from '../fixtures/tar';

/** One file to mutate. */
export interface FuzzInput {
  /** 'fixture:<format>/<file name>' or 'corpus:<path relative to the corpus folder>'. */
  id: string;
  /** The fixture's format, or the corpus file's top folder (photo, bad, pdf…). */
  format: string;
  /** File name (its extension breaks sniffing ties, as for a real file). */
  name: string;
  bytes: Uint8Array;
}

/** Inputs read, and those left out (empty, or larger than the cap). */
export interface InputSet {
  inputs: FuzzInput[];
  skipped: { id: string; size: number }[];
}

function keep(set: InputSet, input: FuzzInput, maxBytes: number): void {
  if (input.bytes.length === 0 || input.bytes.length > maxBytes) set.skipped.push({ id: input.id, size: input.bytes.length });
  else set.inputs.push(input);
}

/**
 * Writes every format's fixtures (scripts/fixtures/generate.ts), the ZIP archives'
 * (scripts/fixtures/zip.ts, format `zip`) and the tar archives' (scripts/fixtures/tar.ts, format
 * `tar`) into a temp folder, reads them into memory and removes
 * the folder (the same bytes every run: scripts/fixtures/hdf5.ts). Inputs that
 * are empty or larger than `maxBytes` are listed as skipped.
 */
export async function fixtureInputs(maxBytes: number): Promise<InputSet> {
  const dir = await mkdtemp(join(tmpdir(), 'metaextract-fuzz-'));
  try {
    const written: Record<string, string[]> = { ...(await writeAllFixtures(dir)), zip: await writeZipFixtures(join(dir, 'zip')), tar: await writeTarFixtures(join(dir, 'tar')) };
    const set: InputSet = { inputs: [], skipped: [] };
    for (const [format, paths] of Object.entries(written)) {
      for (const path of [...paths].sort()) {
        const name = basename(path);
        keep(set, { id: `fixture:${format}/${name}`, format, name, bytes: new Uint8Array(await readFile(path)) }, maxBytes);
      }
    }
    return set;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/**
 * The files of the corpus folder `dir` (its format folders; the root's README/MANIFEST and the
 * `oracle/` outputs are not inputs), sorted by path. Returns null when `dir` does not exist.
 * Files larger than `maxBytes` are listed as skipped without being read.
 */
export async function corpusInputs(dir: string, maxBytes: number): Promise<InputSet | null> {
  try {
    if (!(await stat(dir)).isDirectory()) return null;
  } catch {
    return null;
  }
  const set: InputSet = { inputs: [], skipped: [] };
  const paths = (await walk(dir)).map((p) => relative(dir, p).split(sep).join('/')).sort();
  for (const rel of paths) {
    const [top] = rel.split('/');
    if (!rel.includes('/') || top === 'oracle') continue;
    const id = `corpus:${rel}`;
    const size = (await stat(join(dir, rel))).size;
    if (size === 0 || size > maxBytes) set.skipped.push({ id, size });
    else set.inputs.push({ id, format: top, name: basename(rel), bytes: new Uint8Array(await readFile(join(dir, rel))) });
  }
  return set;
}
