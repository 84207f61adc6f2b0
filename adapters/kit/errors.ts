/**
 * Errors an adapter raises. `code` is a stable string (never a class name) that activities turn
 * into an ApplicationFailure type and workflows branch on. `retryable` decides whether Temporal
 * retries the activity; business rejections are not retryable.
 */
export class AdapterError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(opts: {
    code: string;
    message: string;
    retryable: boolean;
    status?: number;
    retryAfterMs?: number;
    details?: Record<string, unknown>;
  }) {
    super(opts.message);
    this.name = 'AdapterError';
    this.code = opts.code;
    this.retryable = opts.retryable;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
    this.details = opts.details;
  }
}

/** Codes shared by every adapter; each system adds its own `<SYSTEM>.<REASON>` codes. */
export const TransportErrorCode = {
  Unavailable: 'TRANSPORT.UNAVAILABLE',
  Timeout: 'TRANSPORT.TIMEOUT',
  RateLimited: 'TRANSPORT.RATE_LIMITED',
  BadResponse: 'TRANSPORT.BAD_RESPONSE',
  ClientError: 'TRANSPORT.CLIENT_ERROR',
} as const;

/**
 * The request codes every system's API answers: a malformed body, a missing idempotency key, and
 * a key reused with a different request (answered by the shared simulator half, kit/simulator.ts).
 */
export function requestErrorCodes<S extends string>(system: S) {
  return {
    InvalidRequest: `${system}.INVALID_REQUEST`,
    IdempotencyKeyRequired: `${system}.IDEMPOTENCY_KEY_REQUIRED`,
    IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  } as const;
}

export function isAdapterError(err: unknown): err is AdapterError {
  return err instanceof AdapterError;
}
