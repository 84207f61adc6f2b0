/**
 * What an enterprise does in the pilot zone (docs/reference/domain-rules.md §1.2): the parties of the CBEC
 * messages. One registration (一次备案) can carry several roles, shared by every system
 * (多主体共享).
 */
export const ENTERPRISE_ROLES = ['PLATFORM', 'ECOMMERCE', 'LOGISTICS', 'PAYMENT', 'DECLARING_AGENT', 'WAREHOUSE'] as const;
export type EnterpriseRole = (typeof ENTERPRISE_ROLES)[number];

export function isEnterpriseRole(value: string): value is EnterpriseRole {
  return (ENTERPRISE_ROLES as readonly string[]).includes(value);
}

/** Indexes of the roles that are unknown or repeated (empty = a valid set). */
export function rolesProblems(roles: readonly string[]): { index: number; problem: 'UNKNOWN' | 'DUPLICATE' }[] {
  const seen = new Set<string>();
  const out: { index: number; problem: 'UNKNOWN' | 'DUPLICATE' }[] = [];
  roles.forEach((role, index) => {
    if (!isEnterpriseRole(role)) out.push({ index, problem: 'UNKNOWN' });
    else if (seen.has(role)) out.push({ index, problem: 'DUPLICATE' });
    seen.add(role);
  });
  return out;
}

/** The roles in the canonical order of ENTERPRISE_ROLES (stable storage and comparison). */
export function sortRoles(roles: readonly EnterpriseRole[]): EnterpriseRole[] {
  return ENTERPRISE_ROLES.filter((r) => roles.includes(r));
}

/** Registration status: PENDING until ops decide; only APPROVED enterprises may create shipments. */
/** MERGED: a duplicate registration ops merged into the approved enterprise it repeats (mergedInto). */
export const ENTERPRISE_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'MERGED'] as const;
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];
