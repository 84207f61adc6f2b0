import createClient from 'openapi-fetch';
import type { paths } from './schema.js';

/**
 * A typed client for the cbec-hub REST API (types generated from /openapi.json).
 * Used by the demo script and the API tests; integrators can copy it.
 */
export function createCbecClient(baseUrl: string, apiKey: string) {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${apiKey}` } });
}

export type CbecClient = ReturnType<typeof createCbecClient>;
export type { paths, components } from './schema.js';
