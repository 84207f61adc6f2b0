/**
 * The Single Window simulator's 9610 summary declaration (汇总申报, docs/reference/domain-rules.md §1.3 step 8;
 * ceb-messages.md §6.2 CEB701/702/792): an application CEB701 names a window (startTime/endTime)
 * or a list of invtNo; customs answers CEB702 2 (preNo), then 120 with a sumNo, then one CEB792
 * summary result per customs declaration for the export inventories it took.
 */
import {
  buildCeb792, formatCebDate, formatReturnTime, makePreNo, newCebGuid, parseCebTime, type Ceb792SummaryResult,
} from './ceb/index.js';
import type { Described, Doc, Fields, SimCore, SimModule } from './simulator-core.js';

const T = {
  // All texts are the simulator's: no real CEB702 rejection text was found.
  pair: '汇总开始时间和结束时间须同时填写',
  badWindow: '汇总时间段有误：开始时间晚于结束时间或时间格式错误',
  nothing: '未填写汇总时间段或清单编号',
  empty: (ebc: string) => `汇总时间段内没有可汇总的清单（电商企业${ebc}，汇总申报B类，已放行或结关，未汇总）`,
  unknown: (n: string, ebc: string) => `清单${n}不存在或不属于电商企业${ebc}`,
  otherCustoms: (n: string) => `清单${n}的申报地海关与汇总申请不一致`,
  notSummary: (n: string) => `清单${n}不是汇总申报清单（statisticsFlag应为B）`,
  notReleased: (n: string) => `清单${n}未放行或结关，不能汇总`,
  summarised: (n: string, sumNo: string) => `清单${n}已汇总（${sumNo}）`,
};
/** Official sample value; the meaning of decState codes is not documented (§9.4). */
const DEC_STATE = 'A';

/** N19,5 decimal text as an integer of 10⁻⁵ (0 when not a decimal; the inventories were validated). */
function units(t: string | undefined): bigint {
  const m = /^(\d*)(?:\.(\d{0,5})\d*)?$/.exec(t ?? '');
  if (!m || (!m[1] && !m[2])) return 0n;
  return BigInt(m[1] || '0') * 100_000n + BigInt((m[2] ?? '').padEnd(5, '0'));
}
function decimal(u: bigint): string {
  const frac = String(u % 100_000n).padStart(5, '0').replace(/0+$/, '');
  return `${u / 100_000n}${frac ? `.${frac}` : ''}`;
}
const serial9 = (n: number) => String(n % 1_000_000_000).padStart(9, '0');

