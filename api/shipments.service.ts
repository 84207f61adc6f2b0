import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Config } from '../config/config.js';
import type { Db } from '../db/client.js';
import { B2B_LIST_MAX_CNY } from '../domain/modes.js';
import { claimsRefund, statisticsFlagOf } from '../domain/export/statistics-flag.js';
import { shipmentGoodsValue, type ShipmentInput } from '../domain/shipment.js';
import { ON_TRACK } from '../domain/status.js';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import { SearchAttr, shipmentWorkflowId } from '../workflows/contract.js';
import type { shipmentWorkflow } from '../workflows/shipment.workflow.js';
import type { Caller } from './auth.js';
import { ApiError } from './errors.js';
import { shipmentSettings } from './settings.js';
import { acceptedFigures, claimImportOrder } from './import-orders.js';
import { riskSubject } from '../db/risk.js';
import { buyerLookup, sealRequest } from '../db/personal-data.js';
import { fieldCipher } from '../codec/field-cipher.js';
import { insertShipment, readCreateContext, storedShipment, type NewShipment, type StoredShipment } from '../db/shipment-create.js';
import { evaluateRisk } from '../domain/risk/rules.js';
import { numberTakenMessage, shipmentNumbers, type ShipmentNumber } from '../domain/shipment-numbers.js';

export interface ShipmentServiceDeps {
  db: Db;
  temporal: Client;
  config: Config;
}

/** Canonical JSON (sorted keys) so that the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonical(body)).digest('hex');
}

/**
 * Creates a shipment: one projection row per (enterprise, orderNo), then one workflow with the
 * same id. Repeating the identical request is safe (200, same id); a different body for the same
 * order number is a conflict. If Temporal cannot be reached, the row is removed again.
 */
export async function createShipment(
  deps: ShipmentServiceDeps,
  caller: Caller,
  body: ShipmentCreate,
): Promise<{ id: string; status: string; created: boolean }> {
  if ((body.mode === '9710' || body.mode === '9810') && body.refundClaim === false && body.declaredValueCny > B2B_LIST_MAX_CNY) {
    // §1.4/§1.5: the CBEC list route is capped at CNY 5,000. Refund-claiming consignments go by
    // customs declaration (报关单, H2018) at any value (issue 16 item 2); one that claims no refund
    // goes by the list, so above the cap it is refused before anything is written.
    throw new ApiError(422, 'H2018_DECLARATION_REQUIRED', `${body.mode} consignments above CNY ${B2B_LIST_MAX_CNY} need an H2018 customs declaration, which the platform files only for refund-claiming consignments (refundClaim true)`, [
      { path: 'body.declaredValueCny', message: `at most ${B2B_LIST_MAX_CNY} for the CBEC export list (refundClaim false)` },
    ]);
  }
  if (body.mode !== '1210' && claimsRefund(body.mode) && body.statisticsFlag === 'A') {
    // §1.3 step 4: A (清单核放、汇总统计) lists carry no export tax refund and never become a
    // customs declaration; 9710/9810 claim the refund under the declaration number (domain/export/statistics-flag.ts).
    throw new ApiError(422, 'STATISTICS_FLAG_A_NO_REFUND', `${body.mode} consignments claim the export VAT refund, which needs summary declaration (statisticsFlag B); A (清单核放、汇总统计) gives no customs declaration and no refund`, [
      { path: 'body.statisticsFlag', message: 'must be B (or left out) for 9710 and 9810' },
    ]);
  }
  const id = shipmentWorkflowId(caller.enterpriseId, body.orderNo);
  const hash = requestHash(body);
  const acceptedAt = new Date();
  const buyer = buyerLookup(body, deps.config.BUYER_ID_HASH_KEY.reveal());
  const context = await readCreateContext(deps.db, { shipmentId: id, enterpriseId: caller.enterpriseId, acceptedAt, body, buyer });
  if (context.negativeListed) {
    throw new ApiError(403, 'ENTERPRISE_NEGATIVE_LISTED', 'the enterprise is on the zone\'s negative list (失信名单) and cannot create shipments; see GET /v1/credit/me');
  }
  const existing = context.existing;
  if (existing && existing.requestHash !== hash) throw orderConflict(body.orderNo);
  // risk rules run before anything is written; a HOLD hit keeps the workflow for ops review
  const hits = existing
    ? existing.hits
    : evaluateRisk(riskSubject(id, caller.enterpriseId, acceptedAt, body, buyer), context.riskHistory());
  // 1210: quota and bonded stock are claimed before the row exists (claims are keyed by the id)
  const claim = !existing && body.mode === '1210' ? await claimImportOrder(deps, caller.enterpriseId, id, body, acceptedAt) : undefined;
  let created = false;
  let row: StoredShipment | null | undefined = existing;
  if (!existing) {
    const fresh: NewShipment = {
      id,
      enterpriseId: caller.enterpriseId,
      orderNo: body.orderNo,
      mode: body.mode,
      corridor: body.mode === '1210' ? null : body.corridor,
      status: 'RECEIVED',
      stage: 'order',
      requestHash: hash,
      // a 1210 buyer's, consignee's and payer's fields are stored sealed (db/personal-data.ts)
      request: sealRequest(fieldCipher(deps.config), body),
      buyer,
      currency: body.mode === '1210' ? 'CNY' : body.currency,
      goodsValue: shipmentGoodsValue(body).toFixed(5),
      partnerCountry: partnerCountry(body),
      valueCny: valueCny(body),
      createdAt: acceptedAt,
      lines: shipmentLines(body),
      numbers: shipmentNumbers(body),
    };
    const outcome = await insertShipment(deps.db, fresh, hits);
    if (outcome.taken) {
      await claim?.undo();
      throw numberTaken(outcome.taken);
    }
    created = outcome.created;
    // lost a race with the same order: answer with the shipment that won
    row = created ? fresh : await storedShipment(deps.db, id);
  }
  if (!row) throw new Error(`shipment ${id} vanished while it was being created`);
  if (row.requestHash !== hash) throw orderConflict(body.orderNo);
  const settings = shipmentSettings(deps.config, row.createdAt, body.mode === '1210' ? undefined : statisticsFlagOf(body.mode, body.statisticsFlag, deps.config.STATISTICS_FLAG));
  if (body.mode === '1210') settings.importFigures = claim?.figures ?? acceptedFigures(body, row.createdAt);
  const input: ShipmentInput = {
    shipmentId: id,
    enterprise: { id: caller.enterpriseId, name: caller.enterpriseName, customsCode: caller.customsCode },
    request: body,
    settings,
    acceptedAt: row.createdAt.toISOString(),
    // the ops-only detail of a hit (other enterprises' shipments) stays in RiskHit, out of the workflow
    ...(hits.length > 0 ? { risk: { hold: hits.some((h) => h.severity === 'HOLD'), hits: hits.map(({ detail: _opsOnly, ...hit }) => hit) } } : {}),
  };
  try {
    await deps.temporal.workflow.start<typeof shipmentWorkflow>('shipmentWorkflow', {
      workflowId: id,
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: SearchAttr.CustomsMode, value: body.mode },
        { key: SearchAttr.EnterpriseId, value: caller.enterpriseId },
        // what ops filter on: ON_TRACK until the shipment needs them or ends (domain/status.ts attributeStatus)
        { key: SearchAttr.ShipmentStatus, value: ON_TRACK },
        ...(body.mode === '1210' ? [] : [{ key: SearchAttr.Corridor, value: body.corridor }]),
      ],
      staticSummary: summaryOf(body),
      staticDetails: `Enterprise **${caller.enterpriseName}** (${caller.customsCode}); ${body.items.length} line(s), ${shipmentGoodsValue(body)} ${body.mode === '1210' ? 'CNY' : body.currency}.`,
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { id, status: row.status, created: false };
    if (created) {
      await deps.db.shipment.delete({ where: { id } }).catch(() => undefined);
      await claim?.undo().catch(() => undefined);
    }
    throw new ApiError(503, 'TEMPORAL_UNAVAILABLE', 'the workflow service is unavailable; nothing was created, retry later');
  }
  return { id, status: row.status, created };
}

