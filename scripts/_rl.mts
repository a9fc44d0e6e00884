import { launchBrowser, startPreview } from './bench/browser';
import { dropPaths } from '../e2e/drop';
const server = await startPreview(4180);
const b = await launchBrowser();
const page = b.page;
await page.goto('http://localhost:4180/');
await dropPaths(page, ['/tmp/exp/photos']);
const done = () => page.waitForFunction(() => document.querySelector<HTMLElement>('#batch-progress')?.dataset.done === '10000', null, { polling: 20, timeout: 0 });
await done();
await page.waitForTimeout(4000);
for (let i = 0; i < 3; i++) {
  const t0 = Date.now();
  await page.reload();
  await done();
  const wall = Date.now() - t0;
  const t = await page.evaluate(() => ({ ...(window as any).__t, nav: performance.getEntriesByType('navigation')[0].toJSON(), now: performance.now() }));
  console.log({ wall, start: Math.round(t.start), loaded: Math.round(t.loaded), rows: Math.round(t.rows), domContentLoaded: Math.round(t.nav.domContentLoadedEventEnd), now: Math.round(t.now) });
}
await b.close(); server.kill();
