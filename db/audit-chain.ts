import { createHash } from 'node:crypto';
import { canonicalJson } from '../adapters/kit/verify-evidence.js';

/**
 * The audit trail's hash chain, without a database: used by db/audit.ts when appending and
 * verifying, and by `cbec audit verify` on an exported file offline.
 *
 * Each entry's hash is SHA-256 over the previous entry's hash followed by the canonical JSON
 * (sorted keys, no whitespace) of the entry's own fields, seq and time included. Editing an
 * entry breaks its own hash; rewriting its hash as well breaks the next entry's link; removing
 * an entry leaves a gap in the numbering and a broken link. (Removing the newest entries leaves
 * a shorter valid chain: keep the last seq and hash somewhere else, e.g. in each export's
 * receipt, to detect that.)
 */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export interface AuditRecord {
  seq: number;
  /** ISO time, millisecond precision (the database column is TIMESTAMP(3)). */
  at: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  detail: unknown;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level (one definition with the evidence packages' signatures, whose verifier integrators copy). */
export { canonicalJson };

export function auditEntryHash(prevHash: string, e: Omit<AuditRecord, 'prevHash' | 'hash'>): string {
  const body = canonicalJson({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, subjectType: e.subjectType, subjectId: e.subjectId, detail: e.detail });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

export type AuditBreak = 'HASH_MISMATCH' | 'LINK_BROKEN' | 'SEQ_GAP' | 'NOT_GENESIS';

export type AuditVerification =
  | { ok: true; entries: number; lastSeq: number | null; lastHash: string | null }
  | { ok: false; entries: number; brokenSeq: number; reason: AuditBreak; message: string };

/**
 * Walks entries in order and reports the first one that does not fit. Feed it page by page:
 * it keeps the previous entry between pushes. An export that starts after seq 1 is checked
 * from its first entry on (that entry's own link cannot be checked without its predecessor).
 */
export class AuditChainWalker {
  private prev: { seq: number; hash: string } | undefined;
  private count = 0;
  private broken: Extract<AuditVerification, { ok: false }> | undefined;

  /** Returns false once the chain is broken (the caller may stop reading). */
  push(e: AuditRecord): boolean {
    if (this.broken) return false;
    this.count += 1;
    const fail = (reason: AuditBreak, message: string) => {
      this.broken = { ok: false, entries: this.count, brokenSeq: e.seq, reason, message };
      return false;
    };
    if (this.prev) {
      if (e.seq !== this.prev.seq + 1) return fail('SEQ_GAP', `entry ${e.seq} follows ${this.prev.seq}: entries ${this.prev.seq + 1}…${e.seq - 1} are missing`);
      if (e.prevHash !== this.prev.hash) return fail('LINK_BROKEN', `entry ${e.seq} does not link to the hash of entry ${this.prev.seq}`);
    } else if (e.seq === 1 && e.prevHash !== AUDIT_GENESIS_HASH) {
      return fail('NOT_GENESIS', 'entry 1 must link to the genesis hash');
    }
    if (auditEntryHash(e.prevHash, e) !== e.hash) return fail('HASH_MISMATCH', `entry ${e.seq} was changed after it was written (its hash does not match its content)`);
    this.prev = { seq: e.seq, hash: e.hash };
    return true;
  }

  result(): AuditVerification {
    return this.broken ?? { ok: true, entries: this.count, lastSeq: this.prev?.seq ?? null, lastHash: this.prev?.hash ?? null };
  }
}

export function verifyAuditEntries(entries: Iterable<AuditRecord>): AuditVerification {
  const walker = new AuditChainWalker();
  for (const e of entries) if (!walker.push(e)) break;
  return walker.result();
}
