// Requests (export, summary, import): build → parse gives back every field; XML shape and XSD order.
import { describe, expect, it } from 'vitest';
import {
  buildCeb303, buildCeb311, buildCeb411, buildCeb511, buildCeb513, buildCeb621, buildCeb623, buildCeb625, buildCeb701,
  buildRequest,
} from './build.js';
import {
  FULL, GUID_B, baseSubscribe, baseTransfer, cancel623, inventory621, logistics511, order303, order311, payment411,
  refund625, status513, summary701,
} from './fixtures.js';
import { parseRequest } from './parse.js';
import { REQUEST_SPECS } from './schema.js';
import type { LeafSpec } from './schema.js';
import { referenceTables } from './test-support.js';
import type { CebRequestType } from './types.js';
import { validateRequest } from './validate.js';

const TYPES = Object.keys(FULL) as CebRequestType[];
type Obj = Record<string, unknown>;

/** [path, leaf spec, object] for every leaf entity (head, each list line) of one entity. */
function leavesOf(type: CebRequestType, entity: unknown): Array<[string, LeafSpec, Obj]> {
  const spec = REQUEST_SPECS[type].entity;
  const e = entity as Obj;
  if (spec.kind === 'leaf') return [[spec.tag, spec, e]];
  if (spec.kind === 'head') return [[`${spec.tag}.${spec.head.tag}`, spec.head, e[spec.head.tag] as Obj]];
  const lines = e[spec.list.tag] as Obj[];
  return [
    [`${spec.tag}.${spec.head.tag}`, spec.head, e[spec.head.tag] as Obj],
    ...lines.map((l, j): [string, LeafSpec, Obj] => [`${spec.tag}.${spec.list.tag}[${j}]`, spec.list, l]),
  ];
}

/** The fixture with every optional field removed. */
function mandatoryOnly(type: CebRequestType, entity: unknown): unknown {
  const copy = structuredClone(entity) as Obj;
  const spec = REQUEST_SPECS[type].entity;
  const strip = (o: Obj, leaf: LeafSpec) => leaf.fields.forEach((f) => !f.required && delete o[f.name]);
  if (spec.kind === 'leaf') strip(copy, spec);
  else if (spec.kind === 'head') strip(copy[spec.head.tag] as Obj, spec.head);
  else {
    strip(copy[spec.head.tag] as Obj, spec.head);
    (copy[spec.list.tag] as Obj[]).forEach((l) => strip(l, spec.list));
    // emsNo, areaCode, areaName and itemRecordNo are mandatory only in a bonded import (ceb-messages.md §7.2):
    // with them stripped, the CEB621 is a direct-purchase import (9610)
    if (type === 'CEB621Message') (copy[spec.head.tag] as Obj).tradeMode = '9610';
  }
  return copy;
}

const build = (type: CebRequestType, entities: unknown[], subs = baseSubscribe) =>
  buildRequest(type, entities as never[], baseTransfer, { guid: GUID_B, baseSubscribe: subs });

