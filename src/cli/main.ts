/**
 * `npm run extract -- <files or folders…>`: runs the app's extractors in Node and prints one
 * MetadataRecord per line (JSON Lines) on stdout; exit codes in extract-inputs.ts (`EXIT`).
 */
import { EXIT, extractInputs } from './extract-inputs';

async function main(argv: string[]): Promise<number> {
  const inputs = argv.filter((a) => !a.startsWith('-'));
  if (inputs.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    process.stderr.write(
      'usage: npm run extract -- <file or folder>...\nPrints one MetadataRecord per file as JSON Lines.\n' +
        'Exit status: 0 every file read, 1 some file or folder could not be read, 2 usage error.\n',
    );
    return EXIT.usage;
  }
  return extractInputs(inputs, {
    record: (line) => process.stdout.write(`${line}\n`),
    problem: (text) => process.stderr.write(`${text}\n`),
  });
}

process.exitCode = await main(process.argv.slice(2));
