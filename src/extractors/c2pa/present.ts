/**
 * Turns c2pa-rs's reading of a manifest store (./read.ts) into the record's `c2pa` group
 * ("Content Credentials") and summary fields. Validation is split the way people ask about it:
 * integrity (C2PA 2.2 §15: the asset's and the assertions' hashes and the claim signature match)
 * and trust (§14.4: the signing certificate chains to a trust anchor). Field keys are the
 * specification's names (claim_generator_info, digitalSourceType, signature `issuer`).
 */
import type { Field, FieldGroup } from '../types';
import { makeField } from '../fields';
import type { C2paIngredient, C2paManifest, C2paStatus, C2paStore } from './read';

/** Failure codes about the signer's credentials (§15.2.2 "signingCredential.*", time stamps' trust): trust, not integrity. */
const TRUST_FAILURE = /^(signingCredential\.|timeStamp\.(untrusted|outsideValidity)$|claimSignature\.outsideValidity$)/;

/** Largest manifest-store JSON kept in the record; beyond it the text is cut. */
const MAX_STORE_TEXT = 1024 * 1024;

/** Nesting of the ingredient tree shown, at most. */
const MAX_INGREDIENT_DEPTH = 16;

/** The validation verdict of the active manifest. */
interface Verdict {
  integrity: 'ok' | 'failed';
  trust: 'trusted' | 'untrusted' | 'unknown';
  integrityFailures: string[];
  trustFailures: string[];
}

function verdictOf(store: C2paStore): Verdict {
  const codes = store.validation_results?.activeManifest;
  const failures = (codes?.failure ?? []).map((s) => s.code);
  const integrityFailures = failures.filter((c) => !TRUST_FAILURE.test(c));
  const trustFailures = failures.filter((c) => TRUST_FAILURE.test(c));
  const trusted = (codes?.success ?? []).some((s) => s.code === 'signingCredential.trusted');
  return {
    integrity: integrityFailures.length > 0 || store.validation_state === 'Invalid' ? 'failed' : 'ok',
    trust: trustFailures.length > 0 ? 'untrusted' : trusted ? 'trusted' : 'unknown',
    integrityFailures,
    trustFailures,
  };
}

/** The one-line verdict: "Valid, trusted", "Valid, untrusted signer", "Tampered". */
function statusText(v: Verdict): string {
  if (v.integrity === 'failed') return 'Tampered';
  return v.trust === 'trusted' ? 'Valid, trusted' : v.trust === 'untrusted' ? 'Valid, untrusted signer' : 'Valid, trust not checked';
}

/** "name version" of the claim generator (§11.1.2 claim_generator_info, or a 1.x claim's claim_generator). */
function claimGenerator(m: C2paManifest): string | undefined {
  const info = m.claim_generator_info?.[0];
  if (info?.name) return info.version ? `${info.name} ${info.version}` : info.name;
  return m.claim_generator;
}

interface C2paAction {
  action?: string;
  digitalSourceType?: string;
  softwareAgent?: string | { name?: string; version?: string };
  when?: string;
  description?: string;
  reason?: string;
  parameters?: unknown;
}

/** The actions of a manifest's `c2pa.actions` / `c2pa.actions.v2` assertions (§18.4), in order. */
function actionsOf(m: C2paManifest): C2paAction[] {
  return (m.assertions ?? [])
    .filter((a) => /^c2pa\.actions(\.v\d+)?(__\d+)?$/.test(a.label))
    .flatMap((a) => {
      const list = (a.data as { actions?: unknown } | undefined)?.actions;
      return Array.isArray(list) ? (list.filter((x) => x && typeof x === 'object') as C2paAction[]) : [];
    });
}

function agentName(a: C2paAction['softwareAgent']): string | undefined {
  if (typeof a === 'string') return a;
  if (a?.name) return a.version ? `${a.name} ${a.version}` : a.name;
  return undefined;
}

/** Fields of `[key, value, label]` whose value is present. */
function present(maxItems: number, ...entries: [string, unknown, string][]): Field[] {
  return entries.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v, label]) => makeField(k, v, { label }, maxItems));
}

function actionGroups(actions: C2paAction[], maxItems: number): FieldGroup[] {
  return actions.slice(0, maxItems).map((a, i) => ({
    id: `c2pa-action-${i + 1}`,
    label: `Action ${i + 1}: ${a.action ?? '?'}`,
    fields: present(
      maxItems,
      ['action', a.action, 'Action'],
      ['digitalSourceType', a.digitalSourceType, 'Digital source type'],
      ['softwareAgent', agentName(a.softwareAgent), 'Software agent'],
      ['when', a.when, 'When'],
      ['description', a.description, 'Description'],
      ['reason', a.reason, 'Reason'],
      ['parameters', a.parameters === undefined ? undefined : JSON.stringify(a.parameters), 'Parameters'],
    ),
  }));
}

/**
 * The ingredient tree (§18.5): each ingredient of `m`, with the ingredients of its own active
 * manifest as children; stops at MAX_INGREDIENT_DEPTH and at a manifest already on the path.
 */
