import type { Payload } from '@temporalio/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '../api/auth.js';
import type { AesGcmPayloadCodec } from './aes-gcm-codec.js';
import type { CodecSessions } from './sessions.js';

/**
 * A Temporal codec server (https://docs.temporal.io/codec-server) under `/codec`, for the Web UI
 * and `temporal … --codec-endpoint`: `POST /codec/decode` and `POST /codec/encode` take and answer
 * `{ "payloads": [{ "metadata": { key: base64 }, "data": base64 }] }`.
 *
 * Only platform ops may call it: `Authorization: Bearer <ops key>` (a person's key of any role, or
 * the break-glass OPS_API_KEY; the CLI's `--codec-auth`, or the UI's "pass the user access token"
 * where the UI has its own login), or the session cookie that `/codec/login` sets: a random token
 * whose session lives server-side (codec/sessions.ts), expires after 8 hours and ends at logout;
 * `Secure` outside development. Each login is in the audit trail. CORS answers only the
 * configured UI origins. Development (loopback, CBEC_ENV=development) trusts those origins without
 * a login, so the local Web UI shows decoded payloads out of the box; other callers still need
 * credentials. Credentials are checked before the body is read: an unauthenticated caller cannot
 * make the server read 16 MiB.
 */
export function codecServerRoutes(deps: {
  codec: AesGcmPayloadCodec;
  corsOrigins: readonly string[];
  sessions: CodecSessions;
  development: boolean;
  /** The audit actor (`ops:<person>`) of a valid ops key in the request, else undefined. */
  opsActorOf(req: FastifyRequest): Promise<string | undefined>;
  /** Writes the audit entry of a codec login. */
  auditLogin(actor: string): Promise<void>;
}) {
  const cookieName = 'cbec_codec_session';
  const cookieFlags = `Path=/codec; HttpOnly; SameSite=Strict${deps.development ? '' : '; Secure'}`;
  const bodyLimit = 16 * 1024 * 1024;

  const cookie = (req: FastifyRequest) =>
    (req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).find(([k]) => k === cookieName)?.[1];
  const trustedOrigin = (req: FastifyRequest) => req.headers.origin !== undefined && deps.corsOrigins.includes(req.headers.origin);

  /** 401 without credentials, 403 with wrong ones; undefined when allowed. */
  const refuse = async (req: FastifyRequest, reply: FastifyReply) => {
    const given = bearerToken(req);
    if (given !== undefined) return (await deps.opsActorOf(req)) ? undefined : reply.code(403).send({ code: 'FORBIDDEN', message: 'the codec server needs an ops key', fields: [] });
    const session = cookie(req);
    if (session !== undefined) return (await deps.sessions.valid(session)) ? undefined : reply.code(403).send({ code: 'FORBIDDEN', message: 'codec session expired or ended: log in again at /codec/login', fields: [] });
    if (deps.development && trustedOrigin(req)) return undefined; // the local Web UI (development on loopback only)
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
      app.post(`/codec/${op}`, { bodyLimit, onRequest: async (req, reply) => refuse(req, reply) }, async (req, reply) => {
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
      const given = bearerToken(req);
      if (given === undefined) return reply.code(401).send({ code: 'UNAUTHENTICATED', message: 'send an ops key as "Authorization: Bearer <key>"', fields: [] });
      const actor = await deps.opsActorOf(req);
      if (!actor) return reply.code(403).send({ code: 'FORBIDDEN', message: 'the codec server needs an ops key', fields: [] });
      await deps.auditLogin(actor);
      const token = await deps.sessions.open(actor);
      reply.header('set-cookie', `${cookieName}=${token}; ${cookieFlags}; Max-Age=${Math.floor(deps.sessions.ttlMs / 1000)}`);
      return reply.code(204).send();
    });
    // logout: the session is revoked server-side (a copied cookie stops working too)
    app.delete('/codec/session', async (req, reply) => {
      const session = cookie(req);
      if (session !== undefined) await deps.sessions.revoke(session);
      reply.header('set-cookie', `${cookieName}=; ${cookieFlags}; Max-Age=0`);
      return reply.code(204).send();
    });
    app.get('/codec/login', async (_req, reply) => reply.type('text/html; charset=utf-8').send(LOGIN_PAGE));
    app.get('/codec/login.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(LOGIN_SCRIPT));
  };
}

const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cbec-hub codec server</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>Decode payloads in the Temporal Web UI</h1>
<p>Shipment payloads in Temporal are encrypted. Enter the ops key to let this browser's Web UI decode them
(an HttpOnly cookie for this server, valid 8 hours or until you log out). In the Web UI's codec server
settings, enable <em>Include cross-origin credentials</em>.</p>
<form id="f"><input id="k" type="password" autocomplete="off" placeholder="OPS_API_KEY" size="40"> <button>Log in</button></form>
<p><button id="out" type="button">Log out</button></p>
<p id="r" role="status"></p>
<script src="/codec/login.js"></script>
</body></html>
`;

// the login page's script, served from here (the Content-Security-Policy allows no inline script)
const LOGIN_SCRIPT = `document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const res = await fetch('/codec/session', { method: 'POST', headers: { authorization: 'Bearer ' + document.getElementById('k').value } });
  document.getElementById('r').textContent = res.ok ? 'Logged in: reload the Web UI.' : 'Refused (' + res.status + ').';
});
document.getElementById('out').addEventListener('click', async () => {
  const res = await fetch('/codec/session', { method: 'DELETE' });
  document.getElementById('r').textContent = res.ok ? 'Logged out.' : 'Logout failed (' + res.status + ').';
});
`;
