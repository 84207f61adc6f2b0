import { urlVar } from '../../adapters/kit/system.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { TERMINAL_STATUSES } from '../../domain/status.js';
import { DAY } from '../../domain/time.js';
import { shipmentWorkflowId } from '../../workflows/contract.js';
import { LoanStatus } from '../../workflows/finance/contract.js';
import { answered } from './calls.js';
import type { Cluster } from './cluster.js';

/**
 * Financing in the chaos run (issue 20): a share of the run's 9710 and 9810 consignments is
 * financed through the API as an enterprise would — consent for the lender, apply once the
 * shipment's timeline makes it eligible, accept the offer — while the simulators fail, answer late
 * and repeat callbacks and workers and APIs are killed. The loans then run on their own: each
 * closes when its refund is paid or its FX proceeds settle (finance-verify.ts checks the money).
 */
export type FinancedProduct = 'REFUND_BACKED' | 'RECEIVABLE_9710' | 'RECEIVABLE_9810_SALES';
export const CHAOS_LENDERS = ['lender-bank', 'lender-fin'] as const;

export interface Financing {
  orderNo: string;
  mode: '9710' | '9810';
  product: FinancedProduct;
  lender: (typeof CHAOS_LENDERS)[number];
  requestedAmount: string;
}

/** Per mode, the products taken in turn; each pair of them is financed by one lender, then the other. */
const PRODUCTS: Record<Financing['mode'], FinancedProduct[]> = { '9710': ['REFUND_BACKED', 'RECEIVABLE_9710'], '9810': ['RECEIVABLE_9810_SALES', 'REFUND_BACKED'] };
/** The first 9810 goes to the other lender, so that a run financing one of each mode uses both lenders. */
const LENDER_OFFSET: Record<Financing['mode'], number> = { '9710': 0, '9810': 1 };
/**
 * Within every limit: the refund of the example 9710 is CNY 432.00, of the 9810 more; a 9710's
 * declared value CNY 4,800 (70–75 %); a 9810's first sales batch half its CNY 4,950.
 */
const AMOUNTS: Record<FinancedProduct, string> = { REFUND_BACKED: '100.00', RECEIVABLE_9710: '2000.00', RECEIVABLE_9810_SALES: '1000.00' };

/**
 * The financings of a run: `share` (0..1) of its refund-claiming 9710 and 9810 consignments,
 * spread evenly over them, products and lenders taken in turn (every combination in a long run).
 */
export function financingPlan(bodies: ShipmentCreate[], share: number): Financing[] {
  const eligible = bodies.filter((b): b is Extract<ShipmentCreate, { mode: '9710' | '9810' }> => (b.mode === '9710' || b.mode === '9810') && b.refundClaim !== false);
  const taken: Record<Financing['mode'], number> = { '9710': 0, '9810': 0 };
  return eligible.flatMap((b, i) => {
    if (Math.floor((i + 1) * share) === Math.floor(i * share)) return [];
    const k = taken[b.mode]++;
    const product = PRODUCTS[b.mode][k % 2]!;
    return [{ orderNo: b.orderNo, mode: b.mode, product, lender: CHAOS_LENDERS[(Math.floor(k / 2) + LENDER_OFFSET[b.mode]) % 2]!, requestedAmount: AMOUNTS[product] }];
  });
}

/**
 * What repays a financed shipment is held at its simulator until the loan is lent or has ended
 * (or the financing ended without a loan), so that the enterprise applies while it is still to
 * come whatever the machine's load: at 864,000 a business day is 0.1 s, a refund is paid 1 s after
 * filing and a sales batch's proceeds 0.2 s after the sale, while a loaded machine (1-minute load
 * average 15-30 on 2 cores, shared) took up to minutes from the timeline to the loan's first look.
 * The tax bureau pays a held refund after its review (`late-payment`); the bank keeps a held
 * collection's funds (`held-funds`: the shipment shows SLA_BREACHED past its 30-day funds SLA).
 */
type Scenario = { scenario: string; params: Record<string, unknown> };
export const HOLDS: Record<FinancedProduct, { system: 'tax' | 'bank'; hold: Scenario; release: Scenario }> = {
  REFUND_BACKED: { system: 'tax', hold: { scenario: 'late-payment', params: { businessDelayMs: 100_000 * DAY } }, release: { scenario: 'late-payment', params: { businessDelayMs: 0 } } },
  RECEIVABLE_9710: { system: 'bank', hold: { scenario: 'held-funds', params: {} }, release: { scenario: 'released', params: {} } },
  RECEIVABLE_9810_SALES: { system: 'bank', hold: { scenario: 'held-funds', params: {} }, release: { scenario: 'released', params: {} } },
};
/** Loan statuses after which what repays it is let go: the money is out, or will never be. */
const RELEASE_ON: readonly string[] = [LoanStatus.DISBURSED, LoanStatus.REPAYING, LoanStatus.OVERDUE, LoanStatus.CLOSED, LoanStatus.DECLINED, LoanStatus.CONSENT_REFUSED, LoanStatus.REJECTED, LoanStatus.OFFER_EXPIRED];

