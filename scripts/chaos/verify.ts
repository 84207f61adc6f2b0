import type { LedgerEntry } from '../../adapters/kit/ledger.js';
import type { ShipmentCreate } from '../../domain/shipment.schema.js';
import { SearchAttr } from '../../workflows/contract.js';
import type { Cluster } from './cluster.js';
import { CHAOS_LENDERS, type FinanceDriving } from './finance.js';
import { financePassed, verifyFinance, type FinanceFigures } from './finance-verify.js';
import type { WebhookFigures } from './receivers.js';
import type { Disruptions } from './run.js';

/** What a chaos run proved, shipment by shipment and effect by effect. */
export interface ChaosReport {
  shipments: number;
  completed: number;
  /** Not in their expected end state when the run ended (or never accepted). */
  lost: string[];
  /** The same step of a shipment performed under two idempotency keys, or a call without a key. */
  duplicates: string[];
  /** Effects whose key names no shipment or stock entry of the run. */
  orphans: string[];
  /** Shipments whose database projection disagrees with Temporal (status, search attribute). */
  disagreements: string[];
  effects: number;
  /** Requests the simulators answered from their ledgers instead of acting again. */
  repeatsAbsorbed: number;
  faults: { failures: number; slow: number; duplicateCallbacks: number; failedOver: number };
  disruptions: Disruptions;
  durationMs: number;
  byMode: Record<string, { shipments: number; completed: number }>;
  /** The hostile webhook receivers: what each should have got against what arrived (scripts/chaos/receivers.ts). */
  webhooks: WebhookFigures;
  /** The loans of the financed shipments, per lender and in total (finance-verify.ts). */
  finance: FinanceFigures;
}

/** Every chaos shipment is expected to complete: the run injects faults, not business refusals. */
const EXPECTED = 'COMPLETED';

export async function verify(o: {
  cluster: Cluster;
  bodies: ShipmentCreate[];
  ids: Map<string, string>;
  disruptions: Disruptions;
  durationMs: number;
  log: (line: string) => void;
  webhooks: WebhookFigures;
  finance: FinanceDriving;
}): Promise<ChaosReport> {
  const { cluster } = o;
  const lost: string[] = [];
  const disagreements: string[] = [];
  const byMode: ChaosReport['byMode'] = {};
  const ids = [...o.ids.values()];
  const rows = new Map((await cluster.db.shipment.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, mode: true } })).map((r) => [r.id, r]));
  for (const body of o.bodies) {
    const id = o.ids.get(body.orderNo);
    const row = id ? rows.get(id) : undefined;
    const mode = (byMode[body.mode] ??= { shipments: 0, completed: 0 });
    mode.shipments += 1;
    if (row?.status === EXPECTED) mode.completed += 1;
    else lost.push(`${body.orderNo}: ${row ? row.status : 'never accepted'}`);
  }
  // the projection against Temporal, shipment by shipment
  for (let i = 0; i < ids.length; i += 20) {
    await Promise.all(ids.slice(i, i + 20).map(async (id) => {
      const d = await cluster.temporal.workflow.getHandle(id).describe();
      const attr = d.typedSearchAttributes.get(SearchAttr.ShipmentStatus);
      const row = rows.get(id);
      const closed = d.status.name === 'COMPLETED' ? 'COMPLETED' : d.status.name;
      if (!row || attr !== row.status || (row.status === EXPECTED && closed !== 'COMPLETED')) {
        disagreements.push(`${id}: projection ${row?.status ?? 'missing'}, workflow ${closed}, ShipmentStatus ${attr ?? 'unset'}`);
      }
    }));
  }
  // the lenders' effects belong to loans, not shipments: finance-verify.ts checks them
  const lenders: ReadonlySet<string> = new Set(CHAOS_LENDERS);
  const entries = Object.entries(cluster.sims).filter(([system]) => !lenders.has(system)).flatMap(([system, { sim }]) => sim.ledger.list().map((e) => ({ system, ...e })));
  const owners = new Set([...ids, ...(await cluster.db.stockEntry.findMany({ select: { id: true } })).map((e) => e.id)]);
  const { duplicates, orphans } = effectChecks(entries, owners);
  const injected = Object.values(cluster.sims).map(({ sim }) => sim.injected);
  const report: ChaosReport = {
    shipments: o.bodies.length,
    completed: o.bodies.length - lost.length,
    lost,
    duplicates,
    orphans,
    disagreements,
    effects: entries.length,
    repeatsAbsorbed: entries.reduce((n, e) => n + e.requests - 1, 0),
    faults: {
      failures: injected.reduce((n, i) => n + i.failures, 0),
      slow: injected.reduce((n, i) => n + i.slow, 0),
      duplicateCallbacks: injected.reduce((n, i) => n + i.duplicateCallbacks, 0),
      failedOver: cluster.balancer.stats.failedOver,
    },
    disruptions: o.disruptions,
    durationMs: o.durationMs,
    byMode,
    webhooks: o.webhooks,
    finance: await verifyFinance(cluster, o.finance),
  };
  const f = report.finance;
  const problems = [...lost, ...duplicates, ...orphans, ...disagreements, ...o.webhooks.lost, ...o.webhooks.outOfOrder, ...f.doubleDisbursements, ...f.doubleRepayments, ...f.orphans, ...f.differences, ...f.unbalanced, ...f.lost, ...f.driving.refused];
  for (const line of problems.slice(0, 20)) o.log(`problem: ${line}`);
  for (const line of f.driving.missed.slice(0, 5)) o.log(`finance ${line}`);
  return report;
}

