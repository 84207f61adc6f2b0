import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import { InvalidCursor } from '../../db/cursor.js';
import type { Db } from '../../db/client.js';
import { decodeEventCursor, encodeEventCursor, eventBody, OUTBOX_START, readOutbox } from '../../db/events.js';
import { EVENT_TYPES, EventSchema } from '../../domain/events/catalogue.js';
import { authenticate } from '../auth.js';
import { ApiError } from '../errors.js';
import { ErrorBody } from '../schemas.js';

/** A comma-separated list of event types, each one of the catalogue's. */
export const EventTypesParam = z
  .string()
  .max(2000)
  .transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean))
  .pipe(z.array(z.enum(EVENT_TYPES as [string, ...string[]])).max(50));

const EventsQuery = z
  .object({
    after: z.string().max(100).optional().meta({ description: 'The `next` cursor of the previous page; omitted: the oldest retained event' }),
    types: EventTypesParam.optional().meta({ description: 'Comma-separated event types (default: all)' }),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

const EventPage = z
  .object({
    items: z.array(EventSchema),
    next: z.string().meta({ description: 'Pass as `after` for the next page; the same cursor again when nothing newer is there yet' }),
  })
  .meta({ id: 'EventPage' });

/** GET /v1/events: the caller's events in outbox order, the same events (and ids) the webhooks send. */
export const eventRoutes =
  (deps: { db: Db; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/v1/events', {
      schema: {
        tags: ['events'],
        operationId: 'listEvents',
        summary: `The caller's events (retained ${deps.config.EVENT_RETENTION_DAYS} days), oldest first, for systems that pull instead of receiving webhooks`,
        querystring: EventsQuery,
        response: { 200: EventPage, 400: ErrorBody, 401: ErrorBody },
      },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      let after = OUTBOX_START;
      try {
        if (req.query.after) after = decodeEventCursor(req.query.after);
      } catch (err) {
        if (err instanceof InvalidCursor) throw new ApiError(400, 'INVALID_CURSOR', err.message, [{ path: 'querystring.after', message: err.message }]);
        throw err;
      }
      const rows = await readOutbox(deps.db, { after, limit: req.query.limit, enterpriseId: caller.enterpriseId, types: req.query.types });
      const last = rows.at(-1);
      return { items: rows.map(eventBody), next: encodeEventCursor(last ?? after) };
    });
  };
