/**
 * `npm run extract -- <files or folders…>`: runs the app's extractors in Node and prints one
 * MetadataRecord per line (JSON Lines) on stdout. Per-file failures are records with `errors`;
 * the exit code is non-zero only for usage errors (no arguments, a path that does not exist).
 */
import { extractPath } from '../extractors/extract-path';
import { walk } from './walk';

async function main(argv: string[]): Promise<number> {
  const inputs = argv.filter((a) => !a.startsWith('-'));
  if (inputs.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    process.stderr.write('usage: npm run extract -- <file or folder>...\nPrints one MetadataRecord per file as JSON Lines.\n');
    return 2;
  }
  let status = 0;
  for (const input of inputs) {
    try {
      for await (const { path, rel } of walk([input])) {
        process.stdout.write(`${JSON.stringify(await extractPath(path, { path: rel }))}\n`);
      }
    } catch (e) {
      process.stderr.write(`metaextract: ${input}: ${(e as Error).message}\n`);
      status = 2;
    }
  }
  return status;
}

process.exitCode = await main(process.argv.slice(2));
