import { setTimeout as sleep } from 'node:timers/promises';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { bondedStockFor, example1210, mixedShipment } from '../lib/mix.js';
import { countActions, type ActionCount, type HistoryEvent } from './actions.js';
import type { BenchPlatform } from './platform.js';

export interface ModeHistory {
  mode: string;
  workflowId: string;
  status: string;
  /** SLA_BREACHED timeline events (a slow run takes the breach path, with more actions). */
  slaBreaches: number;
  /** The history as JSON (historyToJSON), bytes. */
  bytes: number;
  /** The history's size as the server counts it (DescribeWorkflowExecution historySizeBytes, the Web UI's History Size). */
  serverBytes: number;
  count: ActionCount;
  history: History;
}

/** Enters bonded stock for `orders` 1210 orders and waits until the warehouse counted it in. */
export async function enterStock(p: BenchPlatform, entryNo: string, orders: number): Promise<void> {
  const created = await p.api.POST('/v1/stock-entries', { body: { warehouseCode: example1210.warehouse.code, entryNo, lines: bondedStockFor(orders * 8) } });
  if (!created.data) throw new Error(`stock entry refused: ${created.response.status} ${JSON.stringify(created.error)}`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await p.api.GET('/v1/stock-entries/{id}', { params: { path: { id: created.data.id } } });
    if (res.data?.status === 'RECEIVED') return;
    if (Date.now() > deadline) throw new Error('bonded stock entry not received within 120 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * POST /v1/shipments as a client that retries a request lost on the network (undici's "fetch
 * failed": no answer at all) with the same body, which the API answers with the same shipment
 * (creates are idempotent by order number). A full run lost section 1 to one such failure.
 */
export async function postShipment(p: BenchPlatform, body: ReturnType<typeof mixedShipment>) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await p.api.POST('/v1/shipments', { body });
    } catch (err) {
      if (attempt >= 5 || !(err instanceof TypeError)) throw err;
      await sleep(500 * attempt);
    }
  }
}

/** Creates a shipment through the API and answers its workflow id. */
export async function create(p: BenchPlatform, body: ReturnType<typeof mixedShipment>): Promise<string> {
  const res = await postShipment(p, body);
  if (!res.data) throw new Error(`create ${body.orderNo}: ${res.response.status} ${JSON.stringify(res.error)}`);
  return res.data.id;
}

/** The history of a workflow as JSON events, its sizes (JSON and as the server counts it) and its actions. */
export async function measure(p: BenchPlatform, workflowId: string): Promise<{ history: History; events: HistoryEvent[]; bytes: number; serverBytes: number; count: ActionCount }> {
  const handle = p.temporal.workflow.getHandle(workflowId);
  const [history, description] = await Promise.all([handle.fetchHistory(), handle.describe()]);
  const json = historyToJSON(history);
  const events = (JSON.parse(json) as { events: HistoryEvent[] }).events;
  return { history, events, bytes: Buffer.byteLength(json), serverBytes: description.historySize ?? NaN, count: countActions(events) };
}

/** Section 2: one shipment of each mode, run to its end; actions counted from the fetched histories. */
export async function modeHistories(p: BenchPlatform, timeoutMs = 180_000): Promise<ModeHistory[]> {
  const prefix = `HIS${Date.now().toString(36).toUpperCase()}`;
  await enterStock(p, `${prefix}-STOCK`, 1);
  // mix kinds: 0 = 9610 (China–Europe rail via Chengdu), 5 = 9710, 6 = 9810, 7 = 1210
  const kinds: [string, number][] = [['9610', 0], ['9710', 5], ['9810', 6], ['1210', 7]];
  const ids = await Promise.all(kinds.map(([, k]) => create(p, mixedShipment(prefix, k))));
  const out: ModeHistory[] = [];
  for (const [i, [mode]] of kinds.entries()) {
    const id = ids[i]!;
    const handle = p.temporal.workflow.getHandle(id);
    await Promise.race([handle.result(), new Promise((_, rej) => setTimeout(() => rej(new Error(`${mode} shipment ${id} not finished within ${timeoutMs / 1000} s`)), timeoutMs).unref())]);
    const row = await p.db.shipment.findUniqueOrThrow({ where: { id }, select: { status: true } });
    const slaBreaches = await p.db.shipmentEvent.count({ where: { shipmentId: id, type: 'SLA_BREACHED' } });
    const m = await measure(p, id);
    out.push({ mode, workflowId: id, status: row.status, slaBreaches, bytes: m.bytes, serverBytes: m.serverBytes, count: m.count, history: m.history });
  }
  return out;
}
