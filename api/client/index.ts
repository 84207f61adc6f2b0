import createClient from 'openapi-fetch';
import type { paths } from './schema.js';

/**
 * A typed client for the cbec-hub REST API (types generated from /openapi.json).
 * Used by the demo script and the API tests; integrators can copy it.
 */
export function createCbecClient(baseUrl: string, apiKey: string) {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${apiKey}` } });
}

/**
 * The same client for a person signed in through the browser (the web console): the session rides
 * in the HttpOnly `cbec_session` cookie (same origin, never a bearer key in the page), and every
 * state-changing request carries the session's CSRF token in `x-csrf-token`.
 */
export function createCbecSessionClient(baseUrl: string, csrfToken: () => string | undefined) {
  const client = createClient<paths>({ baseUrl, credentials: 'same-origin' });
  client.use({
    onRequest({ request }) {
      const token = csrfToken();
      if (token && !SAFE_METHODS.has(request.method)) request.headers.set('x-csrf-token', token);
      return request;
    },
  });
  return client;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type CbecClient = ReturnType<typeof createCbecClient>;
export type { paths, components } from './schema.js';
