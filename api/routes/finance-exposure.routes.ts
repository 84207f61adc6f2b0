import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { financeExposure } from '../../db/finance-exposure.js';
import type { Bucket as LedgerBucket, LedgerBalances } from '../../domain/finance/ledger.js';
import { formatMinor, type CurrencyCode } from '../../domain/finance/money.js';
import { FINANCE_PRODUCTS } from '../../domain/finance/products.js';
import { Bucket } from '../finance.schemas.js';
import { requireOpsRole, type OpsAuthDeps } from '../ops-auth.js';
import { ErrorBody } from '../schemas.js';
import { LENDERS } from './finance.routes.js';

const Balances = z.object({ principal: Bucket, interest: Bucket, fees: Bucket });
const Figures = {
  currency: z.string(),
  loans: z.number().int(),
  open: z.number().int().meta({ description: 'not yet CLOSED (and not ended without a loan)' }),
  inDefault: z.number().int().meta({ description: 'OVERDUE (a shortfall past its due date) or BREACHED (pledged units sold)' }),
  balanced: z.boolean().meta({ description: 'charged = repaid + written off + outstanding in every loan and in the sum' }),
  balances: Balances,
};
const Exposure = z
  .object({
    groups: z.array(z.object({ enterpriseId: z.string(), enterpriseName: z.string(), product: z.string(), lender: z.string(), ...Figures })),
    totals: z.array(z.object(Figures)).meta({ description: 'the groups summed per currency' }),
  })
  .meta({ id: 'FinanceExposure' });
const ExposureQuery = z
  .object({
    enterpriseId: z.string().min(1).max(100).optional(),
    product: z.enum(FINANCE_PRODUCTS).optional(),
    lender: z.string().refine((l) => LENDERS.has(l), { message: `one of ${[...LENDERS].join(', ')}` }).optional(),
  })
  .strict();

/** Ops: what the zone's enterprises owe the lenders through the platform, per enterprise, product and lender (issue 20 item 6). */
export const financeExposureRoutes =
  (deps: { db: Db; ops: OpsAuthDeps }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/ops/finance/exposure', {
      schema: {
        tags: ['ops', 'finance'],
        operationId: 'financeExposure',
        summary: 'Loans outstanding per enterprise, product and lender, from each loan ledger, largest outstanding principal first',
        querystring: ExposureQuery,
        response: { 200: Exposure, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
      preValidation: requireOpsRole(deps.ops, 'VIEWER'),
    }, async (req) => {
      const { groups, totals } = await financeExposure(deps.db, req.query);
      const shown = <T extends { currency: CurrencyCode; totals: LedgerBalances }>({ totals: t, ...rest }: T) => ({ ...rest, balances: balancesView(t, rest.currency) });
      return { groups: groups.map(shown), totals: totals.map(shown) };
    });
  };

function balancesView(b: LedgerBalances, currency: CurrencyCode) {
  const bucket = (x: LedgerBucket) => ({ charged: formatMinor(x.charged, currency), repaid: formatMinor(x.repaid, currency), writtenOff: formatMinor(x.writtenOff, currency), outstanding: formatMinor(x.outstanding, currency) });
  return { principal: bucket(b.principal), interest: bucket(b.interest), fees: bucket(b.fees) };
}
