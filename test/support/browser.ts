/**
 * What a browser does with the console session, for tests: keeps the `cbec_session` cookie it is
 * given, remembers the CSRF token from POST /v1/session (or GET), and sends the token only when
 * asked (`{ csrf: true }`), as the console does on state changes.
 */
export interface Browser {
  cookie: string | undefined;
  csrfToken: string | undefined;
  call(method: string, path: string, body?: unknown, opts?: { csrf?: boolean; csrfToken?: string }): Promise<{ status: number; body: any; headers: Headers }>;
}

export function browser(apiUrl: string, cookie?: string): Browser {
  const b: Browser = {
    cookie,
    csrfToken: undefined,
    async call(method, path, body, opts = {}) {
      const csrf = opts.csrfToken ?? (opts.csrf ? b.csrfToken : undefined);
      const res = await fetch(`${apiUrl}${path}`, {
        method,
        headers: {
          ...(b.cookie !== undefined ? { cookie: `cbec_session=${b.cookie}` } : {}),
          ...(csrf ? { 'x-csrf-token': csrf } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const set = /^cbec_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '');
      if (set) b.cookie = set[1] || undefined;
      const text = await res.text();
      let parsed: any = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON (204, HTML)
      }
      if (res.ok && typeof parsed?.csrfToken === 'string') b.csrfToken = parsed.csrfToken;
      return { status: res.status, body: parsed, headers: res.headers };
    },
  };
  return b;
}
