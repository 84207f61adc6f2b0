import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDxpMsg } from '../adapters/single-window/dxp/envelope.js';
import { GB2312_RECEIPT } from '../adapters/single-window/fixtures.js';
import { cbec, REPO } from './test-support.js';

type Json = Record<string, any>;

const SAMPLE_DIRS = [path.join(REPO, 'docs/reference/ceb-samples'), '/work/shared/reference/ceb-samples'].filter((d) => existsSync(d));
const samples = SAMPLE_DIRS.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.xml')).sort().map((f) => path.join(dir, f)));
const tmp = mkdtempSync(path.join(tmpdir(), 'cbec-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const write = (name: string, data: string | Uint8Array) => {
  const file = path.join(tmp, name);
  writeFileSync(file, data);
  return file;
};
async function parse(file: string): Promise<Json> {
  const r = await cbec(['ceb', 'parse', file]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Json;
}

/** A concrete value of every reference sample, by file name prefix. */
const EXPECTED: Record<string, (m: Json) => void> = {
  'CEB303Message_export-order_request': (m) => {
    expect(m.guid).toBe('CEB303_ZH_GZ_20230309112945042_67622');
    expect(m.elements.Order[0].OrderHead.orderNo).toBe('SGFGP0003129133YKKA7');
    expect(m.elements.Order[0].OrderList[0]).toMatchObject({ gnum: '1', itemName: '手机支架', totalPrice: '13.89000' });
    expect(m.elements.BaseTransfer[0].copCode).toBe('44306650K2');
    expect(m.validation).toEqual({ valid: true, problems: [] });
    expect(m.receipts).toBeUndefined();
  },
  'CEB311Message_import-order_request_official-sample': (m) => {
    expect(m.elements.Order).toHaveLength(6);
    expect(m.elements.Order[0].OrderHead.orderNo).toBe('order20160321116421002');
    expect(m.elements.Order[0].OrderList.map((l: Json) => l.gnum)).toEqual(['1', '2']);
    expect(m.hasSignature).toBe(true);
    expect(m.receipts).toBeUndefined();
  },
  'CEB604Message_export-inventory_receipt_official-sample': (m) => {
    expect(m.receipts).toHaveLength(10);
    for (const r of m.receipts) {
      expect(r).toMatchObject({ returnStatus: '2', returnInfo: '新增申报成功[4CDE1CFD-EDED-46B1-946C-B8022E42FC94]', invtNo: 'Invt20180507000001' });
      expect(r.statusText).toContain('申报中');
    }
  },
  'CEB622Message_import-inventory_receipt_120-logic-check-passed': (m) => {
    expect(m.receipts).toHaveLength(1);
    expect(m.receipts[0]).toMatchObject({ returnStatus: '120', invtNo: '29242020I439440284', preNo: 'B20200615494000227' });
    expect(m.receipts[0].returnInfo).toContain('逻辑校验通过');
  },
  'CEB622Message_import-inventory_receipt_2-declared': (m) => {
    expect(m.guid).toBe('48604738-C342-484F-8CA1-46BCF64098D0');
    expect(m.receipts).toEqual([expect.objectContaining({ returnStatus: '2', returnInfo: '清单新增申报成功[电商企业编码：4401962010订单编号：124183351885]' })]);
    expect(m.receipts[0].invtNo).toBeUndefined();
  },
};

describe('cbec ceb parse', () => {
  it('finds the reference samples', () => {
    expect(samples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(samples)('reads %s: root, guid and a concrete value', async (file) => {
    const m = await parse(file);
    const name = path.basename(file, '.xml');
    expect(name.startsWith(m.messageType)).toBe(true);
    expect(m.guid).not.toBe('');
    const check = EXPECTED[name];
    expect(check, `no expectation for sample ${name}`).toBeDefined();
    check?.(m);
  });

  it('reads bytes in any encoding the module reads: gb2312, BOMs, default and no namespace', async () => {
    const head = '<CEB622Message xmlns="http://www.chinaport.gov.cn/ceb" guid="48604738-C342-484F-8CA1-46BCF64098D0" version="1.0"><InventoryReturn>' +
      '<guid>f5885dd5</guid><returnStatus>800</returnStatus><returnTime>20200615171550734</returnTime><returnInfo>';
    const tail = '</returnInfo></InventoryReturn></CEB622Message>';
    const gbk = Buffer.concat([Buffer.from(`<?xml version="1.0" encoding="gb2312"?>\n${head}`), Buffer.from('b7c5d0d0', 'hex'), Buffer.from(tail)]);
    const released = await parse(write('gb2312.xml', gbk));
    expect(released.receipts[0]).toMatchObject({ returnStatus: '800', returnInfo: '放行', statusText: 'Released (放行)' });

    const sample = readFileSync(path.join(REPO, 'docs/reference/ceb-samples/CEB303Message_export-order_request.xml'), 'utf8');
    const bom8 = await parse(write('bom8.xml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)])));
    const bom16 = await parse(write('bom16.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample, 'utf16le')])));
    for (const m of [bom8, bom16]) expect(m.elements.Order[0].OrderHead.orderNo).toBe('SGFGP0003129133YKKA7');

    const bare = await parse(write('bare.xml', `${head.replace(' xmlns="http://www.chinaport.gov.cn/ceb"', '')}放行${tail}`));
    expect(bare.receipts[0].returnStatus).toBe('800');
    const piped = await cbec(['ceb', 'parse', '-'], { input: sample });
    expect(JSON.parse(piped.stdout).messageType).toBe('CEB303Message');
  });

  it.each([
    ['not-xml.xml', 'hello world', /not-xml\.xml: malformed XML/],
    ['truncated.xml', '<?xml version="1.0"?>\n<ceb:CEB604Message xmlns:ceb="http://www.chinaport.gov.cn/ceb" guid="x"><ceb:InventoryReturn><ceb:returnSt', /truncated\.xml: malformed XML: unclosed elements? .*truncated/],
    ['unknown-root.xml', '<Invoice xmlns="http://www.chinaport.gov.cn/ceb"/>', /unknown-root\.xml: unknown root element Invoice/],
    ['other-ns.xml', '<x:CEB604Message xmlns:x="urn:example"/>', /other-ns\.xml: root element CEB604Message is in namespace "urn:example"/],
    ['empty.xml', '', /empty\.xml: empty file/],
  ])('refuses %s with exit 1 and a one-line message naming the file', async (name, text, message) => {
    const r = await cbec(['ceb', 'parse', write(name, text)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a missing file with exit 1', async () => {
    const r = await cbec(['ceb', 'parse', 'no/such/file.xml']);
    expect(r).toMatchObject({ code: 1, stderr: 'cbec: no/such/file.xml: cannot read: no such file\n' });
  });
});

// DXP envelopes, docs/reference/ceb-messages.md §3.1 (DxpMsg) and §3.2 (DxpMsgSv). The references
// hold no DxpMsg sample: cli/examples/dxp/ holds two we wrote (marked so in the files).
describe('cbec ceb parse: DXP envelopes', () => {
  const EXAMPLES = path.join(REPO, 'cli/examples/dxp');

  it('reads a DxpMsg: the envelope fields and the wrapped receipt with its status and text', async () => {
    const m = await parse(path.join(EXAMPLES, 'DxpMsg_CEB622-receipt.xml'));
    expect(m.envelope).toMatchObject({
      root: 'DxpMsg', ver: '1.0', copMsgId: '6f1c2a4e-0b7d-4c1e-9a55-3b2f1d0e9c71', senderId: 'DXPEDCCEB0000002', receiverIds: ['DXPENT0000000001'],
      creatTime: '2026-12-06T13:05:00', msgType: 'CEB622Message', addInfo: { icCard: '1', bizKeys: { DealFlag: '1', RetType: '1' } }, hasSignature: false,
    });
    expect(m.envelope.dataBytes).toBeGreaterThan(100);
    expect(m.envelope.msgTypeMismatch).toBeUndefined();
    expect(m.message.messageType).toBe('CEB622Message');
    expect(m.message.receipts[0]).toMatchObject({ returnStatus: '120' });
    expect(m.message.receipts[0].statusText).toBeTruthy();
  });

  it('reads a DxpMsgSv: the transport node fields, the DxpMsg inside and the wrapped request with its validation', async () => {
    const m = await parse(path.join(EXAMPLES, 'DxpMsgSv_CEB303-order.xml'));
    expect(m.transport).toMatchObject({ root: 'DxpMsgSv', ver: '1.0', svNo: { msgId: '51000001202612061305000000000001', endNode: '11000001', staNode: '51000001' } });
    expect(m.envelope).toMatchObject({ senderId: 'DXPENT0000000001', receiverIds: ['DXPEDCCEB0000003'], msgType: 'CEB303Message' });
    expect(m.message.elements.Order[0].OrderHead.orderNo).toBe('SGFGP0003129133YKKA7');
    expect(m.message.validation).toEqual({ valid: true, problems: [] });
  });

  it('decodes a wrapped GB2312 receipt by its own declaration', async () => {
    const xml = buildDxpMsg({ ver: '1.0', copMsgId: 'c', senderId: 'DXPEDCCEB0000003', receiverIds: ['DXPENT0000000001'], creatTime: '2026-12-06T13:05:00', msgType: 'CEB604Message', data: GB2312_RECEIPT });
    const m = await parse(write('gb2312-dxp.xml', xml));
    expect(m.message.receipts[0]).toMatchObject({ returnStatus: '120', returnInfo: '逻辑校验通过' });
  });

  it('refuses a broken envelope with exit 1 naming the DXP error code', async () => {
    const r = await cbec(['ceb', 'parse', write('bad-dxp.xml', '<DxpMsg xmlns="http://www.chinaport.gov.cn/dxp" ver="1.0"><Data>AAAA</Data></DxpMsg>')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad-dxp\.xml: DxpMsg: DXP 0001 \(报文格式错误\): \/DxpMsg\/TransInfo is missing/);
  });
});

describe('cbec ceb build', () => {
  it('builds the example CEB303 into a valid message that parses back with the same order', async () => {
    const input = JSON.parse(readFileSync(path.join(REPO, 'cli/examples/ceb303.json'), 'utf8')) as Json;
    const built = await cbec(['ceb', 'build', 'CEB303Message', 'cli/examples/ceb303.json']);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<ceb:CEB303Message /);
    const m = await parse(write('built303.xml', built.stdout));
    expect(m.messageType).toBe('CEB303Message');
    expect(m.elements.Order[0].OrderHead.orderNo).toBe(input.entities[0].OrderHead.orderNo);
    expect(m.elements.Order[0].OrderList).toHaveLength(input.entities[0].OrderList.length);
    expect(m.validation).toEqual({ valid: true, problems: [] });
  });

  it('writes to --out and accepts the short type name and stdin', async () => {
    const out = path.join(tmp, 'out303.xml');
    const r = await cbec(['ceb', 'build', '303', '-', '--out', out], { input: readFileSync(path.join(REPO, 'cli/examples/ceb303.json')) });
    expect(r.code).toBe(0);
    expect((await parse(out)).elements.Order[0].OrderHead.orderNo).toBe('DZ-2025-000042');
  });

  it('lists every validation problem with its path, exit 1', async () => {
    const input = JSON.parse(readFileSync(path.join(REPO, 'cli/examples/ceb303.json'), 'utf8')) as Json;
    delete input.entities[0].OrderHead.orderNo;
    input.entities[0].OrderList[1].totalPrice = '11.00';
    input.baseTransfer.dxpMode = 'DXPX';
    const r = await cbec(['ceb', 'build', 'CEB303Message', write('bad303.json', JSON.stringify(input))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad303\.json: invalid CEB303Message \(3 problems\)/);
    expect(r.stderr).toMatch(/^ {2}Order\[0\]\.OrderHead\.orderNo: mandatory element orderNo is missing/m);
    expect(r.stderr).toMatch(/^ {2}Order\[0\]\.OrderList\[1\]\.totalPrice: /m);
    expect(r.stderr).toMatch(/^ {2}BaseTransfer\.dxpMode: must be exactly 3 characters/m);
  });

  it('refuses input that is not JSON or not the build shape (1), and an unknown message type (2)', async () => {
    expect(await cbec(['ceb', 'build', 'CEB303Message', write('nope.json', 'nope')])).toMatchObject({ code: 1, stderr: expect.stringMatching(/nope\.json: not JSON/) });
    const shape = await cbec(['ceb', 'build', 'CEB303Message', write('shape.json', '{"entities":{},"extra":1}')]);
    expect(shape.code).toBe(1);
    expect(shape.stderr).toMatch(/entities: must be an array/);
    expect(shape.stderr).toMatch(/extra: unknown property/);
    const type = await cbec(['ceb', 'build', 'CEB999Message', 'cli/examples/ceb303.json']);
    expect(type.code).toBe(2);
    expect(type.stderr).toMatch(/unsupported message type CEB999Message/);
  });
});
