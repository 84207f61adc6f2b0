import { readdirSync, readFileSync, statSync } from 'node:fs';
import { HISTORIES_DIR } from '../test/support/histories.js';
import { countActions, type HistoryEvent } from './bench/actions.js';

/**
 * `npx tsx scripts/history-stats.ts [files…]`: history events, bytes and estimated Temporal Cloud
 * actions per shipment, counted from recorded histories (test/replay/histories by default) by
 * scripts/bench/actions.ts (docs.temporal.io/cloud/actions).
 */
function stats(file: string) {
  const { history } = JSON.parse(readFileSync(file, 'utf8')) as { history: { events: HistoryEvent[] } };
  return { file: file.split('/').pop(), bytes: statSync(file).size, ...countActions(history.events) };
}

const files = process.argv.slice(2);
const list = files.length ? files : readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).map((f) => `${HISTORIES_DIR}/${f}`);
console.table(list.map(stats));
