import { z } from 'zod';
import { CUSTOMS_CODE_PATTERN } from '../domain/registry/customs-code.js';
import { ENTERPRISE_ROLES, ENTERPRISE_STATUSES } from '../domain/registry/roles.js';
import { AdminSetup, FirstAdmin } from './people.schemas.js';
import { IgnoredOperator } from './schemas.js';

/** Request and response bodies of the enterprise registry (/v1/enterprises) and the audit export. */

const Role = z.enum(ENTERPRISE_ROLES);
const Roles = z
  .array(Role)
  .min(1)
  .max(ENTERPRISE_ROLES.length)
  .superRefine((roles, ctx) => {
    roles.forEach((r, i) => {
      if (roles.indexOf(r) !== i) ctx.addIssue({ code: 'custom', path: [i], message: 'role listed twice' });
    });
  })
  .meta({ description: 'What the enterprise does in the zone: PLATFORM, ECOMMERCE, LOGISTICS, PAYMENT, DECLARING_AGENT, WAREHOUSE' });


export const Contact = z
  .object({
    name: z.string().trim().min(1).max(60),
    title: z.string().trim().min(1).max(60).optional(),
    phone: z.string().regex(/^\+?[\d-]{6,20}$/, 'a telephone number').optional(),
    email: z.email().max(200).optional(),
  })
  .strict()
  .refine((c) => c.phone !== undefined || c.email !== undefined, { message: 'a phone or an email', path: ['phone'] });

export const EnterpriseRegistration = z
  .object({
    name: z.string().trim().min(1).max(200),
    uscc: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, '18-character Unified Social Credit Code (GB 32100-2015)')
      .meta({ description: 'Unified Social Credit Code; a wrong check character is accepted with a warning (usccWarning) for manual review' }),
    customsCode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(CUSTOMS_CODE_PATTERN, '10-character customs registration code (6 digits, then 4 letters or digits)'),
    roles: Roles,
    contacts: z.array(Contact).min(1).max(5),
    admin: FirstAdmin.optional().meta({
      description: 'The first admin person of the console (optional; without it the enterprise uses API keys only until its key holder invites people with POST /v1/people). The answer then carries a one-time setup token',
    }),
  })
  .strict()
  .meta({ id: 'EnterpriseRegistration' });

export const ApiKeyInfo = z
  .object({
    id: z.string(),
    label: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    issuedBy: z.string().nullable().meta({ description: 'Who issued the key: ops:<person> or the enterprise registration' }),
  })
  .meta({ id: 'ApiKeyInfo' });

export const Enterprise = z
  .object({
    id: z.string(),
    name: z.string(),
    uscc: z.string().nullable(),
    customsCode: z.string(),
    roles: z.array(z.string()),
    status: z.enum(ENTERPRISE_STATUSES),
    mergedInto: z.string().nullable().meta({ description: 'MERGED: the approved enterprise this registration duplicated' }),
    usccWarning: z.string().nullable().meta({ description: 'Set when the USCC check character failed (GB 32100-2015): review by hand' }),
    contacts: z.array(z.object({ name: z.string(), title: z.string().optional(), phone: z.string().optional(), email: z.string().optional() })),
    approvedAt: z.string().nullable(),
    approvedBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    apiKeys: z.array(ApiKeyInfo),
  })
  .meta({ id: 'Enterprise' });

export const Warning = z.object({ code: z.string(), path: z.string(), message: z.string() }).meta({ id: 'Warning' });

export const EnterpriseRegistered = z
  .object({ enterprise: Enterprise, warnings: z.array(Warning), adminSetup: AdminSetup.optional().meta({ description: 'Only when the registration named an admin' }) })
  .meta({ id: 'EnterpriseRegistered' });

export const EnterpriseList = z.object({ items: z.array(Enterprise), nextCursor: z.string().nullable() }).meta({ id: 'EnterpriseList' });

export const EnterpriseListQuery = z
  .object({
    status: z.enum(ENTERPRISE_STATUSES).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const ApprovalBody = z
  .object({
    decision: z.enum(['APPROVE', 'REJECT']),
    operator: IgnoredOperator,
    note: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .meta({ description: 'Why; kept in the tamper-evident audit trail for good, so no personal data' }),
  })
  .strict()
  .meta({ id: 'ApprovalDecision' });

export const MergeBody = z
  .object({
    into: z.string().min(1).max(200).meta({ description: 'The approved enterprise with the same customs code or USCC' }),
    operator: IgnoredOperator,
    note: z.string().trim().min(1).max(500).optional().meta({ description: 'Why; kept in the tamper-evident audit trail for good, so no personal data' }),
  })
  .strict()
  .meta({ id: 'MergeRegistration' });

export const IssuedKey = z
  .object({
    id: z.string(),
    key: z.string().meta({ description: 'The API key itself: shown this once, stored only as its SHA-256' }),
    label: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
  })
  .meta({ id: 'IssuedApiKey' });

export const ApprovalResult = z
  .object({ enterprise: Enterprise, apiKey: IssuedKey.nullable().meta({ description: 'Issued on approval when the enterprise has no active key' }) })
  .meta({ id: 'ApprovalResult' });

export const RolesBody = z.object({ roles: Roles, operator: IgnoredOperator }).strict().meta({ id: 'EnterpriseRoles' });

export const KeyIssueBody = z
  .object({
    label: z.string().trim().min(1).max(60).optional(),
    expiresInDays: z.number().int().min(1).max(3660).optional().meta({ description: 'The key stops working after this many days (default: no expiry)' }),
    operator: IgnoredOperator,
  })
  .strict()
  .meta({ id: 'ApiKeyRequest' });

export const KeyParams = z.object({ id: z.string().min(1).max(200), keyId: z.string().min(1).max(200) });

export const AuditEntry = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    detail: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export const AuditExport = z
  .object({
    entries: z.array(AuditEntry),
    nextAfterSeq: z.number().int().nullable().meta({ description: 'More entries follow: ask again with afterSeq' }),
  })
  .meta({ id: 'AuditExport', description: 'Save the body as a file and check it offline with `npm run audit:verify -- <file>`' });

export const AuditQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().meta({ description: 'From this time (inclusive), ISO date or date-time' }),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().meta({ description: 'Until this time (exclusive)' }),
    afterSeq: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  })
  .strict();

export const AuditVerificationBody = z
  .object({
    ok: z.boolean(),
    entries: z.number().int(),
    lastSeq: z.number().int().nullable().optional(),
    lastHash: z.string().nullable().optional(),
    brokenSeq: z.number().int().optional(),
    reason: z.string().optional(),
    message: z.string().optional(),
  })
  .meta({ id: 'AuditVerification' });
