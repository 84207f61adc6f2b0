/**
 * Idempotency keys for outside effects: the workflow id plus the business step plus the
 * document revision. They survive activity retries, worker crashes, continue-as-new and resets
 * (unlike run ids), so an outside system sees one effect per key however often we ask.
 */
export function effectKey(workflowId: string, step: string, revision = 0): string {
  return `${workflowId}:${step}:r${revision}`;
}
