import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

/**
 * Input no route can store: PostgreSQL text cannot hold U+0000, so a NUL anywhere in the path
 * parameters, the query or a JSON body is refused with 400 before any route runs (it used to reach
 * the database and come back as a 500). Walks the body iteratively: deeply nested bodies are fine.
 */
export function installInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [where, value] of [['params', req.params], ['querystring', req.query], ['body', req.body]] as const) {
      if (where === 'body' && typeof value === 'string') continue; // raw callback bodies: verified and parsed by their routes
      const at = nulAt(value);
      if (at !== undefined) throw new ApiError(400, 'VALIDATION_FAILED', `invalid ${where}: NUL character`, [{ path: [where, ...at].join('.'), message: 'must not contain the NUL character (U+0000)' }]);
    }
  });
}

/** The path to the first string (or key) holding U+0000, if any (parent links: no path copies, so depth costs nothing). */
function nulAt(root: unknown): string[] | undefined {
  type Node = { value: unknown; key: string | undefined; parent: Node | undefined };
  const pathOf = (n: Node | undefined): string[] => {
    const out: string[] = [];
    for (let c = n; c?.key !== undefined; c = c.parent) out.unshift(c.key);
    return out;
  };
  const stack: Node[] = [{ value: root, key: undefined, parent: undefined }];
  while (stack.length) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return pathOf(node);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k.includes('\u0000')) return pathOf(node);
        stack.push({ value: v, key: k, parent: node });
      }
    }
  }
  return undefined;
}

/** Errors Fastify raises before routing (a URL that is not valid percent-encoding): the API's error body. */
export function frameworkErrors(err: Error & { code?: string }, _req: FastifyRequest, reply: FastifyReply): void {
  void reply.code(400).send({ code: err.code === 'FST_ERR_BAD_URL' ? 'BAD_URL' : 'BAD_REQUEST', message: err.message, fields: [] });
}
