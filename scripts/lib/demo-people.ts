import { hashApiKey } from '../../api/auth.js';
import { ensurePersonWithPassword } from '../../api/people.service.js';
import type { Db } from '../../db/client.js';

/**
 * The people `npm start` creates in development only (CBEC_ENV=development on a loopback HOST),
 * so the console can be tried at once: an ADMIN of the demo enterprise and an ops ADMIN. Their
 * credentials are public (README), like DEMO_API_KEY: never created in production mode.
 */
export const DEMO_PERSON = { email: 'demo@dazhou.example', password: 'dazhou-demo-console-2026', name: '演示管理员' } as const;
export const DEMO_OPS = { name: 'demo-ops', key: 'cbec-demo-ops-key-0001' } as const;

export async function ensureDemoPeople(db: Db, enterpriseId: string, development: boolean): Promise<void> {
  if (!development) throw new Error('demo people are for development only');
  await ensurePersonWithPassword(db, { enterpriseId, email: DEMO_PERSON.email, name: DEMO_PERSON.name, role: 'ADMIN', password: DEMO_PERSON.password, actor: 'npm-start' });
  const keyHash = hashApiKey(DEMO_OPS.key);
  await db.opsPerson.upsert({
    where: { name: DEMO_OPS.name },
    create: { id: 'ops-demo', name: DEMO_OPS.name, role: 'ADMIN', keyHash, createdBy: 'npm-start', expiresAt: null },
    update: {},
  });
}
