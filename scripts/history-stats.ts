import { readdirSync, readFileSync, statSync } from 'node:fs';
import proto from '@temporalio/proto';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { HISTORIES_DIR } from '../test/support/histories.js';
import { countActions, eventTypeName, type HistoryEvent } from './bench/actions.js';

/**
 * `npx tsx scripts/history-stats.ts [--by-type] [files…]`: history events, bytes and estimated
 * Temporal Cloud actions per shipment, counted from recorded histories (test/replay/histories by
 * default) by scripts/bench/actions.ts (docs.temporal.io/cloud/actions). `protoBytes` is the
 * history's events encoded as protobuf, what the server counts as its size (historySizeBytes, the
 * Web UI's History Size, give or take a few bytes per event batch); `jsonBytes` is the file.
 * `--by-type`: protobuf bytes and count per event type for each file.
 */
const HistoryEventProto = proto.temporal.api.history.v1.HistoryEvent;
const TYPE_NAMES = proto.temporal.api.enums.v1.EventType as unknown as Record<number, string>;

function protoSizes(file: string) {
  const { history } = JSON.parse(readFileSync(file, 'utf8')) as { history: unknown };
  const events = historyFromJSON(history).events ?? [];
  return events.map((e) => ({ type: eventTypeName(e as HistoryEvent, TYPE_NAMES).replace(/^EVENT_TYPE_/, ''), bytes: HistoryEventProto.encode(e).finish().length }));
}

function stats(file: string) {
  const { history } = JSON.parse(readFileSync(file, 'utf8')) as { history: { events: HistoryEvent[] } };
  const protoBytes = protoSizes(file).reduce((sum, e) => sum + e.bytes, 0);
  return { file: file.split('/').pop(), protoBytes, jsonBytes: statSync(file).size, ...countActions(history.events) };
}

function byType(file: string) {
  const out: Record<string, { count: number; bytes: number }> = {};
  for (const e of protoSizes(file)) {
    const row = (out[e.type] ??= { count: 0, bytes: 0 });
    row.count += 1;
    row.bytes += e.bytes;
  }
  return Object.fromEntries(Object.entries(out).sort(([, a], [, b]) => b.bytes - a.bytes));
}

const args = process.argv.slice(2);
const files = args.filter((a) => a !== '--by-type');
const list = files.length ? files : readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).map((f) => `${HISTORIES_DIR}/${f}`);
if (args.includes('--by-type')) {
  for (const file of list) {
    console.log(file.split('/').pop());
    console.table(byType(file));
  }
} else console.table(list.map(stats));
