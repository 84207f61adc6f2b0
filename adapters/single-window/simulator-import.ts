/**
 * The Single Window simulator's 1210 bonded-import flow (ceb-messages.md §7, docs/reference/domain-rules.md
 * §1.6, §2): order CEB311, payment voucher CEB411 and waybill CEB511 (each answered 2), the
 * inventory CEB621 with the 三单对碰 checks, limits and quota, release, the e-tax bill CEB816,
 * waybill status CEB513, cancellation CEB623 and returns CEB625. Rules come from domain/import
 * (limits.ts, tax.ts, identity.ts); README.md lists the receipts and texts.
 */
import { buyerPayerMismatch, normaliseResidentId, type Person } from '../../domain/import/identity.js';
import { orderTax, type LineTax, type TaxLine } from '../../domain/import/tax.js';
import { DAY } from '../../domain/time.js';
import {
  buildCeb816, buildCeb818, formatCebDate, formatReturnTime, makeInvtNo, makePreNo, newCebGuid, type Ceb816Tax, type Ceb818Tax,
} from './ceb/index.js';
import { str, type Described, type Doc, type Fields, type Issue, type SimCore, type SimModule } from './simulator-core.js';
import { positiveListRefusal } from './simulator-positive-list.js';

type ImportType = 'CEB311Message' | 'CEB411Message' | 'CEB511Message' | 'CEB513Message' | 'CEB621Message' | 'CEB623Message' | 'CEB625Message';

/** Statutory rates of one kind of goods, in basis points (13 % = 1300). */
export interface GoodsRates {
  vatRateBp: number;
  consumptionTaxRateBp?: number;
  /** The goods' own tariff; used only when an order is taxed in full (one item over CNY 5,000). */
  tariffRateBp?: number;
}
/**
 * Goods rates by HS-code prefix, longest prefix first. ⚠ Real customs takes VAT, consumption tax
 * and tariff from the tariff schedule (税则) of the 10-digit code; this table is illustrative only.
 * Default VAT 13 %, no consumption tax, tariff 0 %. An order's scenario may bring its own table:
 * `params.goodsRates = { "<HS prefix>": GoodsRates }` (checked before this one).
 */
const GOODS_RATES: Record<string, GoodsRates> = {
  // Beauty/make-up preparations, taken as high-end cosmetics (CT 15 %, docs/reference/domain-rules.md §2.2) whatever the price.
  '3304': { vatRateBp: 1300, consumptionTaxRateBp: 1500 },
};
const DEFAULT_RATES: GoodsRates = { vatRateBp: 1300, consumptionTaxRateBp: 0, tariffRateBp: 0 };

/**
 * Receipt texts. Codes 1313/1322/1327/13035/13127 and −621005/−621004/−625209/−401007/−504012 are
 * from ceb-messages.md §7.1/§9.3; texts marked "simulator" are ours (no real text found).
 */
const T = {
  declared: (h: Fields) => `清单新增申报成功[电商企业编码：${h.ebcCode ?? ''}订单编号：${h.orderNo ?? ''}]`,
  rejectInventory: '[Code:1300;Desc:人工退单，订购人身份证号码有误]',
  buyerNotPayer: '[Code:1327;Desc:订单购买人与支付单支付人名字或身份证号码不一致]',
  inventoryBuyer: '[Code:13127;Desc:清单订购人和订单不一致，修改订购人后重新申报]',
  lines: '[Code:1322;Desc:订单清单表体商品项不一致]',
  payCode: '[Code:13035;Desc:支付企业不一致]',
  annualLimit: '[Code:1313;Desc:订购人购买超过年度限额,超过个人年度购买额度]',
  singleLimit: (fen: number, limit: number) => `超过单笔限额[完税价格${yuan(fen)}元，单次交易限值${yuan(limit)}元]`,
  orderAmount: '订单实际支付金额与商品价格+运杂费+代扣税款-非现金抵扣金额不一致', // simulator
  paymentAmount: '支付单支付金额与订单实际支付金额不一致', // simulator
  badQuantity: '清单商品数量或金额有误', // simulator
  duplicatePayment: '已存在相同编号的支付单',
  duplicateWaybill: '物流运单已存在',
  duplicateInventory: '清单已经申报过',
  otherDocument: '申请单的订单编号或订购人与清单不一致', // simulator
  notReleased: '退货申请对应的清单不存在或未放行', // simulator
  late: (days: number) => `退货申请超过期限：清单放行已超过${days}天，不能申请退货`, // simulator
  noLine: '在关联的清单中未找到表体序号',
  tooMany: '退货数量超过清单申报数量', // simulator
  /** CEB626 399: the status list names 399 for 626; "[Code:2300;Desc:审核通过]" is the prefix of the CEB624 fixture. */
  refunded: '[Code:2300;Desc:审核通过]',
};

