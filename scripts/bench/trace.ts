/**
 * A DevTools timeline trace of a page through the Chrome DevTools Protocol (`Tracing` domain):
 * `startTrace(page, saveTo)` returns a stop function that saves the trace (DevTools' Performance
 * panel opens it) and breaks every main-thread task over 50 ms down into what it spent its time
 * on: script (function and file), style, layout, ResizeObserver callbacks, IndexedDB
 * (de)serialising, minor and major GC… This is what tells a long task's cause, where the
 * `longtask` PerformanceObserver gives only its length (and misses GC-only tasks).
 */
import type { Page } from '@playwright/test';
import { writeFile } from 'node:fs/promises';

/** A main-thread task longer than LONG_MS and its biggest parts (inclusive times, nested ones overlap). */
export interface TaskBreakdown {
  /** When it started, in ms from the start of the trace. */
  atMs: number;
  ms: number;
  parts: { name: string; ms: number }[];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number } };
}

const LONG_MS = 50;
/** Trace events listed per long task (the largest, by inclusive time). */
const TOP_PARTS = 6;
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'toplevel', 'disabled-by-default-v8.gc'];
/** Events that only wrap others (a task, a callback, a microtask checkpoint): not a cause. */
const WRAPPERS = new Set([
  'RunTask',
  'ThreadControllerImpl::RunTask',
  'v8.callFunction',
  'AsyncTask Run',
  'TimerBase::run',
  'TimerFire',
  'RunMicrotasks',
  'Receive mojo reply',
  'IDBRequest::SendResult',
  'IDBRequest::dispatchEvent',
  'EventDispatch',
  'WebFrameWidgetImpl::UpdateLifecycle',
]);

/** Starts tracing the page's renderer; the returned function stops, saves to `saveTo` and breaks long tasks down. */
export async function startTrace(page: Page, saveTo: string): Promise<() => Promise<TaskBreakdown[]>> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
  return async () => {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
    await writeFile(saveTo, JSON.stringify({ traceEvents: events }));
    return longTasks(events);
  };
}

/** The long tasks of the busiest renderer main thread in `events`, each with its TOP_PARTS biggest parts. */
function longTasks(events: TraceEvent[]): TaskBreakdown[] {
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onThread = (t: TraceEvent) => events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === 'X');
  const main = mains.map(onThread).sort((a, b) => b.length - a.length)[0] ?? [];
  const start = events.reduce((min, e) => (e.ts > 0 && e.ts < min ? e.ts : min), Infinity);
  const tasks = main.filter((e) => (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') && (e.dur ?? 0) > LONG_MS * 1000);
  // Nested task events (RunTask inside ThreadControllerImpl::RunTask) are one task.
  const outer = tasks.filter((t) => !tasks.some((o) => o !== t && o.ts <= t.ts && o.ts + o.dur! >= t.ts + t.dur! && o.dur! > t.dur!));
  return outer.map((task) => {
    const parts = new Map<string, number>();
    for (const e of main) {
      if (e === task || WRAPPERS.has(e.name) || e.ts < task.ts || e.ts + (e.dur ?? 0) > task.ts + task.dur!) continue;
      const d = e.args?.data;
      const name =
        e.name === 'FunctionCall'
          ? `script ${d?.functionName || '(anonymous)'} ${String(d?.url ?? '')
              .split('/')
              .pop()}:${d?.lineNumber ?? '?'}`
          : e.name;
      parts.set(name, (parts.get(name) ?? 0) + (e.dur ?? 0) / 1000);
    }
    return {
      atMs: Math.round((task.ts - start) / 1000),
      ms: Math.round(task.dur! / 1000),
      parts: [...parts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, TOP_PARTS)
        .map(([name, ms]) => ({ name, ms: Math.round(ms) })),
    };
  });
}
