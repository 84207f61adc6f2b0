import type { ShipmentCreate } from './shipment.schema.js';

/** The enterprise that owns a shipment (the e-commerce enterprise, ebc in CEB messages). */
export interface EnterpriseRef {
  id: string;
  name: string;
  customsCode: string;
}

/**
 * Settings fixed when a shipment starts, so that a configuration change never alters a shipment
 * already running (and replay stays deterministic).
 */
export interface ShipmentSettings {
  timeScale: number;
  /** Declaration customs district (申报地海关), e.g. 7901 Chengdu customs. */
  customsCode: string;
  /** Exit port customs code (口岸海关). */
  portCode: string;
  statisticsFlag: 'A' | 'B';
  /** Whether the receipt-of-payment CEB403 must be filed (dropped from 2024-12-15). */
  requirePaymentReceipt: boolean;
  /** DXP identity of the transmitting enterprise (BaseTransfer). */
  dxp: { copCode: string; copName: string; dxpId: string };
  /** 9810: exports departing on or after this date claim the refund on departure (HWC-YT). */
  overseasPreRefundFrom?: string;
  /** 9810: business days the platform follows a consignment's sales. */
  overseasSalesWindowDays?: number;
  /** 1210: days after release within which a return is accepted. */
  importReturnDays?: number;
  /** 1210: days after release within which returned goods must be back in the centre for the quota to return (domain/import/returns.ts). */
  importReturnGoodsDays?: number;
  /** 1210: the order's money as accepted by the API (domain/import/order.ts), in fen. */
  importFigures?: { goodsValueFen: number; freightFen: number; discountFen: number; taxTotalFen: number; acturalPaidFen: number; dutiableTotalFen: number; lineTaxFen: { customsTax: number; vat: number; consumptionTax: number }[] };
}

export interface ShipmentInput {
  shipmentId: string;
  enterprise: EnterpriseRef;
  request: ShipmentCreate;
  settings: ShipmentSettings;
  /** ISO time the API accepted the shipment. */
  acceptedAt: string;
  /** Risk rules' hits at acceptance (domain/risk); `hold`: wait for ops review before declaring. */
  risk?: { hold: boolean; hits: { ruleId: string; version: number; severity: 'REVIEW' | 'HOLD'; explanation: string }[] };
}

/** Goods value in the order's currency (CNY for 1210). */
export function shipmentGoodsValue(request: ShipmentCreate): number {
  return round5(request.items.reduce((sum, i) => sum + i.qty * i.unitPrice, 0));
}

export function lineTotal(qty: number, unitPrice: number): number {
  return round5(qty * unitPrice);
}

export function round5(n: number): number {
  return Math.round(n * 1e5) / 1e5;
}
