import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';
import { outsideCall } from '../shipment/options.js';
import { claimDecided, getPolicy, type CargoPolicyState, type ClaimDecision, type PolicyStatus } from './insurance-contract.js';

/**
 * What every policy workflow (cargo, export credit) starts with: its activities, its state answered
 * by `getPolicy`, the insurer's claim decisions (each callback event once) and a status change
 * recorded in the projection.
 */
export function policyRun(input: { policyId: string; timeScale: number }, initial: PolicyStatus) {
  const acts = (summary: string) => proxyActivities<Activities>({ ...outsideCall(input.timeScale), summary });
  const state: CargoPolicyState = { status: initial, claims: [] };
  const decisions: ClaimDecision[] = [];
  const seen = new Set<string>();
  setHandler(getPolicy, () => state);
  setHandler(claimDecided, (d) => {
    if (seen.has(d.eventId)) return;
    seen.add(d.eventId);
    decisions.push(d);
  });
  const setStatus = async (status: PolicyStatus, reason?: string) => {
    state.status = status;
    if (reason !== undefined) state.reason = reason;
    await acts(`Record policy ${status}`).projectPolicy({ policyId: input.policyId, state });
  };
  return { acts, state, decisions, setStatus };
}
