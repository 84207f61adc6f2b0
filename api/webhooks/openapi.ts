import type { OpenAPIV3_1 } from 'openapi-types';
import { EVENT_SCHEMAS, EVENT_VERSION, schemaIdOf } from '../../domain/events/catalogue.js';

/**
 * The OpenAPI 3.1 `webhooks` section: one entry per event type, its body the event's schema
 * (domain/events/catalogue.ts, registered by id so the components hold it), with the Standard
 * Webhooks headers every delivery carries (docs/webhooks.md).
 */
type Webhooks = NonNullable<OpenAPIV3_1.Document['webhooks']>;

export function webhooksSection(): Webhooks {
  const headers: Record<string, Omit<OpenAPIV3_1.ParameterObject, 'name' | 'in'>> = {
    'webhook-id': { required: true, schema: { type: 'string' }, description: 'The event id (evt_…); the same on every retry: de-duplicate by it' },
    'webhook-timestamp': { required: true, schema: { type: 'string' }, description: 'Unix seconds of this attempt; refuse ones far from your clock' },
    'webhook-signature': {
      required: true,
      schema: { type: 'string' },
      description: 'Space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under the endpoint secret (two during a rotation grace period)',
    },
  };
  return Object.fromEntries<Webhooks[string]>(
    [...EVENT_SCHEMAS.keys()].map((type) => [
      type,
      {
        post: {
          operationId: `webhook_${type.replace(/\W/g, '_')}`,
          summary: `${type} (version ${EVENT_VERSION})`,
          tags: ['webhooks'],
          parameters: Object.entries(headers).map(([name, h]): OpenAPIV3_1.ParameterObject => ({ name, in: 'header', ...h })),
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaIdOf(type)}` } } } },
          responses: { '2XX': { description: 'Received; any other answer (or none within the timeout) is retried with backoff' } },
        },
      },
    ]),
  );
}
