/** Test helpers of the lender simulators (test-only: imports vitest through kit/testing.ts). */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { TransportErrorCode } from '../kit/errors.js';
import { eventually, rejection, type SimulatorFixture } from '../kit/testing.js';
import { application, BENEFICIARY, type LenderHarness } from './contract.js';
import { LenderErrorCode, LenderEventSchema, type LenderEvent, type LenderPort } from './port.js';

/** The harness of a lender simulator behind a signed-callback receiver (kit/testing.ts useSimulator). */
export function simulatorHarness(sim: SimulatorFixture<unknown>, port: () => LenderPort, products: Pick<LenderHarness, 'offered' | 'notOffered'>): LenderHarness {
  return {
    get port() {
      return port();
    },
    ledger: sim.ledger,
    event: (reference, type) => eventOf(sim, reference, type),
    ...products,
  };
}

export function eventOf<T extends LenderEvent['type']>(sim: SimulatorFixture<unknown>, reference: string, type: T): Promise<Extract<LenderEvent, { type: T }>> {
  return eventually(() => sim.received
    .filter((r) => r.verified)
    .map((r) => LenderEventSchema.safeParse(r.body).data)
    .find((e): e is Extract<LenderEvent, { type: T }> => e?.reference === reference && e.type === type));
}

/** Scenarios, faults and request checks every lender simulator shares (README.md § Simulator). */
export function lenderSimulatorSuite(sim: SimulatorFixture<unknown>, port: () => LenderPort, offered: LenderHarness['offered']): void {
  it('rejects with the reason the scenario names', async () => {
    const req = application(offered);
    await sim.control('/_control/scenarios', { key: req.reference, scenario: 'reject', params: { code: 'BUYER_RISK', reason: 'buyer on the lender’s watch list' } });
    const { applicationId } = await port().apply(req, `${req.reference}:apply`);
    expect(await eventOf(sim, req.reference, 'REJECTED')).toMatchObject({ applicationId, reason: { code: 'BUYER_RISK', text: 'buyer on the lender’s watch list' } });
    const err = await rejection(port().disburse({ reference: req.reference, applicationId, offerId: 'OF-NONE', amount: '1.00', currency: 'CNY', beneficiary: BENEFICIARY }, `${req.reference}:disburse`));
    expect(err).toMatchObject({ code: LenderErrorCode.ApplicationPending, retryable: false });
  });

  it('asks for more documents, then approves once they are sent', async () => {
    const req = application(offered);
    await sim.control('/_control/scenarios', { key: req.reference, scenario: 'more-documents', params: { documents: ['SALES_CONTRACT', 'COMMERCIAL_INVOICE'] } });
    const { applicationId } = await port().apply(req, `${req.reference}:apply`);
    expect(await eventOf(sim, req.reference, 'DOCUMENTS_REQUIRED')).toMatchObject({ applicationId, documents: ['SALES_CONTRACT', 'COMMERCIAL_INVOICE'] });
    const documents = [{ type: 'SALES_CONTRACT' as const, sha256: 'b'.repeat(64) }, { type: 'COMMERCIAL_INVOICE' as const, sha256: 'c'.repeat(64) }];
    await port().submitDocuments({ applicationId, reference: req.reference, documents }, `${req.reference}:documents-1`);
    expect(await eventOf(sim, req.reference, 'APPROVED')).toMatchObject({ applicationId });
    const late = await rejection(port().submitDocuments({ applicationId, reference: req.reference, documents }, `${req.reference}:documents-2`));
    expect(late).toMatchObject({ code: LenderErrorCode.ApplicationDecided });
  });

  it('answers 503 during an outage, which the client reports as retryable', async () => {
    await sim.control('/_control/outage', { durationMs: 60_000 });
    const req = application(offered);
    try {
      expect(await rejection(port().apply(req, `${req.reference}:apply`))).toMatchObject({ code: TransportErrorCode.Unavailable, retryable: true, status: 503 });
    } finally {
      await sim.control('/_control/outage', {}, 'DELETE');
    }
    await expect(port().apply(req, `${req.reference}:apply`)).resolves.toMatchObject({ status: 'UNDER_REVIEW' });
  });

  it('requires an idempotency key and a valid body', async () => {
    const res = await fetch(`${sim.baseUrl}/v1/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(application(offered)) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: LenderErrorCode.IdempotencyKeyRequired });
    const err = await rejection(port().apply(application(offered, { requestedAmount: '10.001' }), `apply:${randomUUID()}`));
    expect(err).toMatchObject({ code: LenderErrorCode.InvalidRequest, retryable: false, status: 400 });
  });
}
