/**
 * Corpus facts of an HDF5 record (corpus README "hdf5"), read off the groups present.ts lays
 * out (also when they sit inside the "HDF5 storage" group of a NetCDF-4 record): superblock
 * offset/version, user block size, root attributes, group and dataset lists (alphabetical
 * depth-first, as walked), named datatypes, soft/external links and hard-link aliases.
 */
import type { Field, FieldGroup, MetadataRecord } from '../../extractors/types';

type Facts = Record<string, unknown>;

/** Arrays with more elements than this become {shape, dtype} (README). */
const ARRAY_FACT_MAX = 16;
const GROUP_LIST_MAX = 60;

function* allGroups(groups: FieldGroup[]): Generator<FieldGroup> {
  for (const g of groups) {
    yield g;
    if (g.children) yield* allGroups(g.children);
  }
}

function value(g: FieldGroup | undefined, key: string): unknown {
  return g?.fields.find((f) => f.key === key)?.value;
}

/** Splits an attribute comment `<dtype>[, shape [a, b]][, null dataspace]`. */
function parseComment(comment: string | undefined): { dtype: unknown; shape: number[] | null } {
  let text = (comment ?? '').replace(/; unreadable: .*$/, '');
  let shape: number[] | null = [];
  if (text.endsWith(', null dataspace')) {
    text = text.slice(0, -', null dataspace'.length);
    shape = null;
  } else {
    const m = /, shape \[([\d, ]*)\]$/.exec(text);
    if (m) {
      shape = m[1]
        .split(',')
        .map((s) => Number(s.trim()))
        .filter((n) => !Number.isNaN(n));
      text = text.slice(0, m.index);
    }
  }
  let dtype: unknown = text;
  if (text.startsWith('{')) {
    try {
      dtype = JSON.parse(text);
    } catch {
      // keep the text
    }
  }
  return { dtype, shape };
}

function attributeFact(f: Field): unknown {
  const { dtype, shape } = parseComment(f.comment);
  if (shape === null) return { empty: true, dtype };
  const count = shape.reduce((a, b) => a * b, 1);
  if (shape.length > 0 && count > ARRAY_FACT_MAX) return { shape, dtype };
  return f.value;
}

/** Maps an HDF5 record to the corpus `expected` facts (never re-reads the file). */
export function corpusFacts(record: MetadataRecord): Record<string, unknown> {
  const groups = [...allGroups(record.groups)];
  const file = groups.find((g) => g.id === 'hdf5:file');
  const facts: Facts = {
    superblock_offset: value(file, 'superblock_offset') ?? null,
    superblock_version: value(file, 'superblock_version') ?? null,
    userblock_size: value(file, 'userblock_size') ?? null,
  };
  const rootAttrs = groups.find((g) => g.id === 'hdf5:attributes:/');
  const root: Facts = {};
  for (const f of rootAttrs?.fields ?? []) root[f.key] = attributeFact(f);
  facts.root_attributes = root;

  const groupPaths = groups.filter((g) => g.id.startsWith('hdf5:group:') && g.id !== 'hdf5:group:/').map((g) => g.id.slice('hdf5:group:'.length));
  facts.group_count = groupPaths.length;
  facts.groups = groupPaths.slice(0, GROUP_LIST_MAX);

  const datasets = groups.filter((g) => g.id.startsWith('hdf5:dataset:'));
  facts.dataset_count = datasets.length;
  facts.datasets = datasets.map((g) => {
    const path = g.id.slice('hdf5:dataset:'.length);
    const d: Facts = {
      path,
      shape: value(g, 'shape'),
      dtype: value(g, 'dtype'),
      layout: value(g, 'layout'),
      chunks: value(g, 'chunks') ?? null,
      filters: value(g, 'filters') ?? [],
    };
    const maxshape = value(g, 'maxshape');
    if (Array.isArray(maxshape) && maxshape.includes(null)) d.maxshape = maxshape;
    const attrs = g.children?.find((c) => c.id === `hdf5:attributes:${path}`);
    if (attrs && attrs.fields.length > 0) d.attribute_names = attrs.fields.map((f) => f.key);
    const enc = value(g, 'str_encoding');
    if (enc !== undefined) d.str_encoding = enc;
    return d;
  });

  const named = groups.filter((g) => g.id.startsWith('hdf5:datatype:')).map((g) => g.id.slice('hdf5:datatype:'.length));
  if (named.length > 0) facts.named_datatypes = named;

  const links = groups.find((g) => g.id === 'hdf5:links')?.fields ?? [];
  const byKind = (label: string) => links.filter((f) => f.label === label);
  const soft = byKind('Soft link');
  if (soft.length) facts.soft_links = Object.fromEntries(soft.map((f) => [f.key, f.value]));
  const ext = byKind('External link');
  if (ext.length) facts.external_links = Object.fromEntries(ext.map((f) => [f.key, f.value]));
  const hard = byKind('Hard link (alias)');
  if (hard.length) facts.hard_link_aliases = Object.fromEntries(hard.map((f) => [f.key, f.value]));
  return facts;
}
