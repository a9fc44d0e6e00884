/**
 * ComfyUI's PNG text chunks: `prompt`, the executed node graph in ComfyUI's API format (an object
 * of node id → `{ class_type, inputs }`, an input either a value or a link `[node id, output
 * slot]`), and `workflow`, the editor's layout (`{ nodes: [...], links: [...] }`). The sampler
 * nodes (KSampler, KSamplerAdvanced, SamplerCustom… : any node with `positive` and `negative`
 * links) give the settings; their prompt text is traced back through the links (through
 * ConditioningCombine, ConditioningSetArea, ControlNet and other intermediate nodes) to the text
 * encoders' `text` inputs (CLIPTextEncode; `text_g`/`text_l` of CLIPTextEncodeSDXL); the model
 * is the checkpoint loader reached from the sampler's `model` link, through the LoRA loaders.
 * An image with a `workflow` alone gives the workflow's node count and node types.
 */
import type { FieldValue } from '../../types';
import { toFieldValue } from '../../fields';
import { emptyGeneration, lora, parseJsonObject, sizeOf, toNumber, toSeed, toText, type Generation, type GraphSummary, type RawText } from './model';

interface Node {
  class_type: string;
  inputs: Record<string, unknown>;
}
type Graph = Map<string, Node>;

/** Sampler inputs kept as its settings (scalars only; links are followed, not kept). */
const SAMPLER_KEYS = ['seed', 'noise_seed', 'steps', 'cfg', 'sampler_name', 'scheduler', 'denoise', 'start_at_step', 'end_at_step', 'add_noise'];
/** Loader inputs naming a model file, by kind. */
const LOADER_KEYS = ['ckpt_name', 'unet_name', 'lora_name', 'vae_name', 'model_name'] as const;
/** Text inputs of text encoders and string nodes. */
const TEXT_KEYS = ['text', 'text_g', 'text_l', 'string', 'value', 'prompt'];

/** The graph's nodes, or null when `prompt` is not a ComfyUI API graph. */
function comfyGraph(obj: Record<string, unknown>): Graph | null {
  const graph: Graph = new Map();
  for (const [id, v] of Object.entries(obj)) {
    if (!v || typeof v !== 'object') continue;
    const { class_type, inputs } = v as Record<string, unknown>;
    if (typeof class_type !== 'string') continue;
    graph.set(id, { class_type, inputs: inputs && typeof inputs === 'object' && !Array.isArray(inputs) ? (inputs as Record<string, unknown>) : {} });
  }
  return graph.size ? graph : null;
}

/** The node id a link input points to (`[id, slot]` with `id` a node of the graph), else undefined. */
function linkTarget(graph: Graph, v: unknown): string | undefined {
  if (!Array.isArray(v) || v.length !== 2 || typeof v[1] !== 'number') return undefined;
  const id = String(v[0]);
  return graph.has(id) ? id : undefined;
}

/**
 * The texts reached from `start` through links, depth first in input order: a node with a text
 * input gives that text (followed when it is a link) and is not walked further. Each node is
 * visited once, so cycles end.
 */
function traceText(graph: Graph, start: string | undefined): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string | undefined) => {
    if (id === undefined || seen.has(id)) return;
    seen.add(id);
    const node = graph.get(id)!;
    const textKeys = TEXT_KEYS.filter((k) => k in node.inputs);
    if (textKeys.length) {
      for (const k of textKeys) {
        const v = node.inputs[k];
        if (typeof v === 'string') {
          if (v.trim()) out.push(v.trim());
        } else visit(linkTarget(graph, v));
      }
      return;
    }
    for (const v of Object.values(node.inputs)) visit(linkTarget(graph, v));
  };
  visit(start);
  return out;
}

