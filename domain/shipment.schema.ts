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
    /** Production batch/lot of the goods (product traceability, /v1/products). */
    batchNo: z.string().regex(/^[\w.-]{1,40}$/, '1-40 letters, digits, _ . -').optional(),
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

/**
 * Whether a 9710/9810 consignment claims the export VAT refund (default true). true: declared by
 * customs declaration (报关单, H2018 route) and the refund files under its 报关单号; false: the
 * CBEC list route (statisticsFlag B, monthly summary) with no refund step. Decision of issue 16
 * item 2 (domain/export/statistics-flag.ts; docs/reference/domain-rules.md §1.4, §8 open point 5).
 */
const refundClaim = z.boolean().default(true).meta({
  description: 'Claims the export VAT refund (default true): declared by customs declaration (报关单, H2018 route) and the refund files under its number; false: CBEC list route (≤ CNY 5,000), no refund',
});

/** 9610 retail export (B2C parcels). */
export const Shipment9610 = z
  .object({ mode: z.literal('9610'), ...exportFields })
  .strict()
  .superRefine(exportChecks);

/**
 * 9710 B2B direct export (docs/reference/domain-rules.md §1.4): sold to an overseas business; declared through
 * the CBEC export list when the consignment is at most CNY 5,000 and needs no licence,
 * inspection or tax. A consignment claiming the export VAT refund (refundClaim, the default) is
 * declared by customs declaration (报关单, H2018 route, any value) so the refund files under its
 * 报关单号 (issue 16 item 2; domain/export/statistics-flag.ts).
 */
export const Shipment9710 = z
  .object({
    mode: z.literal('9710'),
    ...exportFields,
    buyer: z.object({ name: z.string().trim().min(1).max(200), country: z.string().regex(/^\d{3}$/, '3-digit customs country code') }).strict(),
    /** The consignment's customs value in CNY (FOB), as declared; decides the declaration channel and the refund base. */
    declaredValueCny: positive(1e12),
    refundClaim,
  })
  .strict()
  .superRefine(exportChecks);

/**
 * 9810 export to an overseas warehouse (docs/reference/domain-rules.md §1.5): bulk stock shipped to a named
 * warehouse before any sale. The order number is the booking-note number (订仓单, CEB303
 * orderType W). Declared through the CBEC export list under the same CNY 5,000 rule as 9710.
 */
export const Shipment9810 = z
  .object({
    mode: z.literal('9810'),
    ...exportFields,
    warehouse: z
      .object({
        /** The operator's warehouse code, e.g. DE-DUI-01 (adapters/overseas-warehouse). */
        code: z.string().regex(/^[A-Z]{2}-[A-Z0-9]{2,10}-\d{2}$/, 'a warehouse code like DE-DUI-01'),
        name: z.string().trim().min(1).max(100),
      })
      .strict(),
    declaredValueCny: positive(1e12),
    refundClaim,
  })
  .strict()
  .superRefine((s, ctx) => {
    exportChecks(s, ctx);
    // stock is counted in whole units at the warehouse
    s.items.forEach((item, i) => {
      if (!Number.isInteger(item.qty)) ctx.addIssue({ code: 'custom', path: ['items', i, 'qty'], message: 'whole units for overseas-warehouse stock' });
    });
  });

/** A person as customs knows them: name and mainland resident ID (buyerIdType 1). */
const Person = z
  .object({
    name: z.string().trim().min(1).max(60),
    idNumber: z.string().regex(/^\d{17}[\dXx]$/, '18-character resident ID number'),
  })
  .strict();

