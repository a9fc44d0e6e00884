/**
 * The photo record's `generation` group ("AI generation") and its summary fields, from the parsed
 * generation parameters (dispatch.ts) and the declared Digital Source Type (origin.ts). Keys:
 * Generator, Version, Prompt, NegativePrompt, Steps, Sampler, Scheduler, CFGScale, Seed, Size,
 * Model, ModelHash, VAE, DenoisingStrength, LoRAs ({name, weight, clipWeight}), Embeddings,
 * Hires, DigitalSourceType (term name, URI in `raw`); children: the settings as written, the
 * ComfyUI graph (samplers, loaders), and the raw texts.
 */
import type { Field, FieldGroup } from '../../types';
import { makeField } from '../../fields';
import type { Generation } from './model';
import type { DigitalSourceType } from './origin';

/** Summary prompts longer than this are cut (the whole text is in the group). */
export const SUMMARY_PROMPT_CHARS = 200;

/** `text` cut to `max` characters with an ellipsis. */
function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** Where the parameters were found: "PNG tEXt parameters", "EXIF UserComment"… */
function foundIn(g: Generation): string {
  return g.raw.map((r) => `${r.where} ${r.key}`).join(', ');
}

/** The `generation` group; null when there is neither a generation nor a Digital Source Type. */
export function generationGroup(g: Generation | null, dst: DigitalSourceType | undefined, maxItems: number): FieldGroup | null {
  if (!g && !dst) return null;
  const fields: Field[] = [];
  const add = (key: string, value: unknown, extra: Omit<Field, 'key' | 'value'>) => {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return;
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return;
    fields.push(makeField(key, value, extra, maxItems));
  };
  const children: FieldGroup[] = [];
  if (g) {
    add('Generator', g.generator, { label: 'Generator', comment: foundIn(g) });
    add('Version', g.version, { label: 'Version' });
    add('Prompt', g.prompt, { label: 'Prompt' });
    add('NegativePrompt', g.negativePrompt, { label: 'Negative prompt' });
    add('Steps', g.steps, { label: 'Steps' });
    add('Sampler', g.sampler, { label: 'Sampler' });
    add('Scheduler', g.scheduler, { label: 'Scheduler' });
    add('CFGScale', g.cfgScale, { label: 'CFG scale' });
    add('Seed', g.seed, { label: 'Seed' });
    add('Size', g.size, { label: 'Size', unit: 'px' });
    add('Model', g.model, { label: 'Model' });
    add('ModelHash', g.modelHash, { label: 'Model hash' });
    add('VAE', g.vae, { label: 'VAE' });
    add('DenoisingStrength', g.denoise, { label: 'Denoising strength' });
    add('LoRAs', g.loras, { label: 'LoRAs' });
    add('Embeddings', g.embeddings, { label: 'Embeddings' });
    add('Hires', g.hires, { label: 'Hires fix / upscale' });
    const settings = Object.entries(g.settings).map(([k, v]) => makeField(k, v, {}, maxItems));
    if (settings.length) children.push({ id: 'generation-settings', label: 'Settings as written', fields: settings });
    if (g.graph) children.push(graphGroup(g, maxItems));
    children.push({ id: 'generation-raw', label: 'Raw text', fields: g.raw.map((r) => makeField(r.key, r.text, { comment: r.where })) });
  }
  if (dst) add('DigitalSourceType', dst.name, { label: 'Digital source type', raw: dst.uri, comment: 'XMP-iptcExt:DigitalSourceType' });
  return { id: 'generation', label: 'AI generation', fields, ...(children.length ? { children } : {}) };
}

/** The ComfyUI graph: node count, class types, each sampler's settings and prompts, the loaders. */
function graphGroup(g: Generation, maxItems: number): FieldGroup {
  const graph = g.graph!;
  const fields = [makeField('NodeCount', graph.nodeCount, { label: 'Nodes' }), makeField('ClassTypes', graph.classTypes, { label: 'Class types' }, maxItems)];
  if (graph.workflowNodes !== undefined) fields.push(makeField('WorkflowNodes', graph.workflowNodes, { label: 'Workflow nodes' }));
  const children: FieldGroup[] = graph.samplers.map((s) => ({
    id: `generation-sampler-${s.id}`,
    label: `${s.classType} (node ${s.id})`,
    fields: [
      ...Object.entries(s.settings).map(([k, v]) => makeField(k, v)),
      ...(s.positive !== undefined ? [makeField('positive', s.positive, { label: 'Positive prompt', comment: 'traced to the text encoders' })] : []),
      ...(s.negative !== undefined ? [makeField('negative', s.negative, { label: 'Negative prompt', comment: 'traced to the text encoders' })] : []),
    ],
  }));
  if (graph.loaders.length) {
    children.push({
      id: 'generation-loaders',
      label: 'Loaders',
      fields: graph.loaders.map((l) =>
        makeField(l.classType, l.name, {
          comment: [`node ${l.id}`, l.weight !== undefined && `strength_model ${l.weight}`, l.clipWeight !== undefined && `strength_clip ${l.clipWeight}`].filter(Boolean).join(', '),
        }),
      ),
    });
  }
  return { id: 'generation-graph', label: 'ComfyUI graph', fields, children };
}

/** Summary fields: Generator, Prompt (cut to SUMMARY_PROMPT_CHARS), DigitalSourceType. */
export function generationSummary(g: Generation | null, dst: DigitalSourceType | undefined): Field[] {
  const out: Field[] = [];
  if (g) {
    out.push(makeField('Generator', g.generator, { label: 'Generator', comment: foundIn(g) }));
    if (g.prompt) out.push(makeField('Prompt', shorten(g.prompt, SUMMARY_PROMPT_CHARS), { label: 'Prompt' }));
  }
  if (dst) out.push(makeField('DigitalSourceType', dst.name, { label: 'Digital source type', raw: dst.uri }));
  return out;
}
