import { z } from 'zod';
import { EVENT_TYPES } from '../../domain/events/catalogue.js';

const EventTypes = z
  .array(z.enum(EVENT_TYPES as [string, ...string[]]))
  .max(50)
  .refine((t) => new Set(t).size === t.length, 'each type at most once')
  .meta({ description: 'Event types sent to this endpoint; empty: all (also types added later)' });

export const EndpointCreate = z
  .object({
    url: z.string().trim().min(1).max(2000).meta({ description: 'https:// outside development; must resolve to public addresses only' }),
    description: z.string().trim().max(500).default(''),
    eventTypes: EventTypes.default([]),
  })
  .strict()
  .meta({ id: 'WebhookEndpointCreate' });

export const EndpointUpdate = z
  .object({ url: EndpointCreate.shape.url.optional(), description: z.string().trim().max(500).optional(), eventTypes: EventTypes.optional() })
  .strict()
  .meta({ id: 'WebhookEndpointUpdate' });

export const Endpoint = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()),
    status: z.string().meta({ description: 'ACTIVE, PAUSED, or DISABLED (failed for too long; resume sends what waited)' }),
    failingSince: z.string().nullable(),
    disabledReason: z.string().nullable(),
    previousSecretValidUntil: z.string().nullable().meta({ description: 'After a rotation: until when deliveries are also signed with the previous secret' }),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookEndpoint' });

export const EndpointWithSecret = Endpoint.extend({
  secret: z.string().meta({ description: 'whsec_…: shown only now; verify the webhook-signature header with it' }),
}).meta({ id: 'WebhookEndpointWithSecret' });

export const EndpointList = z.object({ items: z.array(Endpoint) }).meta({ id: 'WebhookEndpointList' });

export const RotateBody = z
  .object({ graceHours: z.number().int().min(0).max(168).default(24).meta({ description: 'Hours the previous secret stays valid' }) })
  .strict()
  .meta({ id: 'WebhookSecretRotation' });

export const ReplayBody = z
  .object({
    eventId: z.string().regex(/^evt_[\w-]{1,60}$/).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((b) => (b.eventId === undefined) !== (b.since === undefined), { message: 'send exactly one of eventId and since', path: ['eventId'] })
  .meta({ id: 'WebhookReplay' });

export const ReplayResult = z.object({ queued: z.number().int() }).meta({ id: 'WebhookReplayResult' });

export const AttemptsQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.string().regex(/^\d{1,19}$/).optional() })
  .strict();

export const AttemptList = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        eventId: z.string(),
        at: z.string(),
        statusCode: z.number().int().nullable(),
        ok: z.boolean(),
        latencyMs: z.number().int(),
        error: z.string().nullable(),
        responseExcerpt: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'WebhookAttemptList' });
