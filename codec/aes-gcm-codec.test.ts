import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import proto from '@temporalio/proto';
import { deflateRawSync } from 'node:zlib';
import { open, seal } from './aes-gcm.js';
import { CURRENT_DICTIONARY, DICTIONARIES } from './dictionary.js';
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../config/config.js';
import { AesGcmPayloadCodec, dataConverter, DEV_PAYLOAD_KEYS, ENCODING, keyIdOf, METADATA_KEY_ID_KEY, parsePayloadKeys, PayloadDecryptionError, PayloadKeyError, payloadCodec } from './index.js';

const key = () => randomBytes(32).toString('base64');
const k1 = `k1:${key()}`;
const k2 = `k2:${key()}`;
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');
const order = { orderNo: 'DZ-SECRET-0001', buyer: { name: '张三', idNumber: '510102199001011234', phone: '+8613800000000' } };
const payload = (): Payload => defaultPayloadConverter.toPayload(order)!;

describe('AES-256-GCM payload codec', () => {
  it('round-trips a payload, metadata included, and stores only ciphertext', async () => {
    const codec = new AesGcmPayloadCodec(k1);
    const [encoded] = await codec.encode([payload()]);
    expect(text(encoded!.metadata!.encoding)).toBe(ENCODING);
    // one metadata entry; the key id is the data's clear prefix (authenticated as the AAD)
    expect(Object.keys(encoded!.metadata!)).toEqual(['encoding']);
    expect(keyIdOf(encoded!).keyId).toBe('k1');
    const raw = Buffer.from(encoded!.data!);
    for (const secret of ['DZ-SECRET-0001', '510102199001011234', 'json/plain']) expect(raw.includes(Buffer.from(secret))).toBe(false);
    expect(raw.includes(Buffer.from('张三'))).toBe(false);
    const [decoded] = await codec.decode([encoded!]);
    expect(text(decoded!.metadata!.encoding)).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(order);
  });

  it('seals a shipment-sized JSON payload in less space than its plaintext (deflated with the preset dictionary)', async () => {
    const codec = new AesGcmPayloadCodec(k1);
    const shipmentId = 'shipment:ent-14a26154:HAPPY-001';
    const arg = { shipmentId, docType: 'INVENTORY', revision: 0, copNo: 'I147RW1GQTWAONR0', idempotencyKey: `${shipmentId}:CEB603Message:r0`, _order: 'input', _projection: [1, 2].map((seq) => ({ shipmentId, seq, at: '2026-12-06T06:08:47.749Z', stage: 'declaration', status: 'DECLARING', type: 'DECLARED', info: 'inventory CEB603 sent', fields: { bookingNo: 'CRCD202612060001' }, terminal: false, slaDueAt: null })) };
    const plain = defaultPayloadConverter.toPayload(arg)!;
    const [encoded] = await codec.encode([plain]);
    expect(encoded!.data!.length).toBeLessThan(plain.data!.length * 0.6);
    expect(defaultPayloadConverter.fromPayload((await codec.decode([encoded!]))[0]!)).toEqual(arg);
  });

  it('decodes payloads sealed before compression (the serialized payload as it is)', async () => {
    const keys = parsePayloadKeys(k1);
    const { keyId, data } = seal(keys, proto.temporal.api.common.v1.Payload.encode(payload()).finish());
    const old: Payload = { metadata: { encoding: new TextEncoder().encode(ENCODING), [METADATA_KEY_ID_KEY]: new TextEncoder().encode(keyId) }, data: new Uint8Array(data) };
    expect(defaultPayloadConverter.fromPayload((await new AesGcmPayloadCodec(keys).decode([old]))[0]!)).toEqual(order);
  });

  it('decodes payloads sealed with the key id in metadata (the form before it moved into the data)', async () => {
    const codec = new AesGcmPayloadCodec(k1);
    const [encoded] = await codec.encode([payload()]);
    const { keyId, sealed } = keyIdOf(encoded!);
    const before: Payload = { metadata: { encoding: new TextEncoder().encode(ENCODING), [METADATA_KEY_ID_KEY]: new TextEncoder().encode(keyId) }, data: new Uint8Array(sealed) };
    expect(defaultPayloadConverter.fromPayload((await codec.decode([before]))[0]!)).toEqual(order);
    expect(sealed.length).toBe(encoded!.data!.length - 1 - 'k1'.length);
  });

  it('decodes payloads deflated with dictionary version 1 and seals new ones with the current version', async () => {
    const keys = parsePayloadKeys(k1);
    const serialized = proto.temporal.api.common.v1.Payload.encode(payload()).finish();
    const v1 = Buffer.concat([Buffer.of(0x01), deflateRawSync(serialized, { dictionary: DICTIONARIES.get(0x01)!, level: 9 })]);
    const { keyId, data } = seal(keys, v1);
    const before: Payload = { metadata: { encoding: new TextEncoder().encode(ENCODING), [METADATA_KEY_ID_KEY]: new TextEncoder().encode(keyId) }, data: new Uint8Array(data) };
    expect(defaultPayloadConverter.fromPayload((await new AesGcmPayloadCodec(keys).decode([before]))[0]!)).toEqual(order);
    const [now] = await new AesGcmPayloadCodec(keys).encode([payload()]);
    expect(open(keys, 'k1', keyIdOf(now!).sealed)[0]).toBe(CURRENT_DICTIONARY);
  });

  it('uses a fresh IV each time', async () => {
    const codec = new AesGcmPayloadCodec(k1);
    const [a, b] = await codec.encode([payload(), payload()]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('detects tampering with the ciphertext, the tag or the key id', async () => {
    const codec = new AesGcmPayloadCodec(`${k1},${k2}`);
    const [encoded] = await codec.encode([payload()]);
    // after the 3-byte key id prefix ("k1"): the IV, the ciphertext, the tag
    for (const index of [3, 20, encoded!.data!.length - 1]) {
      const data = new Uint8Array(encoded!.data!);
      data[index] = data[index]! ^ 0x01;
      await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow(/failed authentication/);
    }
    // the key id is authenticated data: relabelling fails even when both ids hold the same key
    const same = key();
    const twin = new AesGcmPayloadCodec(`a:${same},b:${same}`);
    const [labelled] = await twin.encode([payload()]);
    const relabelled = new Uint8Array(labelled!.data!);
    relabelled[1] = 'b'.charCodeAt(0);
    await expect(twin.decode([{ ...labelled!, data: relabelled }])).rejects.toThrow(/key "b"\) failed authentication/);
    // and in the metadata form of before
    const { sealed } = keyIdOf(labelled!);
    const swapped = { metadata: { ...labelled!.metadata, [METADATA_KEY_ID_KEY]: new TextEncoder().encode('b') }, data: new Uint8Array(sealed) };
    await expect(twin.decode([swapped])).rejects.toBeInstanceOf(PayloadDecryptionError);
    expect(defaultPayloadConverter.fromPayload((await twin.decode([labelled!]))[0]!)).toEqual(order);
    await expect(codec.decode([{ ...encoded!, data: new Uint8Array([2, 107, 49, 0, 0]) }])).rejects.toThrow(/too short/);
    await expect(codec.decode([{ ...encoded!, data: new Uint8Array(5) }])).rejects.toThrow(/no key id/);
  });

  it('rotates keys: payloads written under k1 still decode after k2 becomes primary', async () => {
    const before = new AesGcmPayloadCodec(k1);
    const [old] = await before.encode([payload()]);
    const after = new AesGcmPayloadCodec(`${k2},${k1}`);
    expect(after.primaryKeyId).toBe('k2');
    const [fresh] = await after.encode([payload()]);
    expect(keyIdOf(fresh!).keyId).toBe('k2');
    const decoded = await after.decode([old!, fresh!]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([order, order]);
  });

  it('names an unknown key id clearly', async () => {
    const [old] = await new AesGcmPayloadCodec(k1).encode([payload()]);
    await expect(new AesGcmPayloadCodec(k2).decode([old!])).rejects.toThrow('payload encrypted with unknown key id "k1": add it to PAYLOAD_KEYS (known: k2)');
  });

  it('passes payloads without the encrypted encoding through unchanged', async () => {
    const codec = new AesGcmPayloadCodec(k1);
    const plain = payload();
    const binaryNull: Payload = { metadata: { encoding: new TextEncoder().encode('binary/null') } };
    const [a, b] = await codec.decode([plain, binaryNull]);
    expect(a).toBe(plain);
    expect(b).toBe(binaryNull);
  });

  it('refuses plaintext payloads in workers and clients once REQUIRE_ENCRYPTED_PAYLOADS is on; the codec server still shows them', async () => {
    const config = loadConfig({ CBEC_ENV: 'development', REQUIRE_ENCRYPTED_PAYLOADS: 'true' });
    const strict = dataConverter(config).payloadCodecs![0]!;
    await expect(strict.decode([payload()])).rejects.toThrow('refused a payload that is not encrypted (encoding "json/plain"): REQUIRE_ENCRYPTED_PAYLOADS is on');
    const encrypted = await strict.encode([payload()]);
    expect(defaultPayloadConverter.fromPayload((await strict.decode(encrypted))[0]!)).toEqual(order);
    expect(await payloadCodec(config).decode([payload()])).toEqual([payload()]); // the codec server's codec
    const lenient = dataConverter(loadConfig({ CBEC_ENV: 'development' })).payloadCodecs![0]!;
    expect(await lenient.decode([payload()])).toEqual([payload()]);
  });
});

describe('PAYLOAD_KEYS', () => {
  it('parses the development default and key lists', () => {
    expect(parsePayloadKeys(DEV_PAYLOAD_KEYS).primary.id).toBe('dev1');
    const ring = parsePayloadKeys(` ${k2} , ${k1} `);
    expect(ring.primary.id).toBe('k2');
    expect([...ring.byId.keys()]).toEqual(['k2', 'k1']);
  });

  it.each([
    ['', /is empty/],
    ['nokey', /has no key id/],
    ['k1:not base64!', /not base64/],
    [`k1:${randomBytes(16).toString('base64')}`, /is 16 bytes; AES-256-GCM needs 32/],
    [`${k1},${k1}`, /listed twice/],
    [`bad id:${key()}`, /must be 1–64/],
  ])('refuses %j with a clear error', (value, message) => {
    expect(() => parsePayloadKeys(value)).toThrow(PayloadKeyError);
    expect(() => parsePayloadKeys(value)).toThrow(message);
  });

  it('is validated by loadConfig at start-up without printing the key', () => {
    const bad = `k1:${randomBytes(16).toString('base64')}`;
    expect(() => loadConfig({ CBEC_ENV: 'development', PAYLOAD_KEYS: bad })).toThrow(ConfigError);
    expect(() => loadConfig({ CBEC_ENV: 'development', PAYLOAD_KEYS: bad })).toThrow(/PAYLOAD_KEYS: key "k1" is 16 bytes/);
    try {
      loadConfig({ CBEC_ENV: 'development', PAYLOAD_KEYS: bad });
    } catch (err) {
      expect(String(err)).not.toContain(bad.slice(3));
    }
    const config = loadConfig({ CBEC_ENV: 'development', PAYLOAD_KEYS: k1 });
    expect(String(config.PAYLOAD_KEYS)).toBe('[redacted]');
    expect(loadConfig({ CBEC_ENV: 'development' }).PAYLOAD_KEYS.reveal()).toBe(DEV_PAYLOAD_KEYS);
  });
});
