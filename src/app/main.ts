/** App entry: one worker pool, one cache, one file queue, mounted into #app. */
import { mount } from 'svelte';
import App from './App.svelte';
import { FileQueue } from './state/file-queue.svelte';
import { WorkerPool } from '../workers/pool';
import { ResultsStore } from './db/results-store';
import './app.css';

const params = new URLSearchParams(location.search);
// `?cache=off` (benchmarks, debugging): extract every file, store nothing.
// `?cache-budget=<bytes>` (tests): a cache size budget other than the default 200 MiB.
const budget = Number(params.get('cache-budget'));
const queue = new FileQueue(new WorkerPool(), new ResultsStore(params.get('cache') !== 'off', budget > 0 ? { budgetBytes: budget } : {}));
mount(App, { target: document.getElementById('app')!, props: { queue } });
// Leaving the page: save the list's last changes now rather than after the save delay.
addEventListener('pagehide', () => queue.saveNow());
