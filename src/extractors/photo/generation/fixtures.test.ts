/**
 * Generation parameters, declared origin and source end to end (extractRecord over the generated
 * AI fixtures, scripts/fixtures/ai.ts), including the alpha-channel ("stealth") read and its bounds.
 */
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import type { Field, MetadataRecord } from '../../types';
import { findGroup } from '../../fields';
import { extractPath } from '../../../node/extract-path';
import { extractBytes } from '../../../testing/extract-bytes';
import { fixtureFolder } from '../../../../scripts/fixtures/fixture-folder';
import { A1111_TEXT, NOVELAI_STEALTH, stealthPng, stealthPngOfSize, writeFixtures } from '../../../../scripts/fixtures/ai';
import { utf8 } from '../../../../scripts/fixtures/photo';
import { SUMMARY_PROMPT_CHARS } from './present';

const file = fixtureFolder('ai-fixtures-', writeFixtures);
const run = (name: string) => extractPath(file(name));

function generation(r: MetadataRecord): Record<string, Field['value']> {
  return Object.fromEntries((findGroup(r.groups, 'generation')?.fields ?? []).map((f) => [f.key, f.value]));
}
const summary = (r: MetadataRecord, key: string) => r.summary.find((f) => f.key === key);

describe('stealth parameters in the alpha channel', () => {
  it('stealth_pngcomp: gzip’d NovelAI JSON, read column by column through all five filter types', async () => {
    const r = await run('ai-novelai-stealth.png');
    expect(r.warnings).toEqual([]);
    expect(generation(r)).toMatchObject({
      Generator: 'NovelAI',
      Prompt: 'a lighthouse at dusk',
      NegativePrompt: 'lowres, text',
      Steps: 28,
      Sampler: 'k_euler',
      Seed: 1234567890,
      CFGScale: 5,
      Size: '832x1216',
    });
    const rawText = findGroup(r.groups, 'generation-raw')!.fields[0];
    expect(rawText).toMatchObject({ key: 'stealth_pngcomp', comment: 'PNG alpha channel' });
    expect(JSON.parse(rawText.value as string)).toEqual(NOVELAI_STEALTH);
    expect(summary(r, 'Source')).toMatchObject({ value: 'NovelAI', comment: 'generation parameters (PNG alpha channel stealth_pngcomp)' });
  });
  it('stealth_pnginfo: plain A1111 text', async () => {
    const r = await run('ai-a1111-stealth.png');
    expect(findGroup(r.groups, 'generation-raw')!.fields[0].value).toBe(A1111_TEXT);
    expect(generation(r)).toMatchObject({ Generator: 'AUTOMATIC1111', Steps: 25, Seed: 42 });
  });
  it('in an image taller than the header (magic and length in column 0 alone)', async () => {
    const { r } = await extractBytes(stealthPngOfSize(200, 'stealth_pnginfo', utf8(A1111_TEXT)), 'tall.png');
    expect(r.warnings).toEqual([]);
    expect(findGroup(r.groups, 'generation-raw')?.fields[0].value).toBe(A1111_TEXT);
  });
  it('is not read where the PNG has text chunks, and finds nothing in plain alpha', async () => {
    for (const name of ['ai-stealth-with-text.png', 'ai-rgba-plain.png']) {
      const r = await run(name);
      expect(findGroup(r.groups, 'generation'), name).toBeUndefined();
      expect(r.warnings, name).toEqual([]);
    }
  });
  it('stops reading the image data once the magic is known to be absent', async () => {
    const { r, source } = await extractBytes(stealthPngOfSize(512, '', new Uint8Array(0)), 'big.png');
    expect(findGroup(r.groups, 'generation')).toBeUndefined();
    // The magic's first byte lies in the first 8 rows: the sniffing head and one 64 KiB slice of
    // the ~850 KB of image data are read, not the header's 152 rows (~260 KB) or the whole image.
    expect(source.bytesRead).toBeLessThan(source.size / 4);
  });
  it('is bounded by maxMetadataBytes', async () => {
    const bytes = stealthPng('stealth_pngcomp', new Uint8Array(gzipSync(utf8(JSON.stringify(NOVELAI_STEALTH)))));
    const within = await extractBytes(bytes, 'default-limit.png');
    expect(generation(within.r).Generator).toBe('NovelAI');
    const { r } = await extractBytes(bytes, 'small-limit.png', { maxMetadataBytes: 1024 });
    expect(findGroup(r.groups, 'generation')).toBeUndefined();
    expect(r.warnings).toEqual([]);
  });
  it('a declared length past the image, or data that is not gzip, gives a warning and no parameters', async () => {
    const long = await extractBytes(stealthPng('stealth_pnginfo', new Uint8Array(600).fill(0x41)), 'long.png');
    expect(long.r.warnings.join()).toMatch(/declares 600 bytes of data, more than the image holds/);
    const notGzip = await extractBytes(stealthPng('stealth_pngcomp', utf8('plain text, not gzip')), 'not-gzip.png');
    expect(notGzip.r.warnings.join()).toMatch(/not valid gzip data/);
    for (const { r } of [long, notGzip]) {
      expect(r.errors).toEqual([]);
      expect(findGroup(r.groups, 'generation')).toBeUndefined();
    }
  });
  it('damaged image data: no parameters, no error beyond the walk’s', async () => {
    const bytes = stealthPng('stealth_pngcomp', new Uint8Array(gzipSync(utf8('{}'))));
    const idat = bytes.findIndex((_, i) => bytes[i] === 0x49 && bytes[i + 1] === 0x44 && bytes[i + 2] === 0x41 && bytes[i + 3] === 0x54);
    bytes.fill(0xff, idat + 10, idat + 40);
    const { r } = await extractBytes(bytes, 'damaged.png');
    expect(r.errors).toEqual([]);
    expect(findGroup(r.groups, 'generation')).toBeUndefined();
  });
});