/** Exact N19,5 decimal text as an integer of 10⁻⁵ (undefined if not a decimal). */
function units(text: string | undefined): bigint | undefined {
  const m = /^(\d*)(?:\.(\d*))?$/.exec((text ?? '').trim());
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
  const frac = (m[2] ?? '').padEnd(5, '0');
  if (frac.length > 5 && /[1-9]/.test(frac.slice(5))) return undefined;
  return BigInt(m[1] || '0') * 100_000n + BigInt(frac.slice(0, 5));
}
const same = (a: string | undefined, b: string | undefined) => units(a) !== undefined && units(a) === units(b);
/** Integer fen, half up (amounts are non-negative). */
const fen = (text: string | undefined) => Number(((units(text) ?? 0n) + 500n) / 1000n);
const yuan = (f: number) => `${Math.trunc(f / 100)}.${String(f % 100).padStart(2, '0')}`;
const buyerOf = (h: Fields): Person => ({ name: h.buyerName ?? '', idNumber: h.buyerIdNumber ?? '' });

/** Dutiable price of each line (完税价格): its total plus its share, by value, of freight and insurance. */
function dutiableFen(lines: Fields[], head: Fields): number[] {
  const base = lines.map((l) => fen(l.totalPrice));
  const extra = fen(head.freight) + fen(head.insuredFee);
  const total = base.reduce((s, b) => s + b, 0);
  let given = 0;
  return base.map((b, j) => {
    const share = j === base.length - 1 ? extra - given : total === 0 ? 0 : Math.floor((extra * b) / total);
    given += share;
    return b + share;
  });
}

interface Assessment {
  buyer: string;
  year: number;
  countsFen: number;
  lines: { gnum: number; gcode: string; qty: string; dutiableFen: number; tax: LineTax }[];
  total: LineTax;
}
type Verdict = { reject: Issue } | { ok: Assessment };

