/**
 * Temporal Cloud actions and history size of one workflow history, following
 * docs.temporal.io/cloud/actions: start 1, each activity attempt (retries included), one per
 * workflow task that recorded local-activity markers (patch markers are not billed), signals
 * received, timers started, search-attribute upserts (not those that only record a patch in
 * TemporalChangeVersion, which the page exempts), accepted updates, child workflows (2 each), signals sent to other
 * workflows, continue-as-new. Queries are not in the history and not counted here.
 * Shared by scripts/history-stats.ts and the benchmarks (scripts/bench.ts).
 */
export type HistoryEvent = {
  eventType: string | number | null | undefined;
  activityTaskStartedEventAttributes?: { attempt?: number | null } | null;
  markerRecordedEventAttributes?: { markerName?: string | null } | null;
  upsertWorkflowSearchAttributesEventAttributes?: { searchAttributes?: { indexedFields?: Record<string, unknown> | null } | null } | null;
};

/** A local activity's marker (the SDK's name for it); patch markers are `core_patch`. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** An upsert that only records patches (TemporalChangeVersion), exempt from billing. */
function onlyChangeVersion(e: HistoryEvent): boolean {
  const keys = Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {});
  return keys.length > 0 && keys.every((k) => k === 'TemporalChangeVersion');
}

/** The event type as its JSON name (EVENT_TYPE_…), from a JSON or a proto history. */
export function eventTypeName(e: HistoryEvent, names?: Record<number, string>): string {
  if (typeof e.eventType === 'string') return e.eventType;
  return names?.[e.eventType ?? 0] ?? String(e.eventType);
}

export interface ActionCount {
  events: number;
  actions: number;
  start: number;
  activities: number;
  retries: number;
  localActivityTasks: number;
  signals: number;
  timers: number;
  upserts: number;
  updates: number;
  children: number;
  signalsSent: number;
  continueAsNew: number;
}

export function countActions(events: HistoryEvent[], names?: Record<number, string>): ActionCount {
  const types = events.map((e) => eventTypeName(e, names));
  const count = (type: string) => types.filter((t) => t === `EVENT_TYPE_${type}`).length;
  // retries: each started attempt after the first bills again (the STARTED event holds the last attempt)
  const retries = events.reduce((sum, e, i) => sum + (types[i] === 'EVENT_TYPE_ACTIVITY_TASK_STARTED' ? Math.max((e.activityTaskStartedEventAttributes?.attempt ?? 1) - 1, 0) : 0), 0);
  // local activities bill once per workflow task whose commands recorded markers
  let localActivityTasks = 0;
  let afterCompletion = false;
  let counted = false;
  for (const [i, t] of types.entries()) {
    if (t === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED') [afterCompletion, counted] = [true, false];
    else if (t === 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED') afterCompletion = false;
    else if (t === 'EVENT_TYPE_MARKER_RECORDED' && events[i]!.markerRecordedEventAttributes?.markerName === LOCAL_ACTIVITY_MARKER && afterCompletion && !counted) {
      localActivityTasks++;
      counted = true;
    }
  }
  const parts = {
    start: 1,
    activities: count('ACTIVITY_TASK_SCHEDULED'),
    retries,
    localActivityTasks,
    signals: count('WORKFLOW_EXECUTION_SIGNALED'),
    timers: count('TIMER_STARTED'),
    upserts: events.filter((e, i) => types[i] === 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES' && !onlyChangeVersion(e)).length,
    updates: count('WORKFLOW_EXECUTION_UPDATE_ACCEPTED'),
    children: 2 * count('START_CHILD_WORKFLOW_EXECUTION_INITIATED'),
    signalsSent: count('SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED'),
    continueAsNew: count('WORKFLOW_EXECUTION_CONTINUED_AS_NEW'),
  };
  const actions = Object.values(parts).reduce((a, b) => a + b, 0);
  return { events: events.length, actions, ...parts };
}
