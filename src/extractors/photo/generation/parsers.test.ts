/** Each generator parser on its own texts (layouts as sd-parsers and SD Prompt Reader read them), and on malformed ones. */
import { describe, expect, it } from 'vitest';
import { parseA1111, settingsPairs } from './a1111';
import { parseComfyUI } from './comfyui';
import { parseNovelAI } from './novelai';
import { parseInvokeAI, splitBracketPrompt } from './invokeai';
import { parseFooocus } from './fooocus';
import { parseSwarmUI } from './swarmui';
import { parseEasyDiffusion } from './easydiffusion';
import { parseDrawThings } from './drawthings';
import { parseMidjourney } from './midjourney';
import { digitalSourceType } from './origin';
import { findGeneration } from './dispatch';
import { parseJson } from './model';

const raw = (key: string, text: string) => [{ key, text, where: 'test' }];

describe('AUTOMATIC1111 / Forge text', () => {
  const text =
    'a cat, <lora:fluffy:0.8>, <lyco:paws>\nsecond line\nNegative prompt: dog\nugly\nSteps: 30, Sampler: Euler a, Schedule type: Karras, CFG scale: 7.5, Seed: 18446744073709551615, Size: 512x768, Model hash: abc123, Model: dream, VAE: kl-f8, Denoising strength: 0.35, Hires upscale: 1.5, Hires steps: 10, Hires upscaler: 4x-UltraSharp, TI hashes: "easyneg: 1234, badhands: 99", Template: "a, b: c", Version: f2.0.1v1.10.1';
  it('splits prompt, negative prompt and the settings line (quoted values with commas kept whole)', () => {
    const g = parseA1111(text, raw('parameters', text));
    expect(g).toMatchObject({
      generator: 'Forge',
      prompt: 'a cat, <lora:fluffy:0.8>, <lyco:paws>\nsecond line',
      negativePrompt: 'dog\nugly',
      steps: 30,
      sampler: 'Euler a',
      scheduler: 'Karras',
      cfgScale: 7.5,
    });
    expect(g).toMatchObject({ seed: '18446744073709551615', size: '512x768', model: 'dream', modelHash: 'abc123', vae: 'kl-f8', denoise: 0.35, version: 'f2.0.1v1.10.1' });
    expect(g.loras).toEqual([{ name: 'fluffy', weight: 0.8 }, { name: 'paws' }]);
    expect(g.embeddings).toEqual(['easyneg', 'badhands']);
    expect(g.hires).toEqual({ 'Hires upscale': '1.5', 'Hires steps': '10', 'Hires upscaler': '4x-UltraSharp' });
    expect(g.settings.Template).toBe('a, b: c');
    expect(g.problems).toEqual([]);
  });
  it('without a settings line keeps the prompt and says so', () => {
    const g = parseA1111('just a prompt\nNegative prompt: x', []);
    expect(g).toMatchObject({ prompt: 'just a prompt', negativePrompt: 'x' });
    expect(g.steps).toBeUndefined();
    expect(g.problems[0]).toMatch(/no settings line/);
  });
  it('an unterminated quoted value is kept as written', () => {
    expect(settingsPairs('Steps: 5, Lora hashes: "a: 1, Seed: 3')).toMatchObject({ Steps: '5' });
  });
});

const COMFY_PROMPT = JSON.stringify({
  '1': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'base.safetensors' } },
  '2': { class_type: 'LoraLoader', inputs: { lora_name: 'style.safetensors', strength_model: 0.8, strength_clip: 0.6, model: ['1', 0], clip: ['1', 1] } },
  '3': { class_type: 'PrimitiveNode', inputs: { value: 'a lighthouse' } },
  '4': { class_type: 'CLIPTextEncode', inputs: { text: ['3', 0], clip: ['2', 1] } },
  '5': { class_type: 'CLIPTextEncode', inputs: { text: 'blurry', clip: ['2', 1] } },
  '6': { class_type: 'ConditioningSetArea', inputs: { conditioning: ['4', 0], width: 64, height: 64 } },
  '7': { class_type: 'EmptyLatentImage', inputs: { width: 832, height: 1216, batch_size: 1 } },
  '8': {
    class_type: 'KSampler',
    inputs: { seed: 7, steps: 20, cfg: 6, sampler_name: 'euler', scheduler: 'normal', denoise: 1, model: ['2', 0], positive: ['6', 0], negative: ['5', 0], latent_image: ['7', 0] },
  },
  '9': { class_type: 'ConditioningCombine', inputs: { conditioning_1: ['9', 0], conditioning_2: ['5', 0] } },
});

