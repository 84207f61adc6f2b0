// Issue 16 item 8: a receipt is read by its XML declaration on every inbound path (a GB2312
// receipt's text must not garble). Encodings: docs/reference/ceb-messages.md §3.4 (the gateway's
// form callback `message=<receipt XML>`), §3.1 (DXP: the receipt travels Base64 in DxpMsg/Data).
import { describe, expect, it } from 'vitest';
import { bodyText } from '../../api/callbacks/raw-body.js';
import { buildDxpMsg, DXP_CEB_EXPORT } from './dxp/envelope.js';
import { GB2312_RECEIPT } from './fixtures.js';
import { formFieldBytes, parseSingleWindowNotice } from './inbound.js';

const NS = 'http://www.chinaport.gov.cn/ceb';

const percent = (bytes: Uint8Array) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const receiptOf = (raw: string) => {
  const parsed = parseSingleWindowNotice(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  if (parsed.notice.kind !== 'RECEIPTS') throw new Error(parsed.notice.kind);
  return parsed.notice.receipts[0];
};

describe('callback (gateway form post, ceb-messages.md §3.4)', () => {
  it('reads a percent-encoded GB2312 receipt by its declaration: status and text', () => {
    expect(receiptOf(`message=${percent(GB2312_RECEIPT)}`)).toMatchObject({ returnStatus: '120', returnInfo: '逻辑校验通过', copNo: 'COP-1' });
  });

  it('reads GB2312 bytes posted without percent-encoding (the raw body, not a UTF-8 string of it)', () => {
    const body = Buffer.concat([Buffer.from('message='), GB2312_RECEIPT]);
    const text = bodyText(body, 'application/x-www-form-urlencoded');
    expect(receiptOf(text)).toMatchObject({ returnStatus: '120', returnInfo: '逻辑校验通过' });
  });

  it('keeps UTF-8 forms as they were (a UTF-8 receipt, + as space)', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><CEB604Message xmlns="${NS}"><InventoryReturn><guid>G</guid><returnStatus>800</returnStatus>` +
      '<returnTime>20200615171556605</returnTime><returnInfo>放行 ok</returnInfo></InventoryReturn></CEB604Message>';
    expect(receiptOf(new URLSearchParams({ message: xml }).toString())).toMatchObject({ returnStatus: '800', returnInfo: '放行 ok' });
    expect(bodyText(Buffer.from('message=%E6%94%BE'), 'application/x-www-form-urlencoded')).toBe('message=%E6%94%BE');
    expect(Buffer.from(formFieldBytes('a=1&message=x+y%41', 'message')!).toString()).toBe('x yA');
  });

  it('answers the field at fault when the message is missing or not XML', () => {
    expect(parseSingleWindowNotice('other=1')).toMatchObject({ ok: false, field: 'body.message' });
    expect(parseSingleWindowNotice('message=not%20xml')).toMatchObject({ ok: false, field: 'body.message' });
  });
});

describe('DXP (DxpMsg, ceb-messages.md §3.1)', () => {
  const wrap = (data: Uint8Array) => buildDxpMsg({
    ver: '1.0', copMsgId: 'M-1', senderId: DXP_CEB_EXPORT, receiverIds: ['DXPENT0000000001'], creatTime: '2026-01-02T03:04:05', msgType: 'CEB604Message', data,
  });

  it('reads the wrapped GB2312 receipt by its declaration: status and text', () => {
    expect(receiptOf(wrap(GB2312_RECEIPT))).toMatchObject({ returnStatus: '120', returnInfo: '逻辑校验通过', copNo: 'COP-1' });
  });

  it('reads a DxpMsg body that is not UTF-8 by its own declaration (bodyText)', () => {
    const envelope = wrap(GB2312_RECEIPT).replace('encoding="UTF-8"', 'encoding="gbk"').replace('<CopMsgId>M-1', '<CopMsgId>M-\u6210');
    const bytes = Buffer.concat(envelope.split('\u6210').flatMap((part, i) => (i === 0 ? [Buffer.from(part)] : [Buffer.from('b3c9', 'hex'), Buffer.from(part)])));
    const text = bodyText(bytes, 'application/xml');
    expect(text).toContain('<CopMsgId>M-成</CopMsgId>');
    expect(receiptOf(text)).toMatchObject({ returnInfo: '逻辑校验通过' });
  });

  it('answers the field at fault for a broken envelope or a wrapped non-CEB message', () => {
    expect(parseSingleWindowNotice('<DxpMsg xmlns="http://www.chinaport.gov.cn/dxp" ver="1.0"/>')).toMatchObject({ ok: false, field: 'body' });
    expect(parseSingleWindowNotice(wrap(Buffer.from('not xml')))).toMatchObject({ ok: false, field: 'body.Data' });
  });
});
