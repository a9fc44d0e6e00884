/**
 * Corpus facts of a NetCDF record (classic or NetCDF-4), read off the record's groups as
 * present.ts lays them out, normalized as the corpus README "netcdf" section says:
 * `kind`, `data_model`, `dimensions` {name: {size, unlimited}}, `variables`
 * {name: {dims, type, shape}}, `global_attributes` {name: value}, and NetCDF-4 `groups`
 * {name: {dimensions, variables, attributes, groups?}} (a `groups` key only when there are some).
 */
import type { Field, FieldGroup, MetadataRecord } from '../../extractors/types';
import { sectionId, UNLIMITED } from '../../extractors/netcdf/present';

type Facts = Record<string, unknown>;

/** Attributes netCDF-C hides from nc_inq_natts (so netCDF4-python never lists them). */
const HIDDEN_ATTRIBUTES = new Set(['_NCProperties', '_IsNetcdf4', '_SuperblockVersion', '_Format', '_Netcdf4Coordinates', '_Netcdf4Dimid', '_nc3_strict']);

/** Arrays longer than this are summarized (README: "an array of more than 16 elements is summarized"). */
const ARRAY_SUMMARY_OVER = 16;

const NON_FINITE: Record<string, string> = { Infinity: 'inf', '-Infinity': '-inf', NaN: 'nan' };

function numberOf(v: unknown, type: string | undefined): unknown {
  if (typeof v !== 'string') return v;
  if ((type === 'float' || type === 'double') && v in NON_FINITE) return NON_FINITE[v];
  return v;
}

/** An attribute field's value in corpus form. */
function attributeFact(f: Field): unknown {
  const type = f.comment;
  if (Array.isArray(f.value)) {
    const values = f.value.map((x) => numberOf(x, type));
    const length = f.total ?? values.length;
    if (length > ARRAY_SUMMARY_OVER) return { length, first: values.slice(0, ARRAY_SUMMARY_OVER) };
    return values;
  }
  return numberOf(f.value, type);
}

function attributesOf(g: FieldGroup | undefined): Facts {
  const out: Facts = {};
  for (const f of g?.fields ?? []) if (!HIDDEN_ATTRIBUTES.has(f.key)) out[f.key] = attributeFact(f);
  return out;
}

/** Facts of one NetCDF group whose sections are in `nodes` (path '' = root). */
function groupFacts(nodes: FieldGroup[], path: string): Facts {
  const dims: Facts = {};
  for (const f of nodes.find((g) => g.id === sectionId('dimensions', path))?.fields ?? []) {
    dims[f.key] = { size: f.value, unlimited: typeof f.comment === 'string' && f.comment.startsWith(UNLIMITED) };
  }
  const variables: Facts = {};
  const prefix = `variable:${path}/`;
  for (const v of nodes.find((g) => g.id === sectionId('variables', path))?.children ?? []) {
    if (!v.id.startsWith(prefix)) continue;
    const [type, dimsField, shape] = v.fields;
    variables[v.id.slice(prefix.length)] = { dims: dimsField?.value, type: type?.value, shape: shape?.value };
  }
  const facts: Facts = { dimensions: dims, variables, [path === '' ? 'global_attributes' : 'attributes']: attributesOf(nodes.find((g) => g.id === sectionId('attributes', path))) };
  const sub = nodes.filter((g) => g.id.startsWith(`group:${path}/`) && !g.id.slice(`group:${path}/`.length).includes('/'));
  if (sub.length > 0) {
    const groups: Facts = {};
    for (const g of sub) {
      const childPath = g.id.slice('group:'.length);
      groups[childPath.slice(path.length + 1)] = groupFacts(g.children ?? [], childPath);
    }
    facts.groups = groups;
  }
  return facts;
}

/** Maps a NetCDF record to the corpus `expected` facts (never re-reads the file). */
export function corpusFacts(record: MetadataRecord): Record<string, unknown> {
  const file = record.groups.find((g) => g.id === 'file');
  const field = (key: string) => file?.fields.find((f) => f.key === key)?.value;
  return { kind: field('kind'), data_model: field('data_model'), ...groupFacts(record.groups, '') };
}
