import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { BacklogSample } from './admission.js';

const { TaskQueueType, TaskQueueKind } = proto.temporal.api.enums.v1;
const TYPES = [TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY];

const ms = (d: { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined) =>
  d ? Number(d.seconds ?? 0) * 1000 + (d.nanos ?? 0) / 1e6 : 0;

/**
 * The backlog of the shipment task queue as the Temporal server counts it (DescribeTaskQueue
 * with report_stats, server 1.25+): workflow and activity tasks waiting for a worker on the
 * normal queue, summed; the oldest one's age; the rate workers took them. Tasks on a worker's
 * sticky queue are not in it (a cached shipment's next step), but a new shipment's first task
 * and every activity are, and sticky tasks a busy worker does not take in time move there.
 * Two calls of about 1 ms each (measured on the dev server); the server itself caches the
 * figures for a few seconds, so sampling more often than that gains nothing.
 */
export function taskQueueBacklog(temporal: Client, taskQueue: string): () => Promise<BacklogSample> {
  return async () => {
    const answers = await Promise.all(
      TYPES.map((taskQueueType) =>
        temporal.workflowService.describeTaskQueue({
          namespace: temporal.options.namespace,
          taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          taskQueueType,
          reportStats: true,
        }),
      ),
    );
    return answers.reduce<BacklogSample>(
      (sum, a) => ({
        count: sum.count + Number(a.stats?.approximateBacklogCount ?? 0),
        ageMs: Math.max(sum.ageMs, ms(a.stats?.approximateBacklogAge)),
        dispatchRate: sum.dispatchRate + (a.stats?.tasksDispatchRate ?? 0),
      }),
      { count: 0, ageMs: 0, dispatchRate: 0 },
    );
  };
}
