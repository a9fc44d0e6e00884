/**
 * World Coordinate System summary of one HDU from its cards (FITS 4.0 §8, Greisen & Calabretta
 * 2002 paper I/II): for the primary description and each alternate one (suffix A–Z), the axis
 * types, reference values and pixels, increments, the linear transformation (CDi_j or PCi_j),
 * projection parameters, and the celestial frame (RADESYS, EQUINOX, LONPOLE, LATPOLE).
 * Also reads the legacy RADECSYS / EPOCH / CROTAi keywords of the primary description.
 */
import type { Field } from '../types';
import { makeField } from '../fields';
import type { Card } from './cards';

const AXIS_RE = /^(CTYPE|CUNIT|CRVAL|CRPIX|CDELT|CROTA|CNAME|CRDER|CSYER)(\d{1,3})([A-Z]?)$/;
const MATRIX_RE = /^(CD|PC|PV|PS)(\d{1,3})_(\d{1,3})([A-Z]?)$/;
const FRAME_RE = /^(WCSAXES|WCSNAME|RADESYS|EQUINOX|LONPOLE|LATPOLE|RESTFRQ|RESTWAV|SPECSYS|SSYSOBS|VELREF|MJDREF)([A-Z]?)$/;

/** Human labels of the WCS summary keys. */
const LABELS: Record<string, string> = {
  WCSAXES: 'Number of WCS axes',
  WCSNAME: 'WCS name',
  CTYPEi: 'Axis types',
  CUNITi: 'Axis units',
  CRVALi: 'Reference values',
  CRPIXi: 'Reference pixels',
  CDELTi: 'Increments per pixel',
  CROTAi: 'Rotation (legacy)',
  CNAMEi: 'Axis names',
  CRDERi: 'Random errors',
  CSYERi: 'Systematic errors',
  CDi_j: 'CD matrix',
  PCi_j: 'PC matrix',
  PVi_m: 'Projection parameters',
  PSi_m: 'Projection string parameters',
  projection: 'Projection',
  RADESYS: 'Celestial reference frame',
  EQUINOX: 'Equinox',
  LONPOLE: 'Native longitude of the pole',
  LATPOLE: 'Native latitude of the pole',
  RESTFRQ: 'Rest frequency',
  RESTWAV: 'Rest wavelength',
  SPECSYS: 'Spectral reference frame',
  SSYSOBS: 'Observer frame',
  VELREF: 'Velocity reference (legacy)',
  MJDREF: 'Reference MJD',
};

/** Numbers as JS numbers (integers may be BigInt in cards). */
function num(v: Card['value']): number | string | null {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string') return v;
  return null;
}

/** One description (primary or alternate `alt`) being collected. */
interface Desc {
  axes: Map<string, Map<number, Card>>;
  matrices: Map<string, Map<string, Card>>;
  frame: Map<string, Card>;
  maxAxis: number;
}

/** One WCS description found in a header. */
export interface WcsDescription {
  /** '' for the primary description, or the alternate letter A–Z. */
  alt: string;
  fields: Field[];
}

/**
 * Finds the WCS descriptions in `cards`. A description exists when at least one of CTYPEi,
 * CRVALi, CRPIXi, CDi_j or PCi_j is present for its letter. `naxis` is the HDU's NAXIS (ZNAXIS
 * for a compressed image), used when WCSAXES is absent. `maxItems` caps arrays.
 */