/** One line of a bonded import order: a SKU of the bonded account book (电子账册). */
export const ImportItem = z
  .object({
    sku: z.string().regex(/^[\w.-]{1,20}$/, '1-20 letters, digits, _ . -'),
    /**
     * The SKU's item record number in the bonded account book (账册备案料号): CEB621 line
     * `itemRecordNo`, mandatory for bonded imports (docs/reference/ceb-messages.md §7.2).
     */
    itemRecordNo: z.string().regex(/^[\w.-]{1,30}$/, 'account-book item record number (账册备案料号), 1-30 letters, digits, _ . -'),
    name: z.string().trim().min(1).max(250),
    hsCode: z.string().regex(/^\d{10}$/, '10-digit HS code'),
    model: z.string().trim().min(1).max(250),
    barCode: z.string().trim().min(1).max(50).optional(),
    /** Production batch/lot of the goods (product traceability, /v1/products). */
    batchNo: z.string().regex(/^[\w.-]{1,40}$/, '1-40 letters, digits, _ . -').optional(),
    /** Country of origin, 3-digit customs code. */
    country: z.string().regex(/^\d{3}$/, '3-digit customs country code'),
    unit: z.string().regex(/^\d{3}$/, '3-digit customs unit code'),
    legalUnit: z.string().regex(/^\d{3}$/, '3-digit customs unit code'),
    legalQty: positive(1e9),
    qty: z.number().int().min(1).max(10_000),
    /** Retail price in CNY per unit, incl. the line's share of nothing else (freight is on the order). */
    unitPrice: positive(1e9),
    /** Statutory import VAT rate in basis points (13 % = 1300, 9 % = 900). */
    vatRateBp: z.union([z.literal(1300), z.literal(900)]),
    /** Ad-valorem consumption-tax rate in basis points (0 when none; high-end cosmetics 1500). */
    consumptionTaxRateBp: z.number().int().min(0).max(5000).optional(),
    /** The goods' own tariff rate in basis points: needed when one item above CNY 5,000 is taxed in full. */
    tariffRateBp: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();

/**
 * 1210 bonded retail import (docs/reference/domain-rules.md §1.6, §2): a consumer's order served from stock in
 * the bonded logistics centre. Prices in CNY. The platform files the order (CEB311), relays the
 * payment enterprise's voucher (CEB411) and the carrier's waybill (CEB511), then the import
 * inventory (CEB621). The comprehensive tax (`taxTotal` on the order) is computed by the platform.
 */
export const Shipment1210 = z
  .object({
    mode: z.literal('1210'),
    orderNo: exportFields.orderNo,
    platform: Party,
    /**
     * The bonded warehouse holding the stock (adapters/bonded-warehouse): its account book and the
     * warehouse enterprise in the centre (区内仓储企业), CEB621 `emsNo` / `areaCode` / `areaName`,
     * all three mandatory for bonded imports (docs/reference/ceb-messages.md §7.2).
     */
    warehouse: z
      .object({
        code: z.string().regex(/^[A-Z0-9-]{3,20}$/, '3-20 upper-case letters, digits or -'),
        emsNo: z.string().regex(/^[A-Z0-9]{1,30}$/, 'bonded account book number (电子账册), 1-30 upper-case letters or digits'),
        areaCode: customsCode,
        areaName: z.string().trim().min(1).max(100),
      })
      .strict(),
    buyer: Person.extend({
      telephone: z.string().regex(/^\+?[\d-]{6,20}$/, 'a telephone number'),
      /** The buyer's account on the platform (buyerRegNo). */
      registerNo: z.string().trim().min(1).max(60),
      /** The platform verified the buyer's identity with the competent authority (§2.4); if not, the payer must be the buyer. */
      identityVerified: z.boolean().optional(),
    }).strict(),
    consignee: z
      .object({
        name: z.string().trim().min(1).max(100),
        telephone: z.string().regex(/^\+?[\d-]{6,20}$/, 'a telephone number'),
        address: z.string().trim().min(1).max(200),
        /** 6-digit administrative division code (consigneeDistrict). */
        district: z.string().regex(/^\d{6}$/, '6-digit division code').optional(),
      })
      .strict(),
    /** What the payment enterprise reported (its CEB411 voucher). */
    payment: z
      .object({
        payCode: customsCode,
        payName: z.string().trim().min(1).max(100),
        transactionId: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, '1-60 letters, digits, _ or -'),
        payer: Person,
        /** CNY paid; must equal goods + freight + tax − discount. */
        amountPaid: decimal(1e9),
        /** ISO time of payment. */
        paidAt: z.iso.datetime({ offset: true }),
      })
      .strict(),
    logistics: Party.extend({ waybillNo: z.string().regex(/^[A-Za-z0-9-]{1,60}$/, '1-60 letters, digits or -') }).strict(),
    agent: Party.optional(),
    freight: decimal(1e9),
    /**
     * Insurance actually charged, CNY (CEB621 `insuredFee`; default 0). Part of the dutiable price
     * with the freight (docs/reference/domain-rules.md §2.2).
     */
    insuredFee: decimal(1e9).optional(),
    /** Non-cash deduction (coupons, points), CNY. */
    discount: decimal(1e9).optional(),
    grossWeightKg: positive(1e6),
    netWeightKg: positive(1e6),
    items: z.array(ImportItem).min(1).max(99),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.netWeightKg > s.grossWeightKg) ctx.addIssue({ code: 'custom', path: ['netWeightKg'], message: 'net weight cannot exceed gross weight' });
    const skus = new Set<string>();
    s.items.forEach((item, i) => {
      if (skus.has(item.sku)) ctx.addIssue({ code: 'custom', path: ['items', i, 'sku'], message: 'duplicate sku in one order' });
      skus.add(item.sku);
    });
  });

/** One entry per customs mode (domain/modes.ts holds each mode's stages). */
export const ShipmentCreate = z.discriminatedUnion('mode', [Shipment9610, Shipment9710, Shipment9810, Shipment1210]);

export type ShipmentCreate = z.infer<typeof ShipmentCreate>;
export type ShipmentItem = z.infer<typeof ShipmentItem>;
export type ImportItem = z.infer<typeof ImportItem>;
export type ExportShipment = Exclude<ShipmentCreate, { mode: '1210' }>;
export type ImportShipment = Extract<ShipmentCreate, { mode: '1210' }>;
export type PartyT = z.infer<typeof Party>;
