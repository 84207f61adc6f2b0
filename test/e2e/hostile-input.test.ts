/**
 * Hostile input, generated from the OpenAPI document (api/openapi.json): every operation gets
 * fast-check generated wrong types, missing and extra fields, huge and deeply nested bodies,
 * unicode and control characters, injection strings, absurd amounts, bad ids and cursors, under
 * every kind of key. Never a 5xx, always a JSON error with a `code` (and `fields` on 400), never a
 * row written, never a workflow started. Then forged and malformed callbacks, `cbec ceb parse` on
 * malformed XML, the body size limit and the per-key rate limit.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../adapters/kit/callbacks.js';
import { callbackSystems } from '../../api/callbacks/systems.js';
import { ensureEnterpriseWithKey } from '../../api/auth.js';
import { cbec } from '../../cli/test-support.js';
import { startPlatform, type Platform } from '../support/platform.js';

type Schema = { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; enum?: unknown[] };
type Parameter = { in: 'path' | 'query' | 'header'; name: string; schema?: Schema };
type Operation = { operationId?: string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } };

const spec = JSON.parse(readFileSync(new URL('../../api/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const operations = Object.entries(spec.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));

const SEED = Number(process.env.HOSTILE_SEED ?? 20_261_126); // HOSTILE_SEED=<n> explores other inputs
const RUNS = 32;

let p: Platform;
beforeAll(async () => {
  p = await startPlatform();
});
afterAll(async () => p?.stop());

// ---------------------------------------------------------------------------------------------
// Generators

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE \"Shipment\"; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  '$where: 1',
  '{"$gt": ""}',
  '<script>alert(1)</script>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '\u0000',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'shipment:ent-other:DZ-1',
  'stock-entry:ent-other:E-1',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '0x7fffffff',
  '\u202e\u0644\u0627',
  '\ud83d\udca9\u200b\ufeff',
  '\u00e9\u0301\u0000\u001f\u007f',
  'ＳＥＬＥＣＴ',
  '9'.repeat(40),
  '91510100MA6CXXXX0X', // USCC with a wrong check character
  '11010519491231002X', // resident ID with a plausible shape
  'bm90LWEtY3Vyc29y', // base64 of "not-a-cursor"
  'eyJpZCI6IngifQ', // base64 JSON, not a cursor this API issued
  'A'.repeat(5000),
];

const controlChars = fc.array(fc.integer({ min: 0, max: 0x1f }), { minLength: 1, maxLength: 12 }).map((cs) => String.fromCharCode(...cs));
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.fullUnicodeString({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: controlChars },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'x'.repeat(n)) },
);
const absurdNumber = fc.oneof(
  // eslint-disable-next-line no-loss-of-precision -- 123456789.123456789: more digits than a double holds, on purpose
  fc.constantFrom(-1, -0.01, 0, -1e308, 1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_SAFE_INTEGER, 1e-300, 0.1 + 0.2, 123456789.123456789),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
function nested(depth: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: absurdNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.oneof(hostileString, absurdNumber), { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(hostileString, absurdNumber), { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 1000 }).map(nested) },
);

function deref(s: Schema | undefined): Schema | undefined {
  if (!s?.$ref) return s;
  return deref(spec.components.schemas[s.$ref.split('/').pop()!]);
}

/** The property names (recursively, a few levels) of a request body schema: the fields to break. */
function shapeOf(s: Schema | undefined, depth = 0): Record<string, Schema> {
  const schema = deref(s);
  if (!schema || depth > 3) return {};
  const out: Record<string, Schema> = { ...(schema.properties ?? {}) };
  for (const alt of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) Object.assign(out, shapeOf(alt, depth + 1));
  return out;
}

/** A body for `schema`: each known field dropped, broken (wrong type, absurd value) or broken inside, plus extra fields. */
function schemaBody(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const props = shapeOf(schema);
  const names = Object.keys(props);
  const field = (s: Schema): fc.Arbitrary<unknown> => {
    const inner = deref(s);
    const itemProps = shapeOf(inner?.items);
    const objProps = shapeOf(inner);
    const options: fc.Arbitrary<unknown>[] = [hostileValue];
    if (Object.keys(itemProps).length) {
      options.push(fc.array(fc.record(Object.fromEntries(Object.keys(itemProps).map((k) => [k, hostileValue])), { requiredKeys: [] }), { maxLength: 3 }));
      options.push(fc.integer({ min: 201, max: 5000 }).map((n) => Array.from({ length: n }, () => ({}))));
    }
    if (Object.keys(objProps).length) options.push(fc.record(Object.fromEntries(Object.keys(objProps).map((k) => [k, hostileValue])), { requiredKeys: [] }));
    return fc.oneof(...options);
  };
  const record = names.length ? fc.record(Object.fromEntries(names.map((n) => [n, field(props[n]!)])), { requiredKeys: [] }) : fc.constant({});
  const extra = fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'enterpriseId', '$where')), hostileValue, { maxKeys: 3 });
  return fc.tuple(record, extra).map(([r, e]) => ({ ...(r as object), ...e }));
}