describe('ComfyUI graph', () => {
  it('traces the sampler prompts through links and intermediate nodes to the text, and the model through the LoRA loader', () => {
    const g = parseComfyUI(COMFY_PROMPT, JSON.stringify({ nodes: [{}, {}, {}] }), []);
    expect(g).toMatchObject({
      prompt: 'a lighthouse',
      negativePrompt: 'blurry',
      steps: 20,
      cfgScale: 6,
      sampler: 'euler',
      scheduler: 'normal',
      seed: 7,
      denoise: 1,
      size: '832x1216',
      model: 'base.safetensors',
    });
    expect(g.loras).toEqual([{ name: 'style.safetensors', weight: 0.8, clipWeight: 0.6 }]);
    expect(g.graph).toMatchObject({ nodeCount: 9, workflowNodes: 3 });
    expect(g.graph!.classTypes).toEqual(['CLIPTextEncode', 'CheckpointLoaderSimple', 'ConditioningCombine', 'ConditioningSetArea', 'EmptyLatentImage', 'KSampler', 'LoraLoader', 'PrimitiveNode']);
    expect(g.graph!.samplers).toEqual([
      { id: '8', classType: 'KSampler', settings: { seed: 7, steps: 20, cfg: 6, sampler_name: 'euler', scheduler: 'normal', denoise: 1 }, positive: 'a lighthouse', negative: 'blurry' },
    ]);
  });
  it('a workflow alone gives its node count and types', () => {
    const g = parseComfyUI(undefined, JSON.stringify({ nodes: [{ type: 'KSampler' }, { type: 'CLIPTextEncode' }, { type: 'KSampler' }, 4] }), []);
    expect(g.graph).toEqual({ nodeCount: 4, classTypes: ['CLIPTextEncode', 'KSampler'], samplers: [], loaders: [], workflowNodes: 4 });
  });
  it('malformed JSON keeps the raw text and a note; a graph without class types says so', () => {
    const bad = parseComfyUI('{"1": {', '{nope', raw('prompt', '{"1": {'));
    expect(bad.graph).toBeUndefined();
    expect(bad.raw[0].text).toBe('{"1": {');
    expect(bad.problems).toHaveLength(2);
    expect(parseComfyUI('{"1": 5}', undefined, []).problems[0]).toMatch(/no nodes/);
    expect(parseComfyUI('[1, 2]', undefined, []).problems[0]).toMatch(/not an object/);
  });
});

describe('NovelAI', () => {
  it('reads Description, Source and the Comment JSON', () => {
    const g = parseNovelAI(
      { Description: 'a cat', Source: 'Stable Diffusion 1D44365E', Comment: '{"steps": 50, "sampler": "k_euler_ancestral", "seed": 2253955223, "scale": 10.0, "uc": "lowres", "strength": 0.4}' },
      [],
    );
    expect(g).toMatchObject({ prompt: 'a cat', model: 'Stable Diffusion 1D44365E', steps: 50, sampler: 'k_euler_ancestral', seed: 2253955223, cfgScale: 10, negativePrompt: 'lowres', denoise: 0.4 });
  });
  it('a Comment that is not JSON leaves the prompt and a note', () => {
    const g = parseNovelAI({ Description: 'a cat', Comment: 'steps=50' }, []);
    expect(g.prompt).toBe('a cat');
    expect(g.problems[0]).toMatch(/not valid JSON/);
  });
});

