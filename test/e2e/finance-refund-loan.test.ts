import { readFileSync } from 'node:fs';
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { signBody } from '../../adapters/kit/callbacks.js';
import { verifyEvidence, type EvidenceJwk } from '../../adapters/kit/verify-evidence.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { repoRoot } from '../../scripts/lib/tools.js';
import { captureHistory } from '../support/histories.js';
import { control, ledger } from '../support/ledger.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';

/**
 * The refund-backed loan (退税贷, issue 20) end to end on the real stack: 9710 consignments file
 * their export refund, the enterprise applies through the API under its consent, the lender
 * (simulator) decides by signed callback, the enterprise accepts, the lender disburses, the tax
 * bureau pays the refund and the repayment instruction closes the loan with a balancing ledger.
 * The tests run concurrently: each must apply between its refund's filing and its payment
 * (10 business days = 10 s at this time scale).
 */
let p: Platform;
const example = JSON.parse(readFileSync(`${repoRoot()}examples/shipment-9710.json`, 'utf8')) as Extract<ShipmentCreate, { mode: '9710' }>;
const ORDERS = { ok: 'FIN-OK-1', reject: 'FIN-REJ-1', noConsent: 'FIN-NOC-1', denied: 'FIN-DEN-1' } as const;
const beneficiary = { accountName: '达州测试电商有限公司', accountNo: '6222020200112233', bankCode: '102651000015' };

beforeAll(async () => {
  p = await startPlatform({ timeScale: 86_400 });
  // every lender callback delivered twice, as gateways do when an answer is lost
  await control(p.simUrls['lender-bank']!, 'faults', { duplicateCallbackRate: 1 });
  // the refund to be denied is held unpaid (a loaded machine can take its 10 business days to disburse) until the test denies it
  await control(p.simUrls.tax, 'scenarios', { key: shipmentId(ORDERS.denied), scenario: 'late-payment', params: { businessDelayMs: 1000 * 86_400_000 } });
  for (const orderNo of Object.values(ORDERS)) {
    const created = await p.api.POST('/v1/shipments', { body: { ...example, orderNo, logistics: { ...example.logistics, waybillNo: `WB${orderNo.replaceAll('-', '')}` } } });
    if (created.response.status !== 202) throw new Error(`shipment ${orderNo}: ${created.response.status}`);
  }
}, 120_000);
afterAll(async () => p?.stop());

const shipmentId = (orderNo: string) => `shipment:${p.enterpriseId}:${orderNo}`;
/** Waits until the shipment's refund is filed (REFUND_APPLIED); returns the refund application number. */
async function refundFiled(orderNo: string): Promise<string> {
  return eventually(async () => {
    const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id: shipmentId(orderNo) } } });
    return data?.timeline.some((e) => e.type === 'REFUND_APPLIED') && data.tax.recordNo ? data.tax.recordNo : undefined;
  }, `${orderNo}: refund filed`);
}
/** Grants a consent through the API, as the enterprise does before applying. */
async function consentTo(lender: string, orderNo: string) {
  const res = await p.api.POST('/v1/finance/consents', { body: { recipient: lender, purpose: 'FINANCING', subjectIds: [shipmentId(orderNo)], allSubjects: false, facts: ['TIMELINE', 'REFUND'], validUntil: new Date(Date.now() + 86_400_000).toISOString() } });
  if (res.response.status !== 201) throw new Error(`consent: ${res.response.status} ${JSON.stringify(res.error)}`);
  return res.data!;
}
const loan = async (id: string) => (await p.api.GET('/v1/loans/{id}', { params: { path: { id } } })).data!;
const loanWhen = (id: string, what: string, done: (l: Awaited<ReturnType<typeof loan>>) => boolean) =>
  eventually(async () => {
    const l = await loan(id);
    return done(l) ? l : undefined;
  }, `${id}: ${what}`);
let signed = 0;
/** POSTs a lender callback signed with `system`'s own secret. */
async function lenderCallback(system: string, secret: string, body: unknown) {
  const raw = JSON.stringify(body);
  const ts = String(Date.now() + ++signed);
  const res = await fetch(`${p.apiUrl}/v1/callbacks/${system}`, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'x-cbec-timestamp': ts, 'x-cbec-signature': signBody(secret, ts, raw) } });
  return { status: res.status, body: (await res.json()) as unknown };
}
const lenderEffects = async (loanId: string) => (await ledger(p.simUrls['lender-bank']!)).filter((e) => e.key.startsWith(`${loanId}:`));

