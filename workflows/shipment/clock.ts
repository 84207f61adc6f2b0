/** The workflow's current time as ISO text (deterministic: the SDK replaces Date in workflow code). */
export function nowIso(): string {
  return new Date(Date.now()).toISOString();
}
