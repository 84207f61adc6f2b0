/**
 * The simulator's signature check (ceb-messages.md §2.5, §4): customs verifies the business
 * signature of a declared message against the declaring enterprise's card certificate and rejects
 * the document with a negative receipt when it fails. Without a policy nothing is checked (the
 * Chengdu gateway takes unsigned messages, README "Transport").
 */
import type { AnyCebRequest, CebRequestType } from './ceb/index.js';
import { unsignedContent } from './signing/dsig.js';
import { verifyCebSignature, type VerifyFailure } from './signing/verify.js';

export interface SignaturePolicy {
  /** Certificates (PEM) the simulator trusts, by transmitting enterprise (BaseTransfer.copCode). */
  trusted: Record<string, readonly string[]>;
  /**
   * Which unsigned requests are refused: those of enterprises with a trusted certificate
   * ('enrolled', default), all, or none. A signed request is always verified.
   */
  require?: 'enrolled' | 'all' | 'none';
  /** SM2 distinguishing ID (default 1234567812345678). */
  userId?: string;
}

/**
 * Codes of §4/§9.3 where the reference has them: −621029/−623029/−625005 验签失败 (−625208 is
 * listed too), −621015 与卡信息不匹配, −621025 签名信息 (⚠ its exact text is not known). Other
 * messages have no documented signature code: the family's x000 code that the simulator also uses
 * for validation failures (⚠ the simulator's choice).
 */
const CODES: Partial<Record<CebRequestType, Partial<Record<'invalid' | 'untrusted' | 'missing', string>>>> = {
  CEB621Message: { invalid: '-621029', untrusted: '-621015', missing: '-621025' },
  CEB623Message: { invalid: '-623029' },
  CEB625Message: { invalid: '-625005' },
};
const TEXT: Record<VerifyFailure, string> = {
  missing: '签名信息为空', // ⚠ simulator's text
  malformed: '验签失败',
  invalid: '验签失败',
  expired: '验签失败，证书不在有效期内',
  untrusted: '与卡信息不匹配',
};

export type SignatureCheck = (parsed: AnyCebRequest, xml: string) => { status: string; info: string } | undefined;

/** The refusal (receipt status and text) for a request, or undefined when it passes the policy. */
export function signatureCheck(policy: SignaturePolicy | undefined, fallback: Record<CebRequestType, string>, now: () => Date): SignatureCheck {
  return (parsed, xml) => {
    if (!policy) return undefined;
    const copCode = typeof parsed.baseTransfer.copCode === 'string' ? parsed.baseTransfer.copCode : '';
    const trusted = Object.hasOwn(policy.trusted, copCode) ? policy.trusted[copCode] ?? [] : [];
    const require = policy.require ?? 'enrolled';
    if (!parsed.hasSignature && (require === 'none' || (require === 'enrolled' && trusted.length === 0))) return undefined;
    const result = verifyCebSignature(xml, { trusted, now: now(), ...(policy.userId ? { userId: policy.userId } : {}) });
    if (result.ok) return undefined;
    const kind = result.reason === 'missing' || result.reason === 'untrusted' ? result.reason : 'invalid';
    const status = CODES[parsed.messageType]?.[kind] ?? CODES[parsed.messageType]?.invalid ?? fallback[parsed.messageType];
    return { status, info: `${TEXT[result.reason]}：${result.message}`.slice(0, 1000) };
  };
}

/**
 * What the idempotency ledger compares: the message without its signature (canonical), so that a
 * retry whose signature differs (SM2 from a card is randomised) is the same request.
 */
export function ledgerForm(parsed: AnyCebRequest, xml: string): string {
  if (!parsed.hasSignature) return xml;
  try {
    return unsignedContent(xml);
  } catch {
    return xml;
  }
}