describe('EXIF UserComment in UTF-16', () => {
  it('reads either byte order whatever the TIFF byte order (as ExifTool guesses it), in JPEG and WebP', async () => {
    for (const name of ['ai-a1111-utf16be.jpg', 'ai-a1111-utf16le.jpg', 'ai-a1111.webp']) {
      const r = await run(name);
      expect(findGroup(r.groups, 'generation-raw')?.fields[0].value, name).toBe(A1111_TEXT);
      expect(generation(r), name).toMatchObject({
        Generator: 'AUTOMATIC1111',
        Prompt: 'a castle on a hill, <lora:detail_tweaker:0.6>',
        LoRAs: [{ name: 'detail_tweaker', weight: 0.6 }],
        Hires: { 'Hires upscale': '2' },
      });
    }
  });
});

describe('each generator’s layout', () => {
  it.each([
    ['ai-invokeai-dream.png', { Generator: 'InvokeAI', Prompt: 'a quiet harbor', NegativePrompt: 'boats, birds', Steps: 40, Seed: 1234 }],
    ['ai-invokeai-v3.png', { Generator: 'InvokeAI', Version: '3.6.0', Seed: 3141592653, Model: 'juggernaut_v9', LoRAs: [{ name: 'winter_style', weight: 0.75 }] }],
    ['ai-swarmui.png', { Generator: 'SwarmUI', Model: 'flux1-dev', CFGScale: 3.5, LoRAs: [{ name: 'film_grain', weight: 0.7 }] }],
    ['ai-swarmui.jpg', { Generator: 'SwarmUI', Prompt: 'a red bicycle', Size: '1024x768' }],
    ['ai-easydiffusion.png', { Generator: 'Easy Diffusion', Prompt: 'an old map', Model: 'sd-v1-5.safetensors', Steps: 35, CFGScale: 7, Size: '512x640' }],
    ['ai-drawthings.png', { Generator: 'Draw Things', Prompt: 'a koi pond <in> spring & rain', CFGScale: 4.5, Seed: 2718281828 }],
    ['ai-midjourney.png', { Generator: 'Midjourney', Prompt: 'a red fox in snow', Version: '6.1', DigitalSourceType: 'Trained algorithmic media' }],
  ])('%s', async (name, expected) => {
    const r = await run(name);
    expect(r.warnings).toEqual([]);
    expect(generation(r)).toMatchObject(expected);
    expect(summary(r, 'Generator')?.value).toBe(expected.Generator);
    expect(summary(r, 'SourceKind')?.value).toBe('generator');
  });
  it('keeps the raw texts and the settings as written', async () => {
    const r = await run('ai-midjourney.png');
    expect(findGroup(r.groups, 'generation-settings')!.fields.find((f) => f.key === 'Job ID')?.value).toBe('0f5a7c2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b');
    expect(findGroup(r.groups, 'generation-raw')!.fields.map((f) => f.key)).toEqual(['Description', 'Author']);
  });
  it('cuts a long prompt in the summary only', async () => {
    const long = `${'a very long prompt, '.repeat(12)}end`;
    const { r } = await extractBytes(stealthPng('stealth_pnginfo', utf8(`${long}\nSteps: 1, Sampler: x`)), 'long-prompt.png');
    expect(generation(r).Prompt).toBe(long);
    const s = summary(r, 'Prompt')!.value as string;
    expect(s).toHaveLength(SUMMARY_PROMPT_CHARS);
    expect(s.endsWith('…')).toBe(true);
  });
});

describe('declared origin and source', () => {
  it('an XMP DigitalSourceType alone: the term name, the URI kept, a generator source', async () => {
    const r = await run('ai-dst.jpg');
    expect(summary(r, 'DigitalSourceType')).toMatchObject({ value: 'Trained algorithmic media', raw: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia' });
    expect(summary(r, 'Source')?.value).toBe('Trained algorithmic media');
    expect(findGroup(r.groups, 'provenance')!.fields.map((f) => [f.key, f.value])).toEqual([
      ['SourceKind', 'generator'],
      ['Source', 'Trained algorithmic media'],
      ['Evidence', ['IPTC DigitalSourceType: Trained algorithmic media (http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia)']],
      ['DigitalSourceType', 'Trained algorithmic media'],
    ]);
  });
  it.each([
    ['ai-phone.jpg', 'phone', 'Apple iPhone 13'],
    ['ai-screenshot.png', 'screenshot', 'Screenshot'],
    ['ai-screenshot-macos.png', 'screenshot', 'Screenshot'],
  ])('%s is a %s', async (name, kind, source) => {
    const r = await run(name);
    expect(summary(r, 'SourceKind')?.value).toBe(kind);
    expect(summary(r, 'Source')?.value).toBe(source);
  });
});
