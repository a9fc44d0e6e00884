/**
 * Node-only build script (never imported by the app): derives the compact `{code: name}` table
 * `epsg-names.json` from the installed `epsg-index` package (all.json, 40 MB, the EPSG registry's
 * CRS list: projected, geographic 2D/3D, geocentric, vertical, compound, engineering, derived).
 * Only the name is kept, so the table stays near 310 KB (≈70 KB gzipped) and the extractor can
 * load it lazily with a dynamic import.
 *
 * Run: `npm run epsg-names` (after upgrading epsg-index).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface EpsgEntry {
  code: string;
  kind: string;
  name: string;
}

const require = createRequire(import.meta.url);
const all = JSON.parse(readFileSync(require.resolve('epsg-index/all.json'), 'utf8')) as Record<string, EpsgEntry>;
const table: Record<string, string> = {};
for (const e of Object.values(all).sort((a, b) => Number(a.code) - Number(b.code))) {
  if (e.kind.startsWith('CRS-') && e.name) table[e.code] = e.name;
}
const out = join(dirname(fileURLToPath(import.meta.url)), '../src/extractors/geotiff/epsg-names.json');
const text = JSON.stringify(table);
writeFileSync(out, `${text}\n`);
console.log(`${Object.keys(table).length} CRS names, ${text.length} bytes → ${out}`);
