import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SYSTEMS } from '../../adapters/catalogue.js';
import type { Config } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { grantConsent, revokeConsent, toConsent } from '../../db/finance-consent.js';
import { consentState, type Consent } from '../../domain/finance/consent.js';
import { authenticate } from '../auth.js';
import { ApiError } from '../errors.js';
import { ConsentCreate, ConsentList, ConsentView } from '../finance.schemas.js';
import { ErrorBody, IdParams } from '../schemas.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };
const RECIPIENTS: ReadonlyMap<string, string> = new Map(SYSTEMS.filter((s) => s.kind === 'lender' || s.kind === 'insurer').map((s) => [s.id, s.kind]));
const view = (c: Consent) => ({ ...c, subjectIds: [...c.subjectIds], facts: [...c.facts], state: consentState(c, new Date().toISOString()) });

/**
 * The enterprise's consents to share facts with lenders and insurers (issue 20 §3): grant, list,
 * revoke. Only its own shipments can be named; a revocation stops every disclosure after it
 * (db/finance-consent.ts disclose). Grants and revocations are in the audit trail.
 */
export const financeConsentRoutes =
  (deps: { db: Db; temporal: Client; config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/v1/finance/consents', {
      schema: { tags: ['finance'], operationId: 'grantConsent', summary: 'Let a lender or insurer see chosen facts about chosen shipments until a date', body: ConsentCreate, response: { 201: ConsentView, ...errors } },
    }, async (req, reply) => {
      const caller = await authenticate(deps.db, req);
      const b = req.body;
      const kind = RECIPIENTS.get(b.recipient);
      if (!kind) throw new ApiError(422, 'UNKNOWN_RECIPIENT', `no lender or insurer ${b.recipient}; recipients: ${[...RECIPIENTS.keys()].join(', ')}`, [{ path: 'body.recipient', message: 'not a lender or insurer of the platform' }]);
      if ((kind === 'lender') !== (b.purpose === 'FINANCING')) throw new ApiError(422, 'WRONG_PURPOSE', `${b.recipient} is a ${kind}: the purpose is ${kind === 'lender' ? 'FINANCING' : 'INSURANCE'}`, [{ path: 'body.purpose', message: 'does not fit the recipient' }]);
      const subjectIds = [...new Set(b.subjectIds)];
      const own = await deps.db.shipment.findMany({ where: { enterpriseId: caller.enterpriseId, id: { in: subjectIds } }, select: { id: true } });
      const missing = subjectIds.findIndex((id) => !own.some((s) => s.id === id));
      if (missing >= 0) throw new ApiError(422, 'SUBJECT_NOT_FOUND', `no shipment ${subjectIds[missing]} of yours`, [{ path: `body.subjectIds.${missing}`, message: 'not a shipment of the enterprise' }]);
      const consent = await grantConsent(deps.db, {
        enterpriseId: caller.enterpriseId, recipient: b.recipient, purpose: b.purpose, subjectIds, allSubjects: b.allSubjects, facts: b.facts,
        validFrom: b.validFrom ? new Date(b.validFrom) : new Date(), validUntil: new Date(b.validUntil), actor: `enterprise:${caller.enterpriseId}`,
      });
      return reply.code(201).header('location', `/v1/finance/consents/${consent.id}`).send(view(consent));
    });

    app.get('/v1/finance/consents', {
      schema: { tags: ['finance'], operationId: 'listConsents', summary: "The caller's consents, newest first", response: { 200: ConsentList, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      const rows = await deps.db.financeConsent.findMany({ where: { enterpriseId: caller.enterpriseId }, orderBy: { createdAt: 'desc' }, take: 500 });
      return { items: rows.map((r) => view(toConsent(r))) };
    });

    app.post('/v1/finance/consents/:id/revoke', {
      schema: { tags: ['finance'], operationId: 'revokeConsent', summary: 'Revoke a consent: nothing more is disclosed under it', params: IdParams, response: { 200: ConsentView, ...errors } },
    }, async (req) => {
      const caller = await authenticate(deps.db, req);
      const consent = await revokeConsent(deps.db, { id: req.params.id, enterpriseId: caller.enterpriseId, actor: `enterprise:${caller.enterpriseId}` });
      if (!consent) throw new ApiError(404, 'CONSENT_NOT_FOUND', 'no such consent of yours', [{ path: 'params.id', message: 'not found' }]);
      return view(consent);
    });
  };
