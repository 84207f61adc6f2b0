import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import webpack from 'webpack';
import { bundlePlatformWorkflows, QUIET_BUNDLE_LOGGER, WORKFLOWS_PATH } from '../../worker/worker.js';

export type WorkflowBundle = WorkflowBundleWithSourceMap;

const WORKFLOWS_DIR = dirname(WORKFLOWS_PATH);

/** Release v1: today's workflow code, as the worker bundles it. */
export function bundleToday(): Promise<WorkflowBundle> {
  return bundlePlatformWorkflows({ logger: QUIET_BUNDLE_LOGGER });
}

/** A module of test/upgrade/ standing in for workflows/shipment/stages.ts. */
export const STAGES_V2 = fileURLToPath(new URL('./stages.v2.ts', import.meta.url));
export const STAGES_V2_UNGUARDED = fileURLToPath(new URL('./stages.v2-unguarded.ts', import.meta.url));

/**
 * Today's workflows with ONE module swapped: every import of `stages.js` made by production
 * workflow code (workflows/**) resolves to `stagesModule` instead; the replacement itself still
 * imports the original (its imports come from test/upgrade/, which is left alone).
 */
export function bundleWithStages(stagesModule: string): Promise<WorkflowBundle> {
  const swapped: string[] = [];
  return bundlePlatformWorkflows({
    logger: QUIET_BUNDLE_LOGGER,
    webpackConfigHook: (config) => ({
      ...config,
      plugins: [
        ...(config.plugins ?? []),
        new webpack.NormalModuleReplacementPlugin(/(^|\/)stages\.js$/, (resource: { request: string; context: string }) => {
          if (!resource.context.startsWith(WORKFLOWS_DIR)) return;
          swapped.push(`${resource.context}:${resource.request}`);
          resource.request = stagesModule;
        }),
      ],
    }),
  }).then((bundle) => {
    // guard against a silent no-op (e.g. a renamed module): the swap must have happened
    if (swapped.length === 0) throw new Error(`no import of stages.js was replaced by ${stagesModule}`);
    return bundle;
  });
}
