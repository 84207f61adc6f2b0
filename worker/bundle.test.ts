import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { dataConverter } from '../codec/index.js';
import { loadConfig } from '../config/config.js';
import { tracingSinks } from '../observability/tracing-temporal.js';
import { HISTORIES_DIR } from '../test/support/histories.js';
import { buildWorkflowBundle } from './bundle.js';
import { workflowBuildId, workflowSource, WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from './worker.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cbec-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WORKFLOW_BUNDLE_PATH (prebuilt workflow bundle)', () => {
  it('without it, the worker bundles workflows/ with the interceptor modules at start-up', () => {
    expect(loadConfig({ CBEC_ENV: 'development' }).WORKFLOW_BUNDLE_PATH).toBeUndefined();
    expect(workflowSource({})).toEqual({ workflowsPath: WORKFLOWS_PATH, interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES } });
  });

  it('a missing file stops the worker naming the variable', () => {
    expect(() => workflowSource({ bundlePath: path.join(dir, 'absent.js') })).toThrow(/WORKFLOW_BUNDLE_PATH: no workflow bundle at/);
  });

  it('worker/bundle.ts builds a bundle that the worker loads by path and that replays a golden history', async () => {
    const file = path.join(dir, 'workflow-bundle.js');
    writeFileSync(file, await buildWorkflowBundle());
    const source = workflowSource({ bundlePath: loadConfig({ CBEC_ENV: 'development', WORKFLOW_BUNDLE_PATH: file }).WORKFLOW_BUNDLE_PATH });
    expect(source).toEqual({ workflowBundle: { codePath: file } });
    expect(readFileSync(file, 'utf8')).toContain('OpenTelemetryInboundInterceptor');
    const { workflowId, history } = JSON.parse(readFileSync(`${HISTORIES_DIR}/9610-happy-path.json`, 'utf8')) as { workflowId: string; history: unknown };
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: file }, dataConverter: dataConverter(loadConfig({ CBEC_ENV: 'development' })), sinks: tracingSinks(undefined) }, historyFromJSON(history), workflowId)).resolves.toBeUndefined();
  });

  it('names the worker build id by the bundle: 8 hex digits of its hash, another bundle another id', () => {
    expect(workflowBuildId('bundle one')).toMatch(/^[0-9a-f]{8}$/);
    expect(workflowBuildId('bundle one')).toBe(workflowBuildId('bundle one'));
    expect(workflowBuildId('bundle two')).not.toBe(workflowBuildId('bundle one'));
  });
});
