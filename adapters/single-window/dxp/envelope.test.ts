// The DXP envelopes, docs/reference/ceb-messages.md §3.1 (DxpMsg: namespace, ver, TransInfo with
// CopMsgId/SenderId/ReceiverIds/CreatTime/MsgType, Base64 Data, AddInfo), §3.2 (DxpMsgSv: SvNo
// with MsgId = 8-digit node id + yyyymmddhh24mmss + 10-digit sequence) and §3.3 (error codes).
import { describe, expect, it } from 'vitest';
import { GB2312_RECEIPT } from '../fixtures.js';
import { parseReceipts } from '../ceb/index.js';
import { describeDxpError, dxpErrorClass, DxpError, isRetryableDxpError } from './codes.js';
import {
  buildDxpMsg, buildDxpMsgSv, cebReceiverFor, DXP_CEB_EXPORT, DXP_CEB_IMPORT, DXP_NAMESPACE, dxpRootOf, formatDxpTime, parseDxpMsg, parseDxpMsgSv, type DxpMsg,
} from './envelope.js';

const MSG: DxpMsg = {
  ver: '1.0', copMsgId: 'shipment:ent_1:A-1:ORDER:0', senderId: 'DXPENT0000000001', receiverIds: [DXP_CEB_EXPORT],
  creatTime: '2026-12-06T13:05:00', msgType: 'CEB303Message', data: Buffer.from('<CEB303Message/>'),
};
const dxpError = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof DxpError ? err : undefined;
  }
  return undefined;
};

describe('DxpMsg (§3.1)', () => {
  it('is built in the DXP namespace with ver 1.0, TransInfo in order and the payload Base64 in Data', () => {
    const xml = buildDxpMsg(MSG);
    expect(xml).toContain(`<DxpMsg xmlns="${DXP_NAMESPACE}" ver="1.0">`);
    expect(xml).toMatch(/<TransInfo><CopMsgId>.*<\/CopMsgId><SenderId>DXPENT0000000001<\/SenderId><ReceiverIds><ReceiverId>DXPEDCCEB0000003<\/ReceiverId><\/ReceiverIds><CreatTime>2026-12-06T13:05:00<\/CreatTime><MsgType>CEB303Message<\/MsgType><\/TransInfo><Data>/);
    expect(xml).toContain(`<Data>${Buffer.from('<CEB303Message/>').toString('base64')}</Data>`);
  });

  it('parses back every field, AddInfo included, and the Data bytes unchanged (a GB2312 receipt decodes with status and text)', () => {
    const wrapped: DxpMsg = { ...MSG, id: 'S1', senderId: DXP_CEB_EXPORT, receiverIds: ['DXPENT0000000001'], msgType: 'CEB604Message', data: GB2312_RECEIPT,
      addInfo: { fileName: 'CEB604Message1.xml', icCard: '1', bizKeys: { DealFlag: '1', RetType: '1' }, isTextEncode: 'gb2312', recMapId: 'M' } };
    const parsed = parseDxpMsg(buildDxpMsg(wrapped));
    expect(parsed).toEqual({ ...wrapped, data: Buffer.from(GB2312_RECEIPT), hasSignature: false });
    expect(parseReceipts(parsed.data)[0]).toMatchObject({ returnStatus: '120', returnInfo: '逻辑校验通过' });
  });

  it('sends import messages to DXPEDCCEB0000002 and export messages to DXPEDCCEB0000003', () => {
    for (const t of ['CEB311Message', 'CEB411Message', 'CEB511Message', 'CEB513Message', 'CEB621Message', 'CEB623Message', 'CEB625Message', 'CEB622Message', 'CEB816Message']) expect(cebReceiverFor(t)).toBe(DXP_CEB_IMPORT);
    for (const t of ['CEB303Message', 'CEB403Message', 'CEB505Message', 'CEB603Message', 'CEB605Message', 'CEB507Message', 'CEB509Message', 'CEB701Message', 'CEB604Message', 'CEB792Message']) expect(cebReceiverFor(t)).toBe(DXP_CEB_EXPORT);
  });

  it('refuses what §3.1 does not allow with DXP 0001 (format): lengths, 1–5 receivers, CreatTime pattern, Id, ver', () => {
    const bad: Partial<DxpMsg>[] = [
      { senderId: 'X'.repeat(17) }, { receiverIds: [] }, { receiverIds: Array(6).fill('R') }, { msgType: 'M'.repeat(31) },
      { copMsgId: '' }, { creatTime: '2026-12-06 13:05:00' }, { id: '123' }, { id: '' }, { ver: '2.0' },
    ];
    for (const b of bad) expect(dxpError(() => buildDxpMsg({ ...MSG, ...b }))?.dxpCode).toBe('0001');
    for (const xml of ['not xml', `<DxpMsg xmlns="${DXP_NAMESPACE}" ver="1.0"/>`, '<DxpMsg ver="1.0"/>', buildDxpMsg(MSG).replace(/<Data>.*<\/Data>/, '<Data>*not base64*</Data>')]) {
      expect(dxpError(() => parseDxpMsg(xml))?.dxpCode).toBe('0001');
    }
  });

  it('formats CreatTime as China time yyyy-mm-ddThh:mm:ss', () => {
    expect(formatDxpTime(new Date('2026-12-05T22:30:15Z'))).toBe('2026-12-06T06:30:15');
  });
});

describe('DxpMsgSv (§3.2)', () => {
  const SV = { ver: '1.0', svNo: { ver: '1.0', msgId: `51000001${'20261206130500'}${'0000000001'}`, sendTime: '2026-12-06T13:05:01', endNode: '11000001', staNode: '51000001' }, msg: MSG };

  it('wraps the DxpMsg behind SvNo and parses back', () => {
    const xml = buildDxpMsgSv(SV);
    expect(dxpRootOf(xml)).toBe('DxpMsgSv');
    expect(dxpRootOf(buildDxpMsg(MSG))).toBe('DxpMsg');
    expect(parseDxpMsgSv(xml)).toEqual({ ...SV, msg: { ...MSG, data: Buffer.from(MSG.data), hasSignature: false }, hasSignature: false });
  });

  it('refuses a MsgId that is not node id + time + sequence (32 digits)', () => {
    expect(dxpError(() => buildDxpMsgSv({ ...SV, svNo: { ...SV.svNo, msgId: '123' } }))?.dxpCode).toBe('0001');
  });
});

describe('DXP error codes (§3.3)', () => {
  it('knows the reference texts and classes: 0xxx format, 1xxx security, 2xxx routing, 3xxx system (only these retryable)', () => {
    expect(describeDxpError('2001')).toBe('指定的接收方不存在');
    expect(describeDxpError('1004')).toBe('签名与数据不符');
    expect(['0001', '0002', '0999', '1001', '2001', '2002', '2999', '3001', '3003', '4711'].map(dxpErrorClass)).toEqual(
      ['format', 'format', 'format', 'security', 'routing', 'routing', 'routing', 'system', 'system', 'user']);
    expect(['0001', '1001', '2001', '3001', '3999'].map(isRetryableDxpError)).toEqual([false, false, false, true, true]);
    expect(dxpErrorClass('12')).toBeUndefined();
  });
});