describe('InvokeAI', () => {
  it('v1 Dream: the quoted prompt with [negative] and the switches', () => {
    const g = parseInvokeAI({ Dream: '"a boat [fog, rain]" -s 50 -S 2980747362 -W 512 -H 768 -C 5 -A k_lms -G 0.9' }, []);
    expect(g).toMatchObject({ prompt: 'a boat', negativePrompt: 'fog, rain', steps: 50, seed: 2980747362, size: '512x768', cfgScale: 5, sampler: 'k_lms' });
    expect(parseInvokeAI({ Dream: 'no quotes -s 5' }, []).problems[0]).toMatch(/no quoted prompt/);
  });
  it('v2 sd-metadata wins over Dream; v3 invokeai_metadata with LoRAs', () => {
    const v2 = parseInvokeAI(
      { Dream: '"x" -s 1', 'sd-metadata': '{"model_weights": "m", "app_version": "2.3.0", "image": {"prompt": [{"prompt": "p [n]"}], "steps": 9, "seed": 3, "width": 8, "height": 16}}' },
      [],
    );
    expect(v2).toMatchObject({ prompt: 'p', negativePrompt: 'n', steps: 9, seed: 3, size: '8x16', model: 'm', version: '2.3.0' });
    const v3 = parseInvokeAI({ invokeai_metadata: '{"positive_prompt": "p", "model": {"name": "m3", "hash": "h"}, "loras": [{"model": {"name": "l"}, "weight": 0.5}, 7], "hrf_enabled": true}' }, []);
    expect(v3).toMatchObject({ prompt: 'p', model: 'm3', modelHash: 'h', loras: [{ name: 'l', weight: 0.5 }], hires: { hrf_enabled: true } });
  });
  it('a broken sd-metadata falls back to Dream', () => {
    const g = parseInvokeAI({ Dream: '"x" -s 1', 'sd-metadata': '{' }, []);
    expect(g).toMatchObject({ prompt: 'x', steps: 1 });
    expect(g.problems[0]).toMatch(/sd-metadata is not valid JSON/);
  });
  it('splits only a trailing bracket', () => {
    expect(splitBracketPrompt('a [b] c')).toEqual({ positive: 'a [b] c' });
  });
});

describe('Fooocus, SwarmUI, Easy Diffusion, Draw Things, Midjourney', () => {
  it('Fooocus: resolution, guidance scale, LoRAs, a seed past 2^53 kept exact', () => {
    const o = parseJson(
      '{"prompt": "p", "seed": 6952411511246973023, "guidance_scale": 4, "resolution": "(768, 1280)", "loras": [["detail.safetensors", 0.5], ["bad"]], "base_model": "jug", "version": "Fooocus v2.4.3"}',
    ) as Record<string, unknown>;
    const g = parseFooocus(o, []);
    expect(g).toMatchObject({
      seed: '6952411511246973023',
      cfgScale: 4,
      size: '768x1280',
      model: 'jug',
      version: 'Fooocus v2.4.3',
      loras: [{ name: 'detail.safetensors', weight: 0.5 }, { name: 'bad' }],
    });
    expect(parseFooocus({ resolution: [640, 480], cfg: 3 }, [])).toMatchObject({ size: '640x480', cfgScale: 3 });
  });
  it('SwarmUI: LoRAs with their weights', () => {
    const g = parseSwarmUI({ prompt: 'p', negativeprompt: 'n', loras: ['a', 'b', 3], loraweights: ['0.5'], comfyuisampler: 'dpmpp', width: 2, height: 3 }, []);
    expect(g).toMatchObject({ prompt: 'p', negativePrompt: 'n', sampler: 'dpmpp', size: '2x3', loras: [{ name: 'a', weight: 0.5 }, { name: 'b' }] });
  });
  it('Easy Diffusion: both key spellings, model paths cut to the file name', () => {
    expect(parseEasyDiffusion({ Prompt: 'p', 'Stable Diffusion model': '/m/x.ckpt', Steps: 5, Width: 4, Height: 4 }, [])).toMatchObject({ prompt: 'p', model: 'x.ckpt', steps: 5, size: '4x4' });
    expect(parseEasyDiffusion({ prompt: 'p', use_stable_diffusion_model: 'C:\\a\\b.safetensors', guidance_scale: '7.5' }, [])).toMatchObject({ model: 'b.safetensors', cfgScale: 7.5 });
  });
  it('Draw Things: c/uc/scale and LoRA files', () => {
    expect(parseDrawThings({ c: 'p', uc: 'n', scale: 4, size: '64x64', lora: [{ file: 'l.ckpt', weight: 1 }, null] }, [])).toMatchObject({
      prompt: 'p',
      negativePrompt: 'n',
      cfgScale: 4,
      size: '64x64',
      loras: [{ name: 'l.ckpt', weight: 1 }],
    });
  });
  it('Midjourney: prompt, switches, job id, version', () => {
    const g = parseMidjourney('a fox --ar 16:9 --niji 6 --tile --seed 99 Job ID: 0f5a7c2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b', 'me', []);
    expect(g).toMatchObject({ prompt: 'a fox', seed: 99, version: 'niji 6' });
    expect(g.settings).toEqual({ ar: '16:9', niji: '6', tile: true, seed: '99', 'Job ID': '0f5a7c2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b', Author: 'me' });
  });
});

