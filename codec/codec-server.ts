import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Secret } from '../config/config.js';
import type { AesGcmPayloadCodec } from './aes-gcm-codec.js';

/**
 * A Temporal codec server (https://docs.temporal.io/codec-server) under `/codec`, for the Web UI
 * and `temporal … --codec-endpoint`: `POST /codec/decode` and `POST /codec/encode` take and answer
 * `{ "payloads": [{ "metadata": { key: base64 }, "data": base64 }] }`.
 *
 * Only platform ops may call it: `Authorization: Bearer <ops key>` (a person's key of any role, or
 * the break-glass OPS_API_KEY; the CLI's `--codec-auth`, or the UI's "pass the user access token"
 * where the UI has its own login), or the session cookie that `/codec/login` sets (the dev
 * server's UI has no login; enable "Include cross-origin credentials" in its codec settings).
 * Credentials are checked when the request arrives, before its body is read: an unauthenticated
 * caller cannot make the server read 16 MiB. Each login is in the audit trail. CORS answers only
 * the configured UI origins.
 */
export function codecServerRoutes(deps: {
  codec: AesGcmPayloadCodec;
  opsKey: Secret;
  corsOrigins: readonly string[];
  /** The audit actor (`ops:<person>`) of a valid ops key in the request, else undefined. */
  opsActorOf(req: FastifyRequest): Promise<string | undefined>;
  /** Writes the audit entry of a codec login. */
  auditLogin(actor: string): Promise<void>;
}) {
  const cookieName = 'cbec_codec_session';
  const sessionToken = () => createHmac('sha256', deps.opsKey.reveal()).update('cbec-hub codec session v1').digest('base64url');
  const bodyLimit = 16 * 1024 * 1024;

  const equal = (a: string, b: string) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  };
  const bearer = (req: FastifyRequest) => /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const cookie = (req: FastifyRequest) =>
    (req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).find(([k]) => k === cookieName)?.[1];

  /** 401 without credentials, 403 with wrong ones; undefined when allowed. */
  const refuse = async (req: FastifyRequest, reply: FastifyReply) => {
    const given = bearer(req);
    if (given !== undefined) return (await deps.opsActorOf(req)) ? undefined : reply.code(403).send({ code: 'FORBIDDEN', message: 'the codec server needs an ops key', fields: [] });
    const session = cookie(req);
    if (session !== undefined) return equal(session, sessionToken()) ? undefined : reply.code(403).send({ code: 'FORBIDDEN', message: 'codec session is not valid: log in again at /codec/login', fields: [] });
    return reply.code(401).send({ code: 'UNAUTHENTICATED', message: 'send the ops key as "Authorization: Bearer <key>" or log in at /codec/login', fields: [] });
  };

  const toPayloads = (body: unknown): Payload[] | undefined => {
    const list = (body as { payloads?: unknown } | null)?.payloads;
    if (!Array.isArray(list)) return undefined;
    const out: Payload[] = [];
    for (const p of list) {
      if (typeof p !== 'object' || p === null) return undefined;
      const { metadata, data } = p as { metadata?: unknown; data?: unknown };
      if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null)) return undefined;
      if (data !== undefined && data !== null && typeof data !== 'string') return undefined;
      const meta: Record<string, Uint8Array> = {};
      for (const [k, v] of Object.entries((metadata ?? {}) as Record<string, unknown>)) {
        if (typeof v !== 'string') return undefined;
        meta[k] = new Uint8Array(Buffer.from(v, 'base64'));
      }
      out.push({ metadata: meta, data: new Uint8Array(Buffer.from((data as string | undefined) ?? '', 'base64')) });
    }
    return out;
  };
  const toJson = (payloads: Payload[]) => ({
    payloads: payloads.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
      data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
    })),
  });

  return async (app: FastifyInstance) => {
    app.addHook('onRequest', async (req, reply) => {
      const origin = req.headers.origin;
      if (origin && deps.corsOrigins.includes(origin)) {
        reply.header('access-control-allow-origin', origin);
        reply.header('access-control-allow-credentials', 'true');
      }
      reply.header('vary', 'Origin');
    });

    for (const op of ['decode', 'encode'] as const) {
      app.options(`/codec/${op}`, async (_req, reply) =>
        reply
          .code(204)
          .header('access-control-allow-methods', 'POST, OPTIONS')
          .header('access-control-allow-headers', 'authorization, content-type, x-namespace')
          .header('access-control-max-age', '600')
          .send(),
      );
      app.post(`/codec/${op}`, { bodyLimit, onRequest: refuse }, async (req, reply) => {
        const payloads = toPayloads(req.body);
        if (!payloads) return reply.code(400).send({ code: 'VALIDATION_FAILED', message: 'expected { "payloads": [{ "metadata": { key: base64 }, "data": base64 }] }', fields: [] });
        try {
          const result = op === 'decode' ? await deps.codec.decode(payloads) : await deps.codec.encode(payloads);
          return reply.code(200).header('content-type', 'application/json').send(toJson(result));
        } catch (err) {
          return reply.code(422).send({ code: 'UNDECODABLE_PAYLOAD', message: err instanceof Error ? err.message : String(err), fields: [] });
        }
      });
    }

    // A session cookie for the Web UI (it cannot send a bearer key without a UI login of its own).
    app.post('/codec/session', { bodyLimit: 1024 }, async (req, reply) => {
      const given = bearer(req);
      if (given === undefined) return reply.code(401).send({ code: 'UNAUTHENTICATED', message: 'send an ops key as "Authorization: Bearer <key>"', fields: [] });
      const actor = await deps.opsActorOf(req);
      if (!actor) return reply.code(403).send({ code: 'FORBIDDEN', message: 'the codec server needs an ops key', fields: [] });
      await deps.auditLogin(actor);
      reply.header('set-cookie', `${cookieName}=${sessionToken()}; Path=/codec; HttpOnly; SameSite=Strict; Max-Age=${8 * 3600}`);
      return reply.code(204).send();
    });
    app.delete('/codec/session', async (_req, reply) => {
      reply.header('set-cookie', `${cookieName}=; Path=/codec; HttpOnly; SameSite=Strict; Max-Age=0`);
      return reply.code(204).send();
    });
    app.get('/codec/login', async (_req, reply) => reply.type('text/html; charset=utf-8').send(LOGIN_PAGE));
  };
}

const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cbec-hub codec server</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>Decode payloads in the Temporal Web UI</h1>
<p>Shipment payloads in Temporal are encrypted. Enter the ops key to let this browser's Web UI decode them
(an HttpOnly cookie for this server, valid 8 hours). In the Web UI's codec server settings, enable
<em>Include cross-origin credentials</em>.</p>
<form id="f"><input id="k" type="password" autocomplete="off" placeholder="OPS_API_KEY" size="40"> <button>Log in</button></form>
<p id="r" role="status"></p>
<script>
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const res = await fetch('/codec/session', { method: 'POST', headers: { authorization: 'Bearer ' + document.getElementById('k').value } });
  document.getElementById('r').textContent = res.ok ? 'Logged in: reload the Web UI.' : 'Refused (' + res.status + ').';
});
</script>
</body></html>
`;
