/**
 * The worker's ZIP handling with a real BlobSource over generated archives: an archive no format
 * claims comes back as one `zip` record listing its entries (only its end and central directory
 * read), and an entry job is extracted through a ZipEntrySource like a file.
 */
import { describe, expect, it } from 'vitest';
import { basicEntries, zipBytes } from '../../scripts/fixtures/zip';
import { createWorkerApi, type ExtractJob, type WorkerEvent } from './worker-api';
import { fromRecordText } from './record-text';
import { zipEntriesOf, zipGroups } from '../archive/zip-record';
import { statusOf } from '../extractors/status';
import type { MetadataRecord } from '../extractors/types';
import { HEAD_BYTES } from '../extractors/source/head';
import { sidecarFactsOf } from '../takeout/annotate';
import { takeoutSpecs, takeoutTgz, tarBytes } from '../../scripts/fixtures/tar';
import { tarEntriesOf } from '../archive/tar-record';

/** Runs `jobs` through one worker API; resolves with each job's record, by id. */
async function extract(jobs: ExtractJob[]): Promise<Map<number, MetadataRecord>> {
  const api = createWorkerApi();
  const { port1, port2 } = new MessageChannel();
  const records = new Map<number, MetadataRecord>();
  const all = new Promise<void>((resolve) => {
    port1.onmessage = (e: MessageEvent<WorkerEvent>) => {
      if (e.data.type !== 'result') return;
      const record = fromRecordText(e.data.text);
      records.set(e.data.id, { ...record, groups: record.groups });
      if (records.size === jobs.length) resolve();
    };
  });
  api.connect(port2);
  await api.extractBatch(jobs);
  await all;
  port1.close();
  return records;
}

/** Runs one job through a worker API; resolves with every event it posted, its result last. */
async function eventsOf(job: ExtractJob): Promise<WorkerEvent[]> {
  const api = createWorkerApi();
  const { port1, port2 } = new MessageChannel();
  const events: WorkerEvent[] = [];
  const ended = new Promise<void>((resolve) => {
    port1.onmessage = (e: MessageEvent<WorkerEvent>) => {
      events.push(e.data);
      if (e.data.type === 'result') resolve();
    };
  });
  api.connect(port2);
  await api.extractBatch([job]);
  await ended;
  port1.close();
  return events;
}

const archive = (bytes: Uint8Array, name = 'archive.zip') => new File([bytes as Uint8Array<ArrayBuffer>], name, { lastModified: 1_700_000_000_000 });

