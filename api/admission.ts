import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { CollectedGauge, Counter, type Registry } from '../observability/metrics.js';

/** What the workers have not taken yet: the shipment task queue's backlog as Temporal reports it. */
export interface BacklogSample {
  /** Tasks waiting for a worker (workflow and activity tasks of the normal queue). */
  count: number;
  /** Age of the oldest waiting task, ms. */
  ageMs: number;
  /** Tasks the workers took per second, as the server measured it (0 when it reports none). */
  dispatchRate: number;
}

export interface AdmissionLimits {
  /** At this many waiting tasks or more, creates are refused. */
  maxBacklog: number;
  /** When the oldest waiting task is this old or older (ms), creates are refused. */
  maxBacklogAgeMs: number;
  /** The longest Retry-After the API answers (seconds), also the answer when nothing drains. */
  maxRetryAfterS: number;
}

export type Verdict = { admit: true } | { admit: false; retryAfterS: number; sample: BacklogSample };

/**
 * Seconds until the workers, at the rate they drained the backlog lately, have taken it down to
 * half the limit (room for a burst, so the clients that come back at once are not refused
 * again at once): (count − maxBacklog / 2) / drain rate, at least 1 and at most maxRetryAfterS
 * (also when nothing drains). An estimate: a client that comes back too early gets a new one.
 */
export function retryAfterSeconds(sample: BacklogSample, drainRate: number, limits: AdmissionLimits): number {
  if (!(drainRate > 0)) return limits.maxRetryAfterS;
  const excess = Math.max(0, sample.count - limits.maxBacklog / 2);
  return Math.min(limits.maxRetryAfterS, Math.max(1, Math.ceil(excess / drainRate)));
}

/** True when the backlog is at or over a limit. */
export function overloaded(sample: BacklogSample, limits: AdmissionLimits): boolean {
  return sample.count >= limits.maxBacklog || sample.ageMs >= limits.maxBacklogAgeMs;
}

export interface AdmissionDeps {
  /** Reads the backlog (api/task-queue-backlog.ts); a failure admits (the request then meets the outage itself). */
  sample(): Promise<BacklogSample>;
  limits: AdmissionLimits;
  /** The backlog is read at most once per this many ms, never per request. */
  sampleEveryMs: number;
  log: FastifyBaseLogger;
  metrics?: Registry;
  now?: () => number;
}

/**
 * Admission control for creates: answers from the last sample of the backlog, refreshed at most
 * every `sampleEveryMs` (one describe call per interval whatever the request rate; requests
 * during a refresh use the sample before it). Logs once when it engages and once when it lets
 * creates through again; counts refusals in `cbec_api_admission_refused_total`.
 */
export function createAdmission(deps: AdmissionDeps): { check(): Promise<Verdict> } {
  const now = deps.now ?? Date.now;
  const refused = deps.metrics?.register(new Counter('cbec_api_admission_refused_total', 'Creates refused with 429 OVERLOADED because the shipment task queue is behind (api/admission.ts).'));
  // the last reading; `current` undefined: it failed (admit until the next reading)
  let last: { at: number; current?: { sample: BacklogSample; drainRate: number } } | undefined;
  let refreshing: Promise<void> | undefined;
  let engaged = false;
  let refusedSinceEngaged = 0;

  const read = async () => {
    const before = last?.current && last;
    try {
      const sample = await deps.sample();
      const at = now();
      // the server's dispatch rate; else what the backlog itself lost since the last reading
      const fallback = before && at > before.at ? Math.max(0, (before.current!.sample.count - sample.count) / ((at - before.at) / 1000)) : 0;
      last = { at, current: { sample, drainRate: sample.dispatchRate > 0 ? sample.dispatchRate : fallback } };
    } catch (err) {
      if (!last || last.current) deps.log.warn({ err }, 'Admission control could not read the task queue backlog; creates are admitted');
      last = { at: now() };
    }
  };
  const refresh = () => (refreshing ??= read().finally(() => (refreshing = undefined)));
  // the last reading, no call of its own
  deps.metrics?.register(
    new CollectedGauge('cbec_task_queue_backlog', 'The shipment task queue as admission control last read it: tasks waiting for a worker, oldest one\'s age (s), drain rate (tasks/s).', async () => {
      const c = last?.current;
      return c ? [{ labels: { figure: 'tasks' }, value: c.sample.count }, { labels: { figure: 'age_seconds' }, value: c.sample.ageMs / 1000 }, { labels: { figure: 'drain_per_second' }, value: c.drainRate }] : [];
    }),
  );

  return {
    async check() {
      if (!last) await refresh();
      else if (now() - last.at >= deps.sampleEveryMs) void refresh();
      const current = last?.current;
      const over = !!current && overloaded(current.sample, deps.limits);
      if (over !== engaged) {
        engaged = over;
        const fields = current ? { backlog: current.sample.count, backlogAgeMs: current.sample.ageMs, drainPerSecond: Number(current.drainRate.toFixed(2)) } : {};
        if (over) deps.log.warn({ ...fields, limits: deps.limits }, 'Admission control engaged: creates answer 429 OVERLOADED');
        else deps.log.info({ ...fields, refused: refusedSinceEngaged }, 'Admission control released: creates admitted again');
        refusedSinceEngaged = 0;
      }
      if (!over || !current) return { admit: true };
      refusedSinceEngaged += 1;
      refused?.inc();
      return { admit: false, retryAfterS: retryAfterSeconds(current.sample, current.drainRate, deps.limits), sample: current.sample };
    },
  };
}

/** A route hook (onRequest: before the body is read) that answers 429 OVERLOADED with Retry-After while the backlog is over a limit. */
export function admissionHook(admission: { check(): Promise<Verdict> }) {
  return async (_req: FastifyRequest, reply: FastifyReply) => {
    const verdict = await admission.check();
    if (verdict.admit) return;
    const message = `the platform is behind (${verdict.sample.count} tasks waiting for a worker); nothing was created, retry after ${verdict.retryAfterS} s`;
    return reply.code(429).header('retry-after', String(verdict.retryAfterS)).send({ code: 'OVERLOADED', message, fields: [] });
  };
}
