import { acceptedOrderFigures, fenText, toFen } from '../domain/import/order.js';
import { shipmentGoodsValue, round5 } from '../domain/shipment.js';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import { TERMINAL_STATUSES, type ShipmentStatus } from '../domain/status.js';
import type { Db } from './client.js';

/**
 * 三流合一: a shipment's information flow (order, declaration), money flow (payment, FX receipts,
 * settlement, tax) and goods flow (waybill, transport milestones, warehouse movements) side by
 * side, and every disagreement explained: which document, what was expected, what happened and
 * by how much. Computed from the projection (timeline, lines, stock ledger), so it is always
 * current; the workflows raise the alerts for amount mismatches when they happen (FX_MISMATCH,
 * TAX_MISMATCH timeline events → open risk hits for ops).
 */
export interface Mismatch {
  flow: 'information' | 'money' | 'goods';
  document: string;
  expected: string;
  actual: string;
  difference: string;
  explanation: string;
}

export interface Reconciliation {
  shipmentId: string;
  mode: string;
  status: 'MATCHED' | 'MISMATCH' | 'PENDING';
  information: { orderNo: string; lines: number; declaredQty: string; goodsValue: string; currency: string; invtNo: string | null; entryId: string | null };
  money: { expected: string; received: string; currency: string; settledCny: string | null; tax?: { charged: string; assessed: string | null } };
  goods: { declaredQty: string; movedQty: string; milestones: string[]; stock: Record<string, string> };
  mismatches: Mismatch[];
}

type Row = NonNullable<Awaited<ReturnType<typeof load>>>;

async function load(db: Db, id: string, enterpriseId: string) {
  return db.shipment.findFirst({
    where: { id, enterpriseId },
    include: { events: { orderBy: { seq: 'asc' } }, lines: { orderBy: { lineNo: 'asc' } } },
  });
}

export async function reconcileShipment(db: Db, enterpriseId: string, id: string): Promise<Reconciliation | undefined> {
  const row = await load(db, id, enterpriseId);
  if (!row) return undefined;
  const moves = await db.stockMovement.groupBy({ by: ['kind'], where: { reference: id }, _sum: { qty: true } });
  return reconcile(row, Object.fromEntries(moves.map((m) => [m.kind, Number(m._sum.qty ?? 0)])));
}