/** A raw body: JSON of a generated value, or bytes that are not the JSON the route expects. */
function rawBody(op: Operation): fc.Arbitrary<{ body: string; contentType: string }> {
  const schema = op.requestBody?.content['application/json']?.schema;
  const json = (a: fc.Arbitrary<unknown>) => a.map((v) => ({ body: JSON.stringify(v) ?? 'null', contentType: 'application/json' }));
  return fc.oneof(
    { weight: 6, arbitrary: json(schemaBody(schema)) },
    { weight: 2, arbitrary: json(fc.anything({ maxDepth: 3 })) },
    // deep nesting written out directly (JSON.stringify of it would overflow the test's own stack)
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 120_000 }).map((n) => ({ body: `${'{"a":['.repeat(n)}1${']}'.repeat(n)}`, contentType: 'application/json' })) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom('{"a":', '{', '[', '"', 'null', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '\ufeff{}', '{"a":1,"a":2}', '{\u0000}', 'NaN', '1e999999', '<xml/>', '')
        .map((body) => ({ body, contentType: 'application/json' })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', ''), hostileString).map(([contentType, body]) => ({ body, contentType })),
    },
  );
}

const ID_LIKE = fc.oneof(
  { weight: 4, arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 2000) },
  { weight: 1, arbitrary: fc.constantFrom('shipment:ent-nobody:X-1', 'prod_00000000', 'ent-nobody', 'key_0000000000000000', '2026-13', '1999-00', '9999-12') },
);
/** A path parameter as it appears in the URL: percent-encoded, or raw (bad encodings included). */
const pathValue = fc.oneof(
  { weight: 5, arbitrary: ID_LIKE.map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%FF%FE', '..', '.', '%2e%2e%2f', '%00', '%252F') },
);
function queryOf(op: Operation): fc.Arbitrary<[string, string][]> {
  const names = (op.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name);
  const value = fc.oneof(
    { weight: 3, arbitrary: hostileString.filter((s) => s.length < 4000) },
    { weight: 2, arbitrary: absurdNumber.map(String) },
    { weight: 1, arbitrary: fc.constantFrom('', '[]', '{}', 'true', '0', '-5', '101', '10001', '2026-13', '1970-01', '3000-01', '2026-01-32') },
  );
  const known = names.length ? fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: names.length + 2 }) : fc.constant([] as [string, string][]);
  const extra = fc.array(fc.tuple(fc.constantFrom('foo', 'enterpriseId', '__proto__', 'cursor[]', 'limit', 'a'.repeat(300)), value), { maxLength: 2 });
  return fc.tuple(known, extra).map(([a, b]) => [...a, ...b]);
}

type Auth = 'enterprise' | 'other' | 'ops' | 'none' | 'garbage' | 'malformed';
const authArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Auth>('enterprise') },
  { weight: 1, arbitrary: fc.constant<Auth>('other') },
  { weight: 3, arbitrary: fc.constant<Auth>('ops') },
  { weight: 1, arbitrary: fc.constant<Auth>('none') },
  { weight: 1, arbitrary: fc.constant<Auth>('garbage') },
  { weight: 1, arbitrary: fc.constant<Auth>('malformed') },
);
function authHeader(a: Auth, otherKey: string): string | undefined {
  switch (a) {
    case 'enterprise':
      return `Bearer ${p.apiKey}`;
    case 'other':
      return `Bearer ${otherKey}`;
    case 'ops':
      return `Bearer ${p.config.OPS_API_KEY.reveal()}`;
    case 'none':
      return undefined;
    case 'garbage':
      return "Bearer ' OR 1=1 --xxxxxxxx";
    case 'malformed':
      return `Basic ${Buffer.from('a:b').toString('base64')}`;
  }
}

// ---------------------------------------------------------------------------------------------
// What must not change

