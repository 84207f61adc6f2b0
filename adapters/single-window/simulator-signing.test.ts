// The simulator's signature check over real HTTP: signed requests of an enrolled enterprise are
// verified, a bad or missing signature gets the negative receipt customs sends, and a retry whose
// signature differs is still the same request for the idempotency ledger.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventually, rejection, useSimulator } from '../kit/testing.js';
import { buildCeb303, buildCeb621, detectMessageType, parseReceipts, type BaseTransfer, type CebReceipt } from './ceb/index.js';
import { FULL } from './ceb/fixtures.js';
import { createSingleWindowClient } from './client.js';
import { createSingleWindowSimulator } from './simulator.js';
import { generateTestKeyMaterial, readPrivateKey } from './signing/certificate.js';
import { createXmlSigner } from './signing/dsig.js';
import { createKeyFileSigningKey } from './signing/keys.js';
import { sm2Sign } from './signing/sm2.js';

const SECRET = 'single-window-callback-secret';
const ENROLLED: BaseTransfer = { copCode: '5117960A01', copName: '达州测试跨境电商有限公司', dxpMode: 'DXP', dxpId: 'DXPENT0000099001' };
const OTHER: BaseTransfer = { ...ENROLLED, copCode: '5117960B02', copName: '未登记证书的企业' };
const rsa = generateTestKeyMaterial({ algorithm: 'rsa-sha1', copCode: ENROLLED.copCode, copName: ENROLLED.copName });
const sm2 = generateTestKeyMaterial({ algorithm: 'sm2-sm3', copCode: ENROLLED.copCode, copName: ENROLLED.copName });
const stranger = generateTestKeyMaterial({ algorithm: 'rsa-sha1', copCode: ENROLLED.copCode, copName: ENROLLED.copName });
const signer = createXmlSigner(createKeyFileSigningKey(rsa));

const sim = useSimulator(
  (callback) => createSingleWindowSimulator({
    timeScale: 86_400_000, callback, signatures: { trusted: { [ENROLLED.copCode]: [rsa.certificatePem, sm2.certificatePem] } },
  }),
  {
    secret: SECRET, path: '/v1/callbacks/single-window', contentType: 'application/x-www-form-urlencoded', ack: { status: 200, text: 'SUCCESS' },
    parse: (raw) => {
      const xml = new URLSearchParams(raw).get('message') ?? '';
      return { type: detectMessageType(xml), receipts: parseReceipts(xml) };
    },
  },
);
const port = () => createSingleWindowClient({ baseUrl: sim.baseUrl });
const tag = () => randomBytes(5).toString('hex').toUpperCase();
const receipts = (pred: (r: CebReceipt) => boolean) => sim.received.flatMap((c) => c.body.receipts).filter(pred);
/** The receipts of one document once `count` of them arrived. */
const receiptsOf = (pred: (r: CebReceipt) => boolean, count = 1) => eventually(() => {
  const found = receipts(pred);
  return found.length >= count ? found : undefined;
});

function order(bt: BaseTransfer, orderNo = `SO${tag()}`) {
  return { orderNo, xml: buildCeb303([{ ...FULL.CEB303Message, OrderHead: { ...FULL.CEB303Message.OrderHead, orderNo } }], bt) };
}
function inventory(bt: BaseTransfer, copNo = `MI${tag()}`) {
  const head = { ...FULL.CEB621Message.InventoryHead, copNo, orderNo: `IO${tag()}`, preNo: undefined, invtNo: undefined };
  return { copNo, xml: buildCeb621([{ ...FULL.CEB621Message, InventoryHead: head }], bt) };
}
const submit = (xml: string, key = `k-${tag()}`) => port().submit({ messageType: detectMessageType(xml), xml }, key);