/** The trade partner country for statistics: where an export goes, where an import comes from. */
function partnerCountry(body: ShipmentCreate): string | null {
  if (body.mode === '1210') return body.items[0]?.country ?? null;
  return body.destination.country;
}

/**
 * The value in CNY for statistics: the declared CNY value of 9710/9810, the CNY price of 1210
 * and of CNY-priced exports; null for a 9610 priced in foreign currency until its proceeds are
 * settled (statistics then use the settled CNY amount).
 */
function valueCny(body: ShipmentCreate): string | null {
  if (body.mode === '9710' || body.mode === '9810') return body.declaredValueCny.toFixed(2);
  if (body.mode === '1210' || body.currency === 'CNY') return shipmentGoodsValue(body).toFixed(2);
  return null;
}

/** One row per declared line; insertShipment links each to the enterprise's registered product of its SKU (traceability). */
function shipmentLines(body: ShipmentCreate): NewShipment['lines'] {
  const items: { sku: string; hsCode: string; qty: number; unitPrice: number; batchNo?: string | undefined }[] = body.items;
  return items.map((i, n) => ({
    lineNo: n + 1,
    sku: i.sku,
    hsCode: i.hsCode,
    batchNo: i.batchNo ?? null,
    qty: String(i.qty),
    amount: (Math.round(i.qty * i.unitPrice * 100) / 100).toFixed(2),
    currency: body.mode === '1210' ? 'CNY' : body.currency,
  }));
}

function summaryOf(body: ShipmentCreate): string {
  switch (body.mode) {
    case '1210':
      return `1210 bonded import ${body.orderNo} from ${body.warehouse.code} to ${body.consignee.district ?? body.consignee.address.slice(0, 20)}`;
    case '9810':
      return `9810 export ${body.orderNo} → warehouse ${body.warehouse.code} by ${body.corridor}`;
    default:
      return `${body.mode} export ${body.orderNo} → ${body.destination.country} by ${body.corridor}`;
  }
}

/** The same answer whoever holds the number (this enterprise or another): no shipment id. */
function numberTaken(n: ShipmentNumber): ApiError {
  return new ApiError(409, 'SHIPMENT_NUMBER_TAKEN', numberTakenMessage(n), [{ path: n.field, message: 'already used by another shipment' }]);
}

function orderConflict(orderNo: string): ApiError {
  return new ApiError(409, 'SHIPMENT_ORDER_CONFLICT', `order ${orderNo} already exists with a different body`, [
    { path: 'body.orderNo', message: 'already used for a different shipment' },
  ]);
}