async function rowCounts(): Promise<Record<string, number>> {
  const db = p.db;
  const counts = await Promise.all([
    db.enterprise.count(),
    db.apiKey.count(),
    db.apiKey.count({ where: { revokedAt: { not: null } } }),
    db.shipment.count(),
    db.shipmentLine.count(),
    db.shipmentEvent.count(),
    db.shipmentDocument.count(),
    db.stockEntry.count(),
    db.stockBalance.count(),
    db.stockMovement.count(),
    db.product.count(),
    db.productBatch.count(),
    db.negativeListEntry.count(),
    db.riskHit.count(),
    db.creditEvent.count(),
    db.auditEntry.count(),
    db.customsSummary.count(),
    db.inboundMessage.count(),
    db.callbackSignature.count(),
    db.buyerQuota.count(),
    db.quotaReservation.count(),
  ]);
  const names = ['enterprise', 'apiKey', 'revokedKeys', 'shipment', 'shipmentLine', 'shipmentEvent', 'shipmentDocument', 'stockEntry', 'stockBalance', 'stockMovement', 'product', 'productBatch', 'negativeListEntry', 'riskHit', 'creditEvent', 'auditEntry', 'customsSummary', 'inboundMessage', 'callbackSignature', 'buyerQuota', 'quotaReservation'];
  return Object.fromEntries(names.map((n, i) => [n, counts[i]!]));
}

async function workflowCount(): Promise<number> {
  let n = 0;
  for await (const _ of p.temporal.workflow.list({ query: `TaskQueue = "${p.config.TEMPORAL_TASK_QUEUE}"` })) n++;
  return n;
}

interface Sent {
  method: string;
  url: string;
  status: number;
  body: unknown;
  text: string;
}

async function send(method: string, url: string, opts: { body?: string; contentType?: string; authorization?: string | undefined; headers?: Record<string, string> } = {}): Promise<Sent> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.authorization !== undefined) headers.authorization = opts.authorization;
  if (opts.body !== undefined && opts.contentType) headers['content-type'] = opts.contentType;
  const res = await fetch(`${p.apiUrl}${url}`, { method, headers, ...(opts.body !== undefined && method !== 'GET' ? { body: opts.body } : {}) });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { method, url, status: res.status, body, text };
}

function checkError(r: Sent): string | undefined {
  const where = `${r.method} ${r.url.slice(0, 200)} → ${r.status} ${r.text.slice(0, 300)}`;
  if (r.status >= 500) return `5xx: ${where}`;
  if (r.status >= 400) {
    const b = r.body as { code?: unknown; fields?: unknown } | undefined;
    if (!b || typeof b.code !== 'string' || !/^[A-Z0-9_]+$/.test(b.code)) return `no error code: ${where}`;
    if (!Array.isArray(b.fields)) return `no fields: ${where}`;
    if (r.status === 400 && b.code === 'VALIDATION_FAILED' && (b.fields as unknown[]).length === 0) return `400 without the fields at fault: ${where}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

describe('hostile input to every operation of the OpenAPI document', () => {
  let before: Record<string, number>;
  let workflowsBefore: number;
  const problems: string[] = [];
  const statuses: Record<string, Record<number, number>> = {};

  beforeAll(async () => {
    before = await rowCounts();
    workflowsBefore = await workflowCount();
  });

  it('covers the whole document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
  });

  it.each(operations.map((o) => [`${o.method} ${o.path}`, o] as const))('%s: never a 5xx, always a coded error, nothing written', async (_name, { path, method, op }) => {
    const pathParams = path.match(/\{(\w+)\}/g) ?? [];
    const arb = fc.record({
      params: fc.tuple(...(pathParams.length ? pathParams.map(() => pathValue) : [fc.constant('')])),
      query: queryOf(op),
      body: op.requestBody ? fc.option(rawBody(op), { nil: undefined, freq: 8 }) : fc.constant(undefined),
      auth: authArb,
    });
    const seen = (statuses[`${method} ${path}`] = {} as Record<number, number>);
    await fc.assert(
      fc.asyncProperty(arb, async ({ params, query, body, auth }) => {
        let i = 0;
        const url = path.replace(/\{\w+\}/g, () => params[i++] as string);
        const qs = query.length ? `?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '';
        const r = await send(method, `${url}${qs}`, { ...(body ? body : {}), authorization: authHeader(auth, otherKey()) });
        seen[r.status] = (seen[r.status] ?? 0) + 1;
        const problem = checkError(r);
        if (problem) problems.push(problem);
        if (method !== 'GET' && r.status < 300) problems.push(`a write succeeded: ${method} ${url.slice(0, 200)} → ${r.status} ${r.text.slice(0, 200)}`);
        expect(problem).toBeUndefined();
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('wrote no row and started no workflow', async () => {
    expect(problems).toEqual([]);
    expect(await rowCounts()).toEqual(before);
    expect(await workflowCount()).toBe(workflowsBefore);
    // every operation answered something other than 401 at least once (the checks reached the route)
    const onlyAuth = Object.entries(statuses).filter(([, s]) => Object.keys(s).every((k) => k === '401'));
    expect(onlyAuth.map(([op]) => op)).toEqual([]);
  });
});

