import { describe, expect, it } from 'vitest';
import { formatDuration, phaseSpans, type TimelineEvent } from './timeline.js';

const at = (day: number) => new Date(Date.UTC(2026, 11, 1 + day)).toISOString();
const event = (seq: number, day: number, stage: string): TimelineEvent => ({ seq, at: at(day), stage, status: 'X', type: 'status', info: '' });

describe('phaseSpans', () => {
  it('cuts a completed 9610 timeline into customs, transport, tax and FX with the days in each', () => {
    const events = [event(1, 0, 'order'), event(2, 1, 'declaration'), event(3, 3, 'departure'), event(4, 4, 'transit'), event(5, 18, 'tax'), event(6, 19, 'fx'), event(7, 21, 'done')];
    const spans = phaseSpans(events, at(21), Date.parse(at(30)));
    expect(spans.map((s) => [s.phase, s.durationMs! / 86_400_000])).toEqual([['customs', 4], ['transport', 14], ['tax', 1], ['fx', 2]]);
    expect(spans[0]!.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(spans[3]!.events.map((e) => e.seq)).toEqual([6, 7]); // 'done' stays with the last phase
  });

  it('counts the phase in progress up to now and leaves later phases unreached', () => {
    const spans = phaseSpans([event(1, 0, 'order'), event(2, 2, 'transit')], null, Date.parse(at(5)));
    expect(spans[1]).toMatchObject({ phase: 'transport', endedAt: undefined, durationMs: 3 * 86_400_000 });
    expect(spans[2]).toMatchObject({ phase: 'tax', startedAt: undefined, durationMs: undefined });
  });
});

describe('formatDuration', () => {
  it('shows the two largest units', () => {
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 5_000)).toBe('3 d 4 h');
    expect(formatDuration(40_000)).toBe('40 s');
    expect(formatDuration(0)).toBe('0 s');
  });
});
