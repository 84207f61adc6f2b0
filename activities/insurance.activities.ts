import { ApplicationFailure } from '@temporalio/common';
import type { InsurerPort } from '../adapters/insurer/port.js';
import type { EvidenceSigner } from '../config/evidence-key.js';
import type { Db } from '../db/client.js';
import { discloseOnce, nonEmpty, signedEvidenceFor, type Disclosed } from '../db/finance-consent.js';
import { CARGO_FACTS } from '../db/finance-loans.js';
import { cargoFacts, projectPolicy } from '../db/insurance.js';
import { formatMinor, toMinor } from '../domain/finance/money.js';
import type { CargoPolicyInput, CargoPolicyState, ClaimView } from '../workflows/finance/insurance-contract.js';
import { callOutside } from './failures.js';

export interface InsuranceDeps {
  db: Db;
  /** Insurer clients by system id (worker/worker.ts createPorts). */
  insurers: Record<string, InsurerPort>;
  /** The platform's evidence-signing key (config/evidence-key.ts): every disclosed package is signed. */
  evidenceSigner: EvidenceSigner;
}

/** The insurer's client, or a non-retryable UNKNOWN_INSURER when none is configured under that id. */
export function insurerPort(deps: InsuranceDeps, system: string): InsurerPort {
  const port = deps.insurers[system];
  if (!port) throw ApplicationFailure.create({ type: 'UNKNOWN_INSURER', message: `no insurer ${system} is configured`, nonRetryable: true });
  return port;
}

/**
 * The cargo insurance workflow's side effects (workflows/finance/insurance.workflow.ts): the
 * shipment's facts read from the projection, the disclosure under consent, every insurer call under
 * the policy's idempotency keys, and the projection. Amounts cross the workflow boundary in minor units.
 */
export const createInsuranceActivities = (deps: InsuranceDeps) => {
  const insurer = (system: string) => insurerPort(deps, system);
  return {
    /** The shipment's booking, goods and value, and its warehouse receipt with the damaged units. */
    async readCargoFacts(req: { shipmentId: string }) {
      return cargoFacts(deps.db, req.shipmentId);
    },

    /** Discloses the goods and timeline to the insurer under the enterprise's INSURANCE consent, once per policy. */
    async disclosePolicyEvidence(req: { policyId: string; enterpriseId: string; insurer: string; shipmentId: string; mode: string }): Promise<Disclosed> {
      return discloseOnce(deps.db, { enterpriseId: req.enterpriseId, recipient: req.insurer, purpose: 'INSURANCE', purposeRef: req.policyId, requested: CARGO_FACTS, actor: `workflow:${req.policyId}`, signer: deps.evidenceSigner }, req.shipmentId, async () => {
        const f = await cargoFacts(deps.db, req.shipmentId);
        return {
          source: { GOODS: { goods: f.goods, insuredValue: f.insuredValue, currency: f.currency }, TIMELINE: { corridor: f.corridor, booked: f.booked } },
          subject: { type: 'SHIPMENT', id: req.shipmentId, enterpriseId: req.enterpriseId, mode: req.mode as '9810' },
        };
      });
    },

    /** Quotes cargo cover (value, corridor, goods) and binds it, each once under the policy's keys. */
    async bindCargoPolicy(req: { input: CargoPolicyInput; currency: string; insuredValue: number; corridor: string; goods: { hsCode: string; description: string }[]; departureDate: string }) {
      const i = req.input;
      const port = insurer(i.insurer);
      const signedEvidence = await signedEvidenceFor(deps.db, i.insurer, i.policyId);
      const quote = await callOutside(() =>
        port.quote({ reference: i.policyId, cover: 'CARGO', insured: i.enterprise, currency: req.currency as 'CNY', insuredValue: formatMinor(req.insuredValue, req.currency as 'CNY'), cargo: { corridor: req.corridor, goods: req.goods, departureDate: req.departureDate }, ...nonEmpty(signedEvidence) }, `${i.policyId}:quote`),
      );
      const policy = await callOutside(() => port.bind({ reference: i.policyId, quoteId: quote.quoteId }, `${i.policyId}:bind`));
      return { policyNo: policy.policyNo, premium: toMinor(policy.premium, req.currency as 'CNY'), rateBp: quote.rateBp, coverFrom: policy.coverFrom, coverTo: policy.coverTo };
    },

    /** Opens a claim with its evidence, once under its key; CLAIM_DECIDED follows by callback (cargo and export credit). */
    async openClaim(req: { input: CargoPolicyInput; policyNo: string; currency: string; claim: ClaimView }): Promise<{ claimId: string }> {
      const c = req.claim;
      // a non-payment claim's FX record, disclosed under `<policy id>:claim` (credit-insurance.activities.ts); cargo claims have none
      const signedEvidence = await signedEvidenceFor(deps.db, req.input.insurer, `${req.input.policyId}:claim`);
      const claim = await callOutside(() =>
        insurer(req.input.insurer).claim(
          { reference: req.input.policyId, policyNo: req.policyNo, loss: c.loss, currency: req.currency as 'CNY', amount: formatMinor(c.amount, req.currency as 'CNY'), occurredOn: c.occurredOn, evidence: c.evidence.map((e) => ({ type: e.type, sha256: e.sha256 })), ...nonEmpty(signedEvidence) },
          c.key,
        ),
      );
      return { claimId: claim.claimId };
    },

    /** Writes the policy's state to PostgreSQL (cargo and export credit). */
    async projectPolicy(req: { policyId: string; state: CargoPolicyState }): Promise<void> {
      await projectPolicy(deps.db, req.policyId, req.state);
    },
  };
};
