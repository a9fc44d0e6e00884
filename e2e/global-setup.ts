import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAllFixtures } from '../scripts/fixtures/generate';

/**
 * Writes the generated fixtures once for all specs; their folder is passed in E2E_FIXTURES.
 * Returns the teardown that deletes it, and puts back the built service worker as it was (the
 * update test in pwa.spec.ts serves a changed one for a while: if it is cut short, dist/ must not
 * keep it).
 */
export default async function globalSetup() {
  const dir = await mkdtemp(join(tmpdir(), 'metaextract-e2e-'));
  await writeAllFixtures(dir);
  process.env.E2E_FIXTURES = dir;
  const sw = join(process.cwd(), 'dist', 'sw.js');
  const builtSw = await readFile(sw).catch(() => null);
  return async () => {
    if (builtSw) await writeFile(sw, builtSw);
    await rm(dir, { recursive: true, force: true });
  };
}
