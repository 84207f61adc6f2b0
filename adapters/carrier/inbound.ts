import { z } from 'zod';
import { authenticateSigned, JSON_REPLIES, parseJsonWith, type Inbound } from '../kit/inbound.js';
import { IsoTime } from '../kit/schemas.js';
import { MilestoneEventSchema } from './port.js';

/**
 * A carrier's milestone callback (POST /v1/callbacks/<carrier>), as every carrier sends it: the
 * port's MilestoneEventSchema, lenient where callbacks were accepted before it was enforced here
 * (`location` and `at` may be left out; an event name the platform does not know is stored and
 * ignored, not refused).
 */
export const MilestoneCallbackSchema = MilestoneEventSchema.extend({
  event: z.string().min(1).max(64),
  location: z.string().max(200).optional(),
  at: IsoTime.optional(),
});
export type MilestoneCallback = z.infer<typeof MilestoneCallbackSchema>;

export const carrierInbound: Inbound<MilestoneCallback> = {
  ...JSON_REPLIES,
  authenticate: authenticateSigned,
  parse: (raw) => parseJsonWith(MilestoneCallbackSchema, raw),
};
