import type { Simulator } from '../kit/simulator.js';
import { RECEIPT_PAGE_MAX, RECEIPTS_PATH, type IssuedReceipt } from './receipt-query.js';

/** Receipts the simulated gateway keeps for the query; the oldest go first (a real gateway keeps them for a while, not forever). */
const KEPT = 200_000;

/**
 * The receipts the simulated gateway issued, kept for its receipt query (receipt-query.ts:
 * `GET /cbec-gateway/rest/receipts?after=<seq>&limit=<n>`, the simulator's own route ⚠). Every
 * receipt of a document declared through the gateway is kept, whether or not its callback
 * arrived; `reset` (the simulator's `_control/reset`) forgets them.
 */
export function receiptBox(sim: Simulator): { keep(xml: string): void; reset(): void } {
  const kept: IssuedReceipt[] = [];
  // rising across restarts, as a time cursor would (the platform keeps its cursor in its database)
  let seq = Date.now() * 1000;
  sim.app.get<{ Querystring: { after?: string; limit?: string } }>(RECEIPTS_PATH, async (req, reply) => {
    const after = Number(req.query.after ?? 0);
    const limit = Number(req.query.limit ?? RECEIPT_PAGE_MAX);
    if (!Number.isInteger(after) || after < 0) return reply.code(400).send({ code: 'BAD_REQUEST', message: 'after: a sequence number (0 or more)' });
    if (!Number.isInteger(limit) || limit < 1 || limit > RECEIPT_PAGE_MAX) return reply.code(400).send({ code: 'BAD_REQUEST', message: `limit: 1 to ${RECEIPT_PAGE_MAX}` });
    // seq rises by one per receipt: the first one after `after` is found by arithmetic
    const first = kept.length === 0 ? 0 : Math.max(0, after + 1 - kept[0]!.seq);
    return { receipts: kept.slice(first, first + limit) };
  });
  return {
    keep(message) {
      kept.push({ seq: ++seq, issuedAt: new Date().toISOString(), message });
      if (kept.length > KEPT) kept.splice(0, kept.length - KEPT);
    },
    reset() {
      kept.length = 0;
    },
  };
}
