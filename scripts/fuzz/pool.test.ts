import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureInputs, type FuzzInput } from './inputs';
import { FuzzPool } from './pool';
import { classify } from './outcome';

let inputs: Map<string, FuzzInput>;
const pools: FuzzPool[] = [];

beforeAll(async () => {
  inputs = new Map((await fixtureInputs(Number.MAX_SAFE_INTEGER)).inputs.map((i) => [i.id, i]));
});
afterAll(() => Promise.all(pools.map((p) => p.close())));

function input(id: string): FuzzInput {
  const i = inputs.get(id);
  if (!i) throw new Error(`no fixture ${id}`);
  return i;
}

describe('fuzz worker pool', () => {
  it('extracts in a worker and reports the record: a valid fixture is a result, a truncated one a typed error', async () => {
    const pool = new FuzzPool({ limitMs: 30_000 });
    pools.push(pool);
    const fits = input('fixture:fits/fits-basic.fits');
    const ok = await pool.run(fits.name, fits.bytes.slice(), 1);
    expect(ok.kind).toBe('done');
    expect(ok.kind === 'done' && ok.report.format).toBe('fits');
    expect(classify(ok, 30_000)).toEqual({ outcome: 'result' });
    // Cut inside its header: nothing to show (a cut HDF5 file keeps what is present, a partial result).
    const nc = input('fixture:netcdf/netcdf-truncated.nc');
    const cut = classify(await pool.run(nc.name, nc.bytes.slice(), 2), 30_000);
    expect(cut.outcome).toBe('truncated');
  });

  it('ends a mutant over the time limit as a timeout and replaces its worker', async () => {
    const pool = new FuzzPool({ size: 1, limitMs: 1 });
    pools.push(pool);
    // h5wasm reads the whole 4 MiB in-memory file first: far more than 1 ms.
    const big = input('fixture:hdf5/hdf5-big.h5');
    const result = await pool.run(big.name, big.bytes.slice(), 1);
    expect(result.kind).toBe('timeout');
    expect(classify(result, 1).outcome).toBe('timeout');
    expect(pool.spawned).toBe(2);
  });
});
