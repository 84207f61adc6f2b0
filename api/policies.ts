import { SYSTEMS } from '../adapters/catalogue.js';
import { Prisma, type Db } from '../db/client.js';
import { formatMinor, type CurrencyCode } from '../domain/finance/money.js';
import type { ClaimView, CreditCover } from '../workflows/finance/insurance-contract.js';
import { ApiError } from './errors.js';
import { startOrUndo } from './start-or-undo.js';

/**
 * What the cargo and export credit insurance routes share: the insurer and the shipment checked,
 * the policy row written once with its workflow started, and the policy as GET /v1/policies/{id} answers it.
 */
const INSURERS: ReadonlySet<string> = new Set(SYSTEMS.filter((s) => s.kind === 'insurer').map((s) => s.id));

/** The caller's shipment named in the body, its insurer known: 422 UNKNOWN_INSURER, 404 SHIPMENT_NOT_FOUND. */
export async function insurableShipment(db: Db, enterpriseId: string, body: { shipmentId: string; insurer: string }) {
  if (!INSURERS.has(body.insurer)) throw new ApiError(422, 'UNKNOWN_INSURER', `no insurer ${body.insurer}; insurers: ${[...INSURERS].join(', ')}`, [{ path: 'body.insurer', message: 'not an insurer of the platform' }]);
  const shipment = await db.shipment.findFirst({ where: { id: body.shipmentId, enterpriseId }, select: { id: true, mode: true, corridor: true, currency: true, goodsValue: true } });
  if (!shipment) throw new ApiError(404, 'SHIPMENT_NOT_FOUND', 'no such shipment of yours', [{ path: 'body.shipmentId', message: 'no shipment of the enterprise' }]);
  return shipment;
}

/** The row a policy request writes before its workflow starts (InsurancePolicy, its id the workflow id). */
export interface PolicyRow {
  id: string;
  enterpriseId: string;
  shipmentId: string;
  insurer: string;
  cover: 'CARGO' | 'EXPORT_CREDIT';
  status: string;
  credit?: Prisma.InputJsonObject;
}

/**
 * Writes the policy row once and starts its workflow (cargo and export credit alike). The same
 * request again (`same` holds for the row found) starts nothing new and answers `created: false`;
 * another request for the shipment's cover is 409 POLICY_EXISTS. A failed start undoes the row.
 */
export async function openPolicy(db: Db, row: PolicyRow, same: (found: { insurer: string; credit: Prisma.JsonValue }) => boolean, start: () => Promise<unknown>): Promise<{ created: boolean }> {
  let created = false;
  try {
    await db.insurancePolicy.create({ data: row });
    created = true;
  } catch (err) {
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
  }
  if (!created) {
    const found = await db.insurancePolicy.findUniqueOrThrow({ where: { id: row.id } });
    if (!same(found)) throw new ApiError(409, 'POLICY_EXISTS', `the shipment is insured already (${row.id})`, [{ path: 'body.shipmentId', message: 'already insured' }]);
  }
  await startOrUndo(start, created ? () => db.insurancePolicy.delete({ where: { id: row.id } }) : undefined);
  return { created };
}

/** The caller's policy (404 POLICY_NOT_FOUND otherwise), amounts as decimal strings of its currency. */
export async function policyView(db: Db, id: string, enterpriseId: string) {
  const row = await db.insurancePolicy.findFirst({ where: { id, enterpriseId } });
  if (!row) throw new ApiError(404, 'POLICY_NOT_FOUND', 'no such policy of yours', [{ path: 'params.id', message: 'not found' }]);
  const money = (minor: bigint | number | null) => (minor === null || row.currency === null ? null : formatMinor(Number(minor), row.currency as CurrencyCode));
  return {
    id: row.id, shipmentId: row.shipmentId, insurer: row.insurer, cover: row.cover, status: row.status, reason: row.reason, currency: row.currency,
    insuredValue: money(row.insuredValue), premium: money(row.premium), rateBp: row.rateBp, policyNo: row.policyNo, coverFrom: row.coverFrom, coverTo: row.coverTo,
    claims: (row.claims as unknown as ClaimView[]).map((c) => ({ claimId: c.claimId ?? null, loss: c.loss, amount: money(c.amount)!, occurredOn: c.occurredOn, status: c.status, paidAmount: c.paidAmount ?? null, reason: c.reason ?? null, evidence: c.evidence })),
    credit: creditView(row.credit as unknown as CreditCover | null),
    createdAt: row.createdAt.toISOString(),
  };
}

function creditView(c: CreditCover | null) {
  if (!c) return null;
  return {
    buyer: c.buyer, paymentTermsDays: c.paymentTermsDays, dueDate: c.dueDate ?? null, buyerLimit: c.buyerLimit ?? null, available: c.available ?? null,
    indemnityBp: c.indemnityBp ?? null, settled: c.settled ?? null,
  };
}
