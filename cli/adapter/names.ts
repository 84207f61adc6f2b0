/** Names and import paths a scaffolded adapter is generated with. */
import path from 'node:path';

export const KINDS = ['carrier', 'bank', 'tax', 'customs', 'payment', 'warehouse', 'generic'] as const;
export type Kind = (typeof KINDS)[number];

export const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** Folder names under adapters/ that are not systems, or would shadow tooling. */
export const RESERVED = new Set(['kit', 'registry', 'index', 'node-modules', 'test', 'tests']);

/** Kinds generated on a shared capability of adapters/ (their registry kind's port), not on one placeholder operation. */
export type CapabilityKind = 'carrier' | 'warehouse';

/** What the other kinds' one placeholder operation is called, per kind. */
export interface KindProfile {
  /** Port method, camelCase. */
  op: string;
  /** Resource created by the operation, for the route and texts. */
  noun: string;
  route: string;
  /** Prefix of the identifiers the simulator hands out. */
  idPrefix: string;
  what: string;
  /** An existing adapter of the same kind to compare with. */
  model: string | undefined;
}

export const PROFILES: Record<Exclude<Kind, CapabilityKind>, KindProfile> = {
  generic: { op: 'submit', noun: 'request', route: '/v1/requests', idPrefix: 'REQ', what: 'an outside system', model: undefined },
  bank: { op: 'registerCollection', noun: 'collection', route: '/v1/collections', idPrefix: 'COL', what: 'a bank (收汇/结汇)', model: 'adapters/bank' },
  tax: { op: 'fileRecord', noun: 'record', route: '/v1/records', idPrefix: 'REC', what: 'a tax authority', model: 'adapters/tax' },
  customs: { op: 'declare', noun: 'declaration', route: '/v1/declarations', idPrefix: 'DEC', what: 'a customs or Single Window gateway', model: 'adapters/single-window' },
  payment: { op: 'createPayment', noun: 'payment', route: '/v1/payments', idPrefix: 'PAY', what: 'a payment institution', model: undefined },
};

export interface Names {
  /** kebab-case folder and system name, e.g. china-laos-rail. */
  name: string;
  kind: Kind;
  /** ChinaLaosRail */
  pascal: string;
  /** chinaLaosRail */
  camel: string;
  /** CHINA_LAOS_RAIL: error-code and environment-variable prefix. */
  constant: string;
  /** Relative import prefixes from the new folder, e.g. '../kit', '../../domain'. */
  kit: string;
  adapters: string;
  domain: string;
  /** The new folder, relative to the repository root (posix). */
  folder: string;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function rel(from: string, to: string): string {
  const r = path.relative(from, to).split(path.sep).join('/');
  return r.startsWith('.') ? r : `./${r}`;
}

export function makeNames(name: string, kind: Kind, target: string, repoRoot: string): Names {
  const parts = name.split('-');
  const pascal = parts.map(cap).join('');
  return {
    name,
    kind,
    pascal,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    constant: parts.join('_').toUpperCase(),
    kit: rel(target, path.join(repoRoot, 'adapters', 'kit')),
    adapters: rel(target, path.join(repoRoot, 'adapters')),
    domain: rel(target, path.join(repoRoot, 'domain')),
    folder: path.relative(repoRoot, target).split(path.sep).join('/'),
  };
}

/** Upper-case first letter: 'registerCollection' → 'RegisterCollection'. */
export const typeName = cap;
