import { randomInt } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { refundRateOn } from '../../domain/export/refund-rates.js';
import { chinaDate, HOUR } from '../../domain/time.js';
import { effectHandlers, Rejection } from '../kit/effect-route.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../kit/simulator.js';
import { ApplyRefundRequestSchema, RecordExemptionRequestSchema, TaxErrorCode as E, type ApplyRefundRequest, type ExemptionLine, type RefundLine } from './port.js';

export interface TaxSimulatorOptions extends Omit<SimulatorOptions, 'system'> {
  system?: string;
}

/** Quantities and prices carry up to 5 decimals, so a line product has up to 10. */
const SCALE = 5;
/** |qty × unitPrice − amount| may be at most 0.01 (rounding to fen on the declaration). */
const TOLERANCE = 10n ** BigInt(2 * SCALE - 2);

const units = (s: string) => BigInt((s.split('.')[0] ?? '0') + (s.split('.')[1] ?? '').padEnd(SCALE, '0'));
const decimal10 = (u: bigint) => {
  const s = u.toString().padStart(11, '0');
  return `${s.slice(0, -10)}.${s.slice(-10)}`.replace(/\.?0+$/, '');
};
/** Business dates are China dates (UTC+8). */

/** The index and expected amount of the first line whose amount is not qty × unitPrice. */
function mismatch(lines: ExemptionLine[]): { line: number; expected: string } | undefined {
  for (const [line, l] of lines.entries()) {
    const product = units(l.qty) * units(l.unitPrice);
    const diff = product - units(l.amount) * 10n ** BigInt(SCALE);
    if (diff > TOLERANCE || -diff > TOLERANCE) return { line, expected: decimal10(product) };
  }
  return undefined;
}

/** A decimal string as an integer count of 10^-scale (the schemas bound the decimals). */
const scaledUnits = (s: string, scale: number) => BigInt((s.split('.')[0] ?? '0') + (s.split('.')[1] ?? '').padEnd(scale, '0'));
/** Fen as a CNY amount with 2 decimals. */
const cny = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
/** Rounds a non-negative count of 10^-(2+extra) CNY half-up to fen. */
const halfUpToFen = (u: bigint, extra: number) => {
  const d = 10n ** BigInt(extra);
  return (u + d / 2n) / d;
};
/** Rates carry at most 4 decimals: a rate in units of 10^-4 is a rate in basis points. */
const rateBp = (rate: string) => scaledUnits(rate, 4);

/**
 * The refund of one line, in fen: FOB × rate, capped by the purchase invoice's VAT when there is
 * one (a trading enterprise's refund rests on the special VAT invoice, §3.1 item 4), rounded
 * half-up to the fen. ⚠ A simplification: a manufacturer's real exempt-credit-refund (免抵退)
 * computation (credits against domestic output VAT, non-creditable part) differs and is out of scope.
 */
function lineRefundFen(line: RefundLine): bigint {
  const byRate = halfUpToFen(scaledUnits(line.fobAmountCny, 2) * rateBp(line.refundRate), 4);
  if (line.purchaseVatCny === undefined) return byRate;
  const vat = scaledUnits(line.purchaseVatCny, 2);
  return vat < byRate ? vat : byRate;
}

/** The last China date a refund (exemption) for an export may be declared: 30 April of the following year (§3.3). */
const refundDeadline = (exportDate: string) => `${Number(exportDate.slice(0, 4)) + 1}-04-30`;

/** The first line whose refund rate is not the known rate of its HS code on the export date. */
function rateMismatch(req: ApplyRefundRequest): { line: number; hsCode: string; expected: string } | undefined {
  for (const [line, l] of req.lines.entries()) {
    const known = refundRateOn(l.hsCode, req.exportDate);
    if (known && BigInt(known.rateBp) !== rateBp(l.refundRate)) {
      return { line, hsCode: l.hsCode, expected: (known.rateBp / 10_000).toString() };
    }
  }
  return undefined;
}

