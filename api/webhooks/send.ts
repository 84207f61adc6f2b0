import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Target } from './target.js';

export interface SendLimits {
  connectTimeoutMs: number;
  /** The whole attempt, connection to the last byte of the answer. */
  timeoutMs: number;
  /** Bytes of the answer read; the rest is cut off (the answer only needs a status). */
  maxResponseBytes: number;
}

export const SEND_LIMITS: SendLimits = { connectTimeoutMs: 5_000, timeoutMs: 15_000, maxResponseBytes: 64 * 1024 };

export interface SendResult {
  /** The HTTP status, undefined when no answer came. */
  statusCode?: number;
  ok: boolean;
  latencyMs: number;
  error?: string;
  /** The first 500 characters of the answer, for the attempts log. */
  excerpt?: string;
}

/**
 * POSTs one signed event to the checked address of its target (api/webhooks/target.ts): the
 * connection goes to that address while the URL's host name stays the Host header and the TLS
 * server name (certificate checked against it). Redirects are not followed (a 3xx is a failure);
 * only a 2xx is a delivery.
 */
export function sendWebhook(target: Target, headers: Record<string, string>, body: string, limits: SendLimits = SEND_LIMITS): Promise<SendResult> {
  const started = performance.now();
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      resolve({ ...r, latencyMs: Math.round(performance.now() - started) });
    };
    const req = client.request(target.url, {
      method: 'POST',
      lookup: pinned,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'cbec-hub-webhooks/1' },
      timeout: limits.connectTimeoutMs,
    });
    const overall = setTimeout(() => {
      req.destroy();
      finish({ ok: false, error: `no complete answer within ${limits.timeoutMs} ms` });
    }, limits.timeoutMs);
    req.on('timeout', () => {
      req.destroy();
      finish({ ok: false, error: `no connection or answer within ${limits.connectTimeoutMs} ms` });
    });
    req.on('error', (err: NodeJS.ErrnoException) => finish({ ok: false, error: err.code ?? 'request failed' }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const statusCode = res.statusCode ?? 0;
        finish({ statusCode, ok: statusCode >= 200 && statusCode < 300, excerpt: Buffer.concat(chunks).toString('utf8').slice(0, 500) });
      };
      res.on('data', (chunk: Buffer) => {
        if (size < limits.maxResponseBytes) chunks.push(chunk.subarray(0, limits.maxResponseBytes - size));
        size += chunk.length;
        if (size >= limits.maxResponseBytes) {
          done();
          res.destroy();
        }
      });
      res.on('end', done);
      res.on('error', done);
    });
    req.end(body);
  });
}
