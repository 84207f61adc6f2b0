/**
 * A 9610 monthly summary application → CEB701 (汇总申请单, ceb-messages.md §6.2; docs/reference/domain-rules.md
 * §1.3 step 8). Deterministic like mapping.ts: the guid comes from the idempotency key and appTime
 * from `sentAt` (the application row's creation time), so every re-send is byte-identical.
 */
import type { BuildSummaryMessage, SubmitSummaryRequest } from './port.js';
import { REQUEST_MESSAGE } from '../../domain/customs.js';
import { buildCeb701, formatAppTime, type BaseTransfer } from './ceb/index.js';
import { clip, guidFor } from './mapping-fields.js';
import { documentKey } from './routing.js';


/**
 * The application names its inventories (SummaryApplyList) and no startTime/endTime: with a
 * window customs would ignore the list (XSD annotation) and take whatever it finds released in
 * the window, while the platform declares exactly the lists its projection holds.
 * summaryFlag 1 = merged by consignor only (the enterprise); itemNameFlag 1 = by the original item
 * name. ⚠ The enterprise stands in for the agent (申报企业) and the declaring unit (报关单位): the
 * platform has no customs broker data yet, like the inventory's agent without `request.agent`.
 */
export const buildSummaryMessage: BuildSummaryMessage = (req: SubmitSummaryRequest) => {
  if (req.invtNos.length === 0) throw new Error('SUMMARY: a summary application needs at least one inventory (invtNo)');
  const sent = new Date(req.sentAt);
  if (Number.isNaN(sent.getTime())) throw new Error(`SUMMARY: sentAt is not a valid time: ${req.sentAt}`);
  const guid = guidFor(req.idempotencyKey);
  const bt: BaseTransfer = { copCode: req.dxp.copCode, copName: req.dxp.copName, dxpMode: 'DXP', dxpId: req.dxp.dxpId };
  const self = { code: req.enterprise.customsCode, name: clip(req.enterprise.name, 100) };
  const xml = buildCeb701([{
    SummaryApplyHead: {
      guid, appType: '1', appTime: formatAppTime(sent), appStatus: '2', customsCode: req.customsCode, copNo: req.copNo,
      agentCode: self.code, agentName: self.name, ebcCode: self.code, ebcName: self.name, declAgentCode: self.code, declAgentName: self.name,
      summaryFlag: '1', itemNameFlag: '1', msgCount: 1, msgSeqNo: 1, note: clip(`${req.period} 汇总申报`, 1000),
    },
    SummaryApplyList: [...new Set(req.invtNos)].map((invtNo) => ({ invtNo })),
  }], bt, { guid });
  const businessKey = documentKey('SUMMARY', { copNo: req.copNo });
  if (!businessKey) throw new Error('SUMMARY: copNo is required');
  return { messageType: REQUEST_MESSAGE.SUMMARY, xml, businessKey };
};
