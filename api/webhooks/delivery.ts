import type { FastifyInstance } from 'fastify';
import type { FieldCipher } from '../../codec/field-cipher.js';
import type { Db } from '../../db/client.js';
import { eventBody, purgeEvents } from '../../db/events.js';
import { claimDue, fanOut, recordAttempt, recordDelivered, releaseClaims, type DueDelivery } from '../../db/webhook-deliveries.js';
import { sendWebhook, type SendResult } from './send.js';
import { webhookHeaders } from './signing.js';
import { resolveTarget, TargetRefused } from './target.js';

const DAY_MS = 86_400_000;
/** Business-time waits after the 1st, 2nd, … failure (seconds); then every 12 hours. */
export const BACKOFF_SECONDS = [5, 30, 120, 600, 1_800, 3_600, 7_200, 14_400, 28_800, 43_200] as const;
/** A delivery is retried for 3 days (business time) before it is given up and the next one of its shipment goes. */
export const GIVE_UP_AFTER_MS = 3 * DAY_MS;
/** An endpoint whose every delivery failed for 3 days is disabled and the enterprise told (webhook_endpoint.disabled). */
export const DISABLE_AFTER_MS = 3 * DAY_MS;
/**
 * ... and only after this many failed attempts: 3 days of the schedule make 14, so in production
 * this changes nothing; it keeps an outage of the sender (an API process down, a claim waiting
 * for its lease to end) from counting as the receiver's failures, which matters when TIME_SCALE
 * squeezes 3 days into less than a lease (the chaos run).
 */
export const MIN_FAILED_ATTEMPTS = 10;

export interface DeliveryDeps {
  db: Db;
  cipher: FieldCipher;
  development: boolean;
  /** TIME_SCALE: business waits pass this many times faster (development, tests). */
  timeScale: number;
  /** Real ms between rounds: no retry comes sooner. */
  everyMs: number;
  retentionDays: number;
  /** WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT: requests to one endpoint at once, across every API process. */
  perEndpoint: number;
}

/** Requests this process has in flight at most (all endpoints); a claim asks for no more than the free ones. */
export const MAX_IN_FLIGHT = 256;
/** A claim outlives the longest attempt (15 s, api/webhooks/send.ts) and its recording. */
const LEASE_MS = 60_000;

/** Real ms until the next try after `failures` failures, ±10 % so a recovering receiver is not hit by all at once. */
export function retryDelayMs(failures: number, timeScale: number, floorMs: number): number {
  const seconds = BACKOFF_SECONDS[Math.min(failures, BACKOFF_SECONDS.length) - 1] ?? BACKOFF_SECONDS[0];
  return Math.max(floorMs, Math.round((seconds * 1000 * (0.9 + Math.random() * 0.2)) / timeScale));
}

async function attempt(deps: DeliveryDeps, d: DueDelivery, now: Date): Promise<SendResult> {
  const body = JSON.stringify(eventBody(d.event));
  const secrets = [deps.cipher.open(d.secret)];
  if (d.previousSecret && d.previousSecretUntil && d.previousSecretUntil > now) secrets.push(deps.cipher.open(d.previousSecret));
  try {
    // resolved and checked on every attempt, and the connection goes to the address checked
    const target = await resolveTarget(d.url, { development: deps.development });
    return await sendWebhook(target, webhookHeaders(secrets, d.event.id, Math.floor(now.getTime() / 1000), body), body);
  } catch (err) {
    if (err instanceof TargetRefused) return { ok: false, latencyMs: 0, error: err.code };
    throw err;
  }
}

/**
 * Sends one claimed delivery and records the outcome (delivered, retried later, given up). While
 * `handOff()` holds, a delivered one passes its slot to the endpoint's next due delivery in the same
 * statement and returns it claimed (null: nothing due, or a failure, and the slot is free).
 */
async function deliver(deps: DeliveryDeps, d: DueDelivery, now: Date, handOff: () => boolean): Promise<DueDelivery | null> {
  const result = await attempt(deps, d, now);
  const at = new Date();
  if (result.ok) return recordDelivered(deps.db, d, { ...result, at }, handOff() ? { now: at, leaseMs: LEASE_MS, perEndpoint: deps.perEndpoint } : undefined);
  await recordAttempt(deps.db, d, {
    ...result,
    at,
    retryAt: new Date(at.getTime() + retryDelayMs(d.attempts + 1, deps.timeScale, deps.everyMs)),
    giveUpAfterMs: GIVE_UP_AFTER_MS / deps.timeScale,
    disableAfterMs: DISABLE_AFTER_MS / deps.timeScale,
    minFailedAttempts: MIN_FAILED_ATTEMPTS,
  });
  return null;
}

