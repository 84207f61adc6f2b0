import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { SingleWindowPort } from '../adapters/single-window/port.js';
import { documentRequest, exampleShipment } from '../adapters/single-window/fixtures.js';
import { buildCustomsMessage } from '../adapters/single-window/mapping.js';
import { generateTestKeyMaterial } from '../adapters/single-window/signing/certificate.js';
import { createXmlSigner } from '../adapters/single-window/signing/dsig.js';
import { createKeyFileSigningKey } from '../adapters/single-window/signing/keys.js';
import type { MessageSigner } from '../adapters/single-window/signing/types.js';
import { verifyCebSignature } from '../adapters/single-window/signing/verify.js';
import type { Db, Prisma } from '../db/client.js';
import { createCustomsActivities } from './customs.activities.js';

// fileDocumentKey files the key in one statement (db/projection.ts): answer the row as inserted
// (a client not made by createDb: db/sql.ts hands the statement to its $queryRaw)
const db = {
  $queryRaw: async (sql: Prisma.Sql) => {
    const [shipmentId, , , , revision] = sql.values;
    return [{ id: 1n, shipmentId, revision }];
  },
} as unknown as Db;
const material = generateTestKeyMaterial({ algorithm: 'rsa-sha1', copCode: '5101960A2B', copName: 'test' });

function activities(signer?: MessageSigner) {
  const sent: { messageType: string; xml: string }[] = [];
  const submit: SingleWindowPort['submit'] = async (message) => (sent.push(message), { syncStatus: '5', syncInfo: '预处理成功' });
  const singleWindow: SingleWindowPort = { submit, declareEntry: (d, key) => submit({ messageType: 'CbecEntryDeclaration', xml: d.xml }, key) };
  return { sent, a: createCustomsActivities({ db, singleWindow, buildMessage: buildCustomsMessage, signer }) };
}

describe('submitCustomsDocument signing', () => {
  const req = documentRequest(exampleShipment(), 'ORDER');

  it('sends the built message signed when a signer is configured', async () => {
    const { sent, a } = activities(createXmlSigner(createKeyFileSigningKey(material)));
    await expect(a.submitCustomsDocument(req)).resolves.toMatchObject({ syncStatus: '5' });
    expect(verifyCebSignature(sent[0]!.xml, { trusted: [material.certificatePem] }).ok).toBe(true);
  });

  it('sends it as built without one', async () => {
    const { sent, a } = activities();
    await a.submitCustomsDocument(req);
    expect(sent[0]!.xml).toBe(buildCustomsMessage(req).xml);
  });

  it('fails the activity without retry when the key cannot sign', async () => {
    const key = createKeyFileSigningKey(material);
    const { sent, a } = activities(createXmlSigner({ ...key, signData: async () => { throw new Error('card removed'); } }));
    const err = await a.submitCustomsDocument(req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'SINGLE_WINDOW.SIGNING_FAILED', nonRetryable: true });
    expect(sent).toEqual([]);
  });
});
