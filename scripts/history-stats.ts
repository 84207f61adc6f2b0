import { readdirSync, readFileSync, statSync } from 'node:fs';
import { HISTORIES_DIR } from '../test/support/histories.js';

/**
 * `npx tsx scripts/history-stats.ts [files…]`: history events, bytes and estimated Temporal Cloud
 * actions per shipment, counted from recorded histories (test/replay/histories by default),
 * following docs.temporal.io/cloud/actions: start 1, each activity attempt, one per workflow task
 * with local activities, signals, timers, search-attribute upserts, accepted updates.
 */
type Event = { eventType: string; activityTaskStartedEventAttributes?: { attempt?: number } };

function stats(file: string) {
  const { history } = JSON.parse(readFileSync(file, 'utf8')) as { history: { events: Event[] } };
  const events = history.events;
  const count = (type: string) => events.filter((e) => e.eventType === type).length;
  const retries = events.filter((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_STARTED' && (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1).length;
  // local activities bill once per workflow task whose commands recorded markers
  let localTasks = 0;
  let afterCompletion = false;
  let counted = false;
  for (const e of events) {
    if (e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED') [afterCompletion, counted] = [true, false];
    else if (e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED') afterCompletion = false;
    else if (e.eventType === 'EVENT_TYPE_MARKER_RECORDED' && afterCompletion && !counted) {
      localTasks++;
      counted = true;
    }
  }
  const parts = {
    start: 1,
    activities: count('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED') + retries,
    localActivityTasks: localTasks,
    signals: count('EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED'),
    timers: count('EVENT_TYPE_TIMER_STARTED'),
    upserts: count('EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES'),
    updates: count('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED'),
  };
  const actions = Object.values(parts).reduce((a, b) => a + b, 0);
  return { file: file.split('/').pop(), events: events.length, bytes: statSync(file).size, actions, ...parts };
}

const files = process.argv.slice(2);
const list = files.length ? files : readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).map((f) => `${HISTORIES_DIR}/${f}`);
console.table(list.map(stats));