describe('IPTC Digital Source Type', () => {
  it('names the NewsCodes term and keeps the URI', () => {
    expect(digitalSourceType('http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia')).toEqual({
      term: 'trainedAlgorithmicMedia',
      name: 'Trained algorithmic media',
      uri: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    });
    expect(digitalSourceType('https://example.org/x/madeUpTerm')).toMatchObject({ term: 'madeUpTerm', name: 'madeUpTerm' });
    expect(digitalSourceType('  ')).toBeUndefined();
    expect(digitalSourceType(5)).toBeUndefined();
  });
});

describe('dispatch', () => {
  const t = (key: string, text: string) => ({ key, text, where: 'PNG tEXt' });
  it('picks the generator by the layout, not by a name', () => {
    expect(findGeneration({ texts: [t('parameters', '{"sui_image_params": {"prompt": "p"}}')] })?.generator).toBe('SwarmUI');
    expect(findGeneration({ texts: [t('parameters', '{"prompt": "p"}'), t('fooocus_scheme', 'fooocus')] })?.generator).toBe('Fooocus');
    expect(findGeneration({ texts: [t('parameters', 'p\nSteps: 1, Sampler: a'), t('prompt', COMFY_PROMPT)] })).toMatchObject({ generator: 'ComfyUI', steps: 1, graph: { nodeCount: 9 } });
    expect(findGeneration({ texts: [t('prompt', 'an old map'), t('negative_prompt', 'x')] })?.generator).toBe('Easy Diffusion');
    expect(findGeneration({ texts: [t('Comment', '{"prompt": "p", "base_model": "m", "performance": "Speed"}')] })?.generator).toBe('Fooocus');
    expect(findGeneration({ texts: [], userComment: '{"prompt": "p", "negative_prompt": "n"}' })?.generator).toBe('Easy Diffusion');
    expect(findGeneration({ texts: [], exifModel: '{"sui_image_params": {"seed": 5}}' })).toMatchObject({ generator: 'SwarmUI', seed: 5 });
    expect(findGeneration({ texts: [], xmpDescription: 'a cat Job ID: 0f5a7c2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b' })?.generator).toBe('Midjourney');
    expect(findGeneration({ texts: [], stealth: t('stealth_pngcomp', '{"Description": "d", "Comment": "{}"}') })).toMatchObject({ generator: 'NovelAI', prompt: 'd' });
  });
  it('ignores texts no generator wrote', () => {
    expect(findGeneration({ texts: [t('Software', 'GIMP'), t('Comment', 'hello')], userComment: 'Screenshot', xmpUserComment: '{"x": 1}' })).toBeNull();
  });
  it('never throws: malformed parameters give the generator, the raw text and a note', () => {
    const g = findGeneration({ texts: [t('prompt', '{"3": {"class_type": 5'), t('workflow', '[')] });
    expect(g).toMatchObject({ generator: 'ComfyUI', raw: [{ key: 'prompt' }, { key: 'workflow' }] });
    expect(g!.problems.length).toBeGreaterThan(0);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(findGeneration({ texts: [t('invokeai_metadata', deep)] })?.problems[0]).toMatch(/not an object|not valid JSON/);
  });
});
