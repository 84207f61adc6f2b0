import type { ShipmentInput } from '../../domain/shipment.js';
import { ShipmentStatus, TERMINAL_STATUSES } from '../../domain/status.js';
import { scaled } from '../../domain/time.js';
import { statusSla } from './options.js';

/**
 * Lean history: the service level of the status a shipment is in. The workflow holds no timer
 * for it; it writes when the status is due (`dueAt`, in the projection) and the API's SLA watch
 * (api/sla-watch.ts) signals `slaOverdue` once it passed.
 */
export class StatusSlaClock {
  /** When the current status passes its service level (ISO), or null when it has none. */
  dueAt: string | null = null;
  /** The SLA watch said the current due time passed. */
  overdue = false;
  /** The due time a breach was shown for: a repeated signal for it (two API instances) changes nothing. */
  breachedFor: string | null = null;

  /** A status entered (or a new step of it) starts its service level again; a recovery does not. */
  onStatus(current: ShipmentStatus, status: ShipmentStatus, type: string, input: ShipmentInput): void {
    if (status === ShipmentStatus.SLA_BREACHED || (status === current && type === 'SLA_RECOVERED')) return;
    const sla = statusSla(status, type, input.request);
    this.dueAt = sla === undefined || TERMINAL_STATUSES.includes(status) ? null : new Date(Date.now() + scaled(sla, input.settings.timeScale)).toISOString();
    this.overdue = false;
  }

  /** The slaOverdue signal: counts only for the current due time, once. */
  onOverdue(dueAt: string): void {
    if (dueAt === this.dueAt && dueAt !== this.breachedFor) this.overdue = true;
  }
}
