import { randomUUID } from 'node:crypto';
import { EVIDENCE_FORMAT, type EvidenceEnvelope } from '../adapters/kit/verify-evidence.js';
import type { EvidenceSigner } from '../config/evidence-key.js';
import { decideDisclosure, evidencePackage, type Consent, type DisclosureDecision, type DisclosureSubject, type EvidencePackage, type EvidenceSource, type FactCategory } from '../domain/finance/consent.js';
import { appendAudit } from './audit.js';
import type { Db, Prisma } from './client.js';

/**
 * Consents of enterprises to share facts with lenders and insurers, and the disclosures made
 * under them (issue 20 §3; domain/finance/consent.ts decides). Every grant, revocation and
 * disclosure is in the audit trail with the change it records (same transaction). Tenant
 * isolation: every call names the enterprise, and only its own consents are read or changed.
 */
export interface GrantInput {
  enterpriseId: string;
  recipient: string;
  purpose: Consent['purpose'];
  subjectIds: readonly string[];
  allSubjects: boolean;
  facts: readonly FactCategory[];
  validFrom: Date;
  validUntil: Date;
  /** `enterprise:<id>` as in the audit trail. */
  actor: string;
}

type Row = Awaited<ReturnType<Db['financeConsent']['findFirstOrThrow']>>;

export function toConsent(r: Row): Consent {
  return {
    id: r.id, enterpriseId: r.enterpriseId, recipient: r.recipient, purpose: r.purpose as Consent['purpose'],
    subjectIds: r.subjectIds, allSubjects: r.allSubjects, facts: r.facts as FactCategory[],
    validFrom: r.validFrom.toISOString(), validUntil: r.validUntil.toISOString(), revokedAt: r.revokedAt?.toISOString() ?? null,
  };
}

export async function grantConsent(db: Db, input: GrantInput): Promise<Consent> {
  if (input.validUntil <= input.validFrom) throw new RangeError('validUntil must be after validFrom');
  return db.$transaction(async (tx) => {
    const row = await tx.financeConsent.create({
      data: {
        id: `consent-${randomUUID()}`, enterpriseId: input.enterpriseId, recipient: input.recipient, purpose: input.purpose,
        subjectIds: [...input.subjectIds], allSubjects: input.allSubjects, facts: [...input.facts], validFrom: input.validFrom, validUntil: input.validUntil, grantedBy: input.actor,
      },
    });
    await appendAudit(tx, { actor: input.actor, action: 'finance-consent.granted', subjectType: 'finance-consent', subjectId: row.id, detail: { recipient: row.recipient, purpose: row.purpose, subjects: row.allSubjects ? 'ALL' : row.subjectIds, facts: row.facts, validFrom: row.validFrom.toISOString(), validUntil: row.validUntil.toISOString() } });
    return toConsent(row);
  });
}

/** Revokes a consent of `enterpriseId` (another enterprise's id finds nothing: undefined). Revoking again changes nothing. */
export async function revokeConsent(db: Db, input: { id: string; enterpriseId: string; actor: string; at?: Date }): Promise<Consent | undefined> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "FinanceConsent" WHERE "id" = ${input.id} AND "enterpriseId" = ${input.enterpriseId} FOR UPDATE`;
    if (rows.length === 0) return undefined;
    const current = await tx.financeConsent.findUniqueOrThrow({ where: { id: input.id } });
    if (current.revokedAt) return toConsent(current);
    const row = await tx.financeConsent.update({ where: { id: input.id }, data: { revokedAt: input.at ?? new Date(), revokedBy: input.actor } });
    await appendAudit(tx, { actor: input.actor, action: 'finance-consent.revoked', subjectType: 'finance-consent', subjectId: row.id, detail: { recipient: row.recipient } });
    return toConsent(row);
  });
}

export interface DisclosureRequest {
  enterpriseId: string;
  recipient: string;
  purpose: Consent['purpose'];
  subject: DisclosureSubject;
  requested: readonly string[];
  /** The loan or policy the disclosure is for. */
  purposeRef: string;
  /** The facts as assembled by the caller, by category; only the allowed ones are read. */
  source: EvidenceSource;
  actor: string;
  /** The platform's evidence-signing key (config/evidence-key.ts): every package disclosed is signed. */
  signer: EvidenceSigner;
  now?: Date;
}

export type DisclosureResult =
  | { disclosed: true; package: EvidencePackage; digest: string; consentId: string; envelope: EvidenceEnvelope }
  | { disclosed: false; decision: DisclosureDecision & { allowed: false } };

/**
 * Discloses under the enterprise's consent for this recipient and purpose, or refuses. The
 * enterprise's consents for the recipient are share-locked while deciding, so a revocation either
 * commits first (and this refuses) or waits until the disclosure is recorded: nothing is disclosed
 * after a revocation. A refusal writes nothing.
 */
export async function disclose(db: Db, req: DisclosureRequest): Promise<DisclosureResult> {
  const now = (req.now ?? new Date()).toISOString();
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "FinanceConsent" WHERE "enterpriseId" = ${req.enterpriseId} AND "recipient" = ${req.recipient} FOR SHARE`;
    const rows = await tx.financeConsent.findMany({ where: { enterpriseId: req.enterpriseId, recipient: req.recipient, purpose: req.purpose }, orderBy: { createdAt: 'desc' } });
    const decide = (consent: Consent | undefined) => decideDisclosure({ consent, now, recipient: req.recipient, purpose: req.purpose, subject: req.subject, requested: req.requested });
    const decisions = rows.map((r) => decide(toConsent(r)));
    const allowed = decisions.find((d): d is DisclosureDecision & { allowed: true } => d.allowed);
    if (!allowed) return { disclosed: false, decision: (decisions[0] ?? decide(undefined)) as DisclosureDecision & { allowed: false } };
    const pkg = evidencePackage(allowed, { subject: req.subject, recipient: req.recipient, issuedAt: now, source: req.source });
    const { canonical, ...envelope } = req.signer.sign(pkg);
    await recordDisclosure(tx, req, pkg, envelope, canonical);
    return { disclosed: true, package: pkg, digest: envelope.digest, consentId: allowed.consentId, envelope };
  });
}