describe('forged and malformed callbacks', () => {
  const swSecret = () => p.config.SINGLE_WINDOW_CALLBACK_SECRET.reveal();
  const systems = ['single-window', 'rail', 'bank', 'bonded-warehouse', 'no-such-system', '..%2F..%2Fhealth', '%00'];

  it('answers an unsigned or forged callback with 401 (404 for an unknown system) and writes nothing', async () => {
    const before = await rowCounts();
    const workflows = await workflowCount();
    const bodies = fc.oneof(
      hostileString,
      fc.constantFrom('message=<CEB304Message', 'message=%3CCEB304Message%3E%3C%2F', '{"reference":"shipment:x","eventId":1}', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "bbbbbbbbbb"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><a>&c;</a>'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...systems), bodies, fc.constantFrom('none', 'wrong-secret', 'garbage', 'stale'), fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/xml'), async (system, body, how, contentType) => {
        const ts = how === 'stale' ? String(Date.now() - 3_600_000) : String(Date.now());
        const headers: Record<string, string> =
          how === 'none' ? {} : how === 'garbage' ? { 'x-cbec-timestamp': 'yesterday', 'x-cbec-signature': "v1=' OR 1=1" } : { 'x-cbec-timestamp': ts, 'x-cbec-signature': signBody(how === 'stale' ? swSecret() : 'wrong-secret', ts, body) };
        const r = await send('POST', `/v1/callbacks/${system}`, { body, contentType, headers });
        expect(checkError(r)).toBeUndefined();
        expect([401, 404, 415, 400]).toContain(r.status); // 400: a NUL in the system name
      }),
      { numRuns: 60, seed: SEED, endOnFailure: true },
    );
    expect(await rowCounts()).toEqual(before);
    expect(await workflowCount()).toBe(workflows);
  });

  /** Every configured system that calls back with JSON, with its secret. */
  const jsonSystems = () => [...callbackSystems(p.config).values()].filter((s) => s.kind !== 'single-window');

  // strictly increasing: the same body sent twice within a millisecond must not be signed twice
  // alike, or it is (rightly) refused as a replay
  let sent = 0;
  const freshTimestamp = () => String(Date.now() + ++sent);

  it('answers a signed callback with malformed XML or JSON with 400, never a 5xx, and starts no workflow', async () => {
    const workflows = await workflowCount();
    const shipments = await p.db.shipment.count();
    const xml = fc.oneof(
      fc.constantFrom(
        '<CEB304Message',
        '<CEB304Message><OrderReturn></CEB304Message>',
        '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b SYSTEM "file:///etc/passwd">]><CEB304Message>&b;</CEB304Message>',
        '<CEB816Message><Tax>',
        '<CEB792Message>\u0000</CEB792Message>',
        '<CEB624Message xmlns="urn:x"><![CDATA[',
        `<CEB304Message>${'<a>'.repeat(5000)}`,
        'not xml at all',
      ),
      hostileString.map((s) => `<CEB304Message>${s}</CEB304Message>`),
    );
    await fc.assert(
      fc.asyncProperty(xml, async (message) => {
        const body = new URLSearchParams({ message }).toString();
        const ts = freshTimestamp(); // a fresh signature each time: not a replay
        const r = await send('POST', '/v1/callbacks/single-window', {
          body,
          contentType: 'application/x-www-form-urlencoded',
          headers: { 'x-cbec-timestamp': ts, 'x-cbec-signature': signBody(swSecret(), ts, body) },
        });
        expect(checkError(r)).toBeUndefined();
        // a well-formed receipt that names no shipment is accepted (200 UNMATCHED); anything else is a 400
        expect([200, 400]).toContain(r.status);
      }),
      { numRuns: 30, seed: SEED, endOnFailure: true },
    );
    const json = fc.oneof(hostileString, fc.anything({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? ''), fc.constantFrom('{"reference":', '\u0000', '{"reference":"\u0000"}'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...jsonSystems()), json, async (system, body) => {
        const ts = freshTimestamp();
        const r = await send('POST', `/v1/callbacks/${system.id}`, { body, contentType: 'application/json', headers: { 'x-cbec-timestamp': ts, 'x-cbec-signature': signBody(system.secret.reveal(), ts, body) } });
        expect(checkError(r)).toBeUndefined();
        expect([200, 400]).toContain(r.status);
      }),
      { numRuns: 60, seed: SEED, endOnFailure: true },
    );
    expect(await p.db.shipment.count()).toBe(shipments);
    expect(await workflowCount()).toBe(workflows);
  });

  // every JSON callback endpoint, correctly signed, with a body of the right shape but hostile
  // values: each is answered 400 with the field at fault, nothing stored, never a 503 that
  // would leave a poison callback in the inbox (a non-string reference was one)
  it('answers a signed callback with hostile field values with 400 and the field, and stores nothing', async () => {
    const inbox = await p.db.inboundMessage.count();
    const hostileValue = fc.oneof(fc.integer(), fc.constant(null), fc.constant({ $gt: '' }), fc.array(fc.string(), { maxLength: 2 }), fc.constant(true));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...jsonSystems()), fc.constantFrom('reference', 'eventId'), hostileValue, async (system, field, value) => {
        const body = JSON.stringify({ eventId: 'EV-HOSTILE', type: 'FUNDS_RECEIVED', event: 'DEPARTED', reference: 'shipment:x:y', bookingNo: 'CRCD000001', [field]: value });
        const ts = freshTimestamp();
        const r = await send('POST', `/v1/callbacks/${system.id}`, { body, contentType: 'application/json', headers: { 'x-cbec-timestamp': ts, 'x-cbec-signature': signBody(system.secret.reveal(), ts, body) } });
        expect(r.status).toBe(400);
        expect(r.body).toMatchObject({ code: 'CALLBACK_INVALID' });
        expect((r.body as { fields: { path: string }[] }).fields[0]?.path).toMatch(/^body/);
      }),
      { numRuns: 40, seed: SEED, endOnFailure: true },
    );
    expect(await p.db.inboundMessage.count()).toBe(inbox);
  });

  it('answers prototype names as callback systems with 404, not 500', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__defineGetter__']) {
      const body = '{}';
      const ts = freshTimestamp();
      const r = await send('POST', `/v1/callbacks/${name}`, { body, contentType: 'application/json', headers: { 'x-cbec-timestamp': ts, 'x-cbec-signature': signBody('any', ts, body) } });
      expect(r.status, name).toBe(404);
      expect(r.body).toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});

