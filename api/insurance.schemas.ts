import { z } from 'zod';
import { CREDIT_TERMS_DAYS } from '../domain/finance/insured-events.js';

/** Request and response bodies of the insurance API (api/routes/insurance.routes.ts, credit-insurance.routes.ts; docs/finance.md §10, §11). */
export const PolicyCreate = z
  .object({
    shipmentId: z.string().min(1).max(200).meta({ description: 'The export shipment to insure; the cover is bound when its transport is booked' }),
    insurer: z.string().min(1).max(40).meta({ description: 'System id of the insurer (insurer)' }),
  })
  .strict()
  .meta({ id: 'PolicyCreate' });

export const CreditPolicyCreate = z
  .object({
    shipmentId: z.string().min(1).max(200).meta({ description: 'The 9710 consignment whose buyer’s payment to insure; the cover starts at its customs release' }),
    insurer: z.string().min(1).max(40).meta({ description: 'System id of the insurer (insurer)' }),
    buyerRegistrationNo: z.string().trim().min(1).max(40).meta({ description: 'The buyer’s company registration number abroad (e.g. HRB 12345): a business, whose name and country come from the shipment' }),
    paymentTermsDays: z.number().int().min(CREDIT_TERMS_DAYS.min).max(CREDIT_TERMS_DAYS.max).optional().meta({ description: 'The credit period agreed with the buyer, in days from customs release (the due date); 90 unless given' }),
  })
  .strict()
  .meta({ id: 'CreditPolicyCreate' });

const CreditCover = z.object({
  buyer: z.object({ name: z.string(), country: z.string().meta({ description: 'customs country code' }), registrationNo: z.string() }),
  paymentTermsDays: z.number(),
  dueDate: z.string().nullable().meta({ description: 'Release date + payment term: proceeds not settled by then open a NON_PAYMENT claim' }),
  buyerLimit: z.string().nullable().meta({ description: 'The insurer’s credit limit for this buyer (when it quoted or refused)' }),
  available: z.string().nullable().meta({ description: 'What was left of the limit when the insurer refused' }),
  indemnityBp: z.number().nullable(),
  settled: z.object({ on: z.string(), amount: z.string(), currency: z.string(), afterClaim: z.boolean() }).nullable().meta({ description: 'The proceeds once settled; afterClaim: a recovery owed to the insurer up to its indemnity' }),
});

export const InsurancePolicy = z
  .object({
    id: z.string(),
    shipmentId: z.string(),
    insurer: z.string(),
    cover: z.string(),
    status: z.string().meta({ description: 'AWAITING_BOOKING (cargo) or AWAITING_RELEASE (export credit), BOUND, CLAIM_OPENED, CLAIM_PAID, CLAIM_DECLINED, COVER_ENDED; ended unbound: CONSENT_REFUSED, DECLINED' }),
    reason: z.string().nullable(),
    currency: z.string().nullable(),
    insuredValue: z.string().nullable(),
    premium: z.string().nullable(),
    rateBp: z.number().nullable(),
    policyNo: z.string().nullable(),
    coverFrom: z.string().nullable(),
    coverTo: z.string().nullable(),
    claims: z.array(z.object({
      claimId: z.string().nullable(), loss: z.string(), amount: z.string(), occurredOn: z.string(), status: z.string(), paidAmount: z.string().nullable(), reason: z.string().nullable(),
      evidence: z.array(z.object({ type: z.string(), sha256: z.string(), detail: z.string() })),
    })),
    credit: CreditCover.nullable().meta({ description: 'EXPORT_CREDIT: the buyer, the payment term and due date, the insurer’s buyer limit, the proceeds' }),
    createdAt: z.string(),
  })
  .meta({ id: 'InsurancePolicy' });