describe('worker ZIP archives', () => {
  it('returns a zip record listing the entries, reading only the head, the end and the central directory', async () => {
    const file = archive(zipBytes(basicEntries()));
    expect(file.size).toBeGreaterThan(2 * 1024 * 1024);
    const record = (await extract([{ id: 1, file, request: { path: 'in/archive.zip' } }])).get(1)!;
    expect(record.format).toEqual({ id: 'zip', name: 'ZIP archive' });
    expect(statusOf(record)).toBe('done');
    expect(record.file).toEqual({ name: 'archive.zip', size: file.size, lastModified: file.lastModified, path: 'in/archive.zip' });
    expect(record.summary.find((f) => f.key === 'Files')?.value).toBe(4);
    const entries = zipEntriesOf(record.groups);
    expect(entries.map((e) => [e.path, e.method, e.directory])).toEqual(basicEntries().map((s) => [s.name, s.method, s.name.endsWith('/')]));
    expect(entries[0].size).toBe((basicEntries()[0].data as Uint8Array).length);
    // The groups made again from the entries read back (as the page keeps a listed archive) are the record's own.
    expect(zipGroups(record.groups[0].fields, entries)).toEqual(record.groups);
    // The sniffing head, the ZIP probe's tail, the end of central directory and the directory.
    expect(record.stats.bytesRead).toBeLessThan(HEAD_BYTES + 16 * 1024);
  });

  it('extracts an entry job through the archive, as a file named by the entry', async () => {
    const file = archive(zipBytes(basicEntries()));
    const listing = (await extract([{ id: 1, file, request: {} }])).get(1)!;
    const entries = zipEntriesOf(listing.groups).filter((e) => !e.directory);
    const jobs = entries.map((entry, i) => ({ id: i + 1, file, request: { path: `archive.zip/${entry.path}`, entry } }));
    const records = await extract(jobs);
    const fits = records.get(1)!;
    expect(fits.format.id).toBe('fits');
    expect(statusOf(fits)).toBe('done');
    expect(fits.file.name).toBe('fits-basic.fits');
    expect(fits.file.path).toBe('archive.zip/data/fits-basic.fits');
    expect(fits.file.size).toBe(entries[0].size);
    expect(fits.file.lastModified).toBe(Date.parse('2024-02-29T23:59:58'));
    const jpeg = records.get(2)!;
    expect(jpeg.format.id).toBe('photo');
    expect(statusOf(jpeg)).toBe('done');
    expect(jpeg.stats.bytesRead).toBeLessThan(entries[1].compressedSize + 1024);
    // The 2 MiB noise entry is inflated only as far as sniffing asks (its head and a few probes up to 1 MiB).
    const noise = records.get(3)!;
    expect(noise.errors[0].code).toBe('unsupported-format');
    expect(noise.stats.bytesRead).toBeLessThan(entries[2].compressedSize * 0.6);
  });

  it('keeps an archive that cannot be listed as one zip record with its typed error', async () => {
    const good = zipBytes(basicEntries());
    // A local header at byte 0, the end of central directory record gone.
    const bad = archive(good.slice(0, good.length - 22), 'cut.zip');
    const record = (await extract([{ id: 1, file: bad, request: {} }])).get(1)!;
    expect(record.format.id).toBe('zip');
    expect(record.errors).toHaveLength(1);
    expect(record.errors[0].code).not.toBe('unsupported-format');
    expect(statusOf(record)).toBe('error');
  });

  it('leaves a file that is not a ZIP as it was', async () => {
    const record = (await extract([{ id: 1, file: archive(new Uint8Array(100).fill(7), 'x.bin'), request: {} }])).get(1)!;
    expect(record.format.id).toBe('unknown');
    expect(record.errors[0].code).toBe('unsupported-format');
  });
});

describe('worker Takeout JSON', () => {
  const json = (value: unknown, name: string) => new File([JSON.stringify(value)], name, { lastModified: 1_700_000_000_000 });
  it('makes a sidecar a takeout-sidecar record with its facts and an empty Describes, an album metadata.json a takeout-album record, other JSON unsupported', async () => {
    const records = await extract([
      { id: 1, file: json({ title: 'a.jpg', photoTakenTime: { timestamp: '1559383810', formatted: '' }, people: [{ name: 'Ana' }] }, 'a.jpg.json'), request: { path: 'Takeout/Photos/a.jpg.json' } },
      { id: 2, file: json({ title: 'Trip', date: { timestamp: '1559383810' } }, 'metadata.json'), request: { path: 'Takeout/Trip/metadata.json' } },
      { id: 3, file: json({ name: 'x' }, 'package.json'), request: {} },
    ]);
    const side = records.get(1)!;
    expect(side.format.id).toBe('takeout-sidecar');
    expect(side.errors).toEqual([]);
    expect(side.summary.find((f) => f.key === 'Describes')?.value).toEqual([]);
    expect(sidecarFactsOf(side.groups)).toMatchObject({ title: 'a.jpg', people: ['Ana'], photoTakenTime: { iso: '2019-06-01T10:10:10Z' } });
    const album = records.get(2)!;
    expect(album.format.id).toBe('takeout-album');
    expect(album.summary.find((f) => f.key === 'Album')?.value).toBe('Takeout/Trip');
    expect(records.get(3)!.errors.map((e) => e.code)).toEqual(['unsupported-format']);
  });
});