/** A disclosure's answer as a workflow reads it: the package's digest, or why nothing was disclosed. */
export type Disclosed = { disclosed: true; digest: string } | { disclosed: false; reason: string };

/**
 * Discloses once per purpose reference (loan, policy) and subject: a retry (the activity run
 * again) finds the disclosure made and answers its digest; otherwise the evidence is assembled
 * (`evidence`: the subject and the facts) and disclosed under consent.
 */
export async function discloseOnce(db: Db, req: Omit<DisclosureRequest, 'subject' | 'source'>, subjectId: string, evidence: () => Promise<{ subject: DisclosureSubject; source: EvidenceSource }>): Promise<Disclosed> {
  const earlier = await db.financeDisclosure.findFirst({ where: { enterpriseId: req.enterpriseId, recipient: req.recipient, purposeRef: req.purposeRef, subjectId } });
  if (earlier) return { disclosed: true, digest: earlier.digest };
  const result = await disclose(db, { ...req, ...(await evidence()) });
  return result.disclosed ? { disclosed: true, digest: result.digest } : { disclosed: false, reason: result.decision.reason };
}

async function recordDisclosure(tx: Prisma.TransactionClient, req: DisclosureRequest, pkg: EvidencePackage, envelope: EvidenceEnvelope, canonical: string): Promise<void> {
  const facts = Object.keys(pkg.facts);
  const { digest, signature, kid: keyId } = envelope;
  await tx.financeDisclosure.create({
    data: { consentId: pkg.consentId, enterpriseId: req.enterpriseId, recipient: req.recipient, subjectType: req.subject.type, subjectId: req.subject.id, purposeRef: req.purposeRef, facts, withheld: pkg.withheld as Prisma.InputJsonArray, digest, package: canonical, signature, keyId, at: new Date(pkg.issuedAt) },
  });
  await appendAudit(tx, { actor: req.actor, action: 'finance-consent.disclosed', subjectType: 'finance-consent', subjectId: pkg.consentId, detail: { recipient: req.recipient, subjectType: req.subject.type, subjectId: req.subject.id, purposeRef: req.purposeRef, facts, withheld: pkg.withheld, digest, keyId } });
}

/**
 * The signed envelopes disclosed to `recipient` for a loan or policy (`purposeRef`), oldest first:
 * what goes with the application. Disclosures recorded before packages were signed have none.
 */
/** `{ signedEvidence }` when there is any, else nothing: a request with no signed package keeps its earlier shape (same idempotent body). */
export const nonEmpty = (signedEvidence: EvidenceEnvelope[]) => (signedEvidence.length ? { signedEvidence } : {});

export async function signedEvidenceFor(db: Db, recipient: string, purposeRef: string): Promise<EvidenceEnvelope[]> {
  const rows = await db.financeDisclosure.findMany({ where: { recipient, purposeRef, package: { not: null } }, orderBy: { id: 'asc' } });
  return rows.map((r) => ({ format: EVIDENCE_FORMAT, alg: 'EdDSA', kid: r.keyId!, digest: r.digest, signature: r.signature!, package: JSON.parse(r.package!) as Record<string, unknown> }));
}

/** The enterprise's disclosures, newest first (what it shared with whom). */
export function disclosuresOf(db: Db, enterpriseId: string) {
  return db.financeDisclosure.findMany({ where: { enterpriseId }, orderBy: { id: 'desc' } });
}
