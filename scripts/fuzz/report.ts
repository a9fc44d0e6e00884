/** Plain-text report of a fuzzing run: outcome counts overall and per format, speed, slowest and failing mutants. */
import type { Mutation } from './mutators';
import { FAILURES, type Outcome } from './outcome';
import type { CampaignResult, MutantOutcome } from './campaign';

/** Display order of outcomes (those that occur). */
const ORDER: readonly Outcome[] = [
  'result',
  'partial',
  'unsupported-format',
  'unsupported-feature',
  'password-required',
  'truncated',
  'corrupt',
  'too-large',
  'read-failed',
  'aborted',
  'timeout',
  'internal',
  'crash',
];

/** A mutation in a few characters: flip@offset.bit, byte@offset=value, trunc→length, word@offset:width+endian=value, dup/del@offset+length. */
export function describeMutation(m: Mutation): string {
  switch (m.op) {
    case 'flip':
      return `flip@${m.offset}.${m.bit}`;
    case 'byte':
      return `byte@${m.offset}=0x${m.value.toString(16)}`;
    case 'truncate':
      return `trunc→${m.length}`;
    case 'word':
      return `word@${m.offset}:${m.width}${m.endian}=${m.value}`;
    case 'duplicate':
      return `dup@${m.offset}+${m.length}`;
    case 'remove':
      return `del@${m.offset}+${m.length}`;
  }
}

function recipeText(o: MutantOutcome): string {
  return `#${o.recipe.index} ${o.recipe.input} [${o.recipe.mutations.map(describeMutation).join(', ')}]`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

/** The report of `run` (`header` names the run: count, seed, limit, inputs). */
export function formatReport(run: CampaignResult, header: string, slowest = 10): string {
  const { outcomes } = run;
  const present = ORDER.filter((o) => outcomes.some((m) => m.outcome === o));
  const overall = countBy(outcomes, (o) => o.outcome);
  const lines: string[] = [header, ''];
  lines.push(table([['outcome', 'count', '%'], ...present.map((o) => [o, String(overall.get(o)), `${((100 * overall.get(o)!) / outcomes.length).toFixed(1)}%`])]));
  lines.push('');
  const formats = [...new Set(outcomes.map((o) => o.format))].sort();
  lines.push(
    table([
      ['format', 'mutants', ...present],
      ...formats.map((f) => {
        const counts = countBy(
          outcomes.filter((o) => o.format === f),
          (o) => o.outcome,
        );
        return [f, String([...counts.values()].reduce((a, b) => a + b, 0)), ...present.map((o) => String(counts.get(o) ?? 0))];
      }),
    ]),
  );
  const seconds = run.ms / 1000;
  lines.push('', `${outcomes.length} mutants in ${seconds.toFixed(1)} s: ${(outcomes.length / seconds).toFixed(1)} mutants/s; ${run.workersStarted} workers started.`);
  lines.push('', `Slowest ${slowest}:`);
  for (const o of [...outcomes].sort((a, b) => b.ms - a.ms).slice(0, slowest)) lines.push(`  ${o.ms.toFixed(0).padStart(6)} ms  ${o.outcome.padEnd(11)} ${recipeText(o)}`);
  const failures = outcomes.filter((o) => FAILURES.has(o.outcome));
  lines.push('', failures.length === 0 ? 'No escaped exception, timeout or crash.' : `${failures.length} escaped/timeout/crash:`);
  for (const o of failures) lines.push(`  ${o.outcome.padEnd(8)} ${recipeText(o)} (${o.size} bytes, ${o.ms.toFixed(0)} ms)\n           ${o.message}`);
  return lines.join('\n');
}
