/** App entry: one worker pool, one cache, one file queue, mounted into #app. */
import { mount } from 'svelte';
import App from './App.svelte';
import { FileQueue } from './state/file-queue.svelte';
import { WorkerPool } from '../workers/pool';
import { ResultsStore } from './db/results-store';
import { loadSettings } from './state/settings';
import { onLaunchFiles } from './lib/collect-files';
import { AppUpdate } from './state/app-update.svelte';
import { applyTheme } from './lib/theme';
import './app.css';

const params = new URLSearchParams(location.search);
// `?cache=off` (benchmarks, debugging): extract every file, store nothing.
// `?cache-budget=<bytes>` (tests): a cache size budget other than the stored setting's.
const settings = loadSettings();
applyTheme(settings.theme);
const budget = Number(params.get('cache-budget'));
const pool = new WorkerPool({ timeoutMs: settings.timeLimitMs });
const store = new ResultsStore(params.get('cache') !== 'off', { budgetBytes: budget > 0 ? budget : settings.cacheBudgetBytes });
const queue = new FileQueue(pool, store);
// A new version of the app is offered, never forced (state/app-update.svelte.ts).
const update = new AppUpdate();
update.start();
mount(App, { target: document.getElementById('app')!, props: { queue, update } });
// The app takes files from here on (the benchmark times the shell to this mark: scripts/bench/app-shell.ts).
performance.mark('app-interactive');
// The previous session's list comes back from the cache.
const restoring = queue.restore();
// Files the installed app was opened with (from the operating system) are added after it.
onLaunchFiles((files) => void restoring.finally(() => queue.add(files)));
// Once the page is up and the list restored, the workers load every extractor: from then on
// extracting a file makes no request at all, so the server cannot even tell which formats are
// opened. (After the restore: on two cores, workers loading 5 MB of code would otherwise slow a
// 10,000-row restore down.) `data-workers` on <html> says when that is done ("ready"), which
// formats failed to load, or that the workers themselves could not load ("unavailable", with a
// notice). Files added before then start their workers on demand.
addEventListener(
  'load',
  async () => {
    await restoring.catch(() => undefined);
    const failed = await pool.start();
    document.documentElement.dataset.workers = pool.unavailable ? 'unavailable' : failed.length ? `failed: ${failed.join(' ')}` : 'ready';
  },
  { once: true },
);
// Leaving the page: save the list's last changes now rather than after the save delay.
addEventListener('pagehide', () => queue.saveNow());
