import type { Config } from '../config/config.js';
import type { Db } from '../db/client.js';
import { hashBuyerId, QuotaReservationConflict, reserveQuota, usedQuota, withdrawQuota } from '../db/quota.js';
import { positiveListOn } from '../db/positive-list.js';
import { InsufficientStock, moveStock, StockPledged } from '../db/stock.js';
import { checkOrderer } from '../domain/import/identity.js';
import { quotaYear } from '../domain/import/limits.js';
import { checkPositiveList } from '../domain/import/positive-list.js';
import { acceptedOrderFigures, fenText, importOrderFigures, toFen, type ImportOrderFigures } from '../domain/import/order.js';
import { TariffRateRequired } from '../domain/import/tax.js';
import { chinaDate } from '../domain/time.js';
import type { ImportShipment } from '../domain/shipment.schema.js';
import type { ShipmentSettings } from '../domain/shipment.js';
import { ApiError } from './errors.js';

/** The bonded warehouse system 1210 stock lives in (adapters/warehouses.ts). */
export { BONDED_SYSTEM } from '../domain/counterparts.js';
import { BONDED_SYSTEM } from '../domain/counterparts.js';

/**
 * Checks a 1210 order before anything is written (§2.1–§2.4, §1.7 amount rule) and claims what
 * it needs: the buyer's annual quota and the bonded stock, both under the shipment id so that a
 * repeated request claims once. Refusals are 422s naming the field; a refused order leaves
 * nothing behind: its claims are withdrawn, so the order number may be sent again (corrected, or
 * retried after a 503) as the claim's next attempt. Returns the figures to freeze into the
 * shipment and an undo for the claims (used when the shipment cannot be started).
 */
export async function claimImportOrder(
  deps: { db: Db; config: Config },
  enterpriseId: string,
  shipmentId: string,
  body: ImportShipment,
  acceptedAt: Date,
): Promise<{ figures: NonNullable<ShipmentSettings['importFigures']>; undo(): Promise<void> }> {
  const { db, config } = deps;
  const identity = checkOrderer({ buyer: body.buyer, buyerIdentityVerified: body.buyer.identityVerified ?? false, payer: body.payment.payer });
  if (!identity.ok) {
    if (identity.reason === 'INVALID_BUYER_ID') {
      throw new ApiError(422, 'INVALID_BUYER_ID', `the buyer's resident ID number is not valid (${identity.problem.toLowerCase().replace('_', ' ')})`, [{ path: 'body.buyer.idNumber', message: 'not a valid resident ID number' }]);
    }
    // docs/reference/domain-rules.md §2.4 (cited here, never in what a client reads)
    throw new ApiError(422, 'BUYER_NOT_PAYER', 'the buyer identity is not verified, so the payer must be the buyer', [
      { path: 'body.payment.payer', message: 'must be the buyer (same name and ID number) unless buyer.identityVerified' },
    ]);
  }
  const date = chinaDate(acceptedAt);
  await checkOnPositiveList(db, body, date);
  const buyerIdHash = hashBuyerId(body.buyer.idNumber, { key: config.BUYER_ID_HASH_KEY.reveal() });
  const year = quotaYear(date);
  const usedFen = toFen(Number(await usedQuota(db, buyerIdHash, year)));
  let figures: ImportOrderFigures;
  try {
    figures = importOrderFigures(body, date, usedFen);
  } catch (err) {
    if (err instanceof TariffRateRequired) {
      throw new ApiError(422, err.code, 'one item above the single-transaction limit is taxed in full: its tariff rate is needed', [
        { path: 'body.items.0.tariffRateBp', message: 'required for a single item above CNY 5,000' },
      ]);
    }
    throw err;
  }
  const decision = figures.tax.decision;
  if (decision.outcome === 'NOT_CBEC') {
    throw overLimit(decision.reason, figures.dutiableTotalFen, decision.rates);
  }
  if (toFen(body.payment.amountPaid) !== figures.acturalPaidFen) {
    throw new ApiError(422, 'PAYMENT_AMOUNT_MISMATCH', `amount paid must equal goods ${fenText(figures.goodsValueFen)} + freight ${fenText(figures.freightFen)} + tax ${fenText(figures.taxTotalFen)} − discount ${fenText(figures.discountFen)} = ${fenText(figures.acturalPaidFen)} CNY`, [
      { path: 'body.payment.amountPaid', message: `expected ${fenText(figures.acturalPaidFen)}` },
    ]);
  }

  let quota;
  try {
    quota = await reserveQuota(db, { reservationId: shipmentId, buyerIdHash, year, amountCny: fenText(figures.dutiableTotalFen), annualLimitCny: fenText(decision.rates.annualLimitFen) });
  } catch (err) {
    if (err instanceof QuotaReservationConflict) throw orderConflict(body.orderNo);
    throw err;
  }
  if (!quota.ok) {
    if (quota.reason === 'ALREADY_RELEASED') throw orderConflict(body.orderNo);
    throw overLimit('OVER_ANNUAL_LIMIT', figures.dutiableTotalFen, decision.rates);
  }
  const { attempt } = quota;
  const stockMoves = (step: 'reserve' | 'withdraw') => body.items.map((i) => ({
    eventKey: claimStockKey(shipmentId, step, attempt, i.sku),
    system: BONDED_SYSTEM,
    warehouseCode: body.warehouse.code,
    enterpriseId,
    sku: i.sku,
    kind: step === 'reserve' ? 'RESERVED' as const : 'UNRESERVED' as const,
    qty: i.qty,
    reference: shipmentId,
  }));
  try {
    await moveStock(db, stockMoves('reserve'));
  } catch (err) {
    // the batch reserved nothing; the quota of this attempt goes back (a replay leaves it to its first)
    if (!quota.replayed) await withdrawQuota(db, shipmentId, attempt);
    if (err instanceof StockPledged) {
      const index = body.items.findIndex((i) => i.sku === err.sku);
      throw new ApiError(409, 'STOCK_PLEDGED', `${err.sku} in ${body.warehouse.code} is pledged to a lender: ${err.available} free, ${err.pledged} pledged, ${err.wanted} ordered; pledged units are sold only once released`, [
        { path: `body.items.${index}.qty`, message: `at most ${err.available} free; ${err.pledged} pledged` },
      ]);
    }
    if (err instanceof InsufficientStock) {
      const index = body.items.findIndex((i) => i.sku === err.sku);
      throw new ApiError(422, 'INSUFFICIENT_BONDED_STOCK', `not enough bonded stock of ${err.sku} in ${body.warehouse.code}: ${err.available} available, ${err.wanted} ordered`, [
        { path: `body.items.${index}.qty`, message: `at most ${err.available} available` },
      ]);
    }
    throw err;
  }
  return {
    figures: frozenFigures(figures),
    async undo() {
      await withdrawQuota(db, shipmentId, attempt);
      await moveStock(db, stockMoves('withdraw'));
    },
  };
}

