/**
 * One fuzzing run: draws `count` mutants from the inputs with a seeded pure-rand generator
 * (xoroshiro128+; the same seed and inputs give the same mutants, in the same order) and runs
 * each through the extractors in the worker pool.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { FuzzInput } from './inputs';
import { applyMutations, randomMutations } from './mutators';
import { classify, type Outcome } from './outcome';
import { DEFAULT_SIZE, FuzzPool } from './pool';
import { sha256, type Recipe } from './recipe';

export interface CampaignOptions {
  count: number;
  seed: number;
  limitMs: number;
  /** Called after each mutant with the number done so far. */
  onProgress?(done: number): void;
}

/** How one mutant ended. */
export interface MutantOutcome {
  recipe: Recipe;
  /** The input's format (fixture format or corpus folder). */
  format: string;
  outcome: Outcome;
  message?: string;
  /** Wall time from hand-over to answer (ms). */
  ms: number;
  /** Mutant size in bytes. */
  size: number;
}

export interface CampaignResult {
  outcomes: MutantOutcome[];
  /** Wall time of the whole run (ms). */
  ms: number;
  /** Workers started, the initial ones included (each timeout or crash starts one). */
  workersStarted: number;
}

/** Runs the campaign; outcomes are in mutant order. */
export async function runCampaign(inputs: readonly FuzzInput[], options: CampaignOptions): Promise<CampaignResult> {
  if (inputs.length === 0) throw new Error('No inputs to mutate.');
  const hashes = new Map(inputs.map((i) => [i.id, sha256(i.bytes)]));
  const rng = xoroshiro128plus(options.seed);
  let next = 0;
  // Mutants are drawn one at a time, in index order, as workers free up: only those in flight live in memory.
  const draw = (): { recipe: Recipe; input: FuzzInput } => {
    const input = inputs[uniformInt(rng, 0, inputs.length - 1)];
    const mutations = randomMutations(rng, input.bytes.length);
    return { input, recipe: { input: input.id, inputSha256: hashes.get(input.id)!, seed: options.seed, index: next++, mutations } };
  };
  const pool = new FuzzPool({ limitMs: options.limitMs });
  const outcomes: MutantOutcome[] = new Array(options.count);
  const started = performance.now();
  let done = 0;
  const lane = async () => {
    while (next < options.count) {
      const { input, recipe } = draw();
      // Always a fresh array (every mutation copies), so transferring it leaves the input intact.
      const bytes = applyMutations(input.bytes, recipe.mutations);
      const size = bytes.length;
      const result = await pool.run(input.name, bytes, recipe.index);
      outcomes[recipe.index] = { recipe, format: input.format, ...classify(result, options.limitMs), ms: result.ms, size };
      options.onProgress?.(++done);
    }
  };
  try {
    // Twice as many lanes as workers: the next mutant is drawn and queued while one is extracted.
    await Promise.all(Array.from({ length: 2 * DEFAULT_SIZE }, lane));
  } finally {
    await pool.close();
  }
  return { outcomes, ms: performance.now() - started, workersStarted: pool.spawned };
}
