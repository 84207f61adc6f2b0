import type { FastifyRequest } from 'fastify';

/** The enterprise an authenticated request acts for (set by api/auth.ts authenticate), for the request log. */
const requestEnterprise = new WeakMap<FastifyRequest, string>();

export function noteRequestEnterprise(req: FastifyRequest, enterpriseId: string): void {
  requestEnterprise.set(req, enterpriseId);
}

export function requestEnterpriseOf(req: FastifyRequest): string | undefined {
  return requestEnterprise.get(req);
}
