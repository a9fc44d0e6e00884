/**
 * `npx tsx scripts/bench/tgz-scan.ts [path] [MiB]`: one pass over a Takeout-like `.tgz` in Node
 * (src/archive/tar-scan.ts with the worker's extraction, workers/worker-api.ts `recordOf`), as the
 * page's worker reads a dropped part. Writes the part first when `path` does not exist
 * (scripts/fixtures/tar.ts `writeTakeoutPart`, `MiB` of tar data, 1024 by default). Prints the
 * part's size, the entries, the time, MB/s of the compressed file and of the tar stream, and the
 * process's peak resident memory (getrusage maxRSS), which stays flat whatever the part's size.
 */
import { existsSync, openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { writeTakeoutPart } from '../fixtures/tar';
import { scanTar } from '../../src/archive/tar-scan';
import { recordOf } from '../../src/workers/worker-api';
import { statusOf } from '../../src/extractors/status';

const path = resolve(process.argv[2] ?? `${tmpdir()}/metaextract-takeout-1g.tgz`);
const mib = Number(process.argv[3] ?? 1024);
if (!existsSync(path)) {
  const t = performance.now();
  const { size, files } = await writeTakeoutPart(path, mib * 1024 * 1024);
  console.log(`wrote ${path}: ${size} bytes, ${files} files, in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const blob = await openAsBlob(path);
const statuses = new Map<string, number>();
let records = 0;
let rssAtFirst = 0;
const t0 = performance.now();
const result = await scanTar(
  { blob, gzip: true, path: 'part.tgz' },
  {
    extract: (source, entry, p) => recordOf(source, entry.mtime * 1000, p),
    record: (_, record) => {
      records += 1;
      if (records === 1) rssAtFirst = process.memoryUsage().rss;
      const key = `${record.format.id}:${statusOf(record)}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    },
  },
);
const seconds = (performance.now() - t0) / 1000;
const mb = (n: number) => (n / 1e6).toFixed(0);
console.log(
  `part ${mb(blob.size)} MB, tar stream ${mb(result.tarBytes)} MB, ${result.entries.length} entries, ${records} records ${JSON.stringify(Object.fromEntries(statuses))}${result.error ? `, error ${JSON.stringify(result.error)}` : ''}`,
);
console.log(`${seconds.toFixed(1)} s: ${(blob.size / 1e6 / seconds).toFixed(0)} MB/s of the part, ${(result.tarBytes / 1e6 / seconds).toFixed(0)} MB/s of tar data`);
console.log(`RSS after the first record ${mb(rssAtFirst)} MB; peak RSS (maxRSS) ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
