import { z } from 'zod';
import { AdapterError, TransportErrorCode } from './errors.js';

export interface HttpClientOptions {
  /** Name of the outside system, used in error messages (e.g. 'bank'). */
  system: string;
  baseUrl: string;
  /** Per-request timeout; an activity attempt should outlast it. */
  timeoutMs?: number;
  /** Extra headers on every request (e.g. an API key from config). */
  headers?: Record<string, string>;
}

/** What an adapter client is configured with: the system's name is the client's own. */
export type AdapterClientOptions = Omit<HttpClientOptions, 'system'>;

export interface HttpResponse {
  status: number;
  text: string;
  headers: Headers;
}

export interface HttpClient {
  postJson<T>(path: string, body: unknown, opts: { idempotencyKey: string }): Promise<T>;
  /** postJson, then the answer checked against `schema`: a body outside it is a non-retryable BAD_RESPONSE. */
  postParsed<T>(path: string, body: unknown, idempotencyKey: string, schema: z.ZodType<T>): Promise<T>;
  postForm(path: string, fields: Record<string, string>, opts: { idempotencyKey: string }): Promise<HttpResponse>;
  getJson<T>(path: string): Promise<T>;
}

/**
 * A small fetch wrapper that every adapter client uses, so that the idempotency key header,
 * timeouts and the mapping of transport failures to retryable AdapterErrors are written once.
 * 5xx, 429, timeouts and refused connections are retryable; other 4xx are not.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function send(method: string, path: string, body: string | undefined, headers: Record<string, string>) {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        body,
        headers: { ...options.headers, ...headers },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new AdapterError({
        code: timedOut ? TransportErrorCode.Timeout : TransportErrorCode.Unavailable,
        message: `${options.system}: ${method} ${path} ${timedOut ? 'timed out' : 'failed'}: ${(err as Error).message}`,
        retryable: true,
      });
    }
    const text = await res.text();
    if (res.status >= 500 || res.status === 429 || res.status === 408) {
      const retryAfter = Number(res.headers.get('retry-after'));
      throw new AdapterError({
        code: res.status === 429 ? TransportErrorCode.RateLimited : TransportErrorCode.Unavailable,
        message: `${options.system}: ${method} ${path} answered ${res.status}`,
        retryable: true,
        status: res.status,
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      });
    }
    return { status: res.status, text, headers: res.headers };
  }

  function parseJson<T>(path: string, res: HttpResponse): T {
    let parsed: unknown;
    try {
      parsed = res.text === '' ? undefined : JSON.parse(res.text);
    } catch {
      throw new AdapterError({
        code: TransportErrorCode.BadResponse,
        message: `${options.system}: ${path} answered ${res.status} with a body that is not JSON`,
        retryable: false,
        status: res.status,
      });
    }
    if (res.status >= 400) {
      const body = (parsed ?? {}) as { code?: unknown; message?: unknown };
      throw new AdapterError({
        code: typeof body.code === 'string' ? body.code : TransportErrorCode.ClientError,
        message: `${options.system}: ${path} answered ${res.status}: ${typeof body.message === 'string' ? body.message : res.text.slice(0, 200)}`,
        retryable: false,
        status: res.status,
        details: { body: parsed },
      });
    }
    return parsed as T;
  }

  async function postJson<T>(path: string, body: unknown, opts: { idempotencyKey: string }) {
    const res = await send('POST', path, JSON.stringify(body), {
      'content-type': 'application/json',
      'idempotency-key': opts.idempotencyKey,
    });
    return parseJson<T>(path, res);
  }

  return {
    postJson,
    async postParsed<T>(path: string, body: unknown, idempotencyKey: string, schema: z.ZodType<T>) {
      const parsed = schema.safeParse(await postJson<unknown>(path, body, { idempotencyKey }));
      if (!parsed.success) {
        throw new AdapterError({
          code: TransportErrorCode.BadResponse,
          message: `${options.system}: POST ${path} answered a body outside the contract: ${z.prettifyError(parsed.error)}`,
          retryable: false,
        });
      }
      return parsed.data;
    },
    async postForm(path, fields, opts) {
      return send('POST', path, new URLSearchParams(fields).toString(), {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'idempotency-key': opts.idempotencyKey,
      });
    },
    async getJson<T>(path: string) {
      return parseJson<T>(path, await send('GET', path, undefined, {}));
    },
  };
}