/** New outbox events queued for their endpoints, then up to `limit` due deliveries claimed (every endpoint's free slots, one transaction). */
async function claim(deps: DeliveryDeps, limit: number): Promise<DueDelivery[]> {
  while ((await fanOut(deps.db, 500)) === 500);
  return claimDue(deps.db, { now: new Date(), limit, leaseMs: LEASE_MS, perEndpoint: deps.perEndpoint });
}

/** One round, awaited to the end (tools and tests): every due delivery tried once. Returns the attempts made. */
export async function deliverOnce(deps: DeliveryDeps): Promise<number> {
  const due = await claim(deps, 100);
  const now = new Date();
  await Promise.all(due.map((d) => deliver(deps, d, now, () => false)));
  return due.length;
}

/**
 * The delivery loop of one process. A round (the timer, or a slot freed) fans new events out and
 * claims every endpoint's free slots at once. Each claimed slot then runs as a chain: a delivered
 * attempt hands its slot to the endpoint's next due delivery in the statement that records it, so
 * a busy endpoint costs one statement per event and no round at all; the slot comes back to the
 * loop when nothing is due or an attempt failed. Attempts are not awaited as a round, so an
 * endpoint that hangs for the whole timeout holds only its own slots (at most `perEndpoint`)
 * while other endpoints' deliveries go on.
 */
/** How long a stopping loop waits for its attempts in flight: one attempt's timeout (send.ts) and some. */
const STOP_WAIT_MS = 30_000;

export function deliveryLoop(deps: DeliveryDeps, onError: (err: unknown) => void) {
  let inFlight = 0;
  let stopped = false;
  /** The round under way, if any. */
  let round: Promise<void> | undefined;
  let again = false;
  const running = new Set<Promise<void>>();
  const chain = async (first: DueDelivery, now: Date): Promise<void> => {
    const handOff = () => !stopped;
    let next = await deliver(deps, first, now, handOff);
    while (next) next = await deliver(deps, next, new Date(), handOff);
  };
  const rounds = async (): Promise<void> => {
    try {
      do {
        again = false;
        const due = await claim(deps, MAX_IN_FLIGHT - inFlight);
        if (stopped) {
          // stop() came while this claim ran: nothing new goes out, and the claims are free again now, not when their leases run out
          await releaseClaims(deps.db, due);
          return;
        }
        const now = new Date();
        for (const d of due) {
          inFlight += 1;
          const sent: Promise<void> = chain(d, now)
            .catch(onError)
            .finally(() => {
              inFlight -= 1;
              running.delete(sent);
              void pump();
            });
          running.add(sent);
        }
      } while (again && !stopped && inFlight < MAX_IN_FLIGHT);
    } catch (err) {
      onError(err);
    }
  };
  const pump = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (round) {
      again = true; // a slot freed during a round: one more round after it
      return round;
    }
    round = rounds().finally(() => (round = undefined));
    return round;
  };
  return {
    pump,
    inFlight: () => inFlight,
    /**
     * Claims nothing more, waits for the round under way to give back what it claimed and for the
     * attempts in flight to be recorded, for at most `STOP_WAIT_MS` (longer than one attempt's
     * timeout): a shutdown never hangs on them, and an attempt not recorded by then is sent again
     * once its lease runs out (at least once).
     */
    stop: async () => {
      stopped = true;
      const deadline = Date.now() + STOP_WAIT_MS;
      while ((round || running.size > 0) && Date.now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(deadline - Date.now(), 0))));
        await Promise.race([Promise.all([round, ...running]), waited]);
        clearTimeout(timer);
      }
    },
  };
}

/** Runs delivery every `everyMs` in this API process until the app closes (0: never); removes events past retention hourly. */
export function startWebhookDelivery(app: FastifyInstance, deps: DeliveryDeps): void {
  if (deps.everyMs === 0) return;
  const loop = deliveryLoop(deps, (err: unknown) => app.log.warn({ err }, 'Webhook delivery failed; the next round retries'));
  let purgedAt = 0;
  const timer = setInterval(() => {
    void loop.pump();
    if (Date.now() - purgedAt > 3_600_000) {
      purgedAt = Date.now();
      purgeEvents(deps.db, { before: new Date(Date.now() - deps.retentionDays * DAY_MS), batch: 10_000 })
        .catch((err: unknown) => app.log.warn({ err }, 'Removing events past retention failed; tried again in an hour'));
    }
  }, deps.everyMs);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await loop.stop();
  });
}
