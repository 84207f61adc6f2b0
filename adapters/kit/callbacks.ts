import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed callbacks from outside systems (simulators sign every callback; real systems that
 * cannot sign are put behind a gateway that does). Signature: hex HMAC-SHA256 over
 * `<timestamp>.<raw body>` with the system's shared secret, sent as `v1=<hex>`.
 */
export const SIGNATURE_HEADER = 'x-cbec-signature';
export const TIMESTAMP_HEADER = 'x-cbec-timestamp';
export const DEFAULT_TOLERANCE_MS = 5 * 60 * 1000;

/** The body as sent: a string is taken as its UTF-8 bytes, so both forms of one body sign alike. */
export function signBody(secret: string, timestamp: string, body: string | Uint8Array): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export type VerifyResult = { ok: true } | { ok: false; code: 'CALLBACK_SIGNATURE_MISSING' | 'CALLBACK_SIGNATURE_INVALID' | 'CALLBACK_STALE' };

export function verifyBody(opts: {
  secret: string;
  body: string | Uint8Array;
  timestamp: string | undefined;
  signature: string | undefined;
  now?: number;
  toleranceMs?: number;
}): VerifyResult {
  if (!opts.timestamp || !opts.signature) return { ok: false, code: 'CALLBACK_SIGNATURE_MISSING' };
  const ts = Number(opts.timestamp);
  const now = opts.now ?? Date.now();
  if (!Number.isFinite(ts) || Math.abs(now - ts) > (opts.toleranceMs ?? DEFAULT_TOLERANCE_MS)) {
    return { ok: false, code: 'CALLBACK_STALE' };
  }
  const expected = Buffer.from(signBody(opts.secret, opts.timestamp, opts.body));
  const given = Buffer.from(opts.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, code: 'CALLBACK_SIGNATURE_INVALID' };
  }
  return { ok: true };
}

export interface CallbackTarget {
  url: string;
  secret: string;
}

/**
 * Delivers one callback with retries, as real gateways do (the Chengdu gateway retries up to six
 * times until the receiver answers). `accept` decides whether the answer counts as delivered.
 */
export async function deliverCallback(opts: {
  target: CallbackTarget;
  body: string;
  contentType: string;
  /** Headers besides the content type and signature (e.g. the AS2 headers of a DXP delivery). */
  headers?: Record<string, string>;
  attempts?: number;
  retryDelayMs?: number;
  accept?: (status: number, text: string) => boolean;
}): Promise<{ delivered: boolean; attempts: number; lastError?: string }> {
  // why the last failed attempt failed (an answer's status, a timeout, a refused connection): the simulators' /_callbacks shows it
  let lastError = '';
  const attempts = opts.attempts ?? 6;
  const accept = opts.accept ?? ((status) => status >= 200 && status < 300);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const timestamp = String(Date.now());
    try {
      const res = await fetch(opts.target.url, {
        method: 'POST',
        body: opts.body,
        headers: {
          ...opts.headers,
          'content-type': opts.contentType,
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signBody(opts.target.secret, timestamp, opts.body),
        },
        signal: AbortSignal.timeout(10_000),
      });
      if (accept(res.status, await res.text())) return { delivered: true, attempts: attempt };
      lastError = `status ${res.status}`;
    } catch (err) {
      // receiver down: retry below
      lastError = `${(err as Error).name}: ${(err as Error).message}`.slice(0, 120);
    }
    if (attempt < attempts) await new Promise((r) => setTimeout(r, (opts.retryDelayMs ?? 500) * attempt));
  }
  return { delivered: false, attempts, lastError };
}
