// Namespace-aware parsing, encodings and malformed input.
import { afterEach, describe, expect, it } from 'vitest';
import { buildCeb505 } from './build.js';
import { baseTransfer, logistics505 } from './fixtures.js';
import { detectMessageType, parseReceipts, parseRequest } from './parse.js';
import { samplesDir } from './test-support.js';
import { CebParseError } from './xml.js';

const NS = 'http://www.chinaport.gov.cn/ceb';
const body = (p: string) =>
  `<${p}InventoryReturn><${p}guid>G-1</${p}guid><${p}copNo>0001</${p}copNo><${p}preNo>B20200615494000227</${p}preNo>` +
  `<${p}returnStatus>120</${p}returnStatus><${p}returnTime>20200615171556605</${p}returnTime>` +
  `<${p}returnInfo>[Code:1800;Desc:逻辑校验通过]</${p}returnInfo></${p}InventoryReturn>`;
const EXPECTED = {
  messageType: 'CEB622Message', messageGuid: 'R-1', guid: 'G-1', copNo: '0001', preNo: 'B20200615494000227',
  returnStatus: '120', returnTime: '20200615171556605', returnInfo: '[Code:1800;Desc:逻辑校验通过]',
};

describe('namespaces', () => {
  it.each([
    ['ceb: prefix', `<ceb:CEB622Message guid="R-1" xmlns:ceb="${NS}">${body('ceb:')}</ceb:CEB622Message>`],
    ['default namespace', `<CEB622Message xmlns="${NS}" guid="R-1">${body('')}</CEB622Message>`],
    ['another prefix', `<x:CEB622Message xmlns:x="${NS}" guid="R-1">${body('x:')}</x:CEB622Message>`],
    ['no namespace at all', `<CEB622Message guid="R-1">${body('')}</CEB622Message>`],
    ['prefix declared on an inner element', `<CEB622Message guid="R-1"><c:InventoryReturn xmlns:c="${NS}">${body('c:').slice('<c:InventoryReturn>'.length)}</CEB622Message>`],
  ])('%s gives the same receipt', (_name, xml) => {
    expect(parseReceipts(xml)).toStrictEqual([EXPECTED]);
    expect(detectMessageType(xml)).toBe('CEB622Message');
  });

  it('ignores elements of foreign namespaces inside a receipt (matched by URI, not prefix)', () => {
    const xml = `<CEB622Message xmlns="${NS}" xmlns:ceb="urn:not-ceb" guid="R-1">` +
      body('').replace('<copNo>', '<ceb:extra>z</ceb:extra><copNo>') + '</CEB622Message>';
    expect(parseReceipts(xml)).toStrictEqual([EXPECTED]);
  });

  it('rejects a root outside the CEB namespace and an undeclared prefix', () => {
    expect(() => parseReceipts(`<a:CEB622Message xmlns:a="urn:other">${body('')}</a:CEB622Message>`)).toThrow(/namespace/);
    expect(() => parseReceipts(`<ceb:CEB622Message>${body('ceb:')}</ceb:CEB622Message>`)).toThrow(/undeclared namespace prefix "ceb"/);
  });

  it('reads a default-namespace request and flags unknown elements', () => {
    const xml = buildCeb505([logistics505], baseTransfer).replace(/ceb:/g, '').replace('xmlns:ceb=', 'xmlns=')
      .replace('<packNo>', '<bogus>1</bogus><packNo>');
    const req = parseRequest(xml);
    expect(req.entities).toStrictEqual([{ ...logistics505 }]);
    expect(req.unexpected).toEqual(['Logistics[0].bogus']);
  });
});

