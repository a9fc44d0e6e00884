import { readFileSync, readdirSync } from 'node:fs';
import { launchBrowser, startPreview } from './bench/browser';
import { dropPaths } from '../e2e/drop';
function cpu() {
  const out: Record<string, number> = {};
  for (const d of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (!cmd.includes('metaextract-bench-profile')) continue;
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser';
      const sub = /--utility-sub-type=([\w.]+)/.exec(cmd)?.[1] ?? '';
      const k = type + (sub ? ':' + sub.split('.').pop() : '');
      out[k] = (out[k] ?? 0) + (Number(f[11]) + Number(f[12])) * 10;
    } catch {}
  }
  return out;
}
const server = await startPreview(4180);
const b = await launchBrowser();
await b.page.goto('http://localhost:4180/?cache=off');
await b.page.waitForSelector('#batch-progress');
const before = cpu(); const t = Date.now();
await dropPaths(b.page, ['/tmp/exp/photos']);
await b.page.waitForFunction(() => document.querySelector<HTMLElement>('#batch-progress')?.dataset.done === '10000', null, { polling: 50, timeout: 0 });
const wall = Date.now() - t; const after = cpu();
console.log('wall', wall, Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)])));
await b.close(); server.kill();
