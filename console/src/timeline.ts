import type { components } from '../../api/client/index.js';
import { Stage } from '../../domain/status.js';

/** The four phases a shipment's one timeline shows, in order (customs → transport → tax → FX). */
export const PHASES = ['customs', 'transport', 'tax', 'fx'] as const;
export type Phase = (typeof PHASES)[number];

const PHASE_OF: Record<string, Phase> = {
  [Stage.ORDER]: 'customs',
  [Stage.DATA_PUSH]: 'customs',
  [Stage.DECLARATION]: 'customs',
  [Stage.FIRST_LEG]: 'customs',
  [Stage.CUSTOMS]: 'customs',
  [Stage.DEPARTURE]: 'customs',
  [Stage.TRANSIT]: 'transport',
  [Stage.WAREHOUSE]: 'transport',
  [Stage.DELIVERY]: 'transport',
  [Stage.RETURN]: 'transport',
  [Stage.TAX]: 'tax',
  [Stage.FX]: 'fx',
};

export type TimelineEvent = components['schemas']['TimelineEvent'];

export interface PhaseSpan {
  phase: Phase;
  /** First event of the phase; undefined: not reached (yet). */
  startedAt: string | undefined;
  /** When the next phase began, or the shipment ended; undefined while in this phase. */
  endedAt: string | undefined;
  /** Milliseconds spent in the phase (up to `now` while it lasts); undefined when not reached. */
  durationMs: number | undefined;
  events: TimelineEvent[];
}

/**
 * A shipment's timeline cut into its phases: which events belong to each and the time spent in
 * each, from its first event to the first event of a later phase (or the shipment's end, or now).
 */
export function phaseSpans(events: readonly TimelineEvent[], endedAt: string | null, now: number): PhaseSpan[] {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  const spans = PHASES.map((phase): PhaseSpan => ({ phase, startedAt: undefined, endedAt: undefined, durationMs: undefined, events: [] }));
  let current: PhaseSpan | undefined;
  for (const event of ordered) {
    const phase = PHASE_OF[event.stage];
    const span = phase ? spans[PHASES.indexOf(phase)] : current;
    if (!span) continue;
    if (span !== current && span.startedAt === undefined) {
      if (current) current.endedAt = event.at;
      span.startedAt = event.at;
      current = span;
    }
    span.events.push(event);
  }
  if (current && endedAt) current.endedAt = endedAt;
  for (const span of spans) {
    if (span.startedAt === undefined) continue;
    const end = span.endedAt ? Date.parse(span.endedAt) : now;
    span.durationMs = Math.max(0, end - Date.parse(span.startedAt));
  }
  return spans;
}

/** "3 d 4 h", "5 h 12 min", "40 s": a duration in the two largest units. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const units: [number, string][] = [[86_400, 'd'], [3_600, 'h'], [60, 'min'], [1, 's']];
  const parts: string[] = [];
  let rest = s;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 || (parts.length === 0 && size === 1)) parts.push(`${n} ${name}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
