import { createCbecSessionClient } from '../../api/client/index.js';
import type { components } from '../../api/client/index.js';

/** The CSRF token of the signed-in session (from POST/GET /v1/session); never stored outside memory. */
let csrfToken: string | undefined;

export function rememberCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** The console's one way to the platform: the public REST API, typed from its OpenAPI document. */
export const api = createCbecSessionClient(window.location.origin, () => csrfToken);

export type ApiError = components['schemas']['Error'];

/** An API answer that is not 2xx, carried as an Error so TanStack Query shows it. */
export class RequestFailed extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | undefined,
  ) {
    super(body?.message ?? `HTTP ${status}`);
  }
}

/** The data of an openapi-fetch answer, or a RequestFailed. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined && result.response.ok) return result.data;
  if (result.response.ok) return undefined as T; // 204
  throw new RequestFailed(result.response.status, result.error as ApiError | undefined);
}
