import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DocType } from '../../../domain/customs.js';
import { ShipmentCreate } from '../../../domain/shipment.schema.js';
import type { ShipmentInput } from '../../../domain/shipment.js';
import { REQUEST_SPECS, buildRequest, parseMessage, parseRequest, validateRequest, type CebRequestType } from '../ceb/index.js';
import { FULL, baseSubscribe, baseTransfer } from '../ceb/fixtures.js';
import { XMLDSIG_NAMESPACE } from '../ceb/types.js';
import { parseXmlTree } from '../ceb/xml.js';
import { documentRequest, exampleShipment } from '../fixtures.js';
import { buildCustomsMessage } from '../mapping.js';
import { AdapterError } from '../../kit/errors.js';
import { generateTestKeyMaterial, type KeyMaterial } from './certificate.js';
import { createXmlSigner, unsignedContent } from './dsig.js';
import { createKeyFileSigningKey } from './keys.js';
import type { MessageSigner, SignatureAlgorithm } from './types.js';
import { verifyCebSignature } from './verify.js';

const who = { copCode: 'P000000003', copName: '达州跨境电商公共服务平台' };
const keys = {
  'rsa-sha1': generateTestKeyMaterial({ algorithm: 'rsa-sha1', ...who }),
  'sm2-sm3': generateTestKeyMaterial({ algorithm: 'sm2-sm3', ...who }),
} satisfies Record<SignatureAlgorithm, KeyMaterial>;
const other = {
  'rsa-sha1': generateTestKeyMaterial({ algorithm: 'rsa-sha1', ...who }),
  'sm2-sm3': generateTestKeyMaterial({ algorithm: 'sm2-sm3', ...who }),
};
const signers: Record<SignatureAlgorithm, MessageSigner> = {
  'rsa-sha1': createXmlSigner(createKeyFileSigningKey(keys['rsa-sha1'])),
  'sm2-sm3': createXmlSigner(createKeyFileSigningKey(keys['sm2-sm3'])),
};
const ALGORITHMS = ['rsa-sha1', 'sm2-sm3'] as const;
const TYPES = Object.keys(REQUEST_SPECS) as CebRequestType[];

const verify = (xml: string, algorithm: SignatureAlgorithm, trusted = [keys[algorithm].certificatePem]) => verifyCebSignature(xml, { trusted });
const rootChildren = (xml: string) => parseXmlTree(xml).children.map((c) => (c.ns === XMLDSIG_NAMESPACE ? `ds:${c.local}` : c.local));

/** What the platform builds: every export document (mapping.ts) and every 1210 import document (mapping-import.ts). */
function platformMessages(): { docType: DocType; xml: string }[] {
  const extra = { bookingNo: 'BK2024030100012', conveyanceRef: 'X8001', invtNo: '79012024E000000042', reason: '买家取消订单' };
  const exp = exampleShipment();
  const imp: ShipmentInput = { ...exampleShipment(), request: ShipmentCreate.parse(JSON.parse(readFileSync(new URL('../../../examples/shipment-1210.json', import.meta.url), 'utf8'))) } as ShipmentInput;
  const exportDocs: DocType[] = ['ORDER', 'PAYMENT_RECEIPT', 'WAYBILL', 'INVENTORY', 'INVENTORY_CANCEL', 'ARRIVAL', 'DEPARTURE'];
  const importDocs: DocType[] = ['IMPORT_ORDER', 'IMPORT_PAYMENT', 'IMPORT_WAYBILL', 'IMPORT_INVENTORY', 'IMPORT_INVENTORY_CANCEL', 'IMPORT_RETURN'];
  return [
    ...exportDocs.map((docType) => ({ docType, xml: buildCustomsMessage(documentRequest(exp, docType, extra)).xml })),
    ...importDocs.map((docType) => ({ docType, xml: buildCustomsMessage(documentRequest(imp, docType, { ...extra, invtNo: '79012024I000000042' })).xml })),
  ];
}

