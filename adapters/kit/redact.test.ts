import { describe, expect, it } from 'vitest';
import { REDACTED, isSensitiveField, redactBody, redactHeaders, redactPath, redactXml } from './redact.js';

describe('redaction for adapter logs', () => {
  it('hides secret headers and keeps the rest', () => {
    expect(redactHeaders({
      Authorization: 'Bearer abc', 'x-api-key': 'k', 'x-cbec-signature': 's', 'x-cbec-timestamp': '1', cookie: 'c',
      'idempotency-key': 'wf:ORDER:r0', 'content-type': 'application/json', 'x-pi-merchant-id': 'M-1',
    })).toEqual({
      authorization: REDACTED, 'x-api-key': REDACTED, 'x-cbec-signature': REDACTED, 'x-cbec-timestamp': REDACTED, cookie: REDACTED,
      'idempotency-key': 'wf:ORDER:r0', 'content-type': 'application/json', 'x-pi-merchant-id': 'M-1',
    });
  });

  it('knows personal-data fields from goods and company names', () => {
    for (const f of ['buyerIdNumber', 'payerIdNumber', 'buyerName', 'payerName', 'buyerTelephone', 'telephone', 'consignee', 'consigneeTelephone', 'consigneeAddress', 'recpAccount', 'SignatureValue', 'buyerRegNo']) {
      expect(isSensitiveField(f), f).toBe(true);
    }
    for (const f of ['itemName', 'ebpName', 'copName', 'orderNo', 'goodsValue', 'logisticsNo', 'gname']) expect(isSensitiveField(f), f).toBe(false);
  });

  it('redacts CEB XML by local name, prefixed or not, CDATA too', () => {
    const xml = '<ceb:OrderHead><ceb:orderNo>SO1</ceb:orderNo><ceb:buyerName>张三</ceb:buyerName><buyerIdNumber><![CDATA[110101199003070015]]></buyerIdNumber>'
      + '<ceb:buyerTelephone>13800000000</ceb:buyerTelephone></ceb:OrderHead><ds:SignatureValue>AAAA</ds:SignatureValue>';
    const out = redactXml(xml);
    expect(out).toContain('<ceb:orderNo>SO1</ceb:orderNo>');
    for (const secret of ['张三', '110101199003070015', '13800000000', 'AAAA']) expect(out).not.toContain(secret);
  });

  it('redacts JSON at any depth, form fields and the XML inside them', () => {
    const json = redactBody(JSON.stringify({ orderNo: 'A', payment: { payerIdNumber: '110101199003070015', payCode: 'ok' }, payer: { name: 'x' }, lines: [{ telephone: '138' }] }), 'application/json')!;
    expect(JSON.parse(json)).toEqual({ orderNo: 'A', payment: { payerIdNumber: REDACTED, payCode: 'ok' }, payer: REDACTED, lines: [{ telephone: REDACTED }] });
    const form = redactBody(new URLSearchParams({ xml: '<ceb:buyerIdNumber>110101199003070015</ceb:buyerIdNumber>', token: 't' }).toString(), 'application/x-www-form-urlencoded')!;
    expect(form).not.toContain('110101199003070015');
    expect(form).toContain(`token=${REDACTED}`);
    expect(redactBody('binary stuff', 'application/octet-stream')).toBe('(12 characters of application/octet-stream)');
    expect(redactBody('x'.repeat(5000), 'application/xml', 100)).toMatch(/… \(5000 characters\)$/);
  });

  it('redacts the Base64 Data of a DXP envelope: it wraps a whole CEB message (ceb-messages.md §3.1)', () => {
    const data = Buffer.from('<ceb:buyerIdNumber>110101199001011234</ceb:buyerIdNumber>').toString('base64');
    const out = redactBody(`<DxpMsg xmlns="http://www.chinaport.gov.cn/dxp" ver="1.0"><TransInfo><MsgType>CEB621Message</MsgType></TransInfo><Data>${data}</Data></DxpMsg>`, 'application/xml')!;
    expect(out).not.toContain(data);
    expect(out).toContain(`<Data>${REDACTED}</Data>`);
    expect(out).toContain('<MsgType>CEB621Message</MsgType>');
  });

  it('redacts sensitive query parameters', () => {
    expect(redactPath('/v1/x?orderNo=1&buyerIdNumber=110101199003070015&api_key=k')).toBe(`/v1/x?orderNo=1&buyerIdNumber=${encodeURIComponent(REDACTED)}&api_key=${encodeURIComponent(REDACTED)}`);
    expect(redactPath('/v1/x')).toBe('/v1/x');
  });
});
