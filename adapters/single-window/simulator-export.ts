/**
 * The Single Window simulator's 9610 export flow (ceb-messages.md §6): order CEB303, receipt of
 * payment CEB403 and waybill CEB505 (each answered 2), the inventory CEB603 with 三单对碰, its
 * release once the goods arrived (CEB507), closing at departure (CEB509) and cancellation CEB605.
 * README.md lists the receipts and texts.
 */
import { formatCebDate, isRejection, makeInvtNo, makePreNo } from './ceb/index.js';
import { str, type Described, type Doc, type SimCore, type SimModule } from './simulator-core.js';

type ExportType = 'CEB303Message' | 'CEB403Message' | 'CEB505Message' | 'CEB603Message' | 'CEB605Message' | 'CEB507Message' | 'CEB509Message';

export function exportFlow(core: SimCore): SimModule<ExportType> {
  const { docs, text: TEXT, open, step, consume, scenarioOf, accepted, ready } = core;
  const { step: STEP, release: RELEASE, inspection: INSPECTION } = core.timing;
  const byInvtNo = new Map<string, Doc>();
  const arrived = new Set<string>();
  const inventories = () => [...docs.values()].filter((d) => d.docType === 'INVENTORY');

  /** Arrival/departure: a new preNo and the waybills (carrier:logisticsNo) it lists. */
  function withParcels(d: Described): Doc {
    const doc = open({ ...d, echo: { ...d.echo, preNo: makePreNo(core.now(), core.serial()) } });
    doc.parcels = d.lines.map((l) => `${str(d.head.logisticsCode)}:${str(l.logisticsNo)}`);
    return doc;
  }

  /** 三单对碰 (export): an inventory at 2 whose order and waybill are at 2/120 passes the logic check. */
  function match(): void {
    for (const inv of inventories()) {
      if (inv.phase !== 'declared' || inv.status !== '2' || inv.doomed || !inv.links) continue;
      const l = inv.links;
      const order = docs.get(`ORDER:${l.order}`);
      const waybill = docs.get(`WAYBILL:${l.waybill}`);
      if (!ready(order) || !ready(waybill) || order.echo.ebcCode !== inv.echo.ebcCode) continue;
      inv.phase = 'matched';
      for (const d of [order, waybill, docs.get(`PAYMENT_RECEIPT:${l.payment}`)]) {
        if (d && d.status === '2' && !d.passing && !d.doomed) {
          d.passing = true;
          step(d, STEP, () => ({ status: '120', info: TEXT.passed }));
        }
      }
      const invtNo = makeInvtNo(/^\d{4}$/.test(inv.customs ?? '') ? inv.customs! : '0000', Number(formatCebDate(core.now()).slice(0, 4)), 'E', core.serial());
      const inspect = scenarioOf(inv)?.name === 'inspect';
      step(inv, STEP, () => {
        if (inv.phase !== 'matched') return undefined;
        inv.phase = 'passed';
        inv.echo.invtNo = invtNo;
        byInvtNo.set(invtNo, inv);
        return { status: '120', info: TEXT.passed, then: () => !inspect && release(inv) };
      });
      if (inspect) {
        step(inv, STEP, () => inv.phase === 'passed' ? { status: '500', info: TEXT.inspect, then: () => { inv.inspected = true; release(inv); } } : undefined);
      }
    }
  }

  /** Release once the logic check passed (and an inspection was opened) and the goods arrived. */
  function release(inv: Doc): void {
    const s = scenarioOf(inv);
    if (inv.phase !== 'passed' || inv.releasing || !inv.links || !arrived.has(inv.links.parcel)) return;
    if (s?.name === 'inspect' && !inv.inspected) return;
    inv.releasing = true;
    const extra = s?.name === 'inspect' ? INSPECTION : s?.name === 'delay-release' && typeof s.params.businessDelayMs === 'number' ? s.params.businessDelayMs : 0;
    const reject = consume(inv.orderNo, 'reject-after-arrival');
    step(inv, RELEASE + extra, () => {
      if (inv.phase !== 'passed') return undefined; // cancelled meanwhile
      inv.phase = reject ? 'rejected' : 'released';
      if (!reject) inv.releasedAt = core.now().getTime();
      return reject ? { status: '100', info: TEXT.rejectAfterArrival } : { status: '800', info: TEXT.released };
    });
  }

  const handlers: SimModule<ExportType>['handlers'] = {
    CEB303Message(d) {
      const existing = docs.get(d.id);
      if (existing && !isRejection(existing.status)) return step(existing, STEP, () => ({ status: '-301010', info: TEXT.duplicateOrder, transient: true }));
      const doc = open(d);
      doc.doomed = consume(d.orderNo, 'reject-order');
      step(doc, STEP, () => accepted(d.guid, match));
      if (doc.doomed) step(doc, STEP, () => ({ status: '100', info: TEXT.rejectOrder }));
    },
    CEB403Message: (d) => step(open(d), STEP, () => accepted(d.guid, match)),
    CEB505Message: (d) => step(open(d), STEP, () => accepted(d.guid, match)),
    CEB603Message(d) {
      const h = d.head;
      // invtNo is assigned by customs at the logic check; until then the receipts carry it empty.
      const doc = open({ ...d, echo: { ...d.echo, preNo: makePreNo(core.now(), core.serial()), invtNo: '' } });
      doc.customs = str(h.customsCode);
      const parcel = `${str(h.logisticsCode)}:${str(h.logisticsNo)}`;
      doc.links = { order: `${str(h.ebpCode)}:${str(h.orderNo)}`, waybill: parcel, payment: `${str(h.ebcCode)}:${str(h.orderNo)}`, parcel };
      doc.phase = 'declared';
      doc.doomed = consume(d.orderNo, 'reject-inventory');
      step(doc, STEP, () => ({ status: '2', info: `清单新增申报成功[电商企业编码：${str(h.ebcCode)}订单编号：${str(h.orderNo)}]`, then: match }));
      if (doc.doomed) step(doc, STEP, () => ((doc.phase = 'rejected'), { status: '100', info: TEXT.rejectInventory }));
    },
    CEB605Message(d) {
      const invtNo = str(d.head.invtNo);
      const inv = byInvtNo.get(invtNo);
      const doc = open({ ...d, orderNo: inv?.orderNo, echo: { ...d.echo, preNo: str(inv?.echo.preNo) || str(d.head.preNo) || makePreNo(core.now(), core.serial()) } });
      step(doc, STEP, () => accepted(d.guid));
      step(doc, STEP, () => {
        const target = byInvtNo.get(invtNo);
        if (target?.phase !== 'passed') return { status: '-623005', info: TEXT.cancelRefused };
        target.phase = 'cancelled';
        return { status: '399', info: TEXT.cancelled };
      });
    },
    CEB507Message(d) {
      const doc = withParcels(d);
      step(doc, STEP, () => accepted(d.guid, () => {
        doc.parcels?.forEach((p) => arrived.add(p));
        inventories().filter((i) => doc.parcels?.includes(i.links?.parcel ?? '')).forEach(release);
      }));
      step(doc, STEP, () => ({ status: '399', info: TEXT.concluded }));
    },
    CEB509Message(d) {
      const doc = withParcels(d);
      step(doc, STEP, () => accepted(d.guid));
      step(doc, STEP, () => ({
        status: '399', info: TEXT.concluded, then: () => {
          for (const inv of inventories().filter((i) => i.phase === 'released' && doc.parcels?.includes(i.links?.parcel ?? ''))) {
            step(inv, STEP, () => (inv.phase === 'released' ? ((inv.phase = 'closed'), { status: '899', info: TEXT.closed }) : undefined));
          }
        },
      }));
    },
  };

  return {
    handlers,
    /** The order of a message without orderNo: through its inventory (invtNo) or a waybill it lists. */
    keyOf(d) {
      const invtNo = str(d.head.invtNo);
      if (invtNo) return byInvtNo.get(invtNo)?.orderNo;
      const parcels = [str(d.head.logisticsNo), ...d.lines.map((l) => str(l.logisticsNo))].filter(Boolean)
        .map((n) => `${str(d.head.logisticsCode)}:${n}`);
      return inventories().find((i) => parcels.includes(i.links?.parcel ?? ''))?.orderNo;
    },
    reset() {
      [byInvtNo, arrived].forEach((m) => m.clear());
    },
    state: () => ({}),
  };
}
