import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAllFixtures } from '../scripts/fixtures/generate';

/**
 * Writes the generated fixtures once for all specs; their folder is passed in E2E_FIXTURES.
 * Returns the teardown that deletes it.
 */
export default async function globalSetup() {
  const dir = await mkdtemp(join(tmpdir(), 'metaextract-e2e-'));
  await writeAllFixtures(dir);
  process.env.E2E_FIXTURES = dir;
  return () => rm(dir, { recursive: true, force: true });
}
