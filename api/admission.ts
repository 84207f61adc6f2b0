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

/** One reading of admission control: the task queue's backlog and the workers' working set. */
export interface AdmissionSample extends BacklogSample {
  /**
   * Open shipments that moved in the last `movingWindowMs` (db/working-set.ts): the ones whose
   * next steps the workers' caches must hold. Their next steps go to the workers' sticky queues,
   * which the backlog does not count.
   */
  moving: number;
}

export interface AdmissionLimits {
  /** At this many waiting tasks or more, creates are refused. */
  maxBacklog: number;
  /** When the oldest waiting task is this old or older (ms), creates are refused. */
  maxBacklogAgeMs: number;
  /** The longest Retry-After the API answers (seconds), also the answer when nothing drains. */
  maxRetryAfterS: number;
  /** At this many moving shipments or more, creates are refused (the workers' cache would thrash). */
  maxMoving: number;
  /** What "moving" means: a projected step within this many ms. */
  movingWindowMs: number;
}

export type Verdict = { admit: true } | { admit: false; retryAfterS: number; sample: AdmissionSample };

/** How fast each figure fell lately (per second): tasks taken off the backlog, shipments that stopped moving. */
export interface DrainRates {
  backlog: number;
  moving: number;
}

/**
 * Seconds until the workers, at the rates they drained lately, have taken each figure that is
 * over its limit down to half that limit (room for a burst, so the clients that come back at
 * once are not refused again at once): (figure − limit / 2) / drain rate, the longer of the two,
 * at least 1 and at most maxRetryAfterS. When the backlog does not drain, the ceiling; when the
 * working set does not shrink (yet), one window: by then every shipment that has stopped moving
 * has left it. An estimate: a client that comes back too early gets a new one.
 */
export function retryAfterSeconds(sample: AdmissionSample, rates: DrainRates, limits: AdmissionLimits): number {
  const waits = [1];
  if (sample.count >= limits.maxBacklog || sample.ageMs >= limits.maxBacklogAgeMs) {
    waits.push(rates.backlog > 0 ? Math.max(0, sample.count - limits.maxBacklog / 2) / rates.backlog : Infinity);
  }
  if (sample.moving >= limits.maxMoving) {
    waits.push(rates.moving > 0 ? (sample.moving - limits.maxMoving / 2) / rates.moving : limits.movingWindowMs / 1000);
  }
  return Math.min(limits.maxRetryAfterS, Math.ceil(Math.max(...waits)));
}

/** True when the backlog or the working set is at or over a limit. */
export function overloaded(sample: AdmissionSample, limits: AdmissionLimits): boolean {
  return sample.count >= limits.maxBacklog || sample.ageMs >= limits.maxBacklogAgeMs || sample.moving >= limits.maxMoving;
}

export interface AdmissionDeps {
  /** Reads the backlog (api/task-queue-backlog.ts) and the working set (db/working-set.ts); a failure admits (the request then meets the outage itself). */
  sample(): Promise<AdmissionSample>;
  limits: AdmissionLimits;
  /** The backlog and the working set are read at most once per this many ms, never per request. */
  sampleEveryMs: number;
  log: FastifyBaseLogger;
  metrics?: Registry;
  now?: () => number;
}

/**
 * Admission control for creates: answers from the last sample of the backlog and the working
 * set, refreshed at most every `sampleEveryMs` (two describe calls and one query per interval
 * whatever the request rate; requests during a refresh use the sample before it). Logs once when it engages and once when it lets
 * creates through again; counts refusals in `cbec_api_admission_refused_total`.
 */
export function createAdmission(deps: AdmissionDeps): { check(): Promise<Verdict> } {
  const now = deps.now ?? Date.now;
  const refused = deps.metrics?.register(new Counter('cbec_api_admission_refused_total', 'Creates refused with 429 OVERLOADED because the shipment task queue is behind or too many shipments are moving (api/admission.ts).'));
  // the last reading; `current` undefined: it failed (admit until the next reading)
  let last: { at: number; current?: { sample: AdmissionSample; rates: DrainRates } } | undefined;
  let refreshing: Promise<void> | undefined;
  let engaged = false;
  let refusedSinceEngaged = 0;

  const read = async () => {
    const before = last?.current && last;
    try {
      const sample = await deps.sample();
      const at = now();
      // what a figure lost since the last reading, per second
      const fell = (figure: (s: AdmissionSample) => number) => (before && at > before.at ? Math.max(0, (figure(before.current!.sample) - figure(sample)) / ((at - before.at) / 1000)) : 0);
      // the backlog: the server's dispatch rate, else its own fall
      last = { at, current: { sample, rates: { backlog: sample.dispatchRate > 0 ? sample.dispatchRate : fell((s) => s.count), moving: fell((s) => s.moving) } } };
    } catch (err) {
      if (!last || last.current) deps.log.warn({ err }, 'Admission control could not read the task queue backlog or the working set; creates are admitted');
      last = { at: now() };
    }
  };
  const refresh = () => (refreshing ??= read().finally(() => (refreshing = undefined)));
  // the last reading, no call of its own
  deps.metrics?.register(
    new CollectedGauge('cbec_task_queue_backlog', 'The shipment task queue as admission control last read it: tasks waiting for a worker, oldest one\'s age (s), drain rate (tasks/s).', async () => {
      const c = last?.current;
      return c ? [{ labels: { figure: 'tasks' }, value: c.sample.count }, { labels: { figure: 'age_seconds' }, value: c.sample.ageMs / 1000 }, { labels: { figure: 'drain_per_second' }, value: c.rates.backlog }] : [];
    }),
  );
  deps.metrics?.register(
    new CollectedGauge('cbec_shipments_moving', 'Open shipments that moved within the admission window as admission control last read them (db/working-set.ts): their count, the limit, how fast the count fell (shipments/s).', async () => {
      const c = last?.current;
      return c ? [{ labels: { figure: 'shipments' }, value: c.sample.moving }, { labels: { figure: 'limit' }, value: deps.limits.maxMoving }, { labels: { figure: 'fall_per_second' }, value: c.rates.moving }] : [];
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
        const fields = current ? { backlog: current.sample.count, backlogAgeMs: current.sample.ageMs, drainPerSecond: Number(current.rates.backlog.toFixed(2)), moving: current.sample.moving } : {};
        if (over) deps.log.warn({ ...fields, limits: deps.limits }, 'Admission control engaged: creates answer 429 OVERLOADED');
        else deps.log.info({ ...fields, refused: refusedSinceEngaged }, 'Admission control released: creates admitted again');
        refusedSinceEngaged = 0;
      }
      if (!over || !current) return { admit: true };
      refusedSinceEngaged += 1;
      refused?.inc();
      return { admit: false, retryAfterS: retryAfterSeconds(current.sample, current.rates, deps.limits), sample: current.sample };
    },
  };
}

/** A route hook (onRequest: before the body is read) that answers 429 OVERLOADED with Retry-After while the backlog or the working set is over a limit. */
export function admissionHook(admission: { check(): Promise<Verdict> }) {
  return async (_req: FastifyRequest, reply: FastifyReply) => {
    const verdict = await admission.check();
    if (verdict.admit) return;
    const message = `the platform is behind (${verdict.sample.count} tasks waiting for a worker, ${verdict.sample.moving} shipments moving); nothing was created, retry after ${verdict.retryAfterS} s`;
    return reply.code(429).header('retry-after', String(verdict.retryAfterS)).send({ code: 'OVERLOADED', message, fields: [] });
  };
}
