import { describe, expect, it } from 'vitest';
import type { SubmitSummaryRequest } from './port.js';
import { parseRequest, validateRequest, type Ceb701SummaryApply } from './ceb/index.js';
import { guidFor } from './mapping-fields.js';
import { buildSummaryMessage } from './mapping-summary.js';

const req: SubmitSummaryRequest = {
  copNo: 'S0123456789ABCR0',
  period: '2026-10',
  enterprise: { id: 'ent-dazhou-demo', name: '达州示范跨境电商有限公司', customsCode: '5117960001' },
  invtNos: ['79012026E000000101', '79012026E000000102', '79012026E000000101'],
  sentAt: '2026-11-01T02:00:05.000Z',
  idempotencyKey: 'summary:ent-dazhou-demo:2026-10:CEB701Message:r0',
  customsCode: '7901',
  dxp: { copCode: 'P000000003', copName: '达州跨境电商公共服务平台', dxpId: 'DXPENT0000000001' },
};

describe('buildSummaryMessage (CEB701)', () => {
  it('builds a valid application that names each list once, filed under its copNo', () => {
    const msg = buildSummaryMessage(req);
    expect(msg.messageType).toBe('CEB701Message');
    expect(msg.businessKey).toBe(req.copNo);
    const parsed = parseRequest(msg.xml);
    expect(validateRequest('CEB701Message', parsed)).toEqual([]);
    expect(parsed.guid).toBe(guidFor(req.idempotencyKey));
    const apply = parsed.entities[0] as Ceb701SummaryApply;
    expect(apply.SummaryApplyHead).toMatchObject({
      appType: '1', appStatus: '2', appTime: '20261101100005', customsCode: '7901', copNo: req.copNo,
      ebcCode: '5117960001', agentCode: '5117960001', declAgentCode: '5117960001', summaryFlag: '1', itemNameFlag: '1',
    });
    expect(apply.SummaryApplyHead.startTime).toBeUndefined(); // a window would make customs ignore the list
    expect(apply.SummaryApplyList.map((l) => l.invtNo)).toEqual(['79012026E000000101', '79012026E000000102']);
  });

  it('sends byte-identical XML on a retry; refuses an empty application', () => {
    expect(buildSummaryMessage({ ...req }).xml).toBe(buildSummaryMessage(req).xml);
    expect(() => buildSummaryMessage({ ...req, invtNos: [] })).toThrow(/at least one inventory/);
  });
});
