import { Runtime, type RuntimeOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import { temporalLogger } from './logging.js';

/**
 * Installs the Temporal SDK Runtime of a worker process (once, before any connection): SDK,
 * workflow and activity logs as JSON through `logger`, and with `metricsAddress` (host:port) the
 * SDK's Prometheus exporter serving `/metrics` there (worker and workflow task latencies,
 * activity failures, poller and slot gauges, sticky cache). Counters end in `_total`, durations
 * are seconds with a `_seconds` suffix (docs/grafana/cbec-hub.json expects these names).
 */
export function installWorkerRuntime(opts: { logger: Logger; metricsAddress?: string | undefined }): void {
  Runtime.install({ logger: temporalLogger(opts.logger), ...workerTelemetryOptions(opts.metricsAddress) });
}

/** The `telemetryOptions` part of RuntimeOptions for a Prometheus endpoint on `metricsAddress`; empty when unset. */
export function workerTelemetryOptions(metricsAddress: string | undefined): Pick<RuntimeOptions, 'telemetryOptions'> {
  if (!metricsAddress) return {};
  return {
    telemetryOptions: {
      metrics: {
        globalTags: { service: 'cbec-hub-worker' },
        prometheus: { bindAddress: metricsAddress, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true },
      },
    },
  };
}
