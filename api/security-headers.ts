import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response of the API process (one place; docs/console-access.md):
 *
 * - Content-Security-Policy: everything from this origin only; no inline or `eval` scripts
 *   anywhere, no plugins, no framing (`frame-ancestors 'none'`), forms and fetches to this origin.
 *   Under /console styles may also be inline (`style-src 'self' 'unsafe-inline'`): Ant Design
 *   writes its CSS-in-JS into <style> elements at run time. Scripts there are still 'self' only.
 * - X-Content-Type-Options: nosniff; Referrer-Policy: no-referrer; X-Frame-Options: DENY (for
 *   browsers without frame-ancestors).
 *
 * A route may set its own stricter Content-Security-Policy (it is set here first, before the route runs).
 */
const BASE = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
};

const policy = (p: Record<string, string>) =>
  Object.entries(p)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');

export const CONTENT_SECURITY_POLICY = policy(BASE);
export const CONSOLE_CONTENT_SECURITY_POLICY = policy({ ...BASE, 'style-src': "'self' 'unsafe-inline'" });

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    const console = req.url === '/console' || req.url.startsWith('/console/') || req.url.startsWith('/console?');
    reply.header('content-security-policy', console ? CONSOLE_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
  });
}