export function findWcs(cards: readonly Card[], naxis: number, maxItems: number): WcsDescription[] {
  const descs = new Map<string, Desc>();
  const get = (alt: string): Desc => {
    let d = descs.get(alt);
    if (!d) descs.set(alt, (d = { axes: new Map(), matrices: new Map(), frame: new Map(), maxAxis: 0 }));
    return d;
  };
  for (const c of cards) {
    if (c.kind !== 'value' || c.hierarch) continue;
    let m = AXIS_RE.exec(c.keyword);
    if (m) {
      if (m[1] === 'CROTA' && m[3]) continue; // CROTAi has no alternates
      const d = get(m[3]);
      const i = Number(m[2]);
      if (!d.axes.has(m[1])) d.axes.set(m[1], new Map());
      if (!d.axes.get(m[1])!.has(i)) d.axes.get(m[1])!.set(i, c);
      d.maxAxis = Math.max(d.maxAxis, i);
      continue;
    }
    m = MATRIX_RE.exec(c.keyword);
    if (m) {
      const d = get(m[4]);
      if (!d.matrices.has(m[1])) d.matrices.set(m[1], new Map());
      d.matrices.get(m[1])!.set(`${Number(m[2])}_${Number(m[3])}`, c);
      if (m[1] === 'CD' || m[1] === 'PC') d.maxAxis = Math.max(d.maxAxis, Number(m[2]), Number(m[3]));
      continue;
    }
    m = FRAME_RE.exec(c.keyword);
    if (m) {
      const d = get(m[2]);
      if (!d.frame.has(m[1])) d.frame.set(m[1], c);
      continue;
    }
    if (c.keyword === 'RADECSYS' || c.keyword === 'EPOCH') {
      const d = get('');
      if (!d.frame.has(c.keyword)) d.frame.set(c.keyword, c);
    }
  }
  const out: WcsDescription[] = [];
  for (const alt of [...descs.keys()].sort()) {
    const d = descs.get(alt)!;
    const defining = ['CTYPE', 'CRVAL', 'CRPIX'].some((k) => d.axes.has(k)) || d.matrices.has('CD') || d.matrices.has('PC');
    if (!defining) continue;
    const wcsaxesCard = d.frame.get('WCSAXES');
    const wcsaxes = wcsaxesCard && typeof wcsaxesCard.value === 'bigint' ? Number(wcsaxesCard.value) : Math.max(naxis, d.maxAxis);
    const n = Math.min(Math.max(wcsaxes, d.maxAxis), 999);
    const fields: Field[] = [];
    const add = (key: string, value: unknown, extra: Omit<Field, 'key' | 'value'> = {}) => fields.push(makeField(key, value, { label: LABELS[key] ?? key, ...extra }, maxItems));
    add('WCSAXES', wcsaxes, wcsaxesCard ? {} : { comment: 'not in the header: NAXIS or the highest axis number' });
    if (d.frame.has('WCSNAME')) add('WCSNAME', d.frame.get('WCSNAME')!.value);
    for (const k of ['CTYPE', 'CUNIT', 'CNAME', 'CRVAL', 'CRPIX', 'CDELT', 'CROTA', 'CRDER', 'CSYER']) {
      const cards = d.axes.get(k);
      if (!cards) continue;
      const arr: (number | string | null)[] = [];
      for (let i = 1; i <= n; i++) arr.push(cards.has(i) ? num(cards.get(i)!.value) : null);
      add(`${k}i`, arr);
    }
    const ctype = d.axes.get('CTYPE');
    if (ctype) {
      const proj = new Set<string>();
      for (const c of ctype.values()) {
        const m = typeof c.value === 'string' ? /^.{4}-([A-Z0-9]{3})(?:-|$)/.exec(c.value) : null;
        if (m) proj.add(m[1]);
      }
      if (proj.size) add('projection', [...proj].join(', '));
    }
    for (const k of ['CD', 'PC']) {
      const cells = d.matrices.get(k);
      if (!cells || n > 64) continue;
      // Missing CD elements are 0; missing PC elements default to the identity (§8.2).
      const matrix: number[][] = [];
      for (let i = 1; i <= n; i++) {
        const row: number[] = [];
        for (let j = 1; j <= n; j++) {
          const c = cells.get(`${i}_${j}`);
          const v = c ? num(c.value) : null;
          row.push(typeof v === 'number' ? v : k === 'PC' && i === j ? 1 : 0);
        }
        matrix.push(row);
      }
      add(`${k}i_j`, matrix);
    }
    for (const k of ['PV', 'PS']) {
      const cells = d.matrices.get(k);
      if (!cells) continue;
      const obj: Record<string, number | string | null> = {};
      for (const [ij, c] of [...cells].slice(0, maxItems)) obj[`${k}${ij}${alt}`] = num(c.value);
      add(`${k}i_m`, obj);
    }
    const radesys = d.frame.get('RADESYS') ?? d.frame.get('RADECSYS');
    if (radesys) add('RADESYS', radesys.value, radesys.keyword === 'RADECSYS' ? { comment: 'from the legacy RADECSYS keyword' } : {});
    const equinox = d.frame.get('EQUINOX') ?? d.frame.get('EPOCH');
    if (equinox) add('EQUINOX', num(equinox.value), equinox.keyword === 'EPOCH' ? { comment: 'from the legacy EPOCH keyword', unit: 'yr' } : { unit: 'yr' });
    for (const k of ['LONPOLE', 'LATPOLE']) if (d.frame.has(k)) add(k, num(d.frame.get(k)!.value), { unit: 'deg' });
    for (const k of ['RESTFRQ', 'RESTWAV', 'SPECSYS', 'SSYSOBS', 'VELREF', 'MJDREF']) {
      if (d.frame.has(k)) add(k, num(d.frame.get(k)!.value), k === 'RESTFRQ' ? { unit: 'Hz' } : k === 'RESTWAV' ? { unit: 'm' } : {});
    }
    out.push({ alt, fields });
  }
  return out;
}