/** Loan statuses after which nothing happens any more (OVERDUE may still close). */
export const LOAN_ENDS: readonly string[] = [LoanStatus.CLOSED, LoanStatus.DECLINED, LoanStatus.CONSENT_REFUSED, LoanStatus.REJECTED, LoanStatus.OFFER_EXPIRED];
const READY_EVENTS = ['RELEASED', 'DEPARTED', 'REFUND_APPLIED', 'PRE_REFUND_APPLIED', 'REFUND_PAID', 'SALES_REPORTED', 'FX_SETTLED'];
/** Refusals that mean the moment has passed (the refund paid, the proceeds in): the financing is missed, not wrong. */
const MISSED = new Set(['REFUND_ALREADY_PAID', 'ALREADY_COLLECTED']);
/** Refusals that mean "not yet": wait for the next sales batch or the customs release. */
const NOT_YET = new Set(['NO_UNCOLLECTED_SALES', 'NOT_RELEASED']);
const beneficiary = { accountName: '混沌测试电商有限公司', accountNo: '6222020200112233', bankCode: '102651000015' };

type Stage = 'consent' | 'waiting' | 'applying' | 'offer' | 'accepting' | 'done';
interface Progress { plan: Financing; stage: Stage; shipmentId: string; loanId?: string; outcome?: string; busy: boolean; held: boolean }

export interface FinanceDriving {
  planned: number;
  /** Financings whose loan was applied for (the loan id). */
  applied: number;
  accepted: number;
  /** Financings whose moment passed before the application (the refund paid, the proceeds in), with the refusal. */
  missed: string[];
  /** Answers the run did not expect (a bug): the financing and the refusal. */
  refused: string[];
}

/** Drives the financings of a run: `prepare` before the shipments are submitted, `tick` from the run's loop. */
export class FinanceDriver {
  private readonly progress: Progress[];
  private readonly loans = new Map<string, string>(); // loan id -> status
  readonly figures: FinanceDriving;

  constructor(private readonly cluster: Cluster, plans: Financing[], private readonly log: (line: string) => void) {
    this.progress = plans.map((plan) => ({ plan, stage: 'consent', shipmentId: shipmentWorkflowId(cluster.enterpriseId, plan.orderNo), busy: false, held: true }));
    this.figures = { planned: plans.length, applied: 0, accepted: 0, missed: [], refused: [] };
  }

  /** Asks the tax bureau and the bank to hold what repays each financed shipment (HOLDS). */
  async prepare(): Promise<void> {
    for (const p of this.progress) await this.scenario(p, HOLDS[p.plan.product].hold);
  }

