import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureHistory } from '../support/histories.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { repoRoot } from '../../scripts/lib/tools.js';
import { control, ledger } from '../support/ledger.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';
import { insuredCargo, policyWhen } from '../support/policies.js';

/**
 * Cargo insurance (issue 20 §2) end to end on the real stack: a 9810 consignment is insured under
 * the enterprise's INSURANCE consent, the cover is bound once its transport is booked (the insurer
 * simulator prices it by value, corridor and goods), the overseas warehouse counts some units in
 * damaged, and a claim opens from that receipt with its evidence; a 9710 consignment departs and is
 * never heard of again, and a loss claim opens once it is presumed lost; a 9610 parcel seized by
 * customs ends its cover without a claim (excluded). The insurer decides by signed callback, bound
 * to the policy.
 */
let p: Platform;
const example = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9810.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9810' }>;
const retail = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9610.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9610' }>;
const b2b = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9710.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9710' }>;

beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
}, 120_000);
afterAll(async () => p?.stop());


describe.concurrent('cargo insurance', () => {
  it('binds at transport booking and opens a claim from a damaged-units warehouse receipt', async () => {
    const orderNo = 'INS-DMG-1';
    const shipmentId = `shipment:${p.enterpriseId}:${orderNo}`;
    // the warehouse counts a tenth of every line in damaged
    await control(p.simUrls['overseas-warehouse']!, 'scenarios', { key: shipmentId, scenario: 'damaged', params: { share: 0.1 } });
    const created = await p.api.POST('/v1/shipments', { body: { ...example, orderNo, logistics: { ...example.logistics, waybillNo: 'WBINSDMG1' } } });
    expect(created.response.status).toBe(202);

    // no consent yet: refused, nothing started
    const refused = await p.api.POST('/v1/policies', { body: { shipmentId, insurer: 'insurer' } });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ code: 'CONSENT_REQUIRED', fields: [{ path: 'body.insurer' }] });
    const id = await insuredCargo(p, shipmentId);
    expect(id).toBe(`policy:${shipmentId}`);

    const bound = await policyWhen(p, id, 'bound', (x) => x.policyNo !== null);
    // CR_EXPRESS_CHENGDU: 8 bp of the EUR 3,268.00 declared (120 × 18.90 + 40 × 25.00), at least EUR 10.00
    expect(bound).toMatchObject({ cover: 'CARGO', currency: 'EUR', insuredValue: '3268.00', rateBp: 8, premium: '10.00' });
    expect(bound.coverFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const claimed = await policyWhen(p, id, 'claim opened', (x) => x.claims.length > 0);
    const { data: shipment } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id: shipmentId } } });
    const receipt = shipment!.timeline.find((e) => e.type === 'WAREHOUSE_RECEIVED');
    expect(receipt?.info).toMatch(/damaged DZ-TEA-001 ×12, DZ-BAMBOO-7 ×4/);
    const claim = claimed.claims[0]!;
    // the damaged units at their declared price: 12 × 18.90 + 4 × 25.00
    expect(claim).toMatchObject({ loss: 'DAMAGE', amount: '326.80' });
    expect(claim.claimId).toBeTruthy();
    expect(claim.evidence).toEqual([expect.objectContaining({ type: 'WAREHOUSE_RECEIPT', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), detail: 'damaged at receipt: DZ-TEA-001 ×12, DZ-BAMBOO-7 ×4' })]);

    // the insurer's decision comes by signed callback, bound to the policy
    const decided = await policyWhen(p, id, 'claim decided', (x) => x.status === 'CLAIM_PAID' || x.status === 'CLAIM_DECLINED');
    expect(decided.status).toBe('CLAIM_PAID');
    expect(Number(decided.claims[0]!.paidAmount)).toBeGreaterThan(0);
    expect(Number(decided.claims[0]!.paidAmount)).toBeLessThanOrEqual(326.8);
    // one quote, one policy, one claim at the insurer; the goods went to it under the consent, once
    const effects = (await ledger(p.simUrls.insurer!)).filter((e) => e.key.startsWith(`${id}:`)).map((e) => e.operation).sort();
    expect(effects).toEqual(['bind', 'claim', 'quote']);
    expect(await p.db.financeDisclosure.findMany({ where: { purposeRef: id } })).toEqual([expect.objectContaining({ recipient: 'insurer', facts: ['GOODS', 'TIMELINE'] })]);
    await p.temporal.workflow.getHandle(id).result();
    await captureHistory(p.temporal, id, 'finance/insurance-damage-claim-paid');
  });

  it('opens a loss claim for a consignment that departed and never arrived, with the carrier’s milestones as evidence', async () => {
    const orderNo = 'INS-LOST-1';
    const shipmentId = `shipment:${p.enterpriseId}:${orderNo}`;
    // the train leaves with the consignment and the carrier reports nothing after the departure
    await control(p.simUrls.rail, 'scenarios', { key: shipmentId, scenario: 'lost', params: {} });
    const created = await p.api.POST('/v1/shipments', { body: { ...b2b, orderNo, logistics: { ...b2b.logistics, waybillNo: 'WBINSLOST1' } } });
    expect(created.response.status).toBe(202);
    const id = await insuredCargo(p, shipmentId);

    const claimed = await policyWhen(p, id, 'claim opened', (x) => x.claims.length > 0);
    const { data: shipment } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id: shipmentId } } });
    const types = shipment!.timeline.map((e) => e.type);
    expect(types).toContain('DEPARTED');
    expect(types).not.toContain('ARRIVED');
    // the whole insured value (4 × USD 165.00), presumed lost 30 business days after the corridor's 22-day transit service level
    const claim = claimed.claims[0]!;
    expect(claim).toMatchObject({ loss: 'LOSS', amount: '660.00' });
    expect(claim.evidence).toEqual([expect.objectContaining({ type: 'CARRIER_MILESTONES', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), detail: expect.stringMatching(/^departed on \d{4}-\d{2}-\d{2} \(.+\), no arrival reported 52 business days later: presumed lost in transit$/) })]);
    const decided = await policyWhen(p, id, 'claim decided', (x) => x.status === 'CLAIM_PAID' || x.status === 'CLAIM_DECLINED');
    // less the 0.5 % deductible (USD 3.30)
    expect(decided).toMatchObject({ status: 'CLAIM_PAID', claims: [{ loss: 'LOSS', status: 'PAID', paidAmount: '656.70' }] });
    const effects = (await ledger(p.simUrls.insurer!)).filter((e) => e.key.startsWith(`${id}:`)).map((e) => e.operation).sort();
    expect(effects).toEqual(['bind', 'claim', 'quote']);
    expect(await p.temporal.workflow.getHandle(id).result()).toMatchObject({ status: 'CLAIM_PAID' });
    await captureHistory(p.temporal, id, 'finance/cargo-policy-loss-paid');
  });

  it('ends the cover without a claim when customs seize the goods: seizure is excluded, and the policy says so', async () => {
    const orderNo = 'INS-SEIZED-1';
    const shipmentId = `shipment:${p.enterpriseId}:${orderNo}`;
    // customs select the parcel for inspection (查验); ops record that the goods were seized
    await control(p.simUrls.singleWindow, 'scenarios', { key: orderNo, scenario: 'inspect', params: {} });
    const created = await p.api.POST('/v1/shipments', { body: { ...retail, orderNo, logistics: { ...retail.logistics, waybillNo: 'WBINSSEIZED1' } } });
    expect(created.response.status).toBe(202);
    const id = await insuredCargo(p, shipmentId);
    await policyWhen(p, id, 'bound', (x) => x.policyNo !== null);
    // held for inspection (its status may already read SLA_BREACHED at this time scale: the timeline says where it is)
    await eventually(async () => ((await p.api.GET('/v1/shipments/{id}', { params: { path: { id: shipmentId } } })).data?.timeline.some((e) => e.type === 'INSPECTION') ? true : undefined), `${shipmentId}: inspection`);
    const seized = await fetch(`${p.apiUrl}/v1/ops/shipments/${encodeURIComponent(shipmentId)}/inspection`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${p.config.OPS_API_KEY.reveal()}` },
      body: JSON.stringify({ outcome: 'SEIZED', note: 'undeclared batteries found', operator: 'ops-li' }),
    });
    expect(seized.status).toBe(200);

    const ended = await policyWhen(p, id, 'cover ended', (x) => x.status !== 'BOUND');
    expect(ended).toMatchObject({ status: 'COVER_ENDED', claims: [] });
    expect(ended.reason).toMatch(/^SEIZURE_EXCLUDED: the goods were seized on \d{4}-\d{2}-\d{2} \(inspection found a problem: undeclared batteries found\); seizure is excluded from cargo cover, no claim opened$/);
    const effects = (await ledger(p.simUrls.insurer!)).filter((e) => e.key.startsWith(`${id}:`)).map((e) => e.operation).sort();
    expect(effects).toEqual(['bind', 'quote']);
  });
});
