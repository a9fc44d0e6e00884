/**
 * How a mutant ended, from the pool's answer. `internal` is how an untyped exception surfaces
 * (run.ts turns any non-ExtractError throw into it through errors.ts `toErrorData`); no extractor
 * throws ExtractError('internal') on purpose, so every `internal` is an escape. A record that
 * cannot be serialised the way the app's worker sends it, or an `extractRecord` that throws,
 * counts as `internal` too.
 */
import type { ExtractErrorCode } from '../../src/extractors/errors';
import type { PoolResult } from './pool';

/** `result` = status done; `partial` = status partial; an error code = status error (src/extractors/status.ts). */
export type Outcome = 'result' | 'partial' | ExtractErrorCode | 'timeout' | 'crash';

/** Outcomes that mean a bug: an escaped exception, a hang past the limit, a dead worker. */
export const FAILURES: ReadonlySet<Outcome> = new Set<Outcome>(['internal', 'timeout', 'crash']);

/** The outcome of one mutant, with the message that explains a failure or an error. */
export function classify(result: PoolResult, limitMs: number): { outcome: Outcome; message?: string } {
  if (result.kind === 'timeout') return { outcome: 'timeout', message: `no answer within ${limitMs} ms (worker terminated)` };
  if (result.kind === 'crash') return { outcome: 'crash', message: result.message };
  const { report } = result;
  if (report.thrown !== undefined) return { outcome: 'internal', message: `extractRecord threw: ${report.thrown}` };
  if (report.unserialisable !== undefined) return { outcome: 'internal', message: `record not serialisable: ${report.unserialisable}` };
  const escaped = report.errors.find((e) => e.code === 'internal');
  if (escaped) return { outcome: 'internal', message: `${report.format}: ${escaped.message}` };
  if (report.errors.length === 0) return { outcome: 'result' };
  const message = `${report.format}: ${report.errors[0].message}`;
  return report.status === 'partial' ? { outcome: 'partial', message } : { outcome: report.errors[0].code, message };
}
