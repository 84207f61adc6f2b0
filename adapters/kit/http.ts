import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { z } from 'zod';
import { AdapterError, TransportErrorCode } from './errors.js';
import { redactBody, redactHeaders, redactPath } from './redact.js';

/**
 * Where the client reports its exchanges (e.g. `log` of @temporalio/activity). It gets redacted
 * data only (kit/redact.ts): no secrets, signatures or personal data; bodies only at debug.
 */
export interface HttpLogger {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
  debug?(message: string, fields: Record<string, unknown>): void;
}

export interface HttpClientOptions {
  /** Name of the outside system, used in error messages (e.g. 'bank'). */
  system: string;
  baseUrl: string;
  /** Per-request timeout; an activity attempt should outlast it. */
  timeoutMs?: number;
  /** Extra headers on every request (e.g. an API key from config). */
  headers?: Record<string, string>;
  /** Reports each exchange, redacted; unset: silent. */
  logger?: HttpLogger;
}

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms; undefined when absent or past. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header.trim());
  const ms = /^\d+$/.test(header.trim()) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** What an adapter client is configured with: the system's name is the client's own. */
export type AdapterClientOptions = Omit<HttpClientOptions, 'system'>;

export interface HttpResponse {
  status: number;
  /** The body read as UTF-8. */
  text: string;
  /** The body as received (an XML answer may declare another encoding). */
  bytes: Uint8Array;
  headers: Headers;
}

export interface HttpClient {
  postJson<T>(path: string, body: unknown, opts: { idempotencyKey: string }): Promise<T>;
  /** postJson, then the answer checked against `schema`: a body outside it is a non-retryable BAD_RESPONSE. */
  postParsed<T>(path: string, body: unknown, idempotencyKey: string, schema: z.ZodType<T>): Promise<T>;
  postForm(path: string, fields: Record<string, string>, opts: { idempotencyKey: string }): Promise<HttpResponse>;
  /** A text body with its own headers (content type included), e.g. an AS2 post. */
  postText(path: string, body: string, opts: { idempotencyKey: string; headers: Record<string, string> }): Promise<HttpResponse>;
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
  const host = URL.canParse(base) ? new URL(base).host : '';

  const log = options.logger;
  function report(exchange: { method: string; path: string; headers: Record<string, string>; body: string | undefined; started: number }, res?: HttpResponse, error?: string) {
    if (!log) return;
    const fields = {
      system: options.system, method: exchange.method, path: redactPath(exchange.path), durationMs: Date.now() - exchange.started,
      idempotencyKey: exchange.headers['idempotency-key'], ...(res ? { status: res.status } : {}), ...(error ? { error } : {}),
    };
    if (error || (res && res.status >= 400)) log.warn('Adapter request failed', fields);
    else log.info('Adapter request', fields);
    log.debug?.('Adapter exchange', {
      ...fields,
      requestHeaders: redactHeaders({ ...options.headers, ...exchange.headers }),
      requestBody: redactBody(exchange.body, exchange.headers['content-type']),
      ...(res ? { responseHeaders: redactHeaders(res.headers), responseBody: redactBody(res.text, res.headers.get('content-type')) } : {}),
    });
  }

  /**
   * A CLIENT span per exchange (global tracer provider; a no-op unless tracing is on, see
   * observability/tracing.ts), child of the running activity's span, with the W3C `traceparent`
   * sent to the outside system. Attributes: system, method, path without query, status code.
   */
  async function send(method: string, path: string, body: string | undefined, headers: Record<string, string>) {
    const route = path.split('?')[0]!;
    const span = trace.getTracer('cbec-adapters').startSpan(`${method} ${options.system}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'cbec.system': options.system, 'http.request.method': method, 'url.path': route, 'server.address': host },
    });
    try {
      const res = await exchangeOnce(method, path, body, headers, trace.setSpan(context.active(), span));
      span.setAttribute('http.response.status_code', res.status);
      if (res.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
      return res;
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      if (err instanceof AdapterError) span.setAttribute('error.type', err.code);
      throw err;
    } finally {
      span.end();
    }
  }

  async function exchangeOnce(method: string, path: string, body: string | undefined, headers: Record<string, string>, spanContext: ReturnType<typeof context.active>) {
    const exchange = { method, path, headers, body, started: Date.now() };
    const traceHeaders: Record<string, string> = {};
    propagation.inject(spanContext, traceHeaders);
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        body,
        headers: { ...options.headers, ...headers, ...traceHeaders },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      report(exchange, undefined, timedOut ? 'timeout' : (err as Error).message);
      throw new AdapterError({
        code: timedOut ? TransportErrorCode.Timeout : TransportErrorCode.Unavailable,
        message: `${options.system}: ${method} ${redactPath(path)} ${timedOut ? 'timed out' : 'failed'}: ${(err as Error).message}`,
        retryable: true,
      });
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    const answer = { status: res.status, text: new TextDecoder().decode(bytes), bytes, headers: res.headers };
    report(exchange, answer);
    if (res.status >= 500 || res.status === 429 || res.status === 408) {
      const delay = retryAfterMs(res.headers.get('retry-after'));
      throw new AdapterError({
        code: res.status === 429 ? TransportErrorCode.RateLimited : TransportErrorCode.Unavailable,
        message: `${options.system}: ${method} ${redactPath(path)} answered ${res.status}`,
        retryable: true,
        status: res.status,
        ...(delay ? { retryAfterMs: delay } : {}),
      });
    }
    return answer;
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
    async postText(path, body, opts) {
      return send('POST', path, body, { ...opts.headers, 'idempotency-key': opts.idempotencyKey });
    },
    async getJson<T>(path: string) {
      return parseJson<T>(path, await send('GET', path, undefined, {}));
    },
  };
}