describe.each(TYPES)('%s', (type) => {
  const xml = build(type, [FULL[type]]);
  const parsed = parseRequest(xml);

  it('fully populated fixture survives build → parse deep-equal', () => {
    expect(parsed).toStrictEqual({
      messageType: type, guid: GUID_B, version: '1.0', entities: [FULL[type]], baseTransfer,
      baseSubscribe, hasSignature: false, unexpected: [],
    });
    expect(validateRequest(type, parsed, { signatureFollows: true })).toEqual([]);
  });

  const mandatory = leavesOf(type, FULL[type]).flatMap(([path, spec, obj]) =>
    spec.fields.filter((f) => f.required).map((f): [string, string, unknown] => [`${path}.${f.name}`, f.name, obj[f.name]]));
  it.each(mandatory)('mandatory %s round-trips', (path, name, value) => {
    const got = leavesOf(type, parsed.entities[0]).find(([p]) => path === `${p}.${name}`)?.[2][name];
    expect(value).toBeDefined();
    expect(got).toStrictEqual(value);
  });

  it('mandatory-only entity round-trips and writes no optional element', () => {
    const minimal = mandatoryOnly(type, FULL[type]);
    const x = build(type, [minimal], []);
    expect(parseRequest(x).entities).toStrictEqual([minimal]);
    const spec = REQUEST_SPECS[type].entity;
    const all = spec.kind === 'leaf' ? spec.fields : spec.kind === 'head' ? spec.head.fields : [...spec.head.fields, ...spec.list.fields];
    const optional = all.filter((f) => !f.required);
    expect(optional.length).toBeGreaterThan(0);
    const entityPart = x.slice(0, x.indexOf('<ceb:BaseTransfer>'));
    for (const f of optional) expect(entityPart).not.toContain(`<ceb:${f.name}>`);
    expect(x).not.toContain('BaseSubscribe');
  });

  it('mandatory elements appear in the XSD order of ceb-messages.md', () => {
    const tables = referenceTables(`#### ${type}`);
    const spec = REQUEST_SPECS[type].entity;
    const blocks = spec.kind === 'leaf' ? [spec.tag] : spec.kind === 'head' ? [spec.head.tag] : [spec.head.tag, spec.list.tag];
    for (const tag of blocks) {
      const block = new RegExp(`<ceb:${tag}>([\\s\\S]*?)</ceb:${tag}>`).exec(xml)?.[1] ?? '';
      const names = (tables[tag] ?? []).filter((r) => r.req === 'M').map((r) => r.name);
      expect(names.length).toBeGreaterThan(0);
      const positions = names.map((n) => block.indexOf(`<ceb:${n}>`));
      expect(positions.every((p) => p >= 0), `${tag}: all mandatory elements present`).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
    // Root sequence: entities, then BaseTransfer, then BaseSubscribe.
    const i = xml.indexOf(`<ceb:${spec.tag}>`);
    expect(i).toBeGreaterThan(0);
    expect(xml.lastIndexOf(`</ceb:${spec.tag}>`)).toBeLessThan(xml.indexOf('<ceb:BaseTransfer>'));
    expect(xml.indexOf('</ceb:BaseTransfer>')).toBeLessThan(xml.indexOf('<ceb:BaseSubscribe>'));
  });

  it('several entities come back as several array items, in order', () => {
    const two = [FULL[type], mandatoryOnly(type, FULL[type])];
    expect(parseRequest(build(type, two)).entities).toStrictEqual(two);
  });
});

describe('CEB303 XML shape', () => {
  const xml = buildCeb303([order303], baseTransfer);

  it('starts with the UTF-8 declaration and a ceb: root with guid, version and namespace', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<ceb:CEB303Message ')).toBe(true);
    const root = /<ceb:CEB303Message ([^>]*)>/.exec(xml)?.[1] ?? '';
    expect(root).toMatch(/guid="[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"/);
    expect(root).toContain('version="1.0"');
    expect(root).toContain('xmlns:ceb="http://www.chinaport.gov.cn/ceb"');
  });

  it('prefixes every element with ceb:', () => {
    const tags = [...xml.matchAll(/<\/?([^\s>?/]+)/g)].map((m) => m[1]);
    expect(tags.length).toBeGreaterThan(30);
    expect(tags.filter((t) => !t?.startsWith('ceb:'))).toEqual([]);
  });

  it('escapes markup characters and parses them back', () => {
    expect(xml).toContain('<ceb:note>订单备注 &lt;&amp;&gt;</ceb:note>');
    expect(parseRequest(xml).entities[0]).toStrictEqual(order303);
  });

  it('keeps one line item as a one-element array', () => {
    const one = { ...order303, OrderList: [order303.OrderList[0]!] };
    const parsed = parseRequest(buildCeb303([one], baseTransfer));
    expect(parsed.messageType).toBe('CEB303Message');
    if (parsed.messageType !== 'CEB303Message') return;
    expect(parsed.entities[0]?.OrderList).toHaveLength(1);
    expect(parsed.entities[0]?.OrderList[0]?.gnum).toBe(1);
  });
});

describe('import and summary request XML shape', () => {
  it('CEB411 and CEB511 wrap their single head (Payment/PaymentHead, Logistics/LogisticsHead)', () => {
    const pay = buildCeb411([payment411], baseTransfer);
    expect(pay).toMatch(/<ceb:Payment>\s*<ceb:PaymentHead>[\s\S]*<\/ceb:PaymentHead>\s*<\/ceb:Payment>/);
    const way = buildCeb511([logistics511], baseTransfer);
    expect(way).toMatch(/<ceb:Logistics>\s*<ceb:LogisticsHead>[\s\S]*<\/ceb:LogisticsHead>\s*<\/ceb:Logistics>/);
    const parsed = parseRequest(way);
    expect(parsed.messageType === 'CEB511Message' && parsed.entities[0]?.LogisticsHead.logisticsNo).toBe('DZ1234567890CN');
  });

  it('CEB311 lines keep the import order: itemName, gmodel, …, totalPrice, currency, country', () => {
    const xml = buildCeb311([order311], baseTransfer);
    const line = /<ceb:OrderList>([\s\S]*?)<\/ceb:OrderList>/.exec(xml)?.[1] ?? '';
    const names = [...line.matchAll(/<ceb:(\w+)>/g)].map((m) => m[1]);
    expect(names).toEqual(['gnum', 'itemNo', 'itemName', 'gmodel', 'itemDescribe', 'barCode', 'unit', 'qty', 'price', 'totalPrice', 'currency', 'country', 'note']);
  });

  it.each([
    ['CEB311Message', () => buildCeb311([order311], baseTransfer), order311],
    ['CEB411Message', () => buildCeb411([payment411], baseTransfer), payment411],
    ['CEB511Message', () => buildCeb511([logistics511], baseTransfer), logistics511],
    ['CEB513Message', () => buildCeb513([status513], baseTransfer), status513],
    ['CEB621Message', () => buildCeb621([inventory621], baseTransfer), inventory621],
    ['CEB623Message', () => buildCeb623([cancel623], baseTransfer), cancel623],
    ['CEB625Message', () => buildCeb625([refund625], baseTransfer), refund625],
    ['CEB701Message', () => buildCeb701([summary701], baseTransfer), summary701],
  ] as const)('%s builder writes its root; parseRequest reads it back', (type, build, entity) => {
    const xml = build();
    expect(xml).toContain(`<ceb:${type} guid=`);
    const parsed = parseRequest(xml);
    expect(parsed.messageType).toBe(type);
    expect(parsed.entities).toStrictEqual([entity]);
    expect(parsed.unexpected).toEqual([]);
  });

  it('a CEB625 return list keeps the original inventory gnum (no renumbering rule)', () => {
    expect(refund625.InvtRefundList[0]?.gnum).toBe(2);
    expect(validateRequest('CEB625Message', parseRequest(buildCeb625([refund625], baseTransfer)), { signatureFollows: true })).toEqual([]);
  });
});
