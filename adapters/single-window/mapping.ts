/**
 * Shipment → CEB request message for one customs document (ceb-messages.md §6.2 field tables).
 * Deterministic: the guid comes from the idempotency key and appTime from the workflow's
 * `sentAt`, so an activity retry sends byte-identical XML.
 */
import type { BuildCustomsMessage, SubmitDocumentRequest } from './port.js';
import { customsCurrency } from '../../domain/codes.js';
import { corridorInfo } from '../../domain/corridors.js';
import { modeDefinition } from '../../domain/modes.js';
import { REQUEST_MESSAGE, type DocExtra, type DocType } from '../../domain/customs.js';
import { lineTotal, shipmentGoodsValue, round5 } from '../../domain/shipment.js';
import {
  buildCeb303, buildCeb403, buildCeb505, buildCeb507, buildCeb509, buildCeb603, buildCeb605,
  formatAppTime, formatCebDate, type BaseTransfer,
} from './ceb/index.js';
import { ATTACHED_B2B_EXPORT, buildEntryDeclaration } from './entry/format.js';
import { buildImportMessage } from './mapping-import.js';
import { clip, dec, guidFor } from './mapping-fields.js';
import { documentKey } from './routing.js';

export { guidFor } from './mapping-fields.js';


function required(value: string | undefined, what: string, docType: DocType): string {
  if (!value) throw new Error(`${docType}: ${what} is required to build the ${REQUEST_MESSAGE[docType]}`);
  return value;
}

/** The booking's conveyance; document inputs scheduled before the rename name it `trainNo`. */
const conveyanceOf = (extra: DocExtra): string | undefined => extra.conveyanceRef ?? extra.trainNo;

