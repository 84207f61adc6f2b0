/**
 * Consent and data sharing (issue 20 §3): nothing about an enterprise reaches a lender or insurer
 * without the enterprise's recorded, revocable, scoped authorisation — which shipments (or stock),
 * which facts, until when — and never buyers' personal data: an enterprise cannot consent for its
 * buyers. Pure: decides what an evidence package may contain; db/finance-consent.ts records
 * consents and disclosures.
 */

/** The facts an enterprise can let a lender or insurer see, each a part of the evidence package. */
export const FACT_CATEGORIES = [
  /** The shipment's verified timeline: statuses with times, declaration numbers and receipts. */
  'TIMELINE',
  /** Goods lines: SKU, HS code, name, quantities, prices (no buyer). */
  'GOODS',
  /** Reconciliation of money and goods flows (declared, collected, settled, refunded). */
  'RECONCILIATION',
  /** FX collections and settlements with their rates. */
  'FX',
  /** The export refund filed (报关单号, amount, status). */
  'REFUND',
  /** Stock held for the enterprise in overseas or bonded warehouses, pledged units included. */
  'STOCK',
  /** The enterprise's credit score with its explanation. */
  'CREDIT',
  /** The overseas buyer of a 9710 consignment, a business (name, country): never a consumer. */
  'BUYER_BUSINESS',
] as const;
export type FactCategory = (typeof FACT_CATEGORIES)[number];

export type Recipient = string;

export interface Consent {
  id: string;
  enterpriseId: string;
  /** System id of the lender or insurer (adapters/systems.ts). */
  recipient: Recipient;
  purpose: 'FINANCING' | 'INSURANCE';
  /** Shipments (or stock entries) covered; `allSubjects` covers every subject of the enterprise. */
  subjectIds: readonly string[];
  allSubjects: boolean;
  facts: readonly FactCategory[];
  /** ISO times: valid from, until (exclusive). */
  validFrom: string;
  validUntil: string;
  revokedAt: string | null;
}

export type ConsentState = 'ACTIVE' | 'REVOKED' | 'EXPIRED' | 'NOT_YET_VALID';

export function consentState(c: Consent, now: string): ConsentState {
  if (c.revokedAt !== null && c.revokedAt <= now) return 'REVOKED';
  if (now < c.validFrom) return 'NOT_YET_VALID';
  if (now >= c.validUntil) return 'EXPIRED';
  return 'ACTIVE';
}

/** What a disclosure is about: a shipment (with its customs mode), a stock entry, or the enterprise itself (credit). */
export interface DisclosureSubject {
  type: 'SHIPMENT' | 'STOCK' | 'ENTERPRISE';
  id: string;
  enterpriseId: string;
  mode?: '9610' | '9710' | '9810' | '1210';
}

export type WithheldReason = 'NOT_CONSENTED' | 'PERSONAL_DATA' | 'UNKNOWN_FACT';

export type DisclosureDecision =
  | { allowed: true; consentId: string; disclose: FactCategory[]; withheld: { fact: string; reason: WithheldReason }[] }
  | { allowed: false; reason: 'NO_CONSENT' | 'WRONG_ENTERPRISE' | 'WRONG_RECIPIENT' | 'WRONG_PURPOSE' | 'SUBJECT_NOT_COVERED' | Exclude<ConsentState, 'ACTIVE'> };

const isFact = (f: string): f is FactCategory => (FACT_CATEGORIES as readonly string[]).includes(f);

/**
 * Whether the consent lets `recipient` see the requested facts about `subject` at `now`, and
 * which. Facts outside the consent are withheld. Only a 9710 buyer is a business; the buyers
 * of 9610 parcels, 9810 stock sold abroad and 1210 orders are persons, so BUYER_BUSINESS is
 * withheld as personal data for every other subject, whatever the consent says.
 * ASSUMPTION: an enterprise may consent to share a business buyer's name and country (company data,
 * not personal information under the PIPL), never a consumer's data (PIPL art. 13: consent is the
 * individual's own; no source beyond the law's text recalled, ⚠ unverified).
 */
export function decideDisclosure(input: {
  consent: Consent | undefined;
  now: string;
  recipient: Recipient;
  purpose: Consent['purpose'];
  subject: DisclosureSubject;
  requested: readonly string[];
}): DisclosureDecision {
  const c = input.consent;
  if (!c) return { allowed: false, reason: 'NO_CONSENT' };
  if (c.enterpriseId !== input.subject.enterpriseId) return { allowed: false, reason: 'WRONG_ENTERPRISE' };
  if (c.recipient !== input.recipient) return { allowed: false, reason: 'WRONG_RECIPIENT' };
  if (c.purpose !== input.purpose) return { allowed: false, reason: 'WRONG_PURPOSE' };
  const state = consentState(c, input.now);
  if (state !== 'ACTIVE') return { allowed: false, reason: state };
  if (input.subject.type !== 'ENTERPRISE' && !c.allSubjects && !c.subjectIds.includes(input.subject.id)) return { allowed: false, reason: 'SUBJECT_NOT_COVERED' };
  const businessBuyer = input.subject.type === 'SHIPMENT' && input.subject.mode === '9710';
  const disclose: FactCategory[] = [];
  const withheld: { fact: string; reason: WithheldReason }[] = [];
  for (const fact of new Set(input.requested)) {
    if (!isFact(fact)) withheld.push({ fact, reason: 'UNKNOWN_FACT' });
    else if (fact === 'BUYER_BUSINESS' && !businessBuyer) withheld.push({ fact, reason: 'PERSONAL_DATA' });
    else if (!c.facts.includes(fact)) withheld.push({ fact, reason: 'NOT_CONSENTED' });
    else disclose.push(fact);
  }
  return { allowed: true, consentId: c.id, disclose, withheld };
}

/** The facts the platform holds about a subject, by category, as the activity assembled them. */
export type EvidenceSource = Partial<Record<string, unknown>>;

export interface EvidencePackage {
  subject: DisclosureSubject;
  consentId: string;
  recipient: Recipient;
  issuedAt: string;
  facts: Partial<Record<FactCategory, unknown>>;
  withheld: { fact: string; reason: WithheldReason }[];
}

/**
 * The package a lender or insurer receives: only the decided categories are copied from the
 * source (anything else the source holds is never looked at), with what was withheld and why.
 * The platform signs its canonical JSON (db/audit-chain.ts canonicalJson) outside this pure code.
 */
export function evidencePackage(decision: DisclosureDecision & { allowed: true }, input: { subject: DisclosureSubject; recipient: Recipient; issuedAt: string; source: EvidenceSource }): EvidencePackage {
  const facts: Partial<Record<FactCategory, unknown>> = {};
  const withheld = [...decision.withheld];
  for (const fact of decision.disclose) {
    if (input.source[fact] === undefined) continue;
    facts[fact] = input.source[fact];
  }
  return { subject: input.subject, consentId: decision.consentId, recipient: input.recipient, issuedAt: input.issuedAt, facts, withheld };
}
