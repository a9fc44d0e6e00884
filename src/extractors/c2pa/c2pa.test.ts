/**
 * Content Credentials on C2PA-signed fixtures (scripts/fixtures/c2pa.ts), read from files as the
 * CLI reads them: the ES256 test chain's root is the trust anchor here (setTrustAnchors), so
 * c2pa-valid.* are trusted, c2pa-untrusted.* (another root) are not, c2pa-tampered.* fail integrity.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { extractPath } from '../../node/extract-path';
import { FileHandleSource } from '../../node/file-handle-source';
import { extractRecord } from '../run';
import { fixtureFolder } from '../../../scripts/fixtures/fixture-folder';
import { FIXTURE_GENERATOR, FIXTURE_SIGNING_TIME, FIXTURE_SOURCE_TYPE, TEST_TRUST_ANCHOR, remoteManifestJpeg, writeC2paFixtures } from '../../../scripts/fixtures/c2pa';
import { findGroup } from '../fields';
import { statusOf } from '../status';
import { DEFAULT_OPTIONS, type Field, type MetadataRecord } from '../types';
import { BytesSource } from '../source/bytes-source';
import { readC2pa, setTrustAnchors } from './read';
import { loadC2pa } from './runtime';

const file = fixtureFolder('c2pa-fixtures-', writeC2paFixtures);

beforeAll(() => setTrustAnchors(TEST_TRUST_ANCHOR));
afterAll(() => setTrustAnchors(undefined));

const c2pa = (r: MetadataRecord) => findGroup(r.groups, 'c2pa');
const value = (fields: Field[] | undefined, key: string) => fields?.find((f) => f.key === key)?.value;
const fieldOf = (r: MetadataRecord, key: string) => c2pa(r)?.fields.find((f) => f.key === key);

describe('integrity and trust', () => {
  it.each([
    ['c2pa-valid.jpg', 'Valid, trusted', 'Hashes match', 'Signer on the trust list'],
    ['c2pa-untrusted.jpg', 'Valid, untrusted signer', 'Hashes match', 'Signer not trusted'],
    ['c2pa-tampered.jpg', 'Tampered', 'Failed', 'Signer on the trust list'],
    ['c2pa-valid.png', 'Valid, trusted', 'Hashes match', 'Signer on the trust list'],
    ['c2pa-untrusted.png', 'Valid, untrusted signer', 'Hashes match', 'Signer not trusted'],
    ['c2pa-tampered.png', 'Tampered', 'Failed', 'Signer on the trust list'],
    ['c2pa-valid.webp', 'Valid, trusted', 'Hashes match', 'Signer on the trust list'],
    ['c2pa-valid.heic', 'Valid, trusted', 'Hashes match', 'Signer on the trust list'],
    ['c2pa-valid.avif', 'Valid, trusted', 'Hashes match', 'Signer on the trust list'],
    ['c2pa-valid.mp4', 'Valid, trusted', 'Hashes match', 'Signer on the trust list'],
    // A store made for another file: it reads, and the data hash cannot match.
    ['c2pa-copied.pdf', 'Tampered', 'Failed', 'Signer on the trust list'],
  ])('%s: %s', async (name, status, integrity, trust) => {
    const r = await extractPath(file(name));
    expect(statusOf(r)).toBe('done');
    expect(r.warnings).toEqual([]);
    expect(value(r.summary, 'ContentCredentials')).toBe(status);
    expect(fieldOf(r, 'Integrity')?.value).toBe(integrity);
    expect(fieldOf(r, 'Trust')?.value).toBe(trust);
    if (integrity === 'Failed') expect(fieldOf(r, 'Integrity')?.comment).toBe('assertion.dataHash.mismatch');
    if (trust === 'Signer not trusted') expect(fieldOf(r, 'Trust')?.comment).toBe('signingCredential.untrusted');
  });

  it('c2pa-rs reads the whole file (its hashes cover it), outside the ByteSource, and the record counts it', async () => {
    const source = await FileHandleSource.open(file('c2pa-valid.jpg'));
    try {
      const r = await extractRecord({ source });
      expect(r.stats.bytesRead - source.bytesRead).toBe(r.file.size);
      expect(r.stats.reads - source.reads).toBe(1);
    } finally {
      await source.close();
    }
  });

  it('with the bundled C2PA trust list (the app’s), the test CA is not trusted', async () => {
    setTrustAnchors(undefined);
    try {
      const r = await extractPath(file('c2pa-valid.jpg'));
      expect(value(r.summary, 'ContentCredentials')).toBe('Valid, untrusted signer');
      expect(fieldOf(r, 'Trust')?.comment).toBe('signingCredential.untrusted');
    } finally {
      setTrustAnchors(TEST_TRUST_ANCHOR);
    }
  });
});

describe('the active manifest', () => {
  it('claim generator, signer, signing time, actions with their digitalSourceType, the store JSON', async () => {
    const r = await extractPath(file('c2pa-valid.jpg'));
    const g = c2pa(r)!;
    expect(g.label).toBe('Content Credentials');
    expect(value(r.summary, 'ClaimGenerator')).toBe(`${FIXTURE_GENERATOR.name} ${FIXTURE_GENERATOR.version}`);
    expect(value(r.summary, 'Signer')).toBe('C2PA Test Signing Cert');
    expect(value(g.fields, 'SignerCommonName')).toBe('C2PA Signer');
    expect(value(g.fields, 'SignatureAlgorithm')).toBe('Es256');
    // The time stamp's genTime (c2pa-rs writes it with an offset).
    expect(new Date(value(g.fields, 'SigningTime') as string).toISOString()).toBe(FIXTURE_SIGNING_TIME.toISOString());
    expect(value(g.fields, 'DigitalSourceType')).toEqual([FIXTURE_SOURCE_TYPE]);
    // The action's trained algorithmic media makes the file's source a generator (provenance/source.ts).
    expect(value(r.summary, 'SourceKind')).toBe('generator');
    expect(r.summary.find((f) => f.key === 'Source')?.comment).toMatch(/^Content Credentials \(Valid, trusted\) action: Trained algorithmic media/);
    expect(value(g.fields, 'Title')).toBe('c2pa-valid.jpg');
    expect(value(g.fields, 'FoundIn')).toMatch(/^APP11 JUMBF segment at offset \d+$/);
    const actions = findGroup(g.children!, 'c2pa-actions')!.children!;
    expect(actions.map((a) => [value(a.fields, 'action'), value(a.fields, 'digitalSourceType') ?? null])).toEqual([
      ['c2pa.created', FIXTURE_SOURCE_TYPE],
      ['c2pa.edited', null],
    ]);
    expect(value(actions[0].fields, 'softwareAgent')).toBe('Test Generator 2.1');
    const store = JSON.parse(value(findGroup(g.children!, 'c2pa-store')!.fields, 'ManifestStore') as string);
    expect(store.active_manifest).toBe(value(g.fields, 'ActiveManifest'));
    expect(Object.keys(store.manifests)).toHaveLength(3);
    // The rest of the photo record is kept.
    expect(findGroup(r.groups, 'exif')).toBeDefined();
  });

  it('ingredients as a tree: parent.jpg, and its own ingredient grandparent.jpg', async () => {
    const g = c2pa(await extractPath(file('c2pa-valid.jpg')))!;
    const [parent] = findGroup(g.children!, 'c2pa-ingredients')!.children!;
    expect(value(parent.fields, 'title')).toBe('parent.jpg');
    expect(value(parent.fields, 'relationship')).toBe('componentOf');
    // Signed with the Ed25519 chain, not under the anchor.
    expect(value(parent.fields, 'validationFailures')).toEqual(['signingCredential.untrusted']);
    expect(parent.children?.map((c) => value(c.fields, 'title'))).toEqual(['grandparent.jpg']);
    expect(parent.children![0].children).toBeUndefined();
  });
});

describe('bad input', () => {
  it('a garbled manifest store: a warning, the c2pa group says so, the rest of the record is kept', async () => {
    const r = await extractPath(file('c2pa-garbled.jpg'));
    expect(statusOf(r)).toBe('done');
    expect(r.warnings).toEqual([expect.stringMatching(/^The C2PA manifest store \(APP11 JUMBF segment at offset \d+\) could not be read: .*JumbfParseError/)]);
    expect(value(r.summary, 'ContentCredentials')).toBe('Unreadable');
    expect(fieldOf(r, 'ContentCredentials')?.comment).toMatch(/JumbfParseError/);
    expect(findGroup(r.groups, 'exif')).toBeDefined();
    expect(findGroup(r.groups, 'xmp')).toBeDefined();
  });
});

describe('privacy', () => {
  it('a remote manifest is never fetched (c2pa-wasm would, by default)', async () => {
    const url = 'http://127.0.0.1:9/remote.c2pa';
    const ctx = { options: DEFAULT_OPTIONS, warn: () => {} };
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('no network in tests'));
    try {
      const source = new BytesSource(remoteManifestJpeg(url), 'remote.jpg');
      const reading = await readC2pa(source, 'image/jpeg', ctx);
      expect(reading).toMatchObject({ error: expect.stringContaining(`RemoteManifestUrl("${url}")`) });
      expect(fetchSpy).not.toHaveBeenCalled();
      // The control: c2pa-wasm's own defaults fetch it.
      const runtime = await loadC2pa();
      await expect(runtime.readStore('image/jpeg', await runtime.fileOf(source, Infinity), '{}')).rejects.toMatch(/RemoteManifestFetch/);
      expect(fetchSpy).toHaveBeenCalledTimes(1);
    } finally {
      fetchSpy.mockRestore();
    }
  });
});
