/** What the API answered in the end: its data, or the business refusal (a 4xx other than 429). */
export type Answer<T> = { ok: true; data: T; status: number } | { ok: false; status: number; error: unknown };

type Call<T> = () => Promise<{ data?: T; error?: unknown; response: { status: number } }>;

/**
 * Calls the API until it answers: network errors, 5xx and 429 are what a chaos run is made of
 * and the same request is resent (every write is idempotent); a 4xx other than 429 is the answer.
 */
export async function answered<T>(call: Call<T>, timeoutMs = 300_000): Promise<Answer<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await call().catch(() => undefined);
    if (res?.data !== undefined) return { ok: true, data: res.data, status: res.response.status };
    if (res && res.response.status < 500 && res.response.status !== 429) return { ok: false, status: res.response.status, error: res.error };
    if (Date.now() > deadline) throw new Error('gave up after retrying');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** As `answered`, for calls the run expects to succeed: any other 4xx is a bug, thrown. */
export async function retrying<T>(call: Call<T>, timeoutMs = 300_000): Promise<T> {
  const res = await answered(call, timeoutMs);
  if (!res.ok) throw new Error(`the API refused a request: ${res.status} ${JSON.stringify(res.error)}`);
  return res.data;
}