describe('worker tar archives', () => {
  it("reads a ZIP's JSON entries with its listing: their records as entries events (sidecars as takeout-sidecar), the rest left to entry jobs", async () => {
    const sidecar = new TextEncoder().encode(JSON.stringify({ title: 'IMG_1.jpg', photoTakenTime: { timestamp: '1559383810' }, people: [{ name: 'Ana' }] }));
    const bytes = zipBytes([
      ...basicEntries(),
      { name: 'Takeout/Google Photos/2019/IMG_1.jpg.json', data: sidecar, method: 8 },
      { name: 'Takeout/Google Photos/2019/notes.json', data: new TextEncoder().encode('[1, 2]'), method: 0 },
    ]);
    const events = await eventsOf({ id: 3, file: archive(bytes, 'takeout-001.zip'), request: { path: 'd/takeout-001.zip' } });
    const streamed = events.flatMap((e) => (e.type === 'entries' ? e.entries : []));
    expect(streamed.map((e) => e.path).sort()).toEqual(['Takeout/Google Photos/2019/IMG_1.jpg.json', 'Takeout/Google Photos/2019/notes.json']);
    const side = fromRecordText(streamed.find((e) => e.path.endsWith('IMG_1.jpg.json'))!.text);
    expect(side.format.id).toBe('takeout-sidecar');
    expect(side.file.path).toBe('d/takeout-001.zip/Takeout/Google Photos/2019/IMG_1.jpg.json');
    expect(sidecarFactsOf(side.groups)?.people).toEqual(['Ana']);
    // One archive read for its local header and data together (ZipEntrySource.prefetch).
    expect(side.stats.reads).toBe(1);
    expect(fromRecordText(streamed.find((e) => e.path.endsWith('notes.json'))!.text).errors[0].code).toBe('unsupported-format');
    const record = fromRecordText((events.at(-1) as Extract<WorkerEvent, { type: 'result' }>).text);
    expect(record.format.id).toBe('zip');
    expect(zipEntriesOf(record.groups)).toHaveLength(basicEntries().length + 2);
  });

  it('streams a .tgz no format claims: its entries’ records as entries events, then a tgz record listing every entry', async () => {
    const bytes = takeoutTgz();
    const file = new File([bytes as Uint8Array<ArrayBuffer>], 'takeout-001.tgz', { lastModified: 1_700_000_000_000 });
    const events = await eventsOf({ id: 7, file, request: { path: 'Takeout/takeout-001.tgz' } });
    const files = takeoutSpecs().filter((s) => (s.type ?? '0') === '0');
    const streamed = events.flatMap((e) => (e.type === 'entries' ? e.entries : []));
    expect(streamed.map((e) => [e.path, e.size])).toEqual(files.map((s) => [s.name, s.data!.length]));
    expect(streamed.map((e) => fromRecordText(e.text).file.path)).toEqual(files.map((s) => `Takeout/takeout-001.tgz/${s.name}`));
    // Streaming progress, over the file's bytes, before the result.
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.some((e) => e.streaming)).toBe(true);
    const last = events.at(-1)!;
    expect(last.type).toBe('result');
    const record = fromRecordText((last as Extract<WorkerEvent, { type: 'result' }>).text);
    expect(record.format).toEqual({ id: 'tgz', name: 'gzip-compressed tar archive' });
    expect(record.errors).toEqual([]);
    expect(record.stats.bytesRead).toBe(bytes.length);
    expect(tarEntriesOf(record.groups).map((e) => e.path)).toEqual(takeoutSpecs().map((s) => s.name));
    expect(record.summary.find((f) => f.key === 'Files')?.value).toBe(files.length);
  });

  it('reads a plain .tar by its ustar header, whatever its name', async () => {
    const file = new File([tarBytes(takeoutSpecs().slice(0, 5)) as Uint8Array<ArrayBuffer>], 'backup.bin');
    const record = (await extract([{ id: 1, file, request: {} }])).get(1)!;
    expect(record.format.id).toBe('tar');
    expect(tarEntriesOf(record.groups)).toHaveLength(5);
  });
});