describe('encodings and lexical tolerance', () => {
  const gbk = (hex: string) => Buffer.from(hex, 'hex');
  const gb2312Receipt = Buffer.concat([
    Buffer.from(`<?xml version="1.0" encoding="gb2312" standalone="yes"?>\r\n<CEB604Message xmlns="${NS}" guid="R-2">\r\n` +
      '<InventoryReturn><guid>G-2</guid><returnStatus>120</returnStatus><returnTime>20200615171556605</returnTime><returnInfo>', 'latin1'),
    gbk('c2dfbcadd0a3d1e9cda8b9fd'), // 逻辑校验通过 in GBK
    Buffer.from('</returnInfo><agentCode>', 'latin1'),
    gbk('b3c9b6bc'), // 成都
    Buffer.from('</agentCode></InventoryReturn>\r\n</CEB604Message>\r\n', 'latin1'),
  ]);

  it('decodes a Buffer declared gb2312 with the declared encoding', () => {
    const [r] = parseReceipts(gb2312Receipt);
    expect(r?.returnInfo).toBe('逻辑校验通过');
    expect(r?.agentCode).toBe('成都');
  });

  it('takes a string as already decoded, whatever it declares', () => {
    const text = `<?xml version="1.0" encoding="gb2312"?><CEB604Message xmlns="${NS}"><InventoryReturn><guid>G</guid>` +
      '<returnStatus>2</returnStatus><returnTime>20200615171556605</returnTime><returnInfo>新增申报成功</returnInfo></InventoryReturn></CEB604Message>';
    expect(parseReceipts(text)[0]?.returnInfo).toBe('新增申报成功');
  });

  it('handles UTF-8 BOM (bytes and string), UTF-16LE with BOM, CRLF, leading whitespace and padding', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\r\n<CEB622Message xmlns="${NS}" guid="R-1">\r\n  ${body('').replace(/>([^<]+)</g, '>  $1\r\n <')}\r\n</CEB622Message>`;
    expect(parseReceipts(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)]))).toStrictEqual([EXPECTED]);
    expect(parseReceipts(`\uFEFF${xml}`)).toStrictEqual([EXPECTED]);
    expect(parseReceipts(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace('UTF-8', 'UTF-16'), 'utf16le')]))).toStrictEqual([EXPECTED]);
    expect(parseReceipts(`\r\n  ${xml}`)).toStrictEqual([EXPECTED]);
  });

  it('keeps leading zeros and digit strings as text and decodes character references', () => {
    const xml = `<CEB622Message xmlns="${NS}"><InventoryReturn><guid>G</guid><customsCode>0001</customsCode>` +
      '<returnStatus>-301010</returnStatus><returnTime>20200615171556605</returnTime>' +
      '<returnInfo>&#x4E2D;&#22269; &lt;A&amp;B&gt; &quot;x&apos;<![CDATA[ &amp; ]]></returnInfo></InventoryReturn></CEB622Message>';
    const [r] = parseReceipts(xml);
    expect(r?.customsCode).toBe('0001');
    expect(r?.returnStatus).toBe('-301010');
    expect(r?.returnInfo).toBe('中国 <A&B> "x\' &amp;');
  });
});

describe('errors', () => {
  it.each([
    ['malformed XML', '<CEB604Message><InventoryReturn></CEB604Message>', /malformed XML/],
    ['two roots', '<a/><b/>', /malformed XML|exactly one root/],
    ['DOCTYPE', '<!DOCTYPE a [<!ENTITY e "x">]><CEB604Message>&e;</CEB604Message>', /DOCTYPE/],
    ['receipt without returnStatus', `<CEB604Message xmlns="${NS}"><InventoryReturn><guid>G</guid></InventoryReturn></CEB604Message>`, /no returnStatus/],
    ['unsupported declared encoding', Buffer.from('<?xml version="1.0" encoding="x-klingon"?><a/>'), /unsupported encoding/],
  ])('%s → CebParseError', (_n, input, message) => {
    expect(() => parseReceipts(input)).toThrow(CebParseError);
    expect(() => parseReceipts(input)).toThrow(message);
  });

  it('parseRequest refuses receipts and customs-issued messages, reads import requests', () => {
    expect(() => parseRequest(`<CEB604Message xmlns="${NS}"/>`)).toThrow(/not a supported request: CEB604Message/);
    expect(() => parseRequest(`<CEB622Message xmlns="${NS}"/>`)).toThrow(CebParseError);
    expect(() => parseRequest(`<CEB816Message xmlns="${NS}"/>`)).toThrow(/not a supported request: CEB816Message/);
    const empty = parseRequest(`<CEB311Message xmlns="${NS}" guid="G"><Order><OrderHead><orderNo>1</orderNo></OrderHead><Bogus/></Order></CEB311Message>`);
    expect(empty).toMatchObject({ messageType: 'CEB311Message', entities: [{ OrderHead: { orderNo: '1' }, OrderList: [] }], unexpected: ['Order[0].Bogus'] });
  });

  it('parseRequest notes a ds:Signature (xmldsig namespace) and keeps it out of unexpected', () => {
    const sig = '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature>';
    const xml = buildCeb505([logistics505], baseTransfer).replace('</ceb:CEB505Message>', `${sig}</ceb:CEB505Message>`);
    const req = parseRequest(xml);
    expect(req.hasSignature).toBe(true);
    expect(req.unexpected).toEqual([]);
    expect(req.entities).toStrictEqual([logistics505]);
  });

  it('parseReceipts returns [] for a request', () => {
    expect(parseReceipts(buildCeb505([logistics505], baseTransfer))).toEqual([]);
  });
});

describe('samples folder location', () => {
  const saved = process.env.CEB_SAMPLES_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.CEB_SAMPLES_DIR;
    else process.env.CEB_SAMPLES_DIR = saved;
  });

  it('honours CEB_SAMPLES_DIR and fails clearly when the folder is missing', () => {
    process.env.CEB_SAMPLES_DIR = '/nonexistent/ceb-samples';
    expect(() => samplesDir()).toThrow(/CEB samples folder not found at \/nonexistent\/ceb-samples.*CEB_SAMPLES_DIR/);
  });
});