export const buildCustomsMessage: BuildCustomsMessage = (req: SubmitDocumentRequest) => {
  const { input, docType, extra } = req;
  const { enterprise, settings } = input;
  if (input.request.mode === '1210') return buildImportMessage(req, input.request);
  const r = input.request;
  const guid = guidFor(req.idempotencyKey);
  const sent = new Date(req.sentAt);
  if (Number.isNaN(sent.getTime())) throw new Error(`${docType}: sentAt is not a valid time: ${req.sentAt}`);
  const appTime = formatAppTime(sent); // China time, UTC+8
  const app = { guid, appType: '1', appTime, appStatus: '2' } as const;
  const bt: BaseTransfer = { copCode: settings.dxp.copCode, copName: settings.dxp.copName, dxpMode: 'DXP', dxpId: settings.dxp.dxpId };
  const opts = { guid };
  const currency = customsCurrency(r.currency);
  const ebp = { ebpCode: r.platform.code, ebpName: r.platform.name };
  const ebc = { ebcCode: enterprise.customsCode, ebcName: enterprise.name };
  const agent = r.agent ? { agentCode: r.agent.code, agentName: r.agent.name } : { agentCode: enterprise.customsCode, agentName: enterprise.name };
  const carrier = { logisticsCode: r.logistics.code, logisticsName: r.logistics.name };
  const logisticsNo = r.logistics.waybillNo;
  const goodsValue = shipmentGoodsValue(r);
  const keys = { ebpCode: ebp.ebpCode, ebcCode: ebc.ebcCode, orderNo: r.orderNo, logisticsCode: carrier.logisticsCode, logisticsNo, copNo: req.copNo };
  const businessKey = documentKey(docType, keys);
  if (!businessKey) throw new Error(`${docType}: no business key (${JSON.stringify(keys)})`);

  const xml = ((): string => {
    switch (docType) {
      case 'ORDER':
        return buildCeb303([{
          OrderHead: { ...app, orderType: modeDefinition(r.mode).orderType as 'E' | 'B' | 'W', orderNo: r.orderNo, ...ebp, ...ebc, goodsValue: dec(goodsValue), freight: dec(r.freight), currency },
          OrderList: r.items.map((i, n) => ({
            gnum: n + 1, itemNo: i.sku, itemName: i.name, barCode: i.barCode ?? '无', unit: i.unit, currency,
            qty: dec(i.qty), price: dec(i.unitPrice), totalPrice: dec(lineTotal(i.qty, i.unitPrice)),
          })),
        }], bt, opts);
      case 'PAYMENT_RECEIPT':
        // payName: the platform collects the buyer's money (a marketplace), not "现金支付" (cash).
        return buildCeb403([{
          ...app, ...ebp, ...ebc, orderNo: r.orderNo, payName: r.platform.name,
          charge: dec(round5(goodsValue + r.freight)), currency, accountingDate: appTime,
        }], bt, opts);
      case 'WAYBILL':
        return buildCeb505([{
          ...app, ...carrier, logisticsNo, freight: dec(r.freight), insuredFee: dec(r.insuredFee), currency,
          grossWeight: dec(r.grossWeightKg), packNo: r.packages, goodsInfo: clip(r.items.map((i) => i.name).join(';'), 200), ...ebc,
        }], bt, opts);
      case 'INVENTORY':
        return buildCeb603([{
          InventoryHead: {
            ...app, customsCode: settings.customsCode, ...ebp, orderNo: r.orderNo, ...carrier, logisticsNo, copNo: req.copNo,
            ieFlag: 'E', portCode: settings.portCode, ieDate: formatCebDate(sent), statisticsFlag: settings.statisticsFlag,
            ...agent, ...ebc, ownerCode: ebc.ebcCode, ownerName: ebc.ebcName, tradeMode: modeDefinition(r.mode).tradeMode, trafMode: corridorInfo(r.corridor).trafMode,
            country: r.destination.country, POD: r.destination.port,
            freight: dec(r.freight), fCurrency: currency, fFlag: '3', insuredFee: dec(r.insuredFee), iCurrency: currency, iFlag: '3',
            // wrapType '2' follows the Chengdu example; the code table was not found (ceb-messages.md §10).
            wrapType: '2', packNo: r.packages, grossWeight: dec(r.grossWeightKg), netWeight: dec(r.netWeightKg),
          },
          InventoryList: r.items.map((i, n) => ({
            gnum: n + 1, itemNo: i.sku, gcode: i.hsCode, gname: i.name, gmodel: i.model, barCode: i.barCode ?? '无',
            country: r.destination.country, currency, qty: dec(i.qty), qty1: dec(i.legalQty), unit: i.unit, unit1: i.legalUnit,
            price: dec(i.unitPrice), totalPrice: dec(lineTotal(i.qty, i.unitPrice)),
          })),
        }], bt, opts);
      case 'INVENTORY_CANCEL':
        return buildCeb605([{
          ...app, customsCode: settings.customsCode, copNo: req.copNo, invtNo: required(extra.invtNo, 'extra.invtNo', docType),
          reason: required(extra.reason, 'extra.reason', docType), ...agent, ...ebc,
        }], bt, opts);
      case 'ARRIVAL':
        // The supervision-site operator (监管场所经营人) is not in our data: the carrier stands in for it.
        return buildCeb507([{
          ArrivalHead: {
            ...app, customsCode: settings.customsCode, copNo: req.copNo, operatorCode: carrier.logisticsCode, operatorName: carrier.logisticsName,
            ieFlag: 'E', trafMode: corridorInfo(r.corridor).trafMode, billNo: extra.bookingNo,
            // ⚠ domesticTrafNo is the vehicle of the domestic leg to the site (ceb-messages.md CEB507,
            // e.g. a licence plate); the booking knows only the main-leg conveyance, which stands in.
            domesticTrafNo: required(conveyanceOf(extra) ?? extra.bookingNo, 'extra.conveyanceRef or extra.bookingNo', docType),
            ...carrier, msgCount: 1, msgSeqNo: 1,
          },
          ArrivalList: [{ gnum: 1, logisticsNo }],
        }], bt, opts);
      case 'DEPARTURE':
        return buildCeb509([{
          DepartureHead: {
            ...app, customsCode: settings.customsCode, copNo: req.copNo, ...carrier, trafMode: corridorInfo(r.corridor).trafMode, trafName: conveyanceOf(extra),
            billNo: extra.bookingNo, leaveTime: appTime, msgCount: 1, msgSeqNo: 1,
          },
          DepartureList: [{ gnum: 1, logisticsNo }],
        }], bt, opts);
      case 'ENTRY_DECLARATION':
        if (r.mode === '9610') throw new Error('ENTRY_DECLARATION: 9610 retail exports go by the CBEC list');
        // ⚠ our own 报关单 format, NOT the official 货物申报 message (entry/format.ts)
        return buildEntryDeclaration({
          guid, copNo: req.copNo, appTime, customsCode: settings.customsCode, portCode: settings.portCode, tradeMode: r.mode,
          consignorCode: ebc.ebcCode, consignorName: ebc.ebcName, agentCode: agent.agentCode, agentName: agent.agentName,
          trafMode: corridorInfo(r.corridor).trafMode, country: r.destination.country, port: r.destination.port,
          attachedDocType: ATTACHED_B2B_EXPORT, attachedDocNo: r.orderNo, declaredValueCny: dec(r.declaredValueCny), currency,
          lines: r.items.map((i, n) => ({
            gnum: n + 1, hsCode: i.hsCode, name: i.name, qty: dec(i.qty), unit: i.unit, price: dec(i.unitPrice), totalPrice: dec(lineTotal(i.qty, i.unitPrice)),
          })),
        });
      default:
        throw new Error(`${docType} is not a document of a ${r.mode} export`);
    }
  })();
  return { messageType: REQUEST_MESSAGE[docType], xml, businessKey };
};
