import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/**
 * A per-API-key rate limit: at most `perMinute` requests per fixed one-minute window for each
 * distinct `Authorization` header (counted by its SHA-256, never the key itself), checked before
 * the body is read. Requests without a key (registration, signed callbacks, /health) are not
 * counted here. Over the limit: 429 `RATE_LIMITED` with `Retry-After` (seconds).
 */
export function installRateLimit(app: FastifyInstance, opts: { perMinute: number; now?: () => number }): void {
  const now = opts.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  let sweptAt = now();
  app.addHook('onRequest', async (req, reply) => {
    const header = req.headers.authorization;
    if (!header) return;
    const t = now();
    if (t - sweptAt > 60_000) {
      for (const [k, w] of windows) if (t - w.start >= 60_000) windows.delete(k);
      sweptAt = t;
    }
    const id = createHash('sha256').update(header).digest('hex');
    let w = windows.get(id);
    if (!w || t - w.start >= 60_000) {
      w = { start: t, count: 0 };
      windows.set(id, w);
    }
    w.count += 1;
    if (w.count > opts.perMinute) {
      const retryAfter = Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000));
      return reply
        .code(429)
        .header('retry-after', String(retryAfter))
        .send({ code: 'RATE_LIMITED', message: `at most ${opts.perMinute} requests a minute per API key; retry after ${retryAfter} s`, fields: [] });
    }
  });
}
