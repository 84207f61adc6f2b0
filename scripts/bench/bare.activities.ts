import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';

/** No-op activities of the bare workflow; `bareActivity(n)` has the worker signal its workflow n times after it returns. */
export function createBareActivities(client: Client) {
  return {
    async bareActivity(signals: number): Promise<void> {
      const workflowId = Context.current().info.workflowExecution?.workflowId;
      if (signals > 0 && workflowId) {
        setTimeout(() => {
          const handle = client.workflow.getHandle(workflowId);
          void (async () => {
            for (let i = 0; i < signals; i++) await handle.signal('bareEvent').catch(() => undefined);
          })();
        }, 1);
      }
    },
    async bareLocal(): Promise<void> {},
  };
}

export type BareActivities = ReturnType<typeof createBareActivities>;
