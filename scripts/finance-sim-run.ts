/**
 * `node scripts/node.mjs tsx scripts/finance-sim-run.ts [loans] [failureRate]`: runs loans through
 * each lender simulator over HTTP under injected faults (transient 503s, duplicate callbacks, slow
 * answers the client times out on) with every call retried under its idempotency key, as Temporal
 * retries activities, and prints what it measured: calls, retries, double disbursements and
 * repayments (from the simulators' ledgers), and whether the platform's ledgers (domain/finance)
 * reconcile with the lenders' statements and balance per loan and in total. Exits 1 if anything
 * moved twice or does not balance.
 */
import Fastify from 'fastify';
import { verifyBody } from '../adapters/kit/callbacks.js';
import { isAdapterError } from '../adapters/kit/errors.js';
import { createLenderClient } from '../adapters/lender/client.js';
import { LenderEventSchema, type ApplyRequest, type LenderEvent, type LenderPort } from '../adapters/lender/port.js';
import { LENDER_BANK } from '../adapters/lender-bank/simulator.js';
import { LENDER_FIN } from '../adapters/lender-fin/simulator.js';
import { createLenderSimulator, type LenderProfile } from '../adapters/lender/simulator.js';
import { accrueInterest, applyReceipt, emptyLedger, post, type LoanLedger } from '../domain/finance/ledger.js';
import { formatMinor, toMinor } from '../domain/finance/money.js';
import { portfolio, reconcile } from '../domain/finance/reconcile.js';

const LOANS = Number(process.argv[2] ?? 200);
const FAILURE_RATE = Number(process.argv[3] ?? 0.2);
const SECRET = 'finance-sim-run-secret';

const BENEFICIARY = { accountName: '达州市竹编工艺品有限公司', accountNo: '6222020200112233445', bankCode: '102675000019' };
const application = (n: number, product: ApplyRequest['product']): ApplyRequest => ({
  reference: `loan:ent-dazhou-demo:SIM-${process.pid}-${n}`, product, enterprise: { code: '5117960001', name: '达州市竹编工艺品有限公司' },
  currency: 'CNY', requestedAmount: '60000.00', financedValue: '100000.00', tenorDays: 90, documents: [{ type: 'EVIDENCE_PACKAGE', sha256: 'a'.repeat(64) }],
});

let retries: Record<string, number> = {};
/** Calls until the answer is not a retryable failure, under the same key (Temporal's activity retries). */
async function retried<T>(call: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (!isAdapterError(err) || !err.retryable) throw err;
      retries[err.code] = (retries[err.code] ?? 0) + 1;
      await new Promise((r) => setTimeout(r, 20)); // a retry backoff, as Temporal's
    }
  }
}

