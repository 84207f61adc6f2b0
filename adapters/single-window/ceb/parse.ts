/**
 * Reading CEB messages. Elements are matched by namespace + local name: the CEB namespace,
 * or no namespace at all (unprefixed documents without xmlns), whatever the prefix.
 * Values are never converted implicitly; only xs:int fields of the typed requests become numbers.
 */
import { BASE_SUBSCRIBE_SPEC, BASE_TRANSFER_SPEC, REQUEST_SPECS, isRequestType } from './schema.js';
import type { EntitySpec, LeafSpec } from './schema.js';
import { CEB_NAMESPACE, XMLDSIG_NAMESPACE } from './types.js';
import type { AnyCebRequest, BaseSubscribe, BaseTransfer, CebReceipt } from './types.js';
import { CebParseError, childrenNamed, parseXmlTree } from './xml.js';
import type { XmlElement } from './xml.js';

const CEB_NS: readonly string[] = [CEB_NAMESPACE, ''];
export const isCeb = (el: XmlElement) => CEB_NS.includes(el.ns);
export const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function cebRoot(xml: string | Uint8Array): XmlElement {
  const root = parseXmlTree(xml);
  if (!isCeb(root)) {
    throw new CebParseError(`root element ${root.local} is in namespace "${root.ns}", expected ${CEB_NAMESPACE}`);
  }
  return root;
}

/** Local name of the root element, e.g. 'CEB604Message' (any namespace). */
export function detectMessageType(xml: string | Uint8Array): string {
  return parseXmlTree(xml).local;
}

/**
 * All `…Return` entities of a receipt message of any type (export, import, CEB900), each
 * flattened to strings by local name. Returns [] for a CEB message without such entities.
 * Throws CebParseError on malformed XML, a non-CEB root, or an entity without returnStatus.
 */
export function parseReceipts(xml: string | Uint8Array): CebReceipt[] {
  const root = cebRoot(xml);
  const out: CebReceipt[] = [];
  root.children.filter((c) => isCeb(c) && c.local.endsWith('Return')).forEach((entity, i) => {
    const fields: Record<string, string> = {};
    for (const c of entity.children) {
      if (!isCeb(c) || c.children.length > 0 || UNSAFE_KEYS.has(c.local)) continue;
      if (!Object.hasOwn(fields, c.local)) fields[c.local] = c.text;
    }
    const { guid = '', returnStatus, returnTime = '', returnInfo = '', ...rest } = fields;
    if (returnStatus === undefined) {
      throw new CebParseError(`${root.local}/${entity.local}[${i}] has no returnStatus`);
    }
    const receipt: CebReceipt = { messageType: root.local, guid, returnStatus, returnTime, returnInfo, ...rest };
    if (root.attrs.guid !== undefined) receipt.messageGuid = root.attrs.guid;
    out.push(receipt);
  });
  return out;
}

export function toInt(text: string): number {
  return /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
}

/**
 * Fields of one leaf element per its spec. Elements the spec does not define go to `unexpected`
 * (by path) and, when they are simple values, to `extra` (by local name) if given.
 */
export function readLeaf(
  el: XmlElement, spec: LeafSpec, path: string, unexpected: string[], extra?: Record<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of el.children) {
    const field = isCeb(c) ? spec.fields.find((f) => f.name === c.local) : undefined;
    if (!field) {
      unexpected.push(`${path}.${c.local}`);
      if (extra && isCeb(c) && c.children.length === 0 && !UNSAFE_KEYS.has(c.local) && !Object.hasOwn(extra, c.local)) {
        extra[c.local] = c.text;
      }
    } else if (Object.hasOwn(out, field.name) || c.children.length > 0) {
      unexpected.push(`${path}.${c.local}${Object.hasOwn(out, field.name) ? ' (repeated)' : ' (not a simple value)'}`);
    } else {
      out[field.name] = field.kind === 'int' ? toInt(c.text) : c.text;
    }
  }
  return out;
}

/** One entity per its spec: a leaf, a wrapper with one head, or a head with its list lines. */
export function readEntity(
  el: XmlElement, spec: EntitySpec, path: string, unexpected: string[], extra?: Record<string, string>,
): Record<string, unknown> {
  if (spec.kind === 'leaf') return readLeaf(el, spec, path, unexpected, extra);
  const out: Record<string, unknown> = {};
  const list: Record<string, unknown>[] = [];
  for (const c of el.children) {
    if (isCeb(c) && c.local === spec.head.tag && !Object.hasOwn(out, spec.head.tag)) {
      out[spec.head.tag] = readLeaf(c, spec.head, `${path}.${spec.head.tag}`, unexpected, extra);
    } else if (spec.kind === 'headList' && isCeb(c) && c.local === spec.list.tag) {
      list.push(readLeaf(c, spec.list, `${path}.${spec.list.tag}[${list.length}]`, unexpected));
    } else {
      unexpected.push(`${path}.${c.local}`);
    }
  }
  if (spec.kind === 'headList') out[spec.list.tag] = list;
  return out;
}