describe.each(ALGORITHMS)('%s signatures', (algorithm) => {
  const signer = signers[algorithm];

  it.each(TYPES)('%s: signed after BaseTransfer/BaseSubscribe, verifies, still parses and validates', async (type) => {
    const xml = buildRequest(type, [FULL[type]] as never, baseTransfer, { baseSubscribe });
    const signed = await signer.sign(xml);
    expect(verify(signed, algorithm)).toMatchObject({ ok: true, certificate: { algorithm, keyName: signer.certificateInfo.keyName } });
    expect(rootChildren(signed).slice(-3)).toEqual(['BaseSubscribe', 'BaseSubscribe', 'ds:Signature']);
    const parsed = parseRequest(signed);
    expect(parsed).toMatchObject({ messageType: type, hasSignature: true, unexpected: [] });
    expect(validateRequest(type, parsed)).toEqual([]);
    expect(parseMessage(signed).hasSignature).toBe(true);
  });

  it('signs every message the platform builds (export and import), deterministically', async () => {
    for (const { docType, xml } of platformMessages()) {
      const signed = await signer.sign(xml);
      expect(verify(signed, algorithm), docType).toMatchObject({ ok: true });
      expect(await signer.sign(xml), docType).toBe(signed); // a retried activity sends the same bytes
      expect(unsignedContent(signed)).toBe(unsignedContent(xml));
    }
  });

  it('writes the skeleton of ceb-messages.md §2.5', async () => {
    const signed = await signer.sign(buildRequest('CEB621Message', [FULL.CEB621Message], baseTransfer));
    const sig = parseXmlTree(signed).children.at(-1)!;
    const info = sig.children.find((c) => c.local === 'SignedInfo')!;
    const attr = (local: string) => info.children.find((c) => c.local === local)?.attrs.Algorithm;
    const ref = info.children.find((c) => c.local === 'Reference')!;
    expect(attr('CanonicalizationMethod')).toBe('http://www.w3.org/TR/2001/REC-xml-c14n-20010315');
    expect(attr('SignatureMethod')).toBe(algorithm === 'sm2-sm3' ? 'http://www.chinaport.gov.cn/2022/04/xmldsig#sm2-sm3' : 'http://www.w3.org/2000/09/xmldsig#rsa-sha1');
    expect(ref.attrs.URI).toBe('');
    expect(ref.children.map((c) => c.local)).toEqual(['Transforms', 'DigestMethod', 'DigestValue']);
    expect(ref.children[0]!.children.map((t) => t.attrs.Algorithm)).toEqual(['http://www.w3.org/2000/09/xmldsig#enveloped-signature']);
    const keyInfo = sig.children.find((c) => c.local === 'KeyInfo')!;
    expect(keyInfo.children.map((c) => c.local)).toEqual(['KeyName', 'X509Data']);
    expect(keyInfo.children[0]!.text).toBe(signer.certificateInfo.keyName);
    expect(keyInfo.children[1]!.children[0]!.text).toBe(signer.certificateInfo.certificate);
  });

  it('fails verification when any byte of the signed content changes', async () => {
    const signed = await signer.sign(buildRequest('CEB303Message', [FULL.CEB303Message], baseTransfer));
    const start = signed.indexOf('<ceb:CEB303Message');
    const end = signed.indexOf('<ds:Signature');
    let inTag = false;
    let tried = 0;
    // RSA: every byte; SM2 (slower to verify): every third.
    for (let i = start; i < end; i += algorithm === 'rsa-sha1' ? 1 : 3) {
      const c = signed[i]!;
      if (c === '<') inTag = true;
      if (c === '>') inTag = false;
      if (inTag && /\s/.test(c)) continue; // whitespace between attributes is not content (C14N normalises it)
      const tampered = signed.slice(0, i) + (c === 'Z' ? 'Y' : 'Z') + signed.slice(i + 1);
      const result = verify(tampered, algorithm);
      expect(result.ok, `byte ${i} (${JSON.stringify(c)})`).toBe(false);
      tried += 1;
    }
    expect(tried).toBeGreaterThan(algorithm === 'rsa-sha1' ? 1000 : 300);
  });

  it('fails when the SignedInfo or the signature value changes', async () => {
    const signed = await signer.sign(buildRequest('CEB505Message', [FULL.CEB505Message], baseTransfer));
    const digest = /<ds:DigestValue>([^<]+)</.exec(signed)![1]!;
    const value = /<ds:SignatureValue>([^<]+)</.exec(signed)![1]!;
    const flip = (b64: string) => { const b = Buffer.from(b64, 'base64'); b[b.length - 1]! ^= 1; return b.toString('base64'); };
    expect(verify(signed.replace(digest, flip(digest)), algorithm)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(verify(signed.replace(value, flip(value)), algorithm)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(verify(signed.replace('xmldsig#enveloped-signature"', 'xmldsig#enveloped-signature2"'), algorithm)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verify(signed.replace('URI=""', 'URI="#x"'), algorithm)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('fails with a wrong key: another certificate trusted, or the trusted certificate put in KeyInfo', async () => {
    const signed = await signer.sign(buildRequest('CEB311Message', [FULL.CEB311Message], baseTransfer));
    expect(verify(signed, algorithm, [other[algorithm].certificatePem])).toMatchObject({ ok: false, reason: 'untrusted' });
    const theirs = createXmlSigner(createKeyFileSigningKey(other[algorithm])).certificateInfo.certificate;
    const swapped = signed.replace(signers[algorithm].certificateInfo.certificate, theirs);
    expect(verify(swapped, algorithm, [other[algorithm].certificatePem])).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('says missing for an unsigned message and expired outside the certificate validity', async () => {
    const xml = buildRequest('CEB621Message', [FULL.CEB621Message], baseTransfer);
    expect(verify(xml, algorithm)).toMatchObject({ ok: false, reason: 'missing' });
    const signed = await signer.sign(xml);
    expect(verifyCebSignature(signed, { trusted: [keys[algorithm].certificatePem], now: new Date('2100-01-01') })).toMatchObject({ ok: false, reason: 'expired' });
  });
});

describe('signature placement and refusals', () => {
  const ext = (xml: string) => xml.replace(/(<\/ceb:BaseTransfer>)/, '$1<ceb:ExtendMessage><ceb:name>x</ceb:name><ceb:version>1</ceb:version><ceb:Message>m</ceb:Message></ceb:ExtendMessage>');

  it('goes before ExtendMessage in export messages and after it in import messages (§2.1)', async () => {
    const exp = await signers['rsa-sha1'].sign(ext(buildRequest('CEB303Message', [FULL.CEB303Message], baseTransfer)));
    expect(rootChildren(exp).slice(-3)).toEqual(['BaseTransfer', 'ds:Signature', 'ExtendMessage']);
    expect(verify(exp, 'rsa-sha1').ok).toBe(true);
    const imp = await signers['rsa-sha1'].sign(ext(buildRequest('CEB621Message', [FULL.CEB621Message], baseTransfer)));
    expect(rootChildren(imp).slice(-3)).toEqual(['BaseTransfer', 'ExtendMessage', 'ds:Signature']);
    expect(verify(imp, 'rsa-sha1').ok).toBe(true);
  });

  it('refuses to sign twice, or what is not XML, with a non-retryable SIGNING_FAILED', async () => {
    const signed = await signers['rsa-sha1'].sign(buildRequest('CEB303Message', [FULL.CEB303Message], baseTransfer));
    for (const bad of [signed, 'not xml', '<!DOCTYPE x><x/>']) {
      const err = await signers['rsa-sha1'].sign(bad).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AdapterError);
      expect(err).toMatchObject({ code: 'SINGLE_WINDOW.SIGNING_FAILED', retryable: false });
    }
  });

  it('passes a key failure on as SIGNING_FAILED, and a key AdapterError (a remote service) as it is', async () => {
    const base = createKeyFileSigningKey(keys['rsa-sha1']);
    const xml = buildRequest('CEB303Message', [FULL.CEB303Message], baseTransfer);
    const broken = createXmlSigner({ ...base, signData: async () => { throw new Error('card removed'); } });
    await expect(broken.sign(xml)).rejects.toMatchObject({ code: 'SINGLE_WINDOW.SIGNING_FAILED', retryable: false });
    const remote = createXmlSigner({ ...base, signData: async () => { throw new AdapterError({ code: 'TRANSPORT.TIMEOUT', message: 'signing service timed out', retryable: true }); } });
    await expect(remote.sign(xml)).rejects.toMatchObject({ code: 'TRANSPORT.TIMEOUT', retryable: true });
  });

  it('takes a signature from any SigningKey: a "remote" key that answers later', async () => {
    const local = createKeyFileSigningKey(keys['sm2-sm3']);
    const remote = createXmlSigner({ ...local, keyName: '01691f7f', signData: async (data) => { await new Promise((r) => setTimeout(r, 5)); return local.signData(data); } });
    const signed = await remote.sign(buildRequest('CEB625Message', [FULL.CEB625Message], baseTransfer));
    expect(remote.certificateInfo.keyName).toBe('01691f7f');
    expect(signed).toContain('<ds:KeyName>01691f7f</ds:KeyName>');
    expect(verify(signed, 'sm2-sm3').ok).toBe(true);
  });

  it('rejects a key whose certificate is of the other algorithm', () => {
    const key = createKeyFileSigningKey(keys['rsa-sha1']);
    expect(() => createXmlSigner({ ...key, algorithm: 'sm2-sm3' })).toThrow(/certificate is for rsa-sha1/);
  });
});