export function summaryFlow(core: SimCore): SimModule<'CEB701Message'> {
  const { docs, step, timing } = core;
  const summarised = new Map<string, string>(); // invtNo → sumNo
  const results = new Map<string, { declSeqNo: string; entryId: string; invtNos: string[] }[]>(); // by sumNo

  const exportInventories = () => [...docs.values()].filter((d) => d.docType === 'INVENTORY' && d.data);
  const released = (d: Doc) => (d.phase === 'released' || d.phase === 'closed') && (d.status === '800' || d.status === '899');

  /** The export inventories an application takes, or why it is rejected. */
  function select(head: Fields, list: string[]): { inventories: Doc[] } | { error: string } {
    const ebc = head.ebcCode ?? '';
    const mine = (d: Doc) => d.data?.head.ebcCode === ebc;
    if (head.startTime || head.endTime) {
      // With a window the list rows are ignored (XSD annotation).
      if (!head.startTime || !head.endTime) return { error: T.pair };
      const start = parseCebTime(head.startTime)?.getTime();
      const end = parseCebTime(head.endTime)?.getTime();
      if (start === undefined || end === undefined || start > end) return { error: T.badWindow };
      const inventories = exportInventories().filter((d) => mine(d) && d.data?.head.customsCode === head.customsCode &&
        d.data?.head.statisticsFlag === 'B' && released(d) && !summarised.has(d.echo.invtNo ?? '') &&
        d.releasedAt !== undefined && d.releasedAt >= start && d.releasedAt <= end + 999);
      return inventories.length > 0 ? { inventories } : { error: T.empty(ebc) };
    }
    if (list.length === 0) return { error: T.nothing };
    const errors: string[] = [];
    const inventories: Doc[] = [];
    for (const invtNo of [...new Set(list)]) {
      const d = exportInventories().find((x) => x.echo.invtNo === invtNo);
      if (!d || !mine(d)) errors.push(T.unknown(invtNo, ebc));
      else if (d.data?.head.customsCode !== head.customsCode) errors.push(T.otherCustoms(invtNo));
      else if (d.data?.head.statisticsFlag !== 'B') errors.push(T.notSummary(invtNo));
      else if (!released(d)) errors.push(T.notReleased(invtNo));
      else if (summarised.has(invtNo)) errors.push(T.summarised(invtNo, summarised.get(invtNo) ?? ''));
      else inventories.push(d);
    }
    return errors.length > 0 ? { error: errors.join('；').slice(0, 1000) } : { inventories };
  }

  /**
   * One customs declaration per merge key (docs/reference/domain-rules.md §1.3 step 8, ⚠ recalled from Ann. 194,
   * unverified): same consignor (the application's ebcCode), transport mode, country of arrival,
   * exit customs (portCode) and — with summaryFlag 2 — production/sales unit (ownerCode). The
   * per-item keys (destination country, HS code, currency) shape the declaration's items, not
   * the CEB792 list, which names every inventory line.
   */
  function groups(inventories: Doc[], summaryFlag: string): Doc[][] {
    const byKey = new Map<string, Doc[]>();
    for (const d of inventories) {
      const h = d.data?.head ?? {};
      // a customs declaration has one supervision mode (监管方式): 9610, 9710 and 9810 lists never share one
      const key = [h.tradeMode, h.trafMode, h.country, h.portCode, summaryFlag === '2' ? h.ownerCode : ''].join('|');
      byKey.set(key, [...(byKey.get(key) ?? []), d]);
    }
    return [...byKey.values()];
  }

  /** CEB792 results, one message per declaration; msgCount/msgSeqNo number them (⚠ use of the split fields uncertain). */
  function issueResults(doc: Doc, head: Fields, inventories: Doc[], sumNo: string): void {
    const customs = /^\d{4}$/.test(head.customsCode ?? '') ? head.customsCode! : '0000';
    const year = formatCebDate(core.now()).slice(0, 4);
    const all = groups(inventories, head.summaryFlag ?? '1');
    const made: { declSeqNo: string; entryId: string; invtNos: string[] }[] = [];
    all.forEach((group, i) => {
      const n = core.serial();
      const declSeqNo = `S${year}${customs}${serial9(n)}`;
      // 报关单编号: customs district + year + 0 (export, ⚠ the I/E digit is general knowledge) + 9 digits = 18 digits.
      const entryId = `${customs}${year}0${serial9(n)}`;
      made.push({ declSeqNo, entryId, invtNos: group.map((d) => d.echo.invtNo ?? '') });
      let gseqno = 0;
      const result: Ceb792SummaryResult = {
        SummaryResultHead: {
          guid: newCebGuid(), customsCode: customs, sumNo, opDate: '', declSeqNo, entryId, decState: DEC_STATE,
          agentCode: head.agentCode ?? '', agentName: head.agentName ?? '', ebcCode: head.ebcCode ?? '', ebcName: head.ebcName ?? '',
          declAgentCode: head.declAgentCode ?? '', declAgentName: head.declAgentName ?? '',
          grossWeight: decimal(group.reduce((s, d) => s + units(d.data?.head.grossWeight), 0n)),
          netWeight: decimal(group.reduce((s, d) => s + units(d.data?.head.netWeight), 0n)),
          msgCount: all.length, msgSeqNo: i + 1,
        },
        SummaryResultList: group.flatMap((d) => (d.data?.lines ?? []).map((l) => ({
          invtNo: d.echo.invtNo ?? '', logisticsNo: d.data?.head.logisticsNo ?? '', gseqno: ++gseqno, gnum: Number(l.gnum), gcode: l.gcode ?? '',
        }))),
      };
      core.issue(doc, timing.step, () => {
        result.SummaryResultHead.opDate = formatReturnTime(core.now());
        let xml: string;
        try {
          xml = buildCeb792([result]);
        } catch {
          xml = buildCeb792([result], { validate: false });
        }
        return { messageType: 'CEB792Message', key: declSeqNo, xml };
      });
    });
    results.set(sumNo, made);
  }

  return {
    handlers: {
      CEB701Message(d: Described) {
        const head = d.data.head;
        const list = d.data.lines.map((l) => l.invtNo ?? '').filter(Boolean);
        const { sumNo: _applied, ...echo } = d.echo; // customs assigns the sumNo with the 120
        const doc = core.open({ ...d, echo: { ...echo, preNo: makePreNo(core.now(), core.serial()) } });
        step(doc, timing.step, () => core.accepted(d.guid));
        step(doc, timing.step, () => {
          const picked = select(head, list);
          if ('error' in picked) return { status: '100', info: picked.error };
          const sumNo = `S${formatCebDate(core.now())}${serial9(core.serial())}`;
          doc.echo.sumNo = sumNo;
          for (const inv of picked.inventories) summarised.set(inv.echo.invtNo ?? '', sumNo);
          return { status: '120', info: core.text.passed, then: () => issueResults(doc, head, picked.inventories, sumNo) };
        });
      },
    },
    /** Scenarios of a summary application are keyed by its copNo (it has no order). */
    keyOf: (d) => (d.docType === 'SUMMARY' ? d.data.head.copNo : undefined),
    reset() {
      summarised.clear();
      results.clear();
    },
    state: () => ({ summaries: Object.fromEntries(results) }),
  };
}