describe.concurrent('refund-backed loan (退税贷)', () => {
  it('applies under consent, is approved, accepted, disbursed once, and closes itself when the refund is paid, its ledger balancing', async ({ expect }) => {
    const refundNo = await refundFiled(ORDERS.ok);
    await consentTo('lender-bank', ORDERS.ok);
    const applied = await p.api.POST('/v1/loans', { body: { product: 'REFUND_BACKED', shipmentId: shipmentId(ORDERS.ok), requestedAmount: '300.00', lender: 'lender-bank', beneficiary } });
    expect(applied.response.status).toBe(202);
    const id = applied.data!.id;
    expect(id).toBe(`loan:${p.enterpriseId}:${refundNo}`);
    // the same application again: the same loan, nothing new
    const again = await p.api.POST('/v1/loans', { body: { product: 'REFUND_BACKED', shipmentId: shipmentId(ORDERS.ok), requestedAmount: '300.00', lender: 'lender-bank', beneficiary } });
    expect(again.response.status).toBe(200);
    expect(again.data!.id).toBe(id);

    const offered = await loanWhen(id, 'offered', (l) => l.status === 'OFFERED');
    // lender-bank: 80 % of the CNY 432.00 refund allows 345.60; 300.00 asked; 0.10 % fee
    expect(offered.offer).toMatchObject({ limit: '300.00', ratioBp: 8_000, annualRateBp: 450, dayCount: 'ACT/360', fee: '0.30' });
    // the evidence went under the consent, logged once
    const disclosures = await p.db.financeDisclosure.findMany({ where: { purposeRef: id } });
    expect(disclosures).toHaveLength(1);
    expect(disclosures[0]).toMatchObject({ recipient: 'lender-bank', subjectId: shipmentId(ORDERS.ok), facts: ['TIMELINE', 'REFUND'] });
    // the lender received the platform-signed package, and it verifies with the keys published without an API key
    const published = await fetch(`${p.apiUrl}/v1/finance/evidence-keys`);
    expect(published.status).toBe(200);
    const { keys } = (await published.json()) as { keys: EvidenceJwk[] };
    const { signedEvidence: evidence } = (await (await fetch(`${p.simUrls['lender-bank']}/_evidence?reference=${encodeURIComponent(id)}`)).json()) as { signedEvidence: unknown[] };
    expect(evidence).toHaveLength(1);
    expect(verifyEvidence(evidence[0], keys)).toEqual({ ok: true, kid: disclosures[0]!.keyId, digest: disclosures[0]!.digest });
    expect(evidence[0]).toMatchObject({ package: { recipient: 'lender-bank', subject: { id: shipmentId(ORDERS.ok) }, facts: { TIMELINE: expect.anything(), REFUND: expect.anything() } } });

    // the APPROVED callback arrived twice (duplicateCallbackRate 1); a third copy signed anew is answered and changes nothing
    const { callbacks } = (await (await fetch(`${p.simUrls['lender-bank']}/_callbacks`)).json()) as { callbacks: { body: string }[] };
    const approved = callbacks.map((c) => c.body).find((b) => b.includes(id) && b.includes('"APPROVED"'))!;
    expect((await lenderCallback('lender-bank', p.config.LENDER_BANK_CALLBACK_SECRET.reveal(), JSON.parse(approved))).status).toBe(200);

    const accepted = await p.api.POST('/v1/loans/{id}/accept', { params: { path: { id } } });
    expect(accepted.response.status).toBe(200);
    // the acceptance is answered once recorded; the lender disburses after it
    expect(['ACCEPTED', 'DISBURSED']).toContain(accepted.data!.status);
    expect((await loanWhen(id, 'disbursed', (l) => l.disbursementId !== null)).disbursementId).toBeTruthy();
    // a second acceptance is refused: the offer is drawn once
    const twice = await p.api.POST('/v1/loans/{id}/accept', { params: { path: { id } } });
    expect(twice.response.status).toBe(409);
    expect(twice.error).toMatchObject({ code: 'LOAN_NOT_OFFERED' });

    const closed = await loanWhen(id, 'closed', (l) => l.status === 'CLOSED' || l.status === 'OVERDUE');
    expect(closed.status).toBe('CLOSED');
    const { principal, fees, interest } = closed.ledger.balances;
    expect(principal).toEqual({ charged: '300.00', repaid: '300.00', writtenOff: '0.00', outstanding: '0.00' });
    expect(fees).toMatchObject({ charged: '0.30', repaid: '0.30', outstanding: '0.00' });
    expect(interest.outstanding).toBe('0.00');
    expect(closed.ledger.balanced).toBe(true);
    expect(closed.ledger.entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['DISBURSED', 'FEE_CHARGED', 'REPAID']));
    expect(closed.repayments).toHaveLength(1);
    const r = closed.repayments[0]!;
    expect(r.status).toBe('CONFIRMED');
    // the waterfall: fees, interest, principal to the lender, the rest of the refund to the enterprise
    expect((Number(r.amount) * 100 + Number(r.toEnterprise) * 100).toFixed(0)).toBe('43200');
    expect(r.principal).toBe('300.00');
    // one disbursement and one repayment at the lender, whatever was delivered twice
    const effects = (await lenderEffects(id)).map((e) => e.operation);
    expect(effects.filter((o) => o === 'disburse')).toHaveLength(1);
    expect(effects.filter((o) => o === 'repay')).toHaveLength(1);
    const stored = await p.db.financeLedgerEntry.findMany({ where: { loanId: id } });
    expect(stored.filter((e) => e.kind === 'DISBURSED')).toHaveLength(1);
    // the Web UI finds it by LoanStatus
    const described = await p.temporal.workflow.getHandle(id).describe();
    expect(described.searchAttributes.LoanStatus).toEqual(['CLOSED']);
    await captureHistory(p.temporal, id, 'finance/refund-loan-closed');
  });

  it('ends REJECTED when the lender rejects, with its reason, and nothing is disbursed', async ({ expect }) => {
    const refundNo = await refundFiled(ORDERS.reject);
    const id = `loan:${p.enterpriseId}:${refundNo}`;
    await control(p.simUrls['lender-bank']!, 'scenarios', { key: id, scenario: 'reject', params: { code: 'EXPOSURE_LIMIT', reason: 'sector exposure limit reached' } });
    await consentTo('lender-bank', ORDERS.reject);
    const applied = await p.api.POST('/v1/loans', { body: { product: 'REFUND_BACKED', declarationNo: undefined, shipmentId: shipmentId(ORDERS.reject), requestedAmount: '200.00', lender: 'lender-bank', beneficiary } });
    expect(applied.response.status).toBe(202);
    const rejected = await loanWhen(id, 'decided', (l) => l.status !== 'APPLIED');
    expect(rejected).toMatchObject({ status: 'REJECTED', reason: 'EXPOSURE_LIMIT: sector exposure limit reached', disbursementId: null });
    expect(rejected.ledger.entries).toEqual([]);
    expect((await lenderEffects(id)).map((e) => e.operation)).toEqual(['apply']);
    expect((await p.api.POST('/v1/loans/{id}/accept', { params: { path: { id } } })).response.status).toBe(409);
    // callbacks are bound to the loan: another lender's, or another application's, change nothing
    const offer = { offerId: 'OF-FORGED', limit: '200.00', currency: 'CNY', ratioBp: 8_000, annualRateBp: 100, dayCount: 'ACT/360', fee: '0.00', tenorDays: 120, expiresAt: new Date(Date.now() + 86_400_000).toISOString() };
    const forged = (applicationId: string) => ({ eventId: `evt-forged-${applicationId}`, reference: id, at: new Date().toISOString(), type: 'APPROVED', applicationId, offer });
    const fin = await lenderCallback('lender-fin', p.config.LENDER_FIN_CALLBACK_SECRET.reveal(), forged(rejected.applicationId!));
    expect(fin).toMatchObject({ status: 403, body: { code: 'CALLBACK_WRONG_SYSTEM', fields: [{ path: 'reference' }] } });
    const other = await lenderCallback('lender-bank', p.config.LENDER_BANK_CALLBACK_SECRET.reveal(), forged('BKAP99999999'));
    expect(other).toMatchObject({ status: 409, body: { code: 'CALLBACK_NUMBER_MISMATCH', fields: [{ path: 'body.applicationId' }] } });
    expect((await loan(id)).status).toBe('REJECTED');
  });

  it('refuses without consent (403, the field at fault): nothing written, started or disclosed; another enterprise sees nothing', async ({ expect }) => {
    const refundNo = await refundFiled(ORDERS.noConsent);
    const id = `loan:${p.enterpriseId}:${refundNo}`;
    // a consent for the other lender does not count for lender-bank, nor one revoked
    await consentTo('lender-fin', ORDERS.noConsent);
    const revoked = await p.api.POST('/v1/finance/consents/{id}/revoke', { params: { path: { id: (await consentTo('lender-bank', ORDERS.noConsent)).id } } });
    expect(revoked.data).toMatchObject({ state: 'REVOKED' });
    const res = await p.api.POST('/v1/loans', { body: { product: 'REFUND_BACKED', shipmentId: shipmentId(ORDERS.noConsent), requestedAmount: '200.00', lender: 'lender-bank', beneficiary } });
    expect(res.response.status).toBe(403);
    expect(res.error).toMatchObject({ code: 'CONSENT_REQUIRED', fields: [{ path: 'body.lender', message: 'REVOKED' }] });
    expect(await p.db.financeLoan.count({ where: { id } })).toBe(0);
    expect(await p.db.financeDisclosure.count({ where: { subjectId: shipmentId(ORDERS.noConsent) } })).toBe(0);
    expect(await lenderEffects(id)).toEqual([]);
    await expect(p.temporal.workflow.getHandle(id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    // bad input: 4xx with the code and the field
    const bad = await p.api.POST('/v1/loans', { body: { product: 'REFUND_BACKED', shipmentId: shipmentId(ORDERS.noConsent), requestedAmount: '200.00', lender: 'bank-x', beneficiary } });
    expect(bad.response.status).toBe(422);
    expect(bad.error).toMatchObject({ code: 'UNKNOWN_LENDER', fields: [{ path: 'body.lender' }] });
    const other = await p.otherApi.POST('/v1/loans', { body: { product: 'REFUND_BACKED', shipmentId: shipmentId(ORDERS.noConsent), requestedAmount: '200.00', lender: 'lender-bank', beneficiary } });
    expect(other.response.status).toBe(404);
    expect(other.error).toMatchObject({ code: 'SHIPMENT_NOT_FOUND', fields: [{ path: 'body.shipmentId' }] });
    expect((await p.otherApi.GET('/v1/loans')).data!.items).toEqual([]);
    // nor can it consent for another enterprise's shipment
    const foreign = await p.otherApi.POST('/v1/finance/consents', { body: { recipient: 'lender-bank', purpose: 'FINANCING', subjectIds: [shipmentId(ORDERS.noConsent)], allSubjects: false, facts: ['REFUND'], validUntil: new Date(Date.now() + 86_400_000).toISOString() } });
    expect(foreign.response.status).toBe(422);
    expect(foreign.error).toMatchObject({ code: 'SUBJECT_NOT_FOUND', fields: [{ path: 'body.subjectIds.0' }] });
    expect((await p.otherApi.GET('/v1/finance/consents')).data!.items).toEqual([]);
  });

  it('falls OVERDUE when the tax bureau denies the refund after disbursement: everything outstanding is due, the ledger still balancing', async ({ expect }) => {
    await refundFiled(ORDERS.denied);
    await consentTo('lender-bank', ORDERS.denied);
    const applied = await p.api.POST('/v1/loans', { body: { product: 'REFUND_BACKED', shipmentId: shipmentId(ORDERS.denied), requestedAmount: '100.00', lender: 'lender-bank', beneficiary } });
    expect(applied.response.status).toBe(202);
    const id = applied.data!.id;
    await loanWhen(id, 'offered', (l) => l.status === 'OFFERED');
    expect(['ACCEPTED', 'DISBURSED']).toContain((await p.api.POST('/v1/loans/{id}/accept', { params: { path: { id } } })).data!.status);
    await loanWhen(id, 'disbursed', (l) => l.status === 'DISBURSED');
    // once the money is out, the tax bureau denies the refund (answered on the next status poll)
    await control(p.simUrls.tax, 'scenarios', { key: shipmentId(ORDERS.denied), scenario: 'refund-denied', params: { reason: '退税审核不通过' } });
    const overdue = await loanWhen(id, 'overdue', (l) => l.status === 'OVERDUE');
    expect(overdue.reason).toContain('REFUND_DENIED');
    expect(overdue.ledger.balances.principal).toEqual({ charged: '100.00', repaid: '0.00', writtenOff: '0.00', outstanding: '100.00' });
    expect(overdue.ledger.balanced).toBe(true);
    expect(overdue.repayments).toEqual([]);
    // ops find it in the Web UI by LoanStatus
    expect((await p.temporal.workflow.getHandle(id).describe()).searchAttributes.LoanStatus).toEqual(['OVERDUE']);
  });
});