  private async scenario(p: Progress, { scenario, params }: Scenario): Promise<void> {
    const system = HOLDS[p.plan.product].system;
    const res = await fetch(`${this.cluster.env[urlVar(system)]}/_control/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: p.shipmentId, scenario, params }) });
    if (!res.ok) throw new Error(`${system} scenario for ${p.shipmentId}: ${res.status}`);
  }

  /** Lets what repays a loan go once the loan is lent or has ended, or the financing ended without a loan. */
  private async release(): Promise<void> {
    for (const p of this.progress) {
      const status = p.loanId ? this.loans.get(p.loanId) : undefined;
      if (p.held && ((p.stage === 'done' && !p.loanId) || (status && RELEASE_ON.includes(status)))) {
        p.held = false;
        await this.scenario(p, HOLDS[p.plan.product].release);
      }
    }
  }

  /** Whether a financing is still under way or a loan has not ended. */
  open(): boolean {
    return this.progress.some((p) => p.stage !== 'done') || [...this.loans.values()].some((s) => !LOAN_ENDS.includes(s));
  }

  /** One round (`shipments`: id → status of those accepted): reads the financed shipments' timelines and the loans, and starts each financing's next step due. */
  async tick(shipments: ReadonlyMap<string, string>): Promise<void> {
    const db = this.cluster.db;
    const watching = this.progress.filter((p) => p.stage === 'waiting' && !p.busy).map((p) => p.shipmentId);
    const events = watching.length ? await db.shipmentEvent.findMany({ where: { shipmentId: { in: watching }, type: { in: READY_EVENTS } }, select: { shipmentId: true, type: true } }) : [];
    if (this.loans.size) for (const l of await db.financeLoan.findMany({ where: { id: { in: [...this.loans.keys()] } }, select: { id: true, status: true } })) this.loans.set(l.id, l.status);
    await this.release();
    for (const p of this.progress) {
      if (p.busy || p.stage === 'done' || !shipments.has(p.shipmentId)) continue;
      const status = p.loanId ? this.loans.get(p.loanId) : undefined;
      if (p.stage === 'consent') this.step(p, () => this.consent(p));
      else if (p.stage === 'waiting') {
        const verdict = readiness(p.plan, events.filter((e) => e.shipmentId === p.shipmentId).map((e) => e.type));
        if (verdict === 'ready') this.step(p, () => this.apply(p));
        else if (verdict !== 'not-yet') this.finish(p, `missed: ${verdict}`, this.figures.missed);
        else if (TERMINAL_STATUSES.includes(shipments.get(p.shipmentId) as never)) this.finish(p, 'missed: the shipment ended first', this.figures.missed);
      } else if (p.stage === 'offer' && status === LoanStatus.OFFERED) this.step(p, () => this.accept(p));
      else if (p.stage === 'offer' && status && LOAN_ENDS.includes(status)) this.finish(p, status);
    }
  }

  private step(p: Progress, action: () => Promise<void>): void {
    p.busy = true;
    void action().catch((err: unknown) => this.finish(p, `failed: ${err instanceof Error ? err.message : String(err)}`, this.figures.refused)).finally(() => (p.busy = false));
  }

  private finish(p: Progress, outcome: string, list?: string[]): void {
    p.stage = 'done';
    p.outcome = outcome;
    if (list) list.push(`${p.plan.product} ${p.shipmentId} (${p.plan.lender}): ${outcome}`);
  }

  private async consent(p: Progress): Promise<void> {
    const facts = p.plan.product === 'REFUND_BACKED' ? ['TIMELINE', 'REFUND'] as const : ['TIMELINE', 'GOODS', 'FX'] as const;
    const body = { recipient: p.plan.lender, purpose: 'FINANCING' as const, subjectIds: [p.shipmentId], allSubjects: false, facts: [...facts], validUntil: new Date(Date.now() + 7 * 86_400_000).toISOString() };
    const res = await answered(() => this.cluster.api.POST('/v1/finance/consents', { body }));
    if (!res.ok) return this.finish(p, `consent refused: ${res.status} ${JSON.stringify(res.error)}`, this.figures.refused);
    p.stage = 'waiting';
  }

  private async apply(p: Progress): Promise<void> {
    const { product, lender, requestedAmount } = p.plan;
    const res = await answered(() => this.cluster.api.POST('/v1/loans', { body: { product, shipmentId: p.shipmentId, requestedAmount, lender, beneficiary } }));
    if (res.ok) {
      p.loanId = res.data.id;
      this.loans.set(res.data.id, res.data.status);
      this.figures.applied += 1;
      p.stage = 'offer';
      return;
    }
    const code = (res.error as { code?: string } | undefined)?.code ?? String(res.status);
    if (NOT_YET.has(code)) return; // still waiting: the next sales batch, the customs release
    if (MISSED.has(code)) return this.finish(p, `missed: ${code}`, this.figures.missed);
    this.finish(p, `application refused: ${res.status} ${JSON.stringify(res.error)}`, this.figures.refused);
  }

  private async accept(p: Progress): Promise<void> {
    const id = p.loanId!;
    const res = await answered(() => this.cluster.api.POST('/v1/loans/{id}/accept', { params: { path: { id } } }));
    // a resend after a lost answer finds the offer accepted already: 409 LOAN_NOT_OFFERED, and the loan moved on
    const now = res.ok ? res.data.status : (await this.cluster.db.financeLoan.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
    if (!res.ok && now === LoanStatus.OFFERED) return this.finish(p, `acceptance refused: ${res.status} ${JSON.stringify(res.error)}`, this.figures.refused);
    this.loans.set(id, now);
    this.figures.accepted += 1;
    this.log(`finance: accepted ${id} (${p.plan.lender}): ${now}`);
    this.finish(p, 'accepted');
  }
}

/** Whether the shipment's timeline makes the financing eligible now, not yet, or no more (the reason). */
export function readiness(plan: Financing, types: string[]): 'ready' | 'not-yet' | string {
  const has = (t: string) => types.includes(t);
  const count = (t: string) => types.filter((x) => x === t).length;
  if (plan.product === 'REFUND_BACKED') {
    if (has('REFUND_PAID')) return 'REFUND_ALREADY_PAID';
    return has('REFUND_APPLIED') || has('PRE_REFUND_APPLIED') ? 'ready' : 'not-yet';
  }
  if (plan.product === 'RECEIVABLE_9710') {
    if (has('FX_SETTLED')) return 'ALREADY_COLLECTED';
    return has('RELEASED') || has('DEPARTED') ? 'ready' : 'not-yet';
  }
  return count('SALES_REPORTED') > count('FX_SETTLED') ? 'ready' : 'not-yet';
}