/** The e-tax bureau's 无票免征 record service, behaving like the real one; API in README.md. */
export function createTaxSimulator(opts: TaxSimulatorOptions): Simulator {
  const sim = createSimulator({ ...opts, system: opts.system ?? 'tax' });
  /** Record number per export inventory: one record per 清单. */
  const byInventory = new Map<string, string>();
  /** Refund application number per declaration: one application per 报关单. */
  const byDeclaration = new Map<string, string>();
  const applications = new Map<string, { reference: string; acceptedAt: number; refundCny: string; status: string }>();
  let serial = 0;
  // a random starting point, as the single-window simulator does: the platform's database outlives a
  // restart of the simulators (npm start twice on one data folder), and a refund-backed loan is keyed
  // by its refund application, so a number handed out again would name another shipment's loan
  let applicationSerial = randomInt(0, 900_000);

  sim.app.addHook('onRequest', async (req) => {
    if (req.method === 'POST' && req.url === '/_control/reset') {
      byInventory.clear();
      byDeclaration.clear();
      applications.clear();
    }
  });

  const effect = effectHandlers(sim, E);
  /** Scenario `reject` (by reference): the bureau refuses, for `params.reason` or the usual reason. */
  function refuseIfScenario(reference: string, usual: string) {
    const scenario = sim.scenario(reference);
    if (scenario?.name === 'reject') throw new Rejection(422, E.Rejected, typeof scenario.params.reason === 'string' ? scenario.params.reason : usual);
  }

  sim.app.post('/v1/exemption-records', effect('recordExemption', RecordExemptionRequestSchema, 201, (body) => {
    if (body.lines.length === 0) throw new Rejection(422, E.NoLines, 'the record needs at least one goods line');
    const bad = mismatch(body.lines);
    if (bad) {
      throw new Rejection(422, E.LineAmountMismatch, `line ${bad.line}: amount is not quantity × unit price (${bad.expected})`, bad);
    }
    refuseIfScenario(body.reference, 'enterprise not registered in the pilot zone');
    const existing = byInventory.get(body.invtNo);
    if (existing) {
      throw new Rejection(409, E.AlreadyRecorded, `inventory ${body.invtNo} is already recorded as ${existing}`, { recordNo: existing });
    }
    const recordNo = `WPMZ${chinaDate(Date.now()).replaceAll('-', '')}${String(++serial).padStart(6, '0')}`;
    byInventory.set(body.invtNo, recordNo);
    return {
      recordNo,
      status: 'RECORDED',
      recordedAt: new Date().toISOString(),
      reference: body.reference,
      invtNo: body.invtNo,
      taxpayerCode: body.enterprise.code,
      exemption: 'VAT_CT_EXEMPT_NO_INVOICE',
    };
  }));

  sim.app.post('/v1/refund-applications', effect('applyRefund', ApplyRefundRequestSchema, 201, (body) => {
    if (body.lines.length === 0) throw new Rejection(422, E.NoLines, 'the application needs at least one goods line');
    const today = chinaDate(Date.now());
    const deadline = refundDeadline(body.exportDate);
    if (today > deadline) {
      throw new Rejection(422, E.DeadlinePassed, `exports of ${body.exportDate} had to be declared by ${deadline}`, { deadline });
    }
    const bad = rateMismatch(body);
    if (bad) {
      throw new Rejection(422, E.RateMismatch, `line ${bad.line}: the refund rate of ${bad.hsCode} on ${body.exportDate} is ${bad.expected}`, bad);
    }
    refuseIfScenario(body.reference, 'enterprise has no export refund filing');
    const existing = byDeclaration.get(body.declarationNo);
    if (existing) {
      throw new Rejection(409, E.AlreadyApplied, `declaration ${body.declarationNo} already has application ${existing}`, { applicationNo: existing });
    }
    // a 9810 pre-refund (HWC-YT) is refunded before any sale, so before any FX (§1.5 point 4)
    const preRefund = body.businessType === 'HWC-YT';
    if (preRefund && body.exportDate < '2025-01-27') {
      throw new Rejection(422, E.Rejected, `HWC-YT pre-refunds apply to exports from 2025-01-27, not ${body.exportDate}`);
    }
    const refund = body.fxReceived || preRefund;
    const lines = body.lines.map((l) => ({ hsCode: l.hsCode, refundRate: l.refundRate, refundFen: refund ? lineRefundFen(l) : 0n }));
    const applicationNo = `CKTS${today.replaceAll('-', '')}${String(++applicationSerial).padStart(6, '0')}`;
    byDeclaration.set(body.declarationNo, applicationNo);
    applications.set(applicationNo, { reference: body.reference, acceptedAt: Date.now(), refundCny: cny(lines.reduce((sum, l) => sum + l.refundFen, 0n)), status: refund ? 'ACCEPTED' : 'EXEMPT_WITHOUT_REFUND' });
    return {
      applicationNo,
      status: refund ? 'ACCEPTED' : 'EXEMPT_WITHOUT_REFUND',
      refundCny: cny(lines.reduce((sum, l) => sum + l.refundFen, 0n)),
      lines: lines.map((l) => ({ hsCode: l.hsCode, refundRate: l.refundRate, refundCny: cny(l.refundFen) })),
      acceptedAt: new Date().toISOString(),
      ...(preRefund ? { settleBy: `${Number(body.exportDate.slice(0, 4)) + 1}-04-30` } : {}),
      reference: body.reference,
      declarationNo: body.declarationNo,
      taxpayerCode: body.enterprise.code,
    };
  }));

  /**
   * Refund progress by business time since acceptance: reviewed for REVIEW_MS, approved, paid
   * after PAY_MS (⚠ durations assumed; the bureau publishes targets, not a contract). Scenarios
   * by reference: `refund-denied` (params.reason) denies it after the review; `late-payment`
   * (params.businessDelayMs) pays it that long after acceptance instead (a refund financed meanwhile).
   */
  sim.app.get('/v1/refund-applications/:applicationNo', async (req: FastifyRequest<{ Params: { applicationNo: string } }>, reply: FastifyReply) => {
    const app = applications.get(req.params.applicationNo);
    if (!app) return reply.code(404).send({ code: E.ApplicationNotFound, message: `no refund application ${req.params.applicationNo}` });
    const base = { applicationNo: req.params.applicationNo, refundCny: app.refundCny };
    if (app.status === 'EXEMPT_WITHOUT_REFUND') return { ...base, status: 'CLOSED' };
    const elapsed = (Date.now() - app.acceptedAt) * opts.timeScale;
    if (elapsed < REVIEW_MS) return { ...base, status: 'REVIEWING' };
    const scenario = sim.scenario(app.reference);
    if (scenario?.name === 'refund-denied') return { ...base, status: 'DENIED', reason: typeof scenario.params.reason === 'string' ? scenario.params.reason : '退税审核不通过' };
    const payMs = scenario?.name === 'late-payment' && typeof scenario.params.businessDelayMs === 'number' ? Math.max(scenario.params.businessDelayMs, REVIEW_MS) : PAY_MS;
    if (elapsed < payMs) return { ...base, status: 'APPROVED' };
    return { ...base, status: 'PAID', paidAt: new Date(app.acceptedAt + Math.round(payMs / opts.timeScale)).toISOString() };
  });

  return sim;
}

const REVIEW_MS = 3 * 24 * HOUR;
const PAY_MS = 10 * 24 * HOUR;
