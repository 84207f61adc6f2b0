import { writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { Client } from '@temporalio/client';
import { repoRoot } from '../../scripts/lib/tools.js';

export const HISTORIES_DIR = `${repoRoot()}test/replay/histories`;

/**
 * With CAPTURE_HISTORIES=1 (`npm run histories:capture`), saves a finished shipment's history
 * (encoded payloads, as the server stores them) as a golden history for the replay tests.
 */
export async function captureHistory(temporal: Client, workflowId: string, name: string): Promise<void> {
  if (process.env.CAPTURE_HISTORIES !== '1') return;
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  writeFileSync(`${HISTORIES_DIR}/${name}.json`, `${JSON.stringify({ workflowId, history: JSON.parse(historyToJSON(history)) }, null, 1)}\n`);
}