/**
 * Reads a request into its typed entities: export (CEB303/403/505/507/509/603/605), summary
 * (CEB701) and import (CEB311/411/511/513/621/623/625). Single and repeated entities/lists always
 * come out as arrays. Does not validate. Throws CebParseError for other roots (receipts, CEB816…).
 */
export function parseRequest(xml: string | Uint8Array): AnyCebRequest {
  const root = cebRoot(xml);
  const messageType = root.local;
  if (!isRequestType(messageType)) throw new CebParseError(`not a supported request: ${messageType}`);
  const spec = REQUEST_SPECS[messageType];
  const unexpected: string[] = [];
  const entities: Record<string, unknown>[] = [];
  const baseTransfers: Record<string, unknown>[] = [];
  const baseSubscribe: Record<string, unknown>[] = [];
  let hasSignature = false;
  for (const c of root.children) {
    if (c.ns === XMLDSIG_NAMESPACE && c.local === 'Signature') hasSignature = true;
    else if (!isCeb(c)) unexpected.push(c.local);
    else if (c.local === spec.entity.tag) {
      entities.push(readEntity(c, spec.entity, `${c.local}[${entities.length}]`, unexpected));
    } else if (c.local === 'BaseTransfer') {
      if (baseTransfers.length > 0) unexpected.push('BaseTransfer (repeated)');
      baseTransfers.push(readLeaf(c, BASE_TRANSFER_SPEC, 'BaseTransfer', unexpected));
    } else if (c.local === 'BaseSubscribe') {
      baseSubscribe.push(readLeaf(c, BASE_SUBSCRIBE_SPEC, `BaseSubscribe[${baseSubscribe.length}]`, unexpected));
    } else if (c.local !== 'ExtendMessage') {
      unexpected.push(c.local);
    }
  }
  // The casts are the "not validated" contract documented on CebRequest.
  return {
    messageType,
    guid: root.attrs.guid ?? '',
    version: root.attrs.version ?? '',
    entities,
    baseTransfer: (baseTransfers[0] ?? {}) as unknown as BaseTransfer,
    baseSubscribe: baseSubscribe as unknown as BaseSubscribe[],
    hasSignature,
    unexpected,
  } as unknown as AnyCebRequest;
}

/** Generic value of a CEB element: text for leaves, a record for elements with children. */
export type CebValue = string | CebRecord | Array<string | CebRecord>;
export interface CebRecord {
  [local: string]: CebValue;
}
export interface CebMessage {
  messageType: string;
  guid: string;
  version: string;
  /** Root children by local name, always arrays (e.g. `elements.Order`, `elements.BaseTransfer`). */
  elements: Record<string, Array<string | CebRecord>>;
  hasSignature: boolean;
}

function toValue(el: XmlElement): string | CebRecord {
  const kids = el.children.filter(isCeb);
  if (kids.length === 0) return el.text;
  const record: CebRecord = {};
  const names = [...new Set(kids.map((k) => k.local))].filter((n) => !UNSAFE_KEYS.has(n));
  for (const name of names) {
    const values = childrenNamed(el, name, CEB_NS).map(toValue);
    // Repeated elements and line-item lists (…List, TaxListRd) are arrays even when single.
    record[name] = values.length > 1 || /List(Rd)?$/.test(name) ? values : (values[0] ?? '');
  }
  return record;
}

/** Reads any CEB message (import ones such as CEB311 included) without a typed schema. */
export function parseMessage(xml: string | Uint8Array): CebMessage {
  const root = cebRoot(xml);
  const elements: Record<string, Array<string | CebRecord>> = {};
  for (const c of root.children.filter(isCeb)) {
    if (UNSAFE_KEYS.has(c.local)) continue;
    (elements[c.local] ??= []).push(toValue(c));
  }
  return {
    messageType: root.local,
    guid: root.attrs.guid ?? '',
    version: root.attrs.version ?? '',
    elements,
    hasSignature: root.children.some((c) => c.ns === XMLDSIG_NAMESPACE && c.local === 'Signature'),
  };
}
