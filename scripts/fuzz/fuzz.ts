/**
 * `npm run fuzz -- --count N --seed S [--limit-ms 10000] [--save]
 *   [--max-input-mb 16] [--fail-on-escape] [--formats fits,dicom,…]`
 *
 * Mutates the project's fixtures and the files of the shared corpus (default: `../shared/corpus`
 * beside the repository, or $METAEXTRACT_CORPUS, as for the conformance tests; absent = fixtures
 * only), runs every mutant through the extractors in worker threads with a per-mutant time
 * limit, and prints outcome counts overall and per format, the speed, the slowest mutants and
 * every escaped/timeout/crash mutant. `--save` appends those to scripts/fuzz/regressions.json as
 * recipes (no bytes). `--fail-on-escape` exits 1 when any mutant escaped, timed out or crashed.
 * `--formats` keeps only the inputs of those formats (fixture format or corpus folder: photo,
 * dicom, fits, hdf5, netcdf, geotiff, bad, ai, pdf, media…).
 */
import { parseArgs } from 'node:util';
import { corpusInputs, fixtureInputs } from './inputs';
import { runCampaign } from './campaign';
import { formatReport } from './report';
import { FAILURES } from './outcome';
import { addRegressions, REGRESSIONS_FILE } from './recipe';
import { CORPUS_DIR } from '../../src/testing/conformance/corpus';

function intArg(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min} (got ${text}).`);
  return n;
}

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    'limit-ms': { type: 'string', default: '10000' },
    save: { type: 'boolean', default: false },
    'max-input-mb': { type: 'string', default: '16' },
    'fail-on-escape': { type: 'boolean', default: false },
    formats: { type: 'string' },
  },
});
const count = intArg('count', values.count, 1);
const seed = intArg('seed', values.seed, 0);
const limitMs = intArg('limit-ms', values['limit-ms'], 1);
const maxBytes = intArg('max-input-mb', values['max-input-mb'], 1) * 1024 * 1024;

const fixtures = await fixtureInputs(maxBytes);
const corpus = await corpusInputs(CORPUS_DIR, maxBytes);
const formats = values.formats?.split(',').map((f) => f.trim());
const inputs = [...fixtures.inputs, ...(corpus?.inputs ?? [])].filter((i) => !formats || formats.includes(i.format));
const skipped = [...fixtures.skipped, ...(corpus?.skipped ?? [])];
console.log(`Inputs: ${fixtures.inputs.length} fixtures, ${corpus ? `${corpus.inputs.length} corpus files from ${CORPUS_DIR}` : `no corpus (${CORPUS_DIR} is absent)`}.`);
if (skipped.length > 0) console.log(`Skipped ${skipped.length} inputs (empty or over ${values['max-input-mb']} MiB): ${skipped.map((s) => `${s.id} (${s.size} B)`).join(', ')}.`);

const progressEvery = Math.max(100, Math.round(count / 10));
const run = await runCampaign(inputs, {
  count,
  seed,
  limitMs,
  onProgress: (done) => {
    if (done % progressEvery === 0 && done < count) console.log(`  ${done}/${count}…`);
  },
});
console.log('');
const formatsArg = formats ? ` --formats ${formats.join(',')}` : '';
console.log(formatReport(run, `Fuzz run: --count ${count} --seed ${seed} --limit-ms ${limitMs}${formatsArg}, ${inputs.length} inputs.`));

const failures = run.outcomes.filter((o) => FAILURES.has(o.outcome));
if (values.save && failures.length > 0) {
  const added = await addRegressions(failures.map((o) => ({ ...o.recipe, found: { outcome: o.outcome, message: o.message ?? '' }, fixed: '' })));
  console.log(`\nSaved ${added} new regression recipes to ${REGRESSIONS_FILE}.`);
}
if (values['fail-on-escape'] && failures.length > 0) process.exitCode = 1;
