import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HOUR } from '../../domain/time.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../kit/simulator.js';
import { RecordExemptionRequestSchema, TaxErrorCode as E, type ExemptionLine } from './port.js';

export interface TaxSimulatorOptions extends Omit<SimulatorOptions, 'system'> {
  system?: string;
}

/** Quantities and prices carry up to 5 decimals, so a line product has up to 10. */
const SCALE = 5;
/** |qty × unitPrice − amount| may be at most 0.01 (rounding to fen on the declaration). */
const TOLERANCE = 10n ** BigInt(2 * SCALE - 2);

class Rejection extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

const units = (s: string) => BigInt((s.split('.')[0] ?? '0') + (s.split('.')[1] ?? '').padEnd(SCALE, '0'));
const decimal10 = (u: bigint) => {
  const s = u.toString().padStart(11, '0');
  return `${s.slice(0, -10)}.${s.slice(-10)}`.replace(/\.?0+$/, '');
};
/** Business dates are China dates (UTC+8). */
const chinaDate = () => new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10);

/** The index and expected amount of the first line whose amount is not qty × unitPrice. */
function mismatch(lines: ExemptionLine[]): { line: number; expected: string } | undefined {
  for (const [line, l] of lines.entries()) {
    const product = units(l.qty) * units(l.unitPrice);
    const diff = product - units(l.amount) * 10n ** BigInt(SCALE);
    if (diff > TOLERANCE || -diff > TOLERANCE) return { line, expected: decimal10(product) };
  }
  return undefined;
}

/** The e-tax bureau's 无票免征 record service, behaving like the real one; API in README.md. */
export function createTaxSimulator(opts: TaxSimulatorOptions): Simulator {
  const sim = createSimulator({ ...opts, system: opts.system ?? 'tax' });
  /** Record number per export inventory: one record per 清单. */
  const byInventory = new Map<string, string>();
  let serial = 0;

  sim.app.addHook('onRequest', async (req) => {
    if (req.method === 'POST' && req.url === '/_control/reset') byInventory.clear();
  });

  sim.app.post('/v1/exemption-records', async (req: FastifyRequest, reply: FastifyReply) => {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') {
      return reply.code(400).send({ code: E.IdempotencyKeyRequired, message: 'the idempotency-key header is required' });
    }
    const parsed = RecordExemptionRequestSchema.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ code: E.InvalidRequest, message: z.prettifyError(parsed.error) });
    const body = parsed.data;
    try {
      const { result } = sim.ledger.once(key, 'recordExemption', body, () => {
        if (body.lines.length === 0) throw new Rejection(422, E.NoLines, 'the record needs at least one goods line');
        const bad = mismatch(body.lines);
        if (bad) {
          throw new Rejection(422, E.LineAmountMismatch, `line ${bad.line}: amount is not quantity × unit price (${bad.expected})`, bad);
        }
        const scenario = sim.scenario(body.reference);
        if (scenario?.name === 'reject') {
          const reason = typeof scenario.params.reason === 'string' ? scenario.params.reason : 'enterprise not registered in the pilot zone';
          throw new Rejection(422, E.Rejected, reason);
        }
        const existing = byInventory.get(body.invtNo);
        if (existing) {
          throw new Rejection(409, E.AlreadyRecorded, `inventory ${body.invtNo} is already recorded as ${existing}`, { recordNo: existing });
        }
        const recordNo = `WPMZ${chinaDate().replaceAll('-', '')}${String(++serial).padStart(6, '0')}`;
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
      });
      return reply.code(201).send(result);
    } catch (err) {
      if (!(err instanceof Rejection)) throw err;
      return reply.code(err.status).send({ code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) });
    }
  });

  return sim;
}
