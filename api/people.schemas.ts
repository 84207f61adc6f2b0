import { z } from 'zod';
import { OPS_ROLES } from './ops-auth.js';
import { PASSWORD_MAX, PASSWORD_MIN } from './people-passwords.js';
import { PERSON_ROLES, type Identity as SignedInIdentity } from './people-session.js';

/** Request and response bodies of console sign-in (/v1/session), people and invitations. */

export const PersonRoleSchema = z.enum(PERSON_ROLES).meta({ description: 'ADMIN manages people; OPERATOR acts; VIEWER reads only' });

/** The sign-in name: an email address, lower-cased. */
export const Email = z.string().trim().max(254).pipe(z.email()).transform((e) => e.toLowerCase());
/** A password as given at sign-in (the policy applies when one is set, not here). */
const GivenPassword = z.string().min(1).max(PASSWORD_MAX);

export const SessionCreate = z
  .object({
    email: Email.optional(),
    password: GivenPassword.optional(),
    opsKey: z.string().min(8).max(200).optional().meta({ description: "An ops person's own key (not the break-glass key)" }),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.opsKey !== undefined) {
      if (b.email !== undefined || b.password !== undefined) ctx.addIssue({ code: 'custom', path: ['opsKey'], message: 'either email and password, or opsKey' });
      return;
    }
    if (b.email === undefined) ctx.addIssue({ code: 'custom', path: ['email'], message: 'required (or opsKey)' });
    if (b.password === undefined) ctx.addIssue({ code: 'custom', path: ['password'], message: 'required' });
  })
  .meta({ id: 'SessionCreate', description: 'An enterprise person: { email, password }. An ops person: { opsKey }.' });

export const Identity = z
  .object({
    kind: z.enum(['enterprise', 'ops']),
    personId: z.string(),
    name: z.string(),
    email: z.string().optional().meta({ description: 'Enterprise people only' }),
    role: z.enum(OPS_ROLES).meta({ description: 'Enterprise: ADMIN, OPERATOR or VIEWER. Ops: VIEWER, OPERATOR or ADMIN (api/ops-auth.ts)' }),
    enterpriseId: z.string().optional(),
    enterpriseName: z.string().optional(),
    enterpriseStatus: z.string().optional().meta({ description: 'PENDING, APPROVED, REJECTED or MERGED' }),
  })
  .meta({ id: 'Identity' });

export const SessionAnswer = z
  .object({
    identity: Identity,
    csrfToken: z.string().meta({ description: 'Send as header x-csrf-token on every POST, PUT, PATCH and DELETE made with the session cookie' }),
  })
  .meta({ id: 'Session' });

export const Person = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: PersonRoleSchema,
    status: z.enum(['INVITED', 'ACTIVE', 'DISABLED']).meta({ description: 'INVITED: no password set yet' }),
    createdAt: z.string(),
    createdBy: z.string(),
    disabledAt: z.string().nullable(),
  })
  .meta({ id: 'Person' });

export const PersonList = z.object({ items: z.array(Person) }).meta({ id: 'PersonList' });

const PersonName = z.string().trim().min(1).max(100);

export const PersonCreate = z.object({ email: Email, name: PersonName, role: PersonRoleSchema }).strict().meta({ id: 'PersonCreate' });

export const PersonUpdate = z
  .object({ role: PersonRoleSchema.optional(), disabled: z.boolean().optional().meta({ description: 'true: the person cannot sign in and their sessions end at once' }) })
  .strict()
  .refine((b) => b.role !== undefined || b.disabled !== undefined, { message: 'role or disabled', path: ['role'] })
  .meta({ id: 'PersonUpdate' });

export const Invitation = z
  .object({
    token: z.string().meta({ description: 'One-time token: shown this once, stored as its SHA-256. Hand it to the person; POST /v1/invitations/accept sets their password' }),
    expiresAt: z.string(),
  })
  .meta({ id: 'Invitation' });

export const PersonInvited = z.object({ person: Person, invitation: Invitation }).meta({ id: 'PersonInvited' });

export const InvitationAccept = z
  .object({
    token: z.string().min(20).max(200),
    password: z.string().max(PASSWORD_MAX).meta({ description: `At least ${PASSWORD_MIN} characters, not the email address` }),
  })
  .strict()
  .meta({ id: 'InvitationAccept' });

/** The first admin named at registration (optional: registrations without it work as before). */
export const FirstAdmin = z.object({ email: Email, name: PersonName }).strict().meta({ id: 'FirstAdmin' });

export const AdminSetup = z
  .object({
    personId: z.string(),
    token: z.string().meta({ description: 'One-time setup token for the first admin: shown this once; POST /v1/invitations/accept once ops approved the enterprise (409 ENTERPRISE_NOT_APPROVED before)' }),
    expiresAt: z.string(),
  })
  .meta({ id: 'AdminSetup' });

/** The Identity as the API shows it (the customs code stays inside). */
export function identityView(i: SignedInIdentity): z.infer<typeof Identity> {
  return i.kind === 'ops'
    ? { kind: 'ops', personId: i.personId, name: i.name, role: i.role }
    : { kind: 'enterprise', personId: i.personId, name: i.name, email: i.email, role: i.role, enterpriseId: i.enterpriseId, enterpriseName: i.enterpriseName, enterpriseStatus: i.enterpriseStatus };
}