/**
 * Ledger key of a creation attempt's stock movement: its reservation and, when the creation is
 * undone, its withdrawal. Attempt 1 keeps the key reservations always had (`<id>:reserve:<sku>`);
 * a later attempt reserves under its own key, so it reserves again, once. A withdrawal never takes
 * `<id>:unreserve:<sku>`, the key the workflow releases an existing order's stock under
 * (workflows/shipment/bonded.ts releaseClaims). SKUs hold no ':' (domain/shipment.schema.ts).
 */
export function claimStockKey(shipmentId: string, step: 'reserve' | 'withdraw', attempt: number, sku: string): string {
  return attempt === 1 ? `${shipmentId}:${step}:${sku}` : `${shipmentId}:${step}-${attempt}:${sku}`;
}

/**
 * 1210 goods must be on the positive list in force on the order's China date (正面清单,
 * docs/reference/domain-rules.md §2.3; domain/import/positive-list.ts): a 422 with the first
 * problem's code and every line at fault, before anything is written.
 */
async function checkOnPositiveList(db: Db, body: ImportShipment, date: string): Promise<void> {
  const listed = await positiveListOn(db, date, body.items.map((i) => i.hsCode.slice(0, 8)));
  const problems = listed
    ? checkPositiveList(body.items, listed.lines, '1210', listed.version)
    : body.items.map((_, line) => ({ code: 'NOT_ON_POSITIVE_LIST' as const, line, field: 'hsCode' as const, message: `no positive list is in force on ${date} (cbec positive-list load)` }));
  const first = problems[0];
  if (!first) return;
  throw new ApiError(422, first.code, `${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more line${problems.length > 2 ? 's' : ''})` : ''}`,
    problems.map((p) => ({ path: `body.items.${p.line}.${p.field}`, message: p.message })));
}

/** The figures a shipment keeps (settings.importFigures). */
export function frozenFigures(figures: ImportOrderFigures): NonNullable<ShipmentSettings['importFigures']> {
  return {
    goodsValueFen: figures.goodsValueFen,
    freightFen: figures.freightFen,
    discountFen: figures.discountFen,
    taxTotalFen: figures.taxTotalFen,
    acturalPaidFen: figures.acturalPaidFen,
    dutiableTotalFen: figures.dutiableTotalFen,
    lineTaxFen: (figures.lineTax ?? []).map((l) => ({ customsTax: l.tariffFen, vat: l.vatFen, consumptionTax: l.consumptionTaxFen })),
  };
}

/** An accepted order's figures again (a repeated request): the tax does not depend on the quota used. */
export function acceptedFigures(body: ImportShipment, acceptedAt: Date): NonNullable<ShipmentSettings['importFigures']> {
  return frozenFigures(acceptedOrderFigures(body, acceptedAt));
}

function overLimit(reason: 'OVER_ANNUAL_LIMIT' | 'OVER_SINGLE_LIMIT', orderFen: number, rates: { singleTransactionLimitFen: number; annualLimitFen: number }): ApiError {
  const singleFen = rates.singleTransactionLimitFen;
  if (reason === 'OVER_SINGLE_LIMIT') {
    return new ApiError(422, 'IMPORT_OVER_SINGLE_LIMIT', `the order's dutiable price ${fenText(orderFen)} CNY is above the CNY ${fenText(singleFen)} single-transaction limit and is not one indivisible item: it is not a CBEC retail import (general trade)`, [
      { path: 'body.items', message: `dutiable total ${fenText(orderFen)} above ${fenText(singleFen)}` },
    ]);
  }
  // how much of a person's quota is left is theirs to ask customs (their own quota query), not any
  // enterprise's: the refusal names no amount, and is the same whoever used the quota
  return new ApiError(422, 'IMPORT_OVER_ANNUAL_LIMIT', `the order would take the buyer above the CNY ${fenText(rates.annualLimitFen)} annual limit: it is not a CBEC retail import (general trade); the buyer can ask customs for their remaining quota`, [
    { path: 'body.buyer.idNumber', message: 'above the annual limit' },
  ]);
}

function orderConflict(orderNo: string): ApiError {
  return new ApiError(409, 'SHIPMENT_ORDER_CONFLICT', `order ${orderNo} already exists with a different body`, [{ path: 'body.orderNo', message: 'already used for a different shipment' }]);
}
