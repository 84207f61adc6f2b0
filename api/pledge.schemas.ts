import { z } from 'zod';
import { Amount, Loan, LoanCreate } from './finance.schemas.js';

/** Request and response bodies of the stock pledge API (api/routes/pledge.routes.ts; docs/finance.md). */
export const PledgeCreate = z
  .object({
    /** The enterprise's own number for the pledge (its pledge contract); the pledge id is pledge:<enterprise>:<pledgeNo>. */
    pledgeNo: z.string().regex(/^[A-Za-z0-9][\w-]{0,39}$/, '1-40 letters, digits, _ or -'),
    custody: z.enum(['OVERSEAS', 'BONDED']).meta({ description: 'OVERSEAS: 9810 stock in an overseas warehouse (the custodian); BONDED: 1210 stock in the bonded centre, only where customs permits' }),
    warehouseCode: z.string().regex(/^[A-Z0-9-]{3,20}$/, '3-20 upper-case letters, digits or -'),
    lines: z
      .array(z.object({ sku: z.string().min(1).max(64), qty: z.number().int().min(1).max(1_000_000), unitValue: Amount.meta({ description: "CNY per unit, the enterprise's valuation (the lender appraises it)" }) }).strict())
      .min(1)
      .max(200)
      .refine((lines) => new Set(lines.map((l) => l.sku)).size === lines.length, 'each sku at most once'),
    requestedAmount: Amount,
    lender: LoanCreate.shape.lender,
    beneficiary: LoanCreate.shape.beneficiary,
  })
  .strict()
  .superRefine((b, ctx) => {
    if (!/[1-9]/.test(b.requestedAmount)) ctx.addIssue({ code: 'custom', path: ['requestedAmount'], message: 'must be more than 0' });
  })
  .meta({ id: 'PledgeCreate' });

export const Pledge = z
  .object({
    id: z.string(),
    custody: z.string(),
    system: z.string(),
    warehouseCode: z.string(),
    status: z.string().meta({ description: "The loan's status; BREACHED: the warehouse reported pledged units sold" }),
    lines: z.array(z.object({ sku: z.string(), pledged: z.string(), locked: z.string(), released: z.string(), breached: z.string() })).meta({ description: 'Units per SKU as the stock ledger holds them' }),
    loan: Loan,
  })
  .meta({ id: 'Pledge' });

export const PledgeRepaymentCreate = z
  .object({ amount: Amount })
  .strict()
  .superRefine((b, ctx) => {
    if (!/[1-9]/.test(b.amount)) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must be more than 0' });
  })
  .meta({ id: 'PledgeRepaymentCreate' });

export const PledgeRepayment = z.object({ instructionId: z.string(), pledge: Pledge }).meta({ id: 'PledgeRepayment' });
