/**
 * The Single Window simulator's export customs declarations (报关单, H2018 route) of
 * refund-claiming 9710/9810 consignments. ⚠ The message is cbec-hub's own format, NOT the official
 * 货物申报 message (entry/format.ts, docs/single-window-entry-declaration.md).
 *
 * Like customs (ceb-messages.md, "Four declaration routes" / attached-document type 10000004):
 * the declaration's attached document 10000004 names the 9710 order / 9810 booking note the
 * enterprise filed as CEB303; customs matches the two (对碰). Receipts, by callback on the way
 * the declaration came, each a business step apart: 2 accepted → 120 matched, entryId assigned
 * (18 digits, domain-rules.md §7.3) → 800 released after the usual review (RELEASE). A
 * declaration whose order is not filed (or not accepted) by the consignor is rejected (100).
 * Release does not wait for an arrival report here: in the 报关单 route the goods' arrival goes
 * by the general cargo manifest flow, which the simulator does not model (⚠ simplification).
 */
import { CebParseError } from './ceb/xml.js';
import { formatCebDate, formatReturnTime, newCebGuid } from './ceb/index.js';
import {
  ENTRY_RETURN_TYPE, buildEntryReturn, makeExportEntryId, parseEntryDeclaration, type EntryDeclaration, type EntryReturn,
} from './entry/format.js';
import type { Described, Doc, SimCore } from './simulator-core.js';

export const DECLARATION_TEXT = {
  accepted: '[Code:1000;Desc:报关单申报成功]',
  assigned: '[Code:1800;Desc:对碰成功，已分配报关单号]',
  released: '[Code:2600;Desc:放行]',
  noOrder: '[Code:1300;Desc:对碰失败，未找到随附单证10000004对应的订单或订仓单]',
  rejected: '[Code:1300;Desc:人工退单，报关单信息有误]',
};
/** Negative status of a declaration failing our format's checks: the simulator's choice (no official family). */
export const INVALID_DECLARATION = '-2018000';

export type DeclarationAnswer = { kind: 'text'; text: string } | { kind: 'receipt'; xml: string; status: string; info: string; id: string };

export function declarationFlow(core: SimCore) {
  const { docs, consume, ready } = core; // receipts go by core.issue: our format, not a CEB receipt
  const { step: STEP, release: RELEASE } = core.timing;

  /** Sends one receipt of the declaration (our format) on the document's chain. */
  function answer(doc: Doc, d: EntryDeclaration, delay: number, decide: () => Omit<EntryReturn, 'guid' | 'copNo' | 'returnTime'> | undefined): void {
    core.issue(doc, delay, () => {
      const r = decide();
      if (!r) return undefined;
      const returnTime = formatReturnTime(core.now());
      doc.history.push({ returnStatus: r.returnStatus, returnInfo: r.returnInfo, returnTime });
      doc.status = r.returnStatus;
      if (r.entryId) doc.echo.entryId = r.entryId;
      // each receipt has its own guid (the platform de-duplicates receipts by it), like the CEB receipts
      return { messageType: ENTRY_RETURN_TYPE, key: d.copNo, xml: buildEntryReturn({ guid: newCebGuid(), copNo: d.copNo, returnTime, ...r }) };
    });
  }

  /** 对碰: the consignor's order / booking note (CEB303) with the attached document's number, accepted by customs. */
  function orderFor(d: EntryDeclaration): Doc | undefined {
    return [...docs.values()].find((o) => o.docType === 'ORDER' && o.orderNo === d.attachedDocNo && o.echo.ebcCode === d.consignorCode && ready(o));
  }

  function handle(d: EntryDeclaration, problems: string[]): Doc {
    const opened = core.open({
      id: `ENTRY_DECLARATION:${d.copNo}`, docType: 'ENTRY_DECLARATION', receiptType: ENTRY_RETURN_TYPE, echo: { copNo: d.copNo, attachedDocNo: d.attachedDocNo },
      orderNo: d.attachedDocNo, silent: false, data: { head: { customsCode: d.customsCode, tradeMode: d.tradeMode }, lines: [] },
    } as unknown as Described);
    opened.phase = 'declared';
    if (problems.length > 0) {
      answer(opened, d, STEP, () => ({ returnStatus: INVALID_DECLARATION, returnInfo: problems.join('; ').slice(0, 1000) }));
      return opened;
    }
    const reject = consume(d.attachedDocNo, 'reject-declaration');
    answer(opened, d, STEP, () => ({ returnStatus: '2', returnInfo: DECLARATION_TEXT.accepted }));
    answer(opened, d, STEP, () => {
      if (!orderFor(d)) return (opened.phase = 'rejected'), { returnStatus: '100', returnInfo: DECLARATION_TEXT.noOrder };
      if (reject) return (opened.phase = 'rejected'), { returnStatus: '100', returnInfo: DECLARATION_TEXT.rejected };
      opened.phase = 'passed';
      const entryId = makeExportEntryId(d.customsCode, Number(formatCebDate(core.now()).slice(0, 4)), core.serial());
      return { returnStatus: '120', returnInfo: DECLARATION_TEXT.assigned, entryId, attachedDocNo: d.attachedDocNo };
    });
    answer(opened, d, RELEASE, () => {
      if (opened.phase !== 'passed') return undefined;
      opened.phase = 'released';
      opened.releasedAt = core.now().getTime();
      return { returnStatus: '800', returnInfo: DECLARATION_TEXT.released, entryId: opened.echo.entryId!, attachedDocNo: d.attachedDocNo };
    });
    return opened;
  }

  return {
    /** One declaration, by whichever transport: a plain-text refusal or the synchronous receipt (5), once per idempotency key. */
    declare(xml: string, key: string, before: (id: string) => void): DeclarationAnswer {
      let parsed: ReturnType<typeof parseEntryDeclaration>;
      try {
        parsed = parseEntryDeclaration(xml);
      } catch (err) {
        if (err instanceof CebParseError) return { kind: 'text', text: `报文解析失败：${err.message}` };
        throw err;
      }
      const d = parsed.declaration;
      const id = `ENTRY_DECLARATION:${d.copNo}`;
      if (consume(d.attachedDocNo, 'system-error')) {
        const r = buildEntryReturn({ guid: d.guid, copNo: d.copNo, returnStatus: '-1', returnInfo: '系统异常处理', returnTime: formatReturnTime(core.now()) });
        return { kind: 'receipt', xml: r, status: '-1', info: '系统异常处理', id };
      }
      before(id);
      const { result } = core.sim.ledger.once(key, ENTRY_RETURN_TYPE, xml, () => {
        handle(d, parsed.problems);
        return buildEntryReturn({ guid: d.guid, copNo: d.copNo, returnStatus: '5', returnInfo: '预处理成功', returnTime: formatReturnTime(core.now()) });
      });
      return { kind: 'receipt', xml: result, status: '5', info: '预处理成功', id };
    },
  };
}