export function reconcile(row: Row, stock: Record<string, number>): Reconciliation {
  const request = row.request as unknown as ShipmentCreate;
  const info = (type: string) => row.events.filter((e) => e.type === type).map((e) => String((e.detail as { info?: string }).info ?? ''));
  const has = (type: string) => row.events.some((e) => e.type === type);
  const mismatches: Mismatch[] = [];
  const declaredQty = row.lines.reduce((s, l) => s + Number(l.qty), 0);
  const terminal = TERMINAL_STATUSES.includes(row.status as ShipmentStatus);

  // money
  const currency = request.mode === '1210' ? 'CNY' : request.currency;
  const received = info('FUNDS_RECEIVED').reduce((s, t) => s + Number(/^([\d.]+) /.exec(t)?.[1] ?? 0), 0);
  let expected: number;
  let tax: Reconciliation['money']['tax'];
  if (request.mode === '1210') {
    const figures = acceptedOrderFigures(request, row.createdAt);
    expected = figures.acturalPaidFen / 100;
    if (toFen(request.payment.amountPaid) !== figures.acturalPaidFen) {
      mismatches.push(diff('money', 'CEB411 payment voucher', figures.acturalPaidFen / 100, request.payment.amountPaid, 'CNY', 'the payment does not equal goods + freight + tax − discount'));
    }
    const bill = info('TAX_BILL')[0];
    const assessed = bill ? ['duty', 'VAT', 'consumption tax'].reduce((s, k) => s + Number(new RegExp(`${k} ([\\d.]+)`).exec(bill)?.[1] ?? 0), 0) : null;
    tax = { charged: fenText(figures.taxTotalFen), assessed: assessed === null ? null : assessed.toFixed(2) };
    if (assessed !== null && Math.round(assessed * 100) !== figures.taxTotalFen) {
      mismatches.push(diff('money', 'CEB816 e-tax bill', figures.taxTotalFen / 100, assessed, 'CNY', 'customs assessed another tax than the buyer paid (taxTotal on the order)'));
    }
  } else if (request.mode === '9810') {
    expected = info('SALES_REPORTED').reduce((s, t) => s + Number(/sold for ([\d.]+)/.exec(t)?.[1] ?? 0), 0);
  } else {
    expected = round5(shipmentGoodsValue(request) + request.freight);
  }
  if (request.mode !== '1210' && received > 0 && Math.abs(received - expected) >= 0.005) {
    mismatches.push(diff('money', 'FX receipt', expected, received, currency, request.mode === '9810' ? 'proceeds received differ from the sales the warehouse reported' : 'proceeds received differ from the declared order value plus freight'));
  }

  // goods
  const milestones = row.events.map((e) => e.type).filter((t) => ['ARRIVED_AT_SITE', 'DEPARTED', 'BORDER_CROSSED', 'ARRIVED', 'WAREHOUSE_RECEIVED', 'SHIPPED', 'DELIVERED', 'RETURNED'].includes(t));
  let moved = 0;
  if (request.mode === '9810') {
    moved = (stock.RECEIVED ?? 0) + (stock.DAMAGED ?? 0);
    if (has('WAREHOUSE_RECEIVED') && moved !== declaredQty) {
      mismatches.push(diff('goods', 'warehouse receipt', declaredQty, moved, 'units', 'the overseas warehouse counted in another quantity than was declared'));
    }
    if ((stock.DAMAGED ?? 0) > 0) mismatches.push(diff('goods', 'warehouse receipt', 0, stock.DAMAGED ?? 0, 'units damaged', 'units arrived damaged and are not stock'));
  } else if (request.mode === '1210') {
    moved = stock.SHIPPED ?? 0;
    if (has('SHIPPED') && moved !== declaredQty) {
      mismatches.push(diff('goods', 'exit from the bonded centre', declaredQty, moved, 'units', 'another quantity left the bonded centre than was declared'));
    }
  } else {
    moved = has('DEPARTED') ? declaredQty : 0;
  }
  if (row.invtNo === null && has('RELEASED')) {
    mismatches.push({ flow: 'information', document: 'inventory', expected: 'an inventory number', actual: 'none', difference: '—', explanation: 'released without a recorded inventory number' });
  }

  const complete = request.mode === '1210' ? has('TAX_BILL') && has('SHIPPED') : request.mode === '9810' ? has('WAREHOUSE_RECEIVED') && (received > 0 || expected === 0) : received > 0;
  return {
    shipmentId: row.id,
    mode: row.mode,
    status: mismatches.length > 0 ? 'MISMATCH' : complete || terminal ? 'MATCHED' : 'PENDING',
    information: { orderNo: row.orderNo, lines: row.lines.length, declaredQty: String(declaredQty), goodsValue: row.goodsValue.toString(), currency, invtNo: row.invtNo, entryId: row.entryId },
    money: { expected: expected.toFixed(2), received: received.toFixed(2), currency, settledCny: row.cnyAmount?.toString() ?? null, ...(tax ? { tax } : {}) },
    goods: { declaredQty: String(declaredQty), movedQty: String(moved), milestones, stock: Object.fromEntries(Object.entries(stock).map(([k, v]) => [k, String(v)])) },
    mismatches,
  };
}

/** An enterprise's shipments of a period with their reconciliation (mismatches first). */
export async function reconcileEnterprise(db: Db, enterpriseId: string, from: Date, to: Date, limit = 200): Promise<Reconciliation[]> {
  const ids = await db.shipment.findMany({ where: { enterpriseId, createdAt: { gte: from, lt: to } }, select: { id: true }, orderBy: { createdAt: 'desc' }, take: limit });
  const all = await Promise.all(ids.map((s) => reconcileShipment(db, enterpriseId, s.id)));
  const order = { MISMATCH: 0, PENDING: 1, MATCHED: 2 };
  return all.filter((r): r is Reconciliation => !!r).sort((a, b) => order[a.status] - order[b.status]);
}

function diff(flow: Mismatch['flow'], document: string, expected: number, actual: number, unit: string, explanation: string): Mismatch {
  return { flow, document, expected: `${expected.toFixed(2)} ${unit}`, actual: `${actual.toFixed(2)} ${unit}`, difference: `${(actual - expected).toFixed(2)} ${unit}`, explanation };
}