function ingredientGroups(store: C2paStore, m: C2paManifest, path: string, seen: Set<string>, maxItems: number): FieldGroup[] {
  if (seen.size >= MAX_INGREDIENT_DEPTH) return [];
  return (m.ingredients ?? []).slice(0, maxItems).map((ing: C2paIngredient, i) => {
    const id = `${path}-${i + 1}`;
    const failures = [...(ing.validation_results?.activeManifest?.failure ?? []), ...(ing.validation_status ?? [])].map((s: C2paStatus) => s.code);
    const own = ing.active_manifest ? store.manifests?.[ing.active_manifest] : undefined;
    const group: FieldGroup = {
      id,
      label: `Ingredient: ${ing.title ?? ing.instance_id ?? i + 1}`,
      fields: present(
        maxItems,
        ['title', ing.title, 'Title'],
        ['format', ing.format, 'Format'],
        ['relationship', ing.relationship, 'Relationship'],
        ['instanceID', ing.instance_id, 'Instance ID'],
        ['documentID', ing.document_id, 'Document ID'],
        ['activeManifest', ing.active_manifest, 'Its manifest'],
        ['claimGenerator', own ? claimGenerator(own) : undefined, 'Its claim generator'],
        ['validationFailures', failures.length ? [...new Set(failures)] : undefined, 'Validation failures'],
      ),
    };
    if (own && ing.active_manifest && !seen.has(ing.active_manifest)) {
      const children = ingredientGroups(store, own, id, new Set([...seen, ing.active_manifest]), maxItems);
      if (children.length) group.children = children;
    }
    return group;
  });
}

/** The `c2pa` group and summary fields of a manifest store read by c2pa-rs; `mark`: where the walker found it. */
export function presentC2pa(store: C2paStore, text: string, mark: string, maxItems: number, warn: (m: string) => void): { group: FieldGroup; summary: Field[] } {
  const label = store.active_manifest;
  const m = (label ? store.manifests?.[label] : undefined) ?? {};
  if (!label) warn(`The C2PA manifest store (${mark}) has no active manifest.`);
  const v = verdictOf(store);
  const actions = actionsOf(m);
  const sources = [...new Set(actions.map((a) => a.digitalSourceType).filter((s): s is string => typeof s === 'string'))];
  const sig = m.signature_info ?? {};
  const status = statusText(v);
  const generator = claimGenerator(m);
  const fields = [
    makeField('ContentCredentials', status, { label: 'Content Credentials', comment: 'integrity: the hashes match the file; trust: the signer chains to the C2PA trust list' }),
    makeField('Integrity', v.integrity === 'ok' ? 'Hashes match' : 'Failed', { label: 'Integrity', ...(v.integrityFailures.length ? { comment: v.integrityFailures.join(', ') } : {}) }),
    makeField('Trust', v.trust === 'trusted' ? 'Signer on the trust list' : v.trust === 'untrusted' ? 'Signer not trusted' : 'Not checked', {
      label: 'Trust',
      ...(v.trustFailures.length ? { comment: v.trustFailures.join(', ') } : {}),
    }),
    ...present(
      maxItems,
      ['ValidationState', store.validation_state, 'Validation state (c2pa-rs)'],
      ['ClaimGenerator', generator, 'Claim generator'],
      ['Signer', sig.issuer, 'Signer (certificate organisation)'],
      ['SignerCommonName', sig.common_name, 'Signer (certificate common name)'],
      ['SigningTime', sig.time, 'Signing time (time stamp)'],
      ['SignatureAlgorithm', sig.alg, 'Signature algorithm'],
      ['CertificateSerialNumber', sig.cert_serial_number, 'Certificate serial number'],
      ['DigitalSourceType', sources.length ? sources : undefined, 'Digital source type (actions)'],
      ['Title', m.title, 'Title'],
      ['Format', m.format, 'Format'],
      ['InstanceID', m.instance_id, 'Instance ID'],
      ['ActiveManifest', label, 'Active manifest'],
      ['ClaimVersion', m.claim_version, 'Claim version'],
      ['Manifests', Object.keys(store.manifests ?? {}).length, 'Manifests in the store'],
      ['Assertions', (m.assertions ?? []).map((a) => a.label), 'Assertions'],
      ['ValidationFailures', v.integrityFailures.length + v.trustFailures.length ? [...v.integrityFailures, ...v.trustFailures] : undefined, 'Validation failures'],
      ['FoundIn', mark, 'Found in'],
    ),
  ];
  const children: FieldGroup[] = [];
  if (actions.length) children.push({ id: 'c2pa-actions', label: 'Actions', fields: [], children: actionGroups(actions, maxItems) });
  const ingredients = label ? ingredientGroups(store, m, 'c2pa-ingredient', new Set([label]), maxItems) : [];
  if (ingredients.length) children.push({ id: 'c2pa-ingredients', label: 'Ingredients', fields: [], children: ingredients });
  if (text.length > MAX_STORE_TEXT) warn(`The C2PA manifest store's JSON has ${text.length} characters; the record keeps the first ${MAX_STORE_TEXT}.`);
  children.push({ id: 'c2pa-store', label: 'Manifest store (JSON)', fields: [makeField('ManifestStore', text.slice(0, MAX_STORE_TEXT), { label: 'Manifest store (c2pa-rs JSON)' })] });
  const summary = present(maxItems, ['ContentCredentials', status, 'Content Credentials'], ['ClaimGenerator', generator, 'Claim generator'], ['Signer', sig.issuer ?? sig.common_name, 'Signer']);
  return { group: { id: 'c2pa', label: 'Content Credentials', fields, children }, summary };
}

/** The `c2pa` group of a manifest store c2pa-rs could not read: that it is there, and why it is unreadable. */
export function unreadableC2pa(mark: string, error: string): { group: FieldGroup; summary: Field[] } {
  const status = makeField('ContentCredentials', 'Unreadable', { label: 'Content Credentials', comment: error });
  return { group: { id: 'c2pa', label: 'Content Credentials', fields: [status, makeField('FoundIn', mark, { label: 'Found in' })] }, summary: [status] };
}
