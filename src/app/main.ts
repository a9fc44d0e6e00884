/** App entry: one worker pool, one cache, one file queue, mounted into #app. */
import { mount } from 'svelte';
import App from './App.svelte';
import { FileQueue } from './state/file-queue.svelte';
import { WorkerPool } from '../workers/pool';
import { ResultsStore } from './db/results-store';
import './app.css';

// `?cache=off` (benchmarks, debugging): extract every file, store nothing.
const cacheEnabled = new URLSearchParams(location.search).get('cache') !== 'off';
const queue = new FileQueue(new WorkerPool(), new ResultsStore(cacheEnabled));
mount(App, { target: document.getElementById('app')!, props: { queue } });