async function run(profile: LenderProfile) {
  const events: LenderEvent[] = [];
  const receiver = Fastify();
  receiver.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  receiver.post('/callbacks', async (req, reply) => {
    const raw = req.body as string;
    const h = (n: string) => (typeof req.headers[n] === 'string' ? (req.headers[n] as string) : undefined);
    if (!verifyBody({ secret: SECRET, body: raw, timestamp: h('x-cbec-timestamp'), signature: h('x-cbec-signature') }).ok) return reply.code(401).send();
    const e = LenderEventSchema.safeParse(JSON.parse(raw));
    if (e.success) events.push(e.data);
    return reply.code(204).send();
  });
  const callbackUrl = `${await receiver.listen({ host: '127.0.0.1', port: 0 })}/callbacks`;
  const sim = createLenderSimulator(profile, { timeScale: 86_400_000, failureRate: FAILURE_RATE, callback: { url: callbackUrl, secret: SECRET } });
  const baseUrl = await sim.app.listen({ host: '127.0.0.1', port: 0 });
  Object.assign(sim.faults, { duplicateCallbackRate: 0.2, slowRate: 0.05, slowMs: 3_000 });
  const port: LenderPort = createLenderClient(profile.system, { baseUrl, timeoutMs: 2_000 });
  const until = async <T>(find: () => T | undefined): Promise<T> => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 5))) {
      const v = find();
      if (v !== undefined) return v;
    }
    throw new Error('callback not received within 30 s');
  };

  const started = Date.now();
  const ledgers: LoanLedger[] = [];
  const statements = new Map<string, Awaited<ReturnType<LenderPort['statement']>>>();
  await Promise.all(Array.from({ length: LOANS }, async (_, i) => {
    const req = application(i, 'RECEIVABLE_9710');
    const { applicationId } = await retried(() => port.apply(req, `${req.reference}:apply`));
    const approved = await until(() => events.find((e): e is Extract<LenderEvent, { type: 'APPROVED' }> => e.type === 'APPROVED' && e.reference === req.reference));
    const draw = { reference: req.reference, applicationId, offerId: approved.offer.offerId, amount: approved.offer.limit, currency: 'CNY', beneficiary: BENEFICIARY };
    const d = await retried(() => port.disburse(draw, `${req.reference}:disburse`));
    if (i % 3 === 0) await retried(() => port.disburse(draw, `${req.reference}:disburse`)); // a workflow retry after a lost answer
    let l = post(emptyLedger(req.reference, 'CNY'), { key: `${req.reference}:disburse`, kind: 'DISBURSED', principal: toMinor(d.amount, 'CNY'), on: d.valueDate }).ledger;
    l = post(l, { key: `${req.reference}:fee`, kind: 'FEE_CHARGED', fees: toMinor(d.fee, 'CNY'), on: d.valueDate }).ledger;
    l = accrueInterest(l, { annualRateBp: approved.offer.annualRateBp, dayCount: approved.offer.dayCount }, '2027-03-01').ledger;
    const received = i % 4 === 0 ? 30_000_00 : 75_000_00; // every fourth loan's proceeds fall short
    const r = applyReceipt(l, `${req.reference}:repay:fx`, received, '2027-03-01');
    const w = r.waterfall.toLender;
    const instruction = { reference: req.reference, disbursementId: d.disbursementId, instructionId: `${req.reference}:repay:fx`, currency: 'CNY', amount: formatMinor(w.total, 'CNY'), fees: formatMinor(w.fees, 'CNY'), interest: formatMinor(w.interest, 'CNY'), principal: formatMinor(w.principal, 'CNY') };
    await retried(() => port.repay(instruction, `${req.reference}:repay:fx`));
    await until(() => events.find((e) => e.type === 'REPAYMENT_CONFIRMED' && e.reference === req.reference));
    ledgers.push(r.ledger);
    statements.set(req.reference, await retried(() => port.statement(d.disbursementId)));
  }));
  const elapsedMs = Date.now() - started;
  const calls = sim.injected;

  const effects = sim.ledger.list();
  const count = (op: string) => effects.filter((e) => e.operation === op).length;
  const mismatches = ledgers.flatMap((l) => {
    const s = statements.get(l.loanId)!;
    return reconcile(l, { disbursed: toMinor(s.disbursed, 'CNY'), repaid: { fees: toMinor(s.repaid.fees, 'CNY'), interest: toMinor(s.repaid.interest, 'CNY'), principal: toMinor(s.repaid.principal, 'CNY') }, outstandingPrincipal: toMinor(s.outstandingPrincipal, 'CNY') });
  });
  const book = portfolio(ledgers);
  const result = {
    lender: profile.system, loans: LOANS, failureRate: FAILURE_RATE, elapsedMs, retriesByCode: { ...retries },
    injected: calls,
    disbursements: count('disburse'), repeatedDisburseRequests: effects.filter((e) => e.operation === 'disburse' && e.requests > 1).length,
    repayments: count('repay'), doubleDisbursements: count('disburse') - LOANS, doubleRepayments: count('repay') - LOANS,
    reconciliationDifferences: mismatches.length, balanced: book.balanced,
    principal: { disbursed: formatMinor(book.totals.principal.charged, 'CNY'), repaid: formatMinor(book.totals.principal.repaid, 'CNY'), outstanding: formatMinor(book.totals.principal.outstanding, 'CNY') },
  };
  // keep-alive sockets of the client would hold each server open for its keep-alive timeout
  sim.app.server.closeAllConnections();
  receiver.server.closeAllConnections();
  await Promise.all([sim.app.close(), receiver.close()]);
  retries = {};
  return result;
}

let failed = false;
for (const profile of [LENDER_BANK, LENDER_FIN]) {
  const r = await run(profile);
  console.log(JSON.stringify(r));
  failed ||= r.doubleDisbursements !== 0 || r.doubleRepayments !== 0 || r.reconciliationDifferences !== 0 || !r.balanced;
}
process.exit(failed ? 1 : 0);
