/**
 * Times the list's filter and sort (src/app/lib/list-view.ts, the code the page runs) over 50,000
 * rows built from real records of the generated fixtures the way the page builds them (row.ts
 * makeRow), median of 20 runs per query (a row's search text is made by the first text search, the
 * other 19 runs reuse it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Row } from '../../src/app/state/row';
import { filterRows, sortRows, NO_FILTER, type ListFilter, type ListSort } from '../../src/app/lib/list-view';
import { extractPath } from '../../src/node/extract-path';
import { makeRow } from '../../src/app/state/row';
import { statusOf } from '../../src/extractors/status';
import { writeAllFixtures } from '../fixtures/generate';
import { median } from './reference-tools';

export async function benchListFilter(count = 50_000): Promise<{ rows: number; query: string; ms: number }[]> {
  const dir = await mkdtemp(join(tmpdir(), 'metaextract-list-'));
  try {
    const written = await writeAllFixtures(dir);
    const records = await Promise.all(
      Object.values(written)
        .flat()
        .map((p) => extractPath(p)),
    );
    const rows: Row[] = Array.from({ length: count }, (_, i) => {
      const record = records[i % records.length];
      const base = { id: i + 1, name: `${i}-${record.file.name}`, size: record.file.size, status: statusOf(record), record };
      return makeRow(base);
    });
    const cases: [string, (r: readonly Row[]) => unknown][] = [
      ['text "m31"', (r) => filterRows(r, { ...NO_FILTER, text: 'm31' } satisfies ListFilter)],
      ['format fits', (r) => filterRows(r, { ...NO_FILTER, format: 'fits' })],
      ['status error', (r) => filterRows(r, { ...NO_FILTER, status: 'error' })],
      ['sort by name', (r) => sortRows(r, { key: 'name', descending: false } satisfies ListSort)],
      ['sort by summary EXPTIME', (r) => sortRows(r, { key: 'summary:EXPTIME', descending: true })],
    ];
    return cases.map(([query, run]) => {
      const times: number[] = [];
      for (let i = 0; i < 21; i++) {
        const t0 = performance.now();
        run(rows);
        if (i > 0) times.push(performance.now() - t0);
      }
      return { rows: count, query, ms: Math.round(median(times) * 100) / 100 };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