/**
 * Effects per step: a key is `<owner id>:<step>:r<revision or attempt>`. The simulators perform
 * each key once by construction, so a duplicate effect shows up as one step of one shipment
 * under two keys (a retry that minted a new key), or as a call that carried no key at all.
 * FX quotes are not effects: a new quote per attempt is allowed.
 */
export function effectChecks(entries: (LedgerEntry & { system: string })[], owners: Set<string>): { duplicates: string[]; orphans: string[] } {
  const steps = new Map<string, string[]>();
  const orphans: string[] = [];
  const duplicates: string[] = [];
  for (const e of entries) {
    const m = /^(.*):([^:]+):r(\d+)$/.exec(e.key);
    if (!m || !owners.has(m[1]!)) {
      (e.key.startsWith('anonymous:') ? duplicates : orphans).push(`${e.system} ${e.operation} under key ${e.key}`);
      continue;
    }
    if (/quote/i.test(e.operation)) continue;
    const step = `${e.system} ${e.operation} ${m[1]}:${m[2]}`;
    steps.set(step, [...(steps.get(step) ?? []), e.key]);
  }
  for (const [step, keys] of steps) if (keys.length > 1) duplicates.push(`${step} under ${keys.length} keys`);
  return { duplicates, orphans };
}

/** The report as rows for console.table and docs/reliability.md. */
export function reportRows(r: ChaosReport): [string, string][] {
  const modes = Object.entries(r.byMode).map(([m, v]) => `${m}: ${v.completed}/${v.shipments}`).join(', ');
  return [
    ['shipments (by mode: completed/total)', `${r.shipments} (${modes})`],
    ['completed as expected', String(r.completed)],
    ['lost (not in the expected end state)', String(r.lost.length)],
    ['duplicate effects', String(r.duplicates.length)],
    ['effects without an owner', String(r.orphans.length)],
    ['projection ≠ Temporal', String(r.disagreements.length)],
    ['external effects (one per idempotency key)', String(r.effects)],
    ['repeated requests answered from the ledgers', String(r.repeatsAbsorbed)],
    ['injected 503s / late answers / duplicate callbacks', `${r.faults.failures} / ${r.faults.slow} / ${r.faults.duplicateCallbacks}`],
    ['worker SIGKILLs / API SIGKILLs / server restarts', `${r.disruptions.workerKills} / ${r.disruptions.apiKills} / ${r.disruptions.serverRestarts}`],
    ['requests failed over by the balancer', String(r.faults.failedOver)],
    ['webhook endpoints (hostile receivers) / deliveries expected', `${r.webhooks.endpoints} / ${r.webhooks.expected}`],
    ['webhook events lost / out of order / bad signatures', `${r.webhooks.lost.length} / ${r.webhooks.outOfOrder.length} / ${r.webhooks.badSignatures}`],
    ['webhook duplicates received (de-duplicated by webhook-id)', String(r.webhooks.duplicates)],
    ['webhook endpoints disabled', String(r.webhooks.disabled)],
    ['receiver outages / 500s / answers past the timeout / answers dropped', `${r.webhooks.faults.outages} / ${r.webhooks.faults.answered500} / ${r.webhooks.faults.answeredLate} / ${r.webhooks.faults.acksDropped}`],
    ['financed shipments: planned / applied / accepted / moment missed', `${r.finance.driving.planned} / ${r.finance.driving.applied} / ${r.finance.driving.accepted} / ${r.finance.driving.missed.length}`],
    ['loans opened / closed / ended before lending', `${r.finance.total.loans} / ${r.finance.total.closed} / ${r.finance.total.unlent}`],
    ['double disbursements / double repayments', `${r.finance.doubleDisbursements.length} / ${r.finance.doubleRepayments.length}`],
    ['loan ledgers unbalanced / differing from the lender / lost', `${r.finance.unbalanced.length} / ${r.finance.differences.length} / ${r.finance.lost.length}`],
    ['duration', `${(r.durationMs / 1000).toFixed(1)} s`],
  ];
}

/** Whether the run proved what it should: nothing lost, nothing done twice, every webhook event at every receiver in order, every loan's money right. */
export function passed(r: ChaosReport): boolean {
  return r.lost.length === 0 && r.duplicates.length === 0 && r.orphans.length === 0 && r.disagreements.length === 0
    && r.webhooks.lost.length === 0 && r.webhooks.outOfOrder.length === 0 && r.webhooks.badSignatures === 0 && r.webhooks.disabled === 0
    && financePassed(r.finance);
}

export function summaryLine(r: ChaosReport): string {
  const w = r.webhooks;
  const f = r.finance;
  const money = f.total.balanced && f.unbalanced.length === 0 && f.differences.length === 0 ? 'every ledger balanced and agreeing with the lenders' : `${f.unbalanced.length} ledgers unbalanced, ${f.differences.length} differences with the lenders`;
  return `chaos: ${r.shipments} shipments, ${r.completed} completed, ${r.lost.length} lost, ${r.duplicates.length} duplicate effects; webhooks: ${w.lost.length} events lost, ${w.outOfOrder.length} out of order, ${w.duplicates} duplicates received; `
    + `finance: ${f.total.loans} loans, ${f.total.closed} closed, ${f.lost.length} lost, ${f.doubleDisbursements.length} double disbursements, ${f.doubleRepayments.length} double repayments, ${money}; ${passed(r) ? 'PASSED' : 'FAILED'}`;
}
