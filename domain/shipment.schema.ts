import { z } from 'zod';
import { CORRIDORS, type CorridorId } from './corridors.js';

/**
 * What an enterprise sends to create a shipment. Workflows import only the inferred *types*
 * (`import type`), so zod never enters the workflow bundle. Field names follow the CEB messages
 * they feed (ceb-messages.md §6.2); codes are the customs' own (JGS-20), as the Single Window
 * expects them.
 */
const decimal = (max: number) =>
  z
    .number()
    .finite()
    .min(0)
    .max(max)
    .refine((n) => Math.round(n * 1e5) / 1e5 === n, { message: 'at most 5 decimals (N19,5)' });
const positive = (max: number) => decimal(max).refine((n) => n > 0, { message: 'must be greater than 0' });

export const customsCode = z.string().regex(/^[0-9A-Z]{1,18}$/, '1-18 upper-case letters or digits (customs code or USCC)');

export const Party = z.object({ code: customsCode, name: z.string().trim().min(1).max(100) }).strict();

/** ISO currencies accepted for export pricing; mapped to customs codes in domain/codes.ts. */
export const Currency = z.enum(['USD', 'EUR', 'GBP', 'JPY', 'HKD', 'SGD', 'AUD', 'CAD', 'CNY']);

export const FxProvider = z.enum(['bank', 'bank-b', 'payment-institution']);

export const Corridor = z.enum(Object.keys(CORRIDORS) as [CorridorId, ...CorridorId[]]);

export const ShipmentItem = z
  .object({
    sku: z.string().regex(/^[\w.-]{1,20}$/, '1-20 letters, digits, _ . -'),
    name: z.string().trim().min(1).max(250),
    hsCode: z.string().regex(/^\d{10}$/, '10-digit HS code'),
    model: z.string().trim().min(1).max(250),
    barCode: z.string().trim().min(1).max(50).optional(),
    unit: z.string().regex(/^\d{3}$/, '3-digit customs unit code, e.g. 011 (件)'),
    legalUnit: z.string().regex(/^\d{3}$/, '3-digit customs unit code, e.g. 035 (千克)'),
    legalQty: positive(1e12),
    qty: positive(1e12),
    unitPrice: decimal(1e12),
  })
  .strict();

/** Fields every export shipment has (CEB303/505/603 data, transport and FX choices). */
const exportFields = {
  orderNo: z.string().regex(/^[A-Za-z0-9][\w-]{0,59}$/, '1-60 letters, digits, _ or -, starting with a letter or digit'),
  corridor: Corridor,
  currency: Currency,
  platform: Party,
  logistics: Party.extend({ waybillNo: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, '1-32 letters, digits or -') }).strict(),
  agent: Party.optional(),
  destination: z
    .object({
      country: z.string().regex(/^\d{3}$/, '3-digit customs country code, e.g. 304 (Germany)'),
      port: z.string().regex(/^[A-Z0-9]{3,4}$/, '3-4 character port code'),
    })
    .strict(),
  freight: decimal(1e12),
  insuredFee: decimal(1e12),
  grossWeightKg: positive(1e9),
  netWeightKg: positive(1e9),
  packages: z.number().int().min(1).max(100_000),
  statisticsFlag: z.enum(['A', 'B']).optional(),
  /** Who collects and settles the proceeds: bank A (default), bank B or a payment institution. */
  fxProvider: FxProvider.optional(),
  items: z.array(ShipmentItem).min(1).max(100),
};

function exportChecks(s: { netWeightKg: number; grossWeightKg: number; items: { sku: string }[] }, ctx: z.RefinementCtx): void {
  if (s.netWeightKg > s.grossWeightKg) {
    ctx.addIssue({ code: 'custom', path: ['netWeightKg'], message: 'net weight cannot exceed gross weight' });
  }
  const skus = new Set<string>();
  s.items.forEach((item, i) => {
    if (skus.has(item.sku)) ctx.addIssue({ code: 'custom', path: ['items', i, 'sku'], message: 'duplicate sku in one order' });
    skus.add(item.sku);
  });
}

/** 9610 retail export (B2C parcels). */
export const Shipment9610 = z
  .object({ mode: z.literal('9610'), ...exportFields })
  .strict()
  .superRefine(exportChecks);

/**
 * 9710 B2B direct export (domain-rules.md §1.4): sold to an overseas business; declared through
 * the CBEC export list when the consignment is at most CNY 5,000 and needs no licence,
 * inspection or tax (larger ones go through an H2018 customs declaration, not connected yet).
 */
export const Shipment9710 = z
  .object({
    mode: z.literal('9710'),
    ...exportFields,
    buyer: z.object({ name: z.string().trim().min(1).max(200), country: z.string().regex(/^\d{3}$/, '3-digit customs country code') }).strict(),
    /** The consignment's customs value in CNY (FOB), as declared; decides the declaration channel and the refund base. */
    declaredValueCny: positive(1e12),
  })
  .strict()
  .superRefine(exportChecks);

/** One entry per customs mode (domain/modes.ts holds each mode's stages). */
export const ShipmentCreate = z.discriminatedUnion('mode', [Shipment9610, Shipment9710]);

export type ShipmentCreate = z.infer<typeof ShipmentCreate>;
export type ShipmentItem = z.infer<typeof ShipmentItem>;
export type PartyT = z.infer<typeof Party>;
