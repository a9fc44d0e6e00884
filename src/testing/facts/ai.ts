/**
 * Corpus facts for AI-generated images (corpus README "ai"), read off the photo record: the
 * summary's media type and size, the PNG text chunks group (chunk type from each field's comment,
 * in file order), and the `generation` group (photo/generation/present.ts): its Generator as the
 * corpus's lower-case id, and the facts the corpus keeps per generator: A1111 and NovelAI
 * `params` from the parsed fields, Fooocus `params` from its settings as written, ComfyUI's node
 * count and class types, InvokeAI's text keys.
 */
import type { FieldGroup, FieldValue, MetadataRecord } from '../../extractors/types';
import { findGroup } from '../../extractors/fields';
import { summaryReader } from './summary';

/** A field's value in a group, or null. */
function value(group: FieldGroup | undefined, key: string): FieldValue {
  return group?.fields.find((f) => f.key === key)?.value ?? null;
}

/** The corpus `params` keys of a generator, each with the generation field (or setting) it is read from. */
const PARAMS: Record<string, { from: 'parsed' | 'settings'; keys: Record<string, string> }> = {
  automatic1111: {
    from: 'parsed',
    keys: {
      prompt: 'Prompt',
      negative_prompt: 'NegativePrompt',
      steps: 'Steps',
      sampler: 'Sampler',
      cfg_scale: 'CFGScale',
      seed: 'Seed',
      size: 'Size',
      model: 'Model',
      model_hash: 'ModelHash',
    },
  },
  novelai: { from: 'parsed', keys: { prompt: 'Prompt', negative_prompt: 'NegativePrompt', steps: 'Steps', sampler: 'Sampler', cfg_scale: 'CFGScale', seed: 'Seed' } },
  fooocus: {
    from: 'settings',
    keys: { prompt: 'prompt', negative_prompt: 'negative_prompt', steps: 'steps', seed: 'seed', sampler: 'sampler', base_model: 'base_model', resolution: 'resolution' },
  },
};

/** The corpus `expected` facts of an AI image's record. */
export function corpusFacts(record: MetadataRecord): Record<string, unknown> {
  const { val } = summaryReader(record);
  const mime = val('MIMEType');
  const facts: Record<string, unknown> = {
    image_format: typeof mime === 'string' ? mime.replace(/^image\//, '').toUpperCase() : null,
    width: val('ImageWidth'),
    height: val('ImageHeight'),
  };
  const text = findGroup(record.groups, 'png-text');
  if (mime === 'image/png') facts.text_chunks = (text?.fields ?? []).map((f) => [f.comment?.slice(0, 4) ?? null, f.key]);
  const generation = findGroup(record.groups, 'generation');
  const name = value(generation, 'Generator');
  const id = typeof name === 'string' ? name.toLowerCase().replace(/[^a-z0-9]/g, '') : null;
  facts.generator = id;
  const spec = id ? PARAMS[id] : undefined;
  if (spec) {
    const from = spec.from === 'parsed' ? generation : findGroup(record.groups, 'generation-settings');
    facts.params = Object.fromEntries(Object.entries(spec.keys).map(([fact, key]) => [fact, value(from, key)]));
  }
  if (id === 'comfyui') {
    const graph = findGroup(record.groups, 'generation-graph');
    facts.comfyui_prompt_nodes = value(graph, 'NodeCount');
    facts.comfyui_class_types = value(graph, 'ClassTypes');
  }
  if (id === 'invokeai') facts.invokeai_keys = (findGroup(record.groups, 'generation-raw')?.fields ?? []).map((f) => f.key);
  return facts;
}
