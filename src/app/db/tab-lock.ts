/**
 * Which saved list a tab owns. Each open tab saves its list under its own id, held with a Web Lock
 * (https://w3c.github.io/web-locks/) for the tab's life and remembered in sessionStorage (which a
 * reload keeps), so two tabs never write into one list. A new tab takes over the most recently
 * saved list that no open tab holds (the one a closed tab left), else starts a new one.
 */

const STORAGE_KEY = 'metaextract.tab';
const lockName = (tab: string) => `metaextract-list:${tab}`;

/** A saved list's owner id and when the list was last saved (ms since the epoch). */
export interface SavedList {
  tab: string;
  savedAt: number;
}

/**
 * Claims a list id for this tab: its own after a reload, else the most recently saved free one
 * of `lists`, else a new id. Holds its lock until the page goes away. Without Web Locks (old
 * browsers) the tab's own id or the newest list is taken, unguarded. Never rejects.
 */
export async function claimList(lists: readonly SavedList[]): Promise<string> {
  const locks = globalThis.navigator?.locks;
  const own = readOwn();
  const newest = [...lists].sort((a, b) => b.savedAt - a.savedAt);
  let tab: string | undefined;
  if (!locks) tab = own ?? newest[0]?.tab;
  else {
    const held = await heldLists();
    for (const candidate of [own, ...newest.map((l) => l.tab)]) {
      if (candidate && !held.has(candidate) && (await hold(locks, candidate))) {
        tab = candidate;
        break;
      }
    }
    if (!tab) {
      tab = crypto.randomUUID();
      await hold(locks, tab);
    }
  }
  tab ??= crypto.randomUUID();
  try {
    sessionStorage.setItem(STORAGE_KEY, tab);
  } catch {
    // no sessionStorage: a reload takes over the newest free list, most likely this one
  }
  return tab;
}

/** The ids of lists held by open tabs (this one included). */
export async function heldLists(): Promise<Set<string>> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return new Set();
  const prefix = lockName('');
  return new Set(((await locks.query()).held ?? []).flatMap((l) => (l.name?.startsWith(prefix) ? [l.name.slice(prefix.length)] : [])));
}

function readOwn(): string | undefined {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Takes `tab`'s lock if free, keeping it for the page's life; whether it was taken. */
function hold(locks: LockManager, tab: string): Promise<boolean> {
  return new Promise((resolve) => {
    void locks.request(lockName(tab), { ifAvailable: true }, (lock) => {
      resolve(lock !== null);
      return lock ? new Promise<void>(() => {}) : undefined;
    });
  });
}