describe('Single Window simulator: business signatures', () => {
  it('accepts a correctly signed message of an enrolled enterprise', async () => {
    const o = order(ENROLLED);
    await expect(submit(await signer.sign(o.xml))).resolves.toMatchObject({ syncStatus: '5' });
    expect((await receiptsOf((r) => r.orderNo === o.orderNo))[0]).toMatchObject({ messageType: 'CEB304Message', returnStatus: '2' });
  });

  it('accepts SM2-SM3 signatures too', async () => {
    const o = order(ENROLLED);
    await submit(await createXmlSigner(createKeyFileSigningKey(sm2)).sign(o.xml));
    expect((await receiptsOf((r) => r.orderNo === o.orderNo))[0]).toMatchObject({ returnStatus: '2' });
  });

  it('rejects a tampered message with 验签失败 on its receipt and never accepts it', async () => {
    const o = order(ENROLLED);
    const tampered = (await signer.sign(o.xml)).replace('<ceb:goodsValue>27.78', '<ceb:goodsValue>2.78');
    await expect(submit(tampered)).resolves.toMatchObject({ syncStatus: '5' }); // pre-processed, then refused
    const [r] = await receiptsOf((x) => x.orderNo === o.orderNo);
    expect(r).toMatchObject({ messageType: 'CEB304Message', returnStatus: '-301000' });
    expect(r!.returnInfo).toMatch(/^验签失败：/);
    await new Promise((done) => setTimeout(done, 50));
    expect(receipts((x) => x.orderNo === o.orderNo).map((x) => x.returnStatus)).toEqual(['-301000']);
    const state = (await (await fetch(`${sim.baseUrl}/_state`)).json()) as { documents: Record<string, { status: string }> };
    expect(state.documents[`ORDER:5101960PLT:${o.orderNo}`]?.status).toBe('-301000');
  });

  it('CEB621: −621029 for a bad signature, −621015 for another key, −621025 for none', async () => {
    const bad = inventory(ENROLLED);
    await submit((await signer.sign(bad.xml)).replace('<ceb:netWeight>1.9', '<ceb:netWeight>1.8'));
    const foreign = inventory(ENROLLED);
    await submit(await createXmlSigner(createKeyFileSigningKey(stranger)).sign(foreign.xml));
    const unsigned = inventory(ENROLLED);
    await submit(unsigned.xml);
    const status = async (copNo: string) => (await receiptsOf((r) => r.copNo === copNo))[0];
    expect(await status(bad.copNo)).toMatchObject({ messageType: 'CEB622Message', returnStatus: '-621029' });
    expect(await status(foreign.copNo)).toMatchObject({ returnStatus: '-621015', returnInfo: expect.stringMatching(/^与卡信息不匹配/) });
    expect(await status(unsigned.copNo)).toMatchObject({ returnStatus: '-621025' });
  });

  it('takes unsigned messages of enterprises without a registered certificate', async () => {
    const o = order(OTHER);
    await submit(o.xml);
    expect((await receiptsOf((r) => r.orderNo === o.orderNo))[0]).toMatchObject({ returnStatus: '2' });
  });

  it('treats a retry whose SM2 signature differs as the same request (one effect)', async () => {
    const key = readPrivateKey(sm2.privateKeyPem, 'sm2-sm3');
    if (key.algorithm !== 'sm2-sm3') throw new Error('not SM2');
    // a card's SM2 signature: random k each time
    const card = createXmlSigner({
      ...createKeyFileSigningKey(sm2),
      signData: async (data) => sm2Sign(data, key.sm2.privateKey, { k: BigInt(`0x${randomBytes(31).toString('hex')}`) + 1n }),
    });
    const o = order(ENROLLED);
    const first = await card.sign(o.xml);
    const second = await card.sign(o.xml);
    expect(second).not.toBe(first);
    const idempotencyKey = `retry-${tag()}`;
    await submit(first, idempotencyKey);
    await submit(second, idempotencyKey);
    expect(await sim.ledger(idempotencyKey)).toMatchObject([{ requests: 2 }]);
    await receiptsOf((r) => r.orderNo === o.orderNo);
    await new Promise((done) => setTimeout(done, 50));
    expect(receipts((r) => r.orderNo === o.orderNo).map((r) => r.returnStatus)).toEqual(['2']);
    // other content under the same key is still a conflict
    const err = await rejection(submit(await card.sign(order(ENROLLED).xml), idempotencyKey));
    expect(err).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', retryable: false });
  });
});