/** The first node reached from `start` (itself included) that `match`es, breadth first. */
function reach(graph: Graph, start: string | undefined, match: (n: Node) => boolean): { id: string; node: Node } | undefined {
  const queue = start === undefined ? [] : [start];
  const seen = new Set(queue);
  while (queue.length) {
    const id = queue.shift()!;
    const node = graph.get(id)!;
    if (match(node)) return { id, node };
    for (const v of Object.values(node.inputs)) {
      const next = linkTarget(graph, v);
      if (next !== undefined && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return undefined;
}

const isSampler = (n: Node) => 'positive' in n.inputs && 'negative' in n.inputs && SAMPLER_KEYS.some((k) => k in n.inputs);
const isCheckpoint = (n: Node) => typeof n.inputs.ckpt_name === 'string' || typeof n.inputs.unet_name === 'string';

/** The graph's summary: node count, class types, samplers with traced prompts, loaders. */
function summarizeGraph(graph: Graph, workflowNodes?: number): GraphSummary {
  const samplers: GraphSummary['samplers'] = [];
  const loaders: GraphSummary['loaders'] = [];
  for (const [id, node] of graph) {
    if (isSampler(node)) {
      const settings: Record<string, FieldValue> = {};
      for (const k of SAMPLER_KEYS) {
        const v = node.inputs[k];
        if (v !== undefined && linkTarget(graph, v) === undefined) settings[k] = toFieldValue(v);
      }
      const positive = traceText(graph, linkTarget(graph, node.inputs.positive)).join('\n');
      const negative = traceText(graph, linkTarget(graph, node.inputs.negative)).join('\n');
      samplers.push({ id, classType: node.class_type, settings, ...(positive ? { positive } : {}), ...(negative ? { negative } : {}) });
    }
    const key = LOADER_KEYS.find((k) => typeof node.inputs[k] === 'string');
    if (key) {
      loaders.push({ id, classType: node.class_type, ...lora(node.inputs[key] as string, toNumber(node.inputs.strength_model), toNumber(node.inputs.strength_clip)) });
    }
  }
  const classTypes = [...new Set([...graph.values()].map((n) => n.class_type))].sort();
  return { nodeCount: graph.size, classTypes, samplers, loaders, ...(workflowNodes !== undefined ? { workflowNodes } : {}) };
}

/** The nodes of a `workflow` JSON (its `nodes` array), when it is one. */
function workflowNodes(text: string | undefined, problems: string[]): unknown[] | undefined {
  if (text === undefined) return undefined;
  const wf = parseJsonObject(text, 'The ComfyUI workflow', problems);
  return wf && Array.isArray(wf.nodes) ? wf.nodes : undefined;
}

/** A graph summary from the workflow alone (no `prompt`): its nodes' count and `type`s. */
function workflowSummary(nodes: unknown[]): GraphSummary {
  const types = nodes.map((n) => (n && typeof n === 'object' ? (n as Record<string, unknown>).type : undefined)).filter((t): t is string => typeof t === 'string');
  return { nodeCount: nodes.length, classTypes: [...new Set(types)].sort(), samplers: [], loaders: [], workflowNodes: nodes.length };
}

/**
 * Parses ComfyUI's `prompt` (and `workflow`) texts. The first sampler node (in the graph's
 * order) gives the top-level settings and prompts. Never throws: malformed JSON leaves a note in
 * `problems` and the raw texts.
 */
export function parseComfyUI(prompt: string | undefined, workflow: string | undefined, raw: RawText[]): Generation {
  const g = emptyGeneration('ComfyUI', raw);
  const obj = prompt === undefined ? null : parseJsonObject(prompt, 'The ComfyUI prompt', g.problems);
  const graph = obj ? comfyGraph(obj) : null;
  const nodes = workflowNodes(workflow, g.problems);
  if (!graph) {
    if (obj) g.problems.push('The ComfyUI prompt holds no nodes with a class_type.');
    if (nodes) g.graph = workflowSummary(nodes);
    return g;
  }
  const summary = summarizeGraph(graph, nodes?.length);
  g.graph = summary;
  const first = summary.samplers[0];
  if (first) {
    const s = first.settings;
    g.prompt = first.positive;
    g.negativePrompt = first.negative;
    g.steps = toNumber(s.steps);
    g.cfgScale = toNumber(s.cfg);
    g.sampler = toText(s.sampler_name);
    g.scheduler = toText(s.scheduler);
    g.seed = toSeed(s.seed ?? s.noise_seed);
    g.denoise = toNumber(s.denoise);
    const sampler = graph.get(first.id)!;
    const ckpt = reach(graph, linkTarget(graph, sampler.inputs.model), isCheckpoint);
    if (ckpt) g.model = toText(ckpt.node.inputs.ckpt_name ?? ckpt.node.inputs.unet_name);
    const latent = reach(graph, linkTarget(graph, sampler.inputs.latent_image), (n) => toNumber(n.inputs.width) !== undefined && toNumber(n.inputs.height) !== undefined);
    if (latent) g.size = sizeOf(latent.node.inputs.width, latent.node.inputs.height);
  }
  if (!g.model) g.model = summary.loaders.find((l) => l.classType !== 'VAELoader' && !/lora/i.test(l.classType))?.name;
  g.vae = summary.loaders.find((l) => l.classType === 'VAELoader')?.name;
  g.loras = summary.loaders.filter((l) => /lora/i.test(l.classType)).map(({ name, weight, clipWeight }) => lora(name, weight, clipWeight));
  return g;
}
