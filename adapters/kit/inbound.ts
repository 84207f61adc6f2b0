import type { z } from 'zod';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyBody, type VerifyResult } from './callbacks.js';

/**
 * The inbound part of an adapter: how the platform authenticates and parses what an outside
 * system sends it (callbacks). The API imports only these parts, never an adapter's client.
 */
export interface Inbound<N> {
  /** The body's media type as the system sends it (its raw bytes are what the signature covers). */
  contentType: 'application/json' | 'application/x-www-form-urlencoded';
  authenticate(request: InboundRequest, secret: string): VerifyResult;
  /** A notice, or the field at fault and why. Never throws. */
  parse(raw: string): Parsed<N>;
  /** What the system expects as the answer to a callback it may stop sending. */
  accepted: unknown;
  duplicate: unknown;
}

export interface InboundRequest {
  /** The body as received: bytes, or their text when the bytes were UTF-8. */
  body: string | Uint8Array;
  headers: Record<string, string | string[] | undefined>;
}

export type Parsed<N> = { ok: true; notice: N } | { ok: false; field: string; message: string };

/** The platform's signature scheme (adapters/kit/callbacks.ts), read from the request headers. */
export function authenticateSigned(request: InboundRequest, secret: string): VerifyResult {
  return verifyBody({ secret, body: request.body, timestamp: header(request, TIMESTAMP_HEADER), signature: header(request, SIGNATURE_HEADER) });
}

export function header(request: InboundRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Parses a JSON body against a zod schema; the first issue names the field at fault. */
export function parseJsonWith<S extends z.ZodType>(schema: S, raw: string): Parsed<z.infer<S>> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, field: 'body', message: 'body must be a JSON object' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, field: 'body', message: 'body must be a JSON object' };
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, notice: result.data };
  const issue = result.error.issues[0]!;
  return { ok: false, field: ['body', ...issue.path.map(String)].join('.'), message: issue.message };
}

/** The answers of the JSON callbacks every system but the Single Window shares. */
export const JSON_REPLIES = { contentType: 'application/json', accepted: { received: true }, duplicate: { received: true, duplicate: true } } as const;
