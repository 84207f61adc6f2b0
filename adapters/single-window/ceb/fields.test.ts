// The compiled field tables must match the 202205 tables of the shared reference
// (ceb-messages.md), read at test time: same elements, same order, same M/O, same type.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BASE_SUBSCRIBE_SPEC, BASE_TRANSFER_SPEC, ISSUED_SPECS, RECEIPT_SPECS, REQUEST_SPECS } from './schema.js';
import type { FieldSpec, LeafSpec } from './schema.js';
import { referenceDocPath, referenceTables } from './test-support.js';

function typeText(f: FieldSpec): string {
  if (f.kind === 'int') return 'int';
  if (f.kind === 'N') return `N${f.totalDigits},${f.fractionDigits}`;
  if (f.maxLength === undefined) return 'string';
  if (f.minLength === f.maxLength) return `C${f.maxLength}`;
  return f.minLength ? `C${f.minLength}..${f.maxLength}` : `C..${f.maxLength}`;
}
const asRows = (spec: LeafSpec) => spec.fields.map((f) => ({ name: f.name, req: f.required ? 'M' : 'O', type: typeText(f) }));

const leaves: Array<[string, string, LeafSpec]> = [];
for (const [type, spec] of Object.entries({ ...REQUEST_SPECS, ...RECEIPT_SPECS, ...ISSUED_SPECS })) {
  if (spec.entity.kind === 'leaf') leaves.push([type, spec.entity.tag, spec.entity]);
  else if (spec.entity.kind === 'head') leaves.push([type, spec.entity.head.tag, spec.entity.head]);
  else leaves.push([type, spec.entity.head.tag, spec.entity.head], [type, spec.entity.list.tag, spec.entity.list]);
}

describe('field tables match ceb-messages.md (202205 XSD)', () => {
  it.each(leaves)('%s %s', (type, tag, spec) => {
    const table = referenceTables(`#### ${type}`)[tag];
    expect(table, `table ${tag} in section ${type}`).toBeDefined();
    expect(asRows(spec)).toEqual(table);
  });

  it('BaseTransfer (§2.2) and BaseSubscribe (§2.3)', () => {
    expect(asRows(BASE_TRANSFER_SPEC)).toEqual(referenceTables('### 2.2 BaseTransfer')['']);
    expect(asRows(BASE_SUBSCRIBE_SPEC)).toEqual(referenceTables('### 2.3 BaseSubscribe')['']);
  });

  it('list cardinalities follow the reference (export ×100, import ×99, 507/701/792 optional ×∞, 509 M ×∞)', () => {
    const lists = Object.fromEntries(
      Object.entries({ ...REQUEST_SPECS, ...ISSUED_SPECS })
        .flatMap(([t, s]) => (s.entity.kind === 'headList' ? [[t, [s.entity.list.min, s.entity.list.max]]] : [])),
    );
    expect(lists).toEqual({
      CEB303Message: [1, 100], CEB603Message: [1, 100], CEB507Message: [0, undefined], CEB509Message: [1, undefined],
      CEB701Message: [0, undefined], CEB311Message: [1, 99], CEB621Message: [1, 99], CEB625Message: [1, 99],
      CEB816Message: [1, 99], CEB792Message: [0, undefined],
    });
    expect(Object.values(REQUEST_SPECS).every((s) => s.maxEntities === 100)).toBe(true);
    expect(RECEIPT_SPECS.CEB900Message.maxEntities).toBe(1);
    expect([ISSUED_SPECS.CEB816Message.maxEntities, ISSUED_SPECS.CEB818Message.maxEntities, ISSUED_SPECS.CEB792Message.maxEntities])
      .toEqual([undefined, undefined, 100]);
  });

  it('root children follow the reference: entity tag per message, mandatory signature in 621/623/625', () => {
    const doc = readFileSync(referenceDocPath(), 'utf8');
    for (const [type, spec] of Object.entries({ ...REQUEST_SPECS, ...RECEIPT_SPECS, ...ISSUED_SPECS })) {
      const section = doc.slice(doc.indexOf(`\n#### ${type} `));
      const children = /Root children \(order as in XSD\): ([^\n]+)/.exec(section)?.[1] ?? '';
      expect(children.startsWith(`${spec.entity.tag}(`), `${type}: ${children}`).toBe(true);
      const signature = /Signature\((M|O)/.exec(children)?.[1];
      if (type in REQUEST_SPECS) expect(spec.signature ?? 'O', type).toBe(signature);
    }
  });

  it('head-only entities wrap exactly the head named by the reference (Payment/PaymentHead…)', () => {
    const wrapped = Object.entries({ ...REQUEST_SPECS, ...ISSUED_SPECS })
      .flatMap(([t, s]) => (s.entity.kind === 'head' ? [[t, `${s.entity.tag}/${s.entity.head.tag}`]] : []));
    expect(Object.fromEntries(wrapped)).toEqual({
      CEB411Message: 'Payment/PaymentHead', CEB511Message: 'Logistics/LogisticsHead', CEB818Message: 'Tax/TaxHeadStatus',
    });
    const doc = readFileSync(referenceDocPath(), 'utf8');
    for (const [, label] of wrapped) expect(doc).toContain(`*${label}*`);
  });
});
