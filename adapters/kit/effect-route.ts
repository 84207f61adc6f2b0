import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IdempotencyConflict } from './ledger.js';
import type { Simulator } from './simulator.js';

/**
 * A business refusal a simulator answers with its status, stable code, message and optional
 * details, in its dialect's error body. A system that answers every outcome with one status
 * (its dialect's `status`) ignores the refusal's.
 */
export class Rejection extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

/**
 * How a system's API speaks where systems differ (each adapter's README.md): its request codes
 * (kit/errors.ts requestErrorCodes, or its own names) and, where it departs from the default, the
 * options below. A system on the defaults passes its error codes alone.
 */
export interface Dialect<C = undefined> {
  InvalidRequest: string;
  IdempotencyKeyRequired: string;
  /** Default `IDEMPOTENCY_KEY_REUSED`. */
  IdempotencyKeyReused?: string;
  /** Where the idempotency key is: a header, named as the API documents it (default `idempotency-key`), or a body field. */
  key?: { header: string } | { field: string };
  /** Messages of the system's own (default: the header is required; the ledger's conflict message). */
  messages?: { keyRequired?: string; keyReused?: (key: string) => string };
  /** Who calls, checked before anything else: the caller, or a Rejection thrown. */
  authenticate?: (req: FastifyRequest) => C;
  /** The input is the body and the path parameters together (default: the body). */
  withParams?: boolean;
  /** Every answer's HTTP status, success or refusal (a system that answers business outcomes with 200). */
  status?: number;
  /** The success body around a result (default: the result itself). */
  ok?: (result: unknown) => unknown;
  /** The error body of a refusal (default `{ code, message, details? }`). */
  error?: (r: Rejection) => unknown;
}

/** What an effect sees besides its input: the path parameters and the authenticated caller. */
export interface EffectContext<C> {
  params: Record<string, string>;
  caller: C;
}

const plainError = (r: Rejection) => ({ code: r.code, message: r.message, ...(r.details ? { details: r.details } : {}) });

/** A key used again for another request, in the dialect's code and message. */
const reused = (dialect: Dialect<unknown>, err: IdempotencyConflict) =>
  new Rejection(422, dialect.IdempotencyKeyReused ?? 'IDEMPOTENCY_KEY_REUSED', dialect.messages?.keyReused?.(err.key) ?? err.message);

/**
 * A route handler in a system's dialect: the caller authenticated first, a Rejection thrown by
 * `fn` (or a key the ledger finds used for another request) answered in the dialect's error body.
 * `fn`'s answer is sent as it is.
 */
export function dialectHandler<C>(dialect: Dialect<C>, fn: (req: FastifyRequest, reply: FastifyReply, caller: C) => unknown) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      return await fn(req, reply, dialect.authenticate ? dialect.authenticate(req) : (undefined as C));
    } catch (err) {
      const refusal = err instanceof IdempotencyConflict ? reused(dialect, err) : err;
      if (!(refusal instanceof Rejection)) throw err;
      return reply.code(dialect.status ?? refusal.status).send((dialect.error ?? plainError)(refusal));
    }
  };
}

function keyOf(req: FastifyRequest, where: NonNullable<Dialect<unknown>['key']>): string | undefined {
  const key = 'header' in where ? req.headers[where.header.toLowerCase()] : ((req.body ?? {}) as Record<string, unknown>)[where.field];
  return typeof key === 'string' && key !== '' ? key : undefined;
}

/**
 * The handlers of a simulator's effectful routes, in the system's dialect:
 * `effect(operation, schema, status, fn)`. Each one: the caller authenticated (if the dialect
 * does), the idempotency key required, the input validated, the effect performed once per key
 * and recorded in the ledger (a repeat answers the first result, a key used again for another
 * request is refused), a Rejection answered with its status, code and details. Rejections are
 * not recorded, so a refused call may be retried with the same key.
 */
export function effectHandlers<C = undefined>(sim: Simulator, dialect: Dialect<C>) {
  const where = dialect.key ?? { header: 'idempotency-key' };
  const keyRequired = dialect.messages?.keyRequired ?? `the ${'header' in where ? `${where.header} header` : `${where.field} field`} is required`;
  return <T>(operation: string, schema: z.ZodType<T>, status: number, fn: (input: T, ctx: EffectContext<C>) => unknown) =>
    dialectHandler(dialect, (req, reply, caller) => {
      const key = keyOf(req, where);
      if (key === undefined) throw new Rejection(400, dialect.IdempotencyKeyRequired, keyRequired);
      const params = (req.params ?? {}) as Record<string, string>;
      const parsed = schema.safeParse(dialect.withParams ? { ...(req.body as object | undefined), ...params } : req.body);
      if (!parsed.success) throw new Rejection(400, dialect.InvalidRequest, z.prettifyError(parsed.error));
      const { result } = sim.ledger.once(key, operation, { caller, params, body: parsed.data }, () => fn(parsed.data, { params, caller }));
      return reply.code(dialect.status ?? status).send(dialect.ok ? dialect.ok(result) : result);
    });
}

/** One effectful POST route of a simulator (effectHandlers at `route.path`, status 201 unless said). */
export function effectRoute<T, C = undefined>(
  sim: Simulator,
  dialect: Dialect<C>,
  route: { path: string; operation: string; status?: number },
  schema: z.ZodType<T>,
  fn: (body: T, ctx: EffectContext<C>) => unknown,
): void {
  sim.app.post(route.path, effectHandlers(sim, dialect)(route.operation, schema, route.status ?? 201, fn));
}
