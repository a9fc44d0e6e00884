/**
 * Main-thread CPU profile of a page through the Chrome DevTools Protocol (`Profiler` domain):
 * `startProfile(page)` returns a stop function that yields the functions with the most self time
 * (sampled), so a benchmark can say where the main thread's time went.
 */
import type { Page } from '@playwright/test';
import { writeFile } from 'node:fs/promises';

/** One function's share of the samples. */
export interface HotFunction {
  /** `name (file:line)`; "(program)", "(garbage collector)" and "(idle)" are V8's own buckets. */
  where: string;
  selfMs: number;
  /** Percentage of the profiled (non-idle) time. */
  percent: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/**
 * Starts sampling the page's main thread every 200 µs; the returned function stops, writes the
 * whole profile to `saveTo` (a `.cpuprofile` DevTools opens) and returns the hottest functions.
 */
export async function startProfile(page: Page, saveTo: string): Promise<(top?: number) => Promise<HotFunction[]>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async (top = 20) => {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    await cdp.detach();
    await writeFile(saveTo, JSON.stringify(profile));
    const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const f = byNode.get(id)!.callFrame;
      const file = f.url.split('/').pop() || '';
      const where = file ? `${f.functionName || '(anonymous)'} (${file}:${f.lineNumber + 1})` : f.functionName;
      self.set(where, (self.get(where) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
    });
    self.delete('(idle)');
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    return [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, ms]) => ({ where, selfMs: Math.round(ms), percent: Math.round((ms / total) * 1000) / 10 }));
  };
}

/** Prints the hottest functions of a profile of `what` (one line each) and where it was saved. */
export function printHot(what: string, hot: HotFunction[], saved: string): void {
  console.log(`  ${what}, hottest functions (profile: ${saved}):`);
  for (const f of hot) console.log(`    ${f.selfMs.toFixed(0).padStart(6)} ms ${f.percent.toFixed(1).padStart(5)} %  ${f.where}`);
}