export function importFlow(core: SimCore): SimModule<ImportType> {
  const { step, docs, timing, text } = core;
  const byInvtNo = new Map<string, Doc>();
  const assessments = new Map<string, Assessment>(); // by inventory doc id
  /** Annual quota used per buyer ID (normalised) and calendar year, in fen, counted at release. */
  const quota = new Map<string, Map<number, number>>();
  const returned = new Map<string, Map<number, bigint>>(); // inventory doc id → gnum → qty returned (10⁻⁵)
  const taxBills = new Map<string, { taxNo: string; status: string; customsTax: string; valueAddedTax: string; consumptionTax: string }>();

  const used = (buyer: string, year: number) => quota.get(buyer)?.get(year) ?? 0;
  function addQuota(buyer: string, year: number, delta: number): void {
    const years = quota.get(buyer) ?? new Map<number, number>();
    years.set(year, Math.max(used(buyer, year) + delta, 0));
    quota.set(buyer, years);
  }
  const reject = (info: string, status = '100'): Verdict => ({ reject: { status, info } });
  const preNo = () => makePreNo(core.now(), core.serial());

  function ratesOf(gcode: string, doc: Doc): GoodsRates {
    const custom = core.scenarioOf(doc)?.params.goodsRates;
    for (const table of [typeof custom === 'object' && custom !== null ? (custom as Record<string, GoodsRates>) : {}, GOODS_RATES]) {
      const prefix = Object.keys(table).filter((p) => gcode.startsWith(p)).sort((a, b) => b.length - a.length)[0];
      if (prefix !== undefined) return { ...DEFAULT_RATES, ...table[prefix] };
    }
    return DEFAULT_RATES;
  }

  /** The payment voucher of an order: same platform and order, the order's payCode (and transaction) preferred. */
  function paymentOf(order: Doc): Doc | undefined {
    const o = order.data?.head ?? {};
    const candidates = [...docs.values()].filter((d) => d.docType === 'IMPORT_PAYMENT' && core.ready(d) &&
      d.data?.head.orderNo === o.orderNo && d.data?.head.ebpCode === o.ebpCode);
    const fits = (d: Doc) => (!o.payCode || d.data?.head.payCode === o.payCode) && (!o.payTransactionId || d.data?.head.payTransactionId === o.payTransactionId);
    return candidates.filter(fits).at(-1) ?? candidates.at(-1);
  }

  /** 三单对碰 checks (a)–(f) of an inventory against its order and payment, then the limits and the tax. */
  function assess(inv: Doc, order: Doc, payment: Doc): Verdict {
    const h = inv.data?.head ?? {};
    const o = order.data?.head ?? {};
    const p = payment.data?.head ?? {};
    const sum = ['goodsValue', 'freight', 'taxTotal'].reduce((s, k) => s + (units(o[k]) ?? 0n), 0n) - (units(o.discount) ?? 0n);
    if (units(o.acturalPaid) !== sum) return reject(T.orderAmount);
    if (o.payCode && p.payCode !== o.payCode) return reject(T.payCode);
    if (!same(p.amountPaid, o.acturalPaid)) return reject(T.paymentAmount);
    if (buyerPayerMismatch(buyerOf(o), { name: p.payerName ?? '', idNumber: p.payerIdNumber ?? '' }).length > 0) return reject(T.buyerNotPayer);
    if (buyerPayerMismatch(buyerOf(o), buyerOf(h)).length > 0) return reject(T.inventoryBuyer);
    const orderLines = order.data?.lines ?? [];
    const lines = inv.data?.lines ?? [];
    const sameLines = lines.length === orderLines.length && lines.every((l) => {
      const ol = orderLines.find((x) => x.gnum === l.gnum);
      return !!ol && same(ol.qty, l.qty) && same(ol.totalPrice, l.totalPrice) && (!ol.itemNo || !l.itemNo || ol.itemNo === l.itemNo);
    });
    if (!sameLines) return reject(T.lines);

    const date = formatCebDate(core.now()).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');
    const notListed = positiveListRefusal(core.positiveLists, date, h, lines);
    if (notListed) return reject(notListed);
    const year = Number(date.slice(0, 4));
    const buyer = normaliseResidentId(h.buyerIdNumber ?? '');
    const dutiable = dutiableFen(lines, h);
    const taxLines: TaxLine[] = lines.map((l, j) => ({ dutiableFen: dutiable[j] ?? 0, quantity: Number(l.qty), ...ratesOf(l.gcode ?? '', inv) }));
    let result: ReturnType<typeof orderTax>;
    try {
      result = orderTax({ date, lines: taxLines, usedThisYearFen: used(buyer, year) });
    } catch {
      return reject(T.badQuantity); // e.g. quantity 0
    }
    if (!('lines' in result)) {
      const d = result.decision;
      return d.reason === 'OVER_ANNUAL_LIMIT' ? reject(T.annualLimit) : reject(T.singleLimit(d.orderFen, d.rates.singleTransactionLimitFen), '-621005');
    }
    return {
      ok: {
        buyer, year, countsFen: result.decision.countsTowardAnnualFen, total: result.total,
        lines: lines.map((l, j) => ({ gnum: Number(l.gnum), gcode: l.gcode ?? '', qty: l.qty ?? '0', dutiableFen: dutiable[j] ?? 0, tax: result.lines[j]! })),
      },
    };
  }

  /** Inventories at 2 whose order, payment and waybill are all at 2/120 are checked once. */
  function match(): void {
    for (const inv of docs.values()) {
      if (inv.docType !== 'IMPORT_INVENTORY' || inv.phase !== 'declared' || inv.status !== '2' || inv.doomed) continue;
      const h = inv.data?.head ?? {};
      const order = docs.get(`IMPORT_ORDER:${h.ebpCode}:${h.orderNo}`);
      const waybill = docs.get(`IMPORT_WAYBILL:${h.logisticsCode}:${h.logisticsNo}`);
      const payment = order && paymentOf(order);
      if (!core.ready(order) || !core.ready(waybill) || !core.ready(payment)) continue;
      inv.phase = 'matched';
      const verdict = assess(inv, order, payment);
      if ('reject' in verdict) {
        step(inv, timing.step, () => (inv.phase === 'matched' ? ((inv.phase = 'rejected'), verdict.reject) : undefined));
        continue;
      }
      assessments.set(inv.id, verdict.ok);
      for (const d of [order, payment, waybill]) {
        if (d.status === '2' && !d.passing) {
          d.passing = true;
          step(d, timing.step, () => ({ status: '120', info: text.passed }));
        }
      }
      const customs = /^\d{4}$/.test(h.customsCode ?? '') ? h.customsCode! : '0000';
      const invtNo = makeInvtNo(customs, verdict.ok.year, 'I', core.serial());
      step(inv, timing.step, () => {
        if (inv.phase !== 'matched') return undefined;
        inv.phase = 'passed';
        inv.echo.invtNo = invtNo;
        byInvtNo.set(invtNo, inv);
        return { status: '120', info: text.passed, then: () => release(inv) };
      });
    }
  }

  /** Bonded goods are in the zone already: release follows the logic check (inspect: 500 first). */
  function release(inv: Doc): void {
    if (inv.phase !== 'passed' || inv.releasing) return;
    inv.releasing = true;
    const s = core.scenarioOf(inv);
    if (s?.name === 'inspect') step(inv, timing.step, () => (inv.phase === 'passed' ? { status: '500', info: text.inspect } : undefined));
    const extra = s?.name === 'inspect' ? timing.inspection : s?.name === 'delay-release' && typeof s.params.businessDelayMs === 'number' ? s.params.businessDelayMs : 0;
    step(inv, timing.release + extra, () => {
      if (inv.phase !== 'passed') return undefined; // cancelled meanwhile
      inv.phase = 'released';
      inv.releasedAt = core.now().getTime();
      const a = assessments.get(inv.id);
      if (a) addQuota(a.buyer, a.year, a.countsFen);
      return { status: '800', info: text.released, then: () => taxBill(inv) };
    });
  }

  /** CEB816 right after the release, per line from domain/import/tax.ts. */
  function taxBill(inv: Doc): void {
    const a = assessments.get(inv.id);
    const h = inv.data?.head ?? {};
    const invtNo = inv.echo.invtNo ?? '';
    if (!a) return;
    const taxNo = `${invtNo}_0`; // as seen in public fixtures (§1)
    const bill: Ceb816Tax = {
      TaxHeadRd: {
        guid: newCebGuid(), returnTime: formatReturnTime(core.now()), invtNo, taxNo, customsTax: yuan(a.total.tariffFen),
        valueAddedTax: yuan(a.total.vatFen), consumptionTax: yuan(a.total.consumptionTaxFen), status: '1',
        ...(h.assureCode ? { assureCode: h.assureCode } : {}), ...(h.ebcCode ? { ebcCode: h.ebcCode } : {}),
        ...(h.logisticsCode ? { logisticsCode: h.logisticsCode } : {}), ...(h.agentCode ? { agentCode: h.agentCode } : {}),
        ...(/^\d{4}$/.test(h.customsCode ?? '') ? { customsCode: h.customsCode } : {}),
      },
      TaxListRd: a.lines.map((l) => ({
        gnum: l.gnum, gcode: l.gcode, taxPrice: yuan(l.dutiableFen), customsTax: yuan(l.tax.tariffFen),
        valueAddedTax: yuan(l.tax.vatFen), consumptionTax: yuan(l.tax.consumptionTaxFen),
      })),
    };
    const head = bill.TaxHeadRd;
    taxBills.set(invtNo, { taxNo, status: '1', customsTax: head.customsTax, valueAddedTax: head.valueAddedTax, consumptionTax: head.consumptionTax });
    core.issue(inv, timing.step, () => ({ messageType: 'CEB816Message', key: taxNo, xml: safely(buildCeb816, [bill]) }));
  }

  /** A tax-bill status CEB818 (3 = void after a full return: tax not levied, §2.2). */
  function taxStatus(inv: Doc, status: '1' | '2' | '3'): void {
    const invtNo = inv.echo.invtNo ?? '';
    const bill = taxBills.get(invtNo);
    if (!bill) return;
    bill.status = status;
    const msg: Ceb818Tax = { TaxHeadStatus: { guid: newCebGuid(), returnTime: formatReturnTime(core.now()), invtNo, taxNo: bill.taxNo, status } };
    if (inv.data?.head.assureCode) msg.TaxHeadStatus.assureCode = inv.data.head.assureCode;
    core.issue(inv, timing.step, () => ({ messageType: 'CEB818Message', key: bill.taxNo, xml: safely(buildCeb818, [msg]) }));
  }

  /** The inventory a cancellation/return names, if its order and buyer agree with the application. */
  function sameInventory(target: Doc, head: Fields): boolean {
    const h = target.data?.head ?? {};
    return h.orderNo === head.orderNo && h.ebpCode === head.ebpCode && buyerPayerMismatch(buyerOf(h), buyerOf(head)).length === 0;
  }

  /** A resubmission under the same key while the first is not rejected → the duplicate code, nothing else. */
  function duplicate(d: Described, status: string, info: string): boolean {
    const existing = docs.get(d.id);
    const rejected = existing && (existing.status === '100' || existing.status.startsWith('-') || existing.phase === 'rejected' || existing.phase === 'cancelled');
    if (!existing || rejected) return false;
    step(existing, timing.step, () => ({ status, info, transient: true }));
    return true;
  }
  const fields = (d: Described): Fields => d.data.head;

  const handlers: Record<ImportType, (d: Described) => void> = {
    CEB311Message(d) {
      if (duplicate(d, '-301010', text.duplicateOrder)) return;
      step(core.open(d), timing.step, () => core.accepted(d.guid, match));
    },
    CEB411Message(d) {
      if (duplicate(d, '-401007', T.duplicatePayment)) return;
      step(core.open(d), timing.step, () => core.accepted(d.guid, match));
    },
    CEB511Message(d) {
      if (duplicate(d, '-504012', T.duplicateWaybill)) return;
      step(core.open(d), timing.step, () => core.accepted(d.guid, match));
    },
    // Waybill status (S = signed for): acknowledged with 2 (§7.1: 514 starts at 2).
    CEB513Message: (d) => step(core.open(d), timing.step, () => core.accepted(d.guid)),
    CEB621Message(d) {
      if (duplicate(d, '-621004', T.duplicateInventory)) return;
      // invtNo is assigned by customs at the logic check; until then the receipts carry none (CEB622 invtNo is optional).
      const { invtNo: _declared, ...echo } = d.echo;
      const doc = core.open({ ...d, echo: { ...echo, preNo: preNo() } });
      Object.assign(doc, { phase: 'declared', releasing: false, releasedAt: undefined, doomed: core.consume(d.orderNo, 'reject-import-inventory') });
      assessments.delete(doc.id);
      step(doc, timing.step, () => ({ status: '2', info: T.declared(fields(d)), then: match }));
      if (doc.doomed) step(doc, timing.step, () => ((doc.phase = 'rejected'), { status: '100', info: T.rejectInventory }));
    },
    CEB623Message(d) {
      const invtNo = fields(d).invtNo ?? '';
      const doc = core.open({ ...d, echo: { ...d.echo, preNo: preNo() } });
      step(doc, timing.step, () => core.accepted(d.guid));
      step(doc, timing.step, () => {
        const target = byInvtNo.get(invtNo);
        // Only before release, while the inventory stands at 120 (not at 500 inspection, not released).
        if (!target || target.phase !== 'passed' || target.status !== '120') return { status: '-623005', info: text.cancelRefused };
        if (!sameInventory(target, fields(d))) return { status: '100', info: T.otherDocument };
        target.phase = 'cancelled';
        return { status: '399', info: text.cancelled };
      });
    },
    CEB625Message(d) {
      const head = fields(d);
      const appliedAt = core.now().getTime(); // the application date counts, not our processing time
      const doc = core.open({ ...d, echo: { ...d.echo, preNo: preNo() } });
      let accepted: { target: Doc; qty: Map<number, bigint> } | undefined;
      step(doc, timing.step, () => core.accepted(d.guid));
      step(doc, timing.step, () => {
        const target = byInvtNo.get(head.invtNo ?? '');
        if (!target || !target.releasedAt || (target.phase !== 'released' && target.phase !== 'closed')) return { status: '100', info: T.notReleased };
        if (!sameInventory(target, head)) return { status: '100', info: T.otherDocument };
        // CEB625 within the return window after release (GACC Ann. 2020 No. 45, docs/reference/domain-rules.md §1.6 step 8)
        if ((appliedAt - target.releasedAt) * core.timeScale > core.returnWindowDays * DAY) return { status: '100', info: T.late(core.returnWindowDays) };
        const lines = target.data?.lines ?? [];
        const done = returned.get(target.id) ?? new Map<number, bigint>();
        const qty = new Map<number, bigint>();
        for (const l of d.data.lines) {
          const gnum = Number(l.gnum);
          const original = lines.find((x) => Number(x.gnum) === gnum);
          if (!original) return { status: '-625209', info: T.noLine };
          qty.set(gnum, (qty.get(gnum) ?? 0n) + (units(l.qty) ?? 0n));
          if ((done.get(gnum) ?? 0n) + (qty.get(gnum) ?? 0n) > (units(original.qty) ?? 0n)) return { status: '100', info: T.tooMany };
        }
        for (const [gnum, q] of qty) done.set(gnum, (done.get(gnum) ?? 0n) + q);
        returned.set(target.id, done);
        accepted = { target, qty };
        return { status: '120', info: text.passed };
      });
      step(doc, timing.step, () => (accepted ? { status: '399', info: T.refunded, then: () => accepted && refund(accepted.target, accepted.qty) } : undefined));
    },
  };

  /** An accepted return gives the buyer's quota back (pro rata per returned quantity); a full return voids the tax bill. */
  function refund(target: Doc, qty: Map<number, bigint>): void {
    const a = assessments.get(target.id);
    if (!a) return;
    let back = 0;
    for (const l of a.lines) {
      const q = qty.get(l.gnum);
      const all = units(l.qty) ?? 0n;
      if (q && all > 0n) back += Number((BigInt(l.dutiableFen) * q * 2n + all) / (2n * all)); // half up
    }
    addQuota(a.buyer, a.year, -Math.min(back, a.countsFen));
    const done = returned.get(target.id);
    // ⚠ simulator's inference: a fully returned inventory's bill is voided (CEB818 status 3); partial returns leave it.
    if (a.lines.every((l) => (done?.get(l.gnum) ?? 0n) >= (units(l.qty) ?? 0n))) taxStatus(target, '3');
  }

  return {
    handlers,
    /** CEB513 carries no orderNo: the order of its waybill. */
    keyOf: (d) => (d.docType === 'WAYBILL_STATUS' ? docs.get(`IMPORT_WAYBILL:${str(d.head.logisticsCode)}:${str(d.head.logisticsNo)}`)?.orderNo : undefined),
    reset() {
      [byInvtNo, assessments, quota, returned, taxBills].forEach((m) => m.clear());
    },
    state: () => ({
      importQuota: Object.fromEntries([...quota].map(([buyer, years]) => [buyer, Object.fromEntries([...years].map(([y, f]) => [y, yuan(f)]))])),
      taxBills: Object.fromEntries(taxBills),
    }),
  };
}

/** Builds with validation, or without it when our own data breaks a facet (the message still goes out). */
function safely<T>(build: (entities: readonly T[], opts?: { validate?: boolean }) => string, entities: T[]): string {
  try {
    return build(entities);
  } catch {
    return build(entities, { validate: false });
  }
}