describe('cbec ceb parse on malformed input', () => {
  it.each([
    ['truncated', '<?xml version="1.0"?><ceb:CEB303Message xmlns:ceb="http://www.chinaport.gov.cn/ceb"><ceb:Order>'],
    ['not XML', 'hello, this is not a customs message'],
    ['an external entity', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b SYSTEM "file:///etc/passwd">]><ceb:CEB303Message xmlns:ceb="http://www.chinaport.gov.cn/ceb">&b;</ceb:CEB303Message>'],
    ['binary', '\u0000\u0001\u0002\uFFFD\u0007'],
  ])('%s: a non-zero exit and a message naming the input, no stack trace', async (_what, input) => {
    const r = await cbec(['ceb', 'parse', '-'], { input });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^cbec: /);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(r.stdout).toBe('');
  }, 30_000);
});

describe('body size limit and per-key rate limit', () => {
  it('answers a body above 1 MiB with 413 BODY_TOO_LARGE before anything is written', async () => {
    const shipments = await p.db.shipment.count();
    for (const path of ['/v1/shipments', '/v1/products', '/v1/stock-entries', '/v1/enterprises']) {
      const r = await send('POST', path, { body: JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }), contentType: 'application/json', authorization: `Bearer ${p.apiKey}` });
      expect(r.status, path).toBe(413);
      expect(r.body).toMatchObject({ code: 'BODY_TOO_LARGE' });
    }
    expect(await p.db.shipment.count()).toBe(shipments);
  });
  // the rate limit: test/e2e/rate-limit.test.ts
});

function otherKey(): string {
  // a key of the other enterprise (test/support/platform.ts does not expose its key, only its client)
  return `rl-other-${p.enterpriseId}`;
}
beforeAll(async () => {
  await ensureEnterpriseWithKey(p.db, { id: `${p.enterpriseId}-other`, name: 'other', customsCode: 'x', key: otherKey() });
});
