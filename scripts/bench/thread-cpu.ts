/**
 * Where the browser's CPU time goes, by thread: user + system time of every thread of every
 * Chromium process, read from /proc (`/proc/<pid>/task/<tid>/stat`, fields utime and stime, in
 * clock ticks of 10 ms), grouped as `<process type>/<thread name>` — `renderer/chromium` is the
 * page's main thread, `renderer/DedicatedWorker…` the extraction workers, `browser/Chrome_IOThread`
 * the browser's IPC thread (file reads and stats go through it), `browser/ThreadPoolForeg…` its
 * file threads. Linux only: elsewhere a snapshot is empty and the difference prints nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU ms per `<process type>/<thread name>` (trailing digits of thread names dropped). */
export type ThreadCpu = Map<string, number>;

const read = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** A snapshot of every Chromium thread's CPU time so far. */
export function threadCpu(): ThreadCpu {
  const out: ThreadCpu = new Map();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    if (!/chrom/i.test(read(`/proc/${pid}/comm`) ?? '')) continue;
    const type = /--type=([a-z-]+)/.exec(read(`/proc/${pid}/cmdline`) ?? '')?.[1] ?? 'browser';
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      const stat = read(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) * 10;
      const key = `${type}/${name}`;
      out.set(key, (out.get(key) ?? 0) + ms);
    }
  }
  return out;
}

/** CPU ms spent between two snapshots, per thread group with ≥ `minMs`, the largest first. */
export function cpuBetween(before: ThreadCpu, after: ThreadCpu, minMs = 50): { thread: string; ms: number }[] {
  return [...after]
    .map(([thread, ms]) => ({ thread, ms: ms - (before.get(thread) ?? 0) }))
    .filter((t) => t.ms >= minMs)
    .sort((a, b) => b.ms - a.ms);
}
