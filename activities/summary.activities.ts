import type { MessageSigner } from '../adapters/single-window/signing/index.js';
import type { BuildSummaryMessage, SingleWindowPort, SubmitAck, SubmitSummaryRequest } from '../adapters/single-window/port.js';
import type { Db } from '../db/client.js';
import { eligibleShipments, openSummary, recordSummaryResults, reviseSummary, summaryEnterprises, updateSummary, type SummaryRow } from '../db/summaries.js';
import { callOutside } from './failures.js';

export interface SummaryDeps {
  db: Db;
  singleWindow: SingleWindowPort;
  buildSummaryMessage: BuildSummaryMessage;
  /** Signs CEB701 like every other message (adapters/single-window/signing); unset: unsigned. */
  signer?: MessageSigner | undefined;
}

/** The 9610 monthly summary declaration's side effects (workflows/summary.workflow.ts). */
export const createSummaryActivities = (deps: SummaryDeps) => ({
  /** Enterprises with released statisticsFlag-B 9610 lists in the period not summarised yet. */
  async findSummaryEnterprises(q: { period: string; statisticsFlagDefault: 'A' | 'B' }): Promise<string[]> {
    return summaryEnterprises(deps.db, q);
  },
  /** The enterprise (for the message) and the inventory numbers to declare for the period. */
  async gatherSummaryInventories(q: { enterpriseId: string; period: string; statisticsFlagDefault: 'A' | 'B' }) {
    const enterprise = await deps.db.enterprise.findUniqueOrThrow({ where: { id: q.enterpriseId }, select: { id: true, name: true, customsCode: true } });
    const shipments = await eligibleShipments(deps.db, q);
    return { enterprise, invtNos: [...new Set(shipments.map((s) => s.invtNo))] };
  },
  /** Loads the enterprise's application for the period, or creates it (undefined: nothing to declare). */
  async openCustomsSummary(s: Parameters<typeof openSummary>[1]): Promise<SummaryRow | undefined> {
    return openSummary(deps.db, s);
  },
  /** After a rejection: the application again under the next copNo revision. */
  async reviseCustomsSummary(s: Parameters<typeof reviseSummary>[1]): Promise<SummaryRow> {
    return reviseSummary(deps.db, s);
  },
  /** Sends the CEB701 to the Single Window (once per idempotency key). */
  async submitSummary(req: SubmitSummaryRequest): Promise<SubmitAck> {
    const message = deps.buildSummaryMessage(req);
    return callOutside(async () => {
      const xml = deps.signer ? await deps.signer.sign(message.xml) : message.xml;
      return deps.singleWindow.submit({ messageType: message.messageType, xml }, req.idempotencyKey);
    });
  },
  async updateCustomsSummary(u: Parameters<typeof updateSummary>[1]): Promise<void> {
    await updateSummary(deps.db, u);
  },
  /** Stores sumNo and entryIds, and writes each declared shipment's entryId and timeline event. */
  async recordSummaryResults(r: Parameters<typeof recordSummaryResults>[1]): Promise<{ shipments: number }> {
    return recordSummaryResults(deps.db, r);
  },
});
