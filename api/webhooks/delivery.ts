import type { FastifyInstance } from 'fastify';
import type { FieldCipher } from '../../codec/field-cipher.js';
import type { Db } from '../../db/client.js';
import { eventBody, purgeEvents } from '../../db/events.js';
import { claimDue, fanOut, recordAttempt, type DueDelivery } from '../../db/webhook-deliveries.js';
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

export interface DeliveryDeps {
  db: Db;
  cipher: FieldCipher;
  development: boolean;
  /** TIME_SCALE: business waits pass this many times faster (development, tests). */
  timeScale: number;
  /** Real ms between rounds: no retry comes sooner. */
  everyMs: number;
  retentionDays: number;
}

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

/** One round: new events queued for their endpoints, then every due delivery tried once. Returns the attempts made. */
export async function deliverOnce(deps: DeliveryDeps): Promise<number> {
  while ((await fanOut(deps.db, 500)) === 500);
  const now = new Date();
  const due = await claimDue(deps.db, { now, limit: 100, leaseMs: 60_000 });
  await Promise.all(
    due.map(async (d) => {
      const result = await attempt(deps, d, now);
      const at = new Date();
      await recordAttempt(deps.db, d, {
        ...result,
        excerpt: result.excerpt,
        at,
        retryAt: new Date(at.getTime() + retryDelayMs(d.attempts + 1, deps.timeScale, deps.everyMs)),
        giveUpAfterMs: GIVE_UP_AFTER_MS / deps.timeScale,
        disableAfterMs: DISABLE_AFTER_MS / deps.timeScale,
      });
    }),
  );
  return due.length;
}

/** Runs delivery every `everyMs` in this API process until the app closes (0: never); removes events past retention hourly. */
export function startWebhookDelivery(app: FastifyInstance, deps: DeliveryDeps): void {
  if (deps.everyMs === 0) return;
  let running = false;
  let purgedAt = 0;
  const timer = setInterval(() => {
    if (running) return; // a slow round is not overtaken by the next
    running = true;
    (async () => {
      while ((await deliverOnce(deps)) > 0); // a backlog drains without waiting for the next tick
      if (Date.now() - purgedAt > 3_600_000) {
        purgedAt = Date.now();
        await purgeEvents(deps.db, { before: new Date(Date.now() - deps.retentionDays * DAY_MS), batch: 10_000 });
      }
    })()
      .catch((err: unknown) => app.log.warn({ err }, 'Webhook delivery round failed; the next round retries'))
      .finally(() => (running = false));
  }, deps.everyMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
