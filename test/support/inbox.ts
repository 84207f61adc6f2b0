import { fieldCipher } from '../../codec/field-cipher.js';
import type { Prisma } from '../../db/client.js';
import type { Platform } from './platform.js';

/** Stored callbacks with their bodies opened (the inbox seals them: api/callbacks/inbox.ts), filtered by clear body text. */
export async function inboxMessages(p: Platform, q: { where?: Prisma.InboundMessageWhereInput; bodyContains?: string; body?: string } = {}) {
  const cipher = fieldCipher(p.config);
  const rows = await p.db.inboundMessage.findMany({ ...(q.where ? { where: q.where } : {}), orderBy: { id: 'asc' } });
  return rows
    .map((r) => ({ ...r, body: cipher.open(r.body) }))
    .filter((r) => (q.bodyContains === undefined || r.body.includes(q.bodyContains)) && (q.body === undefined || r.body === q.body));
}
