import { beforeEach, describe, expect, it } from 'vitest';
import { freshBrowser } from '../../testing/idb';
import { FixJournal } from './fix-journal';

beforeEach(() => freshBrowser());

/** A stand-in for a folder handle: the journal only stores it (structured clone). */
const folder = (name: string) => ({ name, kind: 'directory' }) as unknown as FileSystemDirectoryHandle;

describe('FixJournal', () => {
  it('keeps what an unfinished run wrote across openings, and forgets it when the run ends', async () => {
    const journal = await FixJournal.open();
    expect(await journal.unfinished()).toBeUndefined();
    const run = await journal.begin({ destination: 'fixed', handle: folder('fixed'), total: 3 });
    await journal.markDone(run.id, 'Takeout/a.jpg', 10);
    await journal.markDone(run.id, 'Takeout/b.jpg', 20);

    const reopened = await FixJournal.open();
    const found = await reopened.unfinished();
    expect(found).toMatchObject({ id: run.id, destination: 'fixed', total: 3, handle: { name: 'fixed' } });
    expect([...(await reopened.done(run.id))].sort()).toEqual(['Takeout/a.jpg', 'Takeout/b.jpg']);

    await reopened.finish(run.id);
    expect(await reopened.unfinished()).toBeUndefined();
    expect((await reopened.done(run.id)).size).toBe(0);
  });
  it('a new run replaces an unfinished one; a ZIP download run (no folder) never resumes', async () => {
    const journal = await FixJournal.open();
    const first = await journal.begin({ destination: 'one', handle: folder('one'), total: 1 });
    await journal.markDone(first.id, 'x.jpg', 1);
    const second = await journal.begin({ destination: 'two', handle: folder('two'), total: 1 });
    expect((await journal.unfinished())?.id).toBe(second.id);
    expect((await journal.done(first.id)).size).toBe(0);
    await journal.begin({ destination: 'z.zip', total: 1 });
    expect(await journal.unfinished()).toBeUndefined();
  });
});
