import { describe, expect, it } from 'vitest';
import type { ProjectionUpdate } from '../../domain/projection.js';
import { ProjectionOutbox } from './outbox.js';

/**
 * A shipment's writes reach the timeline and the enterprise's events in their order, whichever of
 * the calls that carry them runs first (a booking beside the data push; a receipt's write flushed
 * while the booking has not started). Applying a batch here does what the projection does: each
 * write once per seq, in the batch's order (db/projection.ts).
 */
function update(outbox: ProjectionOutbox): ProjectionUpdate {
  const seq = outbox.nextSeq();
  return { shipmentId: 'S', seq, at: '2026-12-07T00:00:00Z', stage: 'ORDER', status: 'RECEIVED', type: `T${seq}`, info: '', fields: {} } as ProjectionUpdate;
}

function applyInto(timeline: number[], batch: readonly ProjectionUpdate[]): void {
  for (const u of batch) if (!timeline.includes(u.seq)) timeline.push(u.seq);
}

describe('projection outbox (lean history)', () => {
  it('a later call carries the writes of an earlier one that has not finished, so running first it applies them in order', async () => {
    const outbox = new ProjectionOutbox(true);
    await outbox.write(update(outbox)); // 1
    const booking = outbox.takeProjection(); // rides with the booking
    await outbox.write(update(outbox)); // 2, a receipt's write
    const flushed = outbox.takeProjection(); // flushed before the booking starts
    const timeline: number[] = [];
    applyInto(timeline, flushed);
    applyInto(timeline, booking);
    expect(booking.map((u) => u.seq)).toEqual([1]);
    expect(flushed.map((u) => u.seq)).toEqual([1, 2]);
    expect(timeline).toEqual([1, 2]);
  });

  it('carries nothing again once the call that carried it finished, and nothing at all when no write waits', async () => {
    const outbox = new ProjectionOutbox(true);
    await outbox.write(update(outbox));
    const first = outbox.takeProjection();
    expect(outbox.takeProjection()).toEqual([]); // a call beside it: no copies for nothing
    outbox.settled(first);
    await outbox.write(update(outbox));
    expect(outbox.takeProjection().map((u) => u.seq)).toEqual([2]);
  });

  it('a call that never ran (cancelled before it started) loses no write: the next one carries it', async () => {
    const outbox = new ProjectionOutbox(true);
    await outbox.write(update(outbox));
    const cancelled = outbox.takeProjection();
    await outbox.write(update(outbox));
    await outbox.write(update(outbox));
    const next = outbox.takeProjection();
    expect(cancelled.map((u) => u.seq)).toEqual([1]);
    expect(next.map((u) => u.seq)).toEqual([1, 2, 3]);
    outbox.settled(next);
    outbox.settled(cancelled); // a late finish of an older call changes nothing
    await outbox.write(update(outbox));
    expect(outbox.takeProjection().map((u) => u.seq)).toEqual([4]);
  });
});
