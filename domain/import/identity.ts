import { assertIsoDate } from './effective.js';

/**
 * Orderer (订购人) identity for retail import (docs/reference/domain-rules.md §2.4, §7.2). Pure code, no
 * crypto: the hash kept in the database is made in db/quota.ts (`hashBuyerId`).
 *
 * Resident ID number (公民身份号码, GB 11643-1999): 6-digit address code, 8-digit birth date
 * YYYYMMDD, 3-digit sequence, 1 check character (ISO 7064 MOD 11-2, `X` for 10, upper case:
 * customs messages and WeChat Pay expect the upper-case X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const; // 2^(18−i) mod 11
const CHECK_CHARS = '10X98765432';

/** `buyerIdType` of a resident ID card in customs messages. */
export const BUYER_ID_TYPE_RESIDENT_ID = '1';

/** Trims and upper-cases (a lower-case x is the usual input slip). */
export function normaliseResidentId(raw: string): string {
  return raw.trim().toUpperCase();
}

/** The check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('need the first 17 digits of a resident ID');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export type ResidentIdProblem = 'FORMAT' | 'BIRTH_DATE' | 'CHECK_CHAR';

/**
 * What is wrong with an 18-character resident ID as given (not normalised: a lower-case x is a
 * FORMAT problem, since messages must carry the upper-case one), or undefined when valid.
 */
export function residentIdProblem(id: string): ResidentIdProblem | undefined {
  if (!/^\d{17}[\dX]$/.test(id)) return 'FORMAT';
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  try {
    assertIsoDate(birth);
  } catch {
    return 'BIRTH_DATE';
  }
  return residentIdCheckChar(id.slice(0, 17)) === id[17] ? undefined : 'CHECK_CHAR';
}

export function isValidResidentId(id: string): boolean {
  return residentIdProblem(id) === undefined;
}

export interface Person {
  name: string;
  idNumber: string;
}

/** Fields in which the orderer and the payer differ (empty = the same person). */
export function buyerPayerMismatch(buyer: Person, payer: Person): ('idNumber' | 'name')[] {
  const out: ('idNumber' | 'name')[] = [];
  if (normaliseResidentId(buyer.idNumber) !== normaliseResidentId(payer.idNumber)) out.push('idNumber');
  if (normaliseName(buyer.name) !== normaliseName(payer.name)) out.push('name');
  return out;
}

/** Names compared after Unicode NFC and without whitespace (“张 三” = “张三”). */
function normaliseName(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, '');
}

export type OrdererCheck =
  | { ok: true }
  | { ok: false; reason: 'INVALID_BUYER_ID'; problem: ResidentIdProblem }
  | { ok: false; reason: 'BUYER_NOT_PAYER'; mismatch: ('idNumber' | 'name')[] }
  | { ok: false; reason: 'PAYER_UNKNOWN' };

/**
 * §2.4: the e-commerce enterprise submits the orderer's identity authenticated by the competent
 * authority; when it cannot (`buyerIdentityVerified` false), the orderer and the payer must be the
 * same person. A payer known only as a payment institution's verdict (Alipay
 * `identityCheckResult`) is passed as `payerIsBuyer`.
 */
export function checkOrderer(input: {
  buyer: Person;
  buyerIdentityVerified: boolean;
  payer?: Person;
  payerIsBuyer?: boolean;
}): OrdererCheck {
  const problem = residentIdProblem(normaliseResidentId(input.buyer.idNumber));
  if (problem) return { ok: false, reason: 'INVALID_BUYER_ID', problem };
  if (input.buyerIdentityVerified) return { ok: true };
  if (input.payer) {
    const mismatch = buyerPayerMismatch(input.buyer, input.payer);
    return mismatch.length === 0 ? { ok: true } : { ok: false, reason: 'BUYER_NOT_PAYER', mismatch };
  }
  if (input.payerIsBuyer === undefined) return { ok: false, reason: 'PAYER_UNKNOWN' };
  return input.payerIsBuyer ? { ok: true } : { ok: false, reason: 'BUYER_NOT_PAYER', mismatch: [] };
}
