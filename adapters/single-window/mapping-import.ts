import type { BuildCustomsMessage, SubmitDocumentRequest } from './port.js';
import { REQUEST_MESSAGE } from '../../domain/customs.js';
import { acceptedOrderFigures, fenText } from '../../domain/import/order.js';
import { lineTotal } from '../../domain/shipment.js';
import type { ImportShipment } from '../../domain/shipment.schema.js';
import {
  buildCeb311, buildCeb411, buildCeb511, buildCeb513, buildCeb621, buildCeb623, buildCeb625,
  formatAppTime, formatCebDate, type BaseTransfer,
} from './ceb/index.js';
import { documentKey } from './routing.js';
import { clip, dec, guidFor } from './mapping-fields.js';

/** CNY in the customs currency code (人民币 142): 1210 prices are in CNY. */
const CNY = '142';
/** Resident ID card (身份证): the only buyer ID type the API accepts. */
const ID_CARD = '1';
/**
 * ⚠ Transport mode of a 1210 list leaving a B-type bonded logistics centre: JGS-20 'W' (物流中心)
 * is used here; the references do not state which code Sichuan expects (some platforms send the
 * inbound leg's mode).
 */
const TRAF_MODE_LOGISTICS_CENTRE = 'W';


/**
 * 1210 import order → CEB311 order, CEB411 payment voucher, CEB511 waybill, CEB513 waybill status,
 * CEB621 import inventory, CEB623 cancellation and CEB625 return (ceb-messages.md §7.2). The
 * platform transmits each on behalf of its party (order: the e-commerce enterprise or platform;
 * payment: the payment enterprise's voucher as it reported it; waybill and status: the logistics
 * enterprise). Amounts follow the accepted order's figures (settings.importFigures).
 */
export function buildImportMessage(req: SubmitDocumentRequest, r: ImportShipment): ReturnType<BuildCustomsMessage> {
  const { docType, extra } = req;
  const { enterprise, settings } = req.input;
  const sent = new Date(req.sentAt);
  const appTime = formatAppTime(sent);
  const app = { guid: guidFor(req.idempotencyKey), appType: '1', appTime, appStatus: '2' } as const;
  const bt: BaseTransfer = { copCode: settings.dxp.copCode, copName: settings.dxp.copName, dxpMode: 'DXP', dxpId: settings.dxp.dxpId };
  const opts = { guid: app.guid };
  const ebp = { ebpCode: r.platform.code, ebpName: r.platform.name };
  const ebc = { ebcCode: enterprise.customsCode, ebcName: enterprise.name };
  const agent = r.agent ? { agentCode: r.agent.code, agentName: r.agent.name } : { agentCode: enterprise.customsCode, agentName: enterprise.name };
  const carrier = { logisticsCode: r.logistics.code, logisticsName: r.logistics.name, logisticsNo: r.logistics.waybillNo };
  const buyer = { buyerIdType: ID_CARD, buyerIdNumber: r.buyer.idNumber.toUpperCase(), buyerName: r.buyer.name, buyerTelephone: r.buyer.telephone } as const;
  const figures = settings.importFigures ?? acceptedOrderFigures(r, new Date(req.input.acceptedAt));
  const keys = { ebpCode: ebp.ebpCode, orderNo: r.orderNo, logisticsCode: carrier.logisticsCode, logisticsNo: carrier.logisticsNo, payCode: r.payment.payCode, payTransactionId: r.payment.transactionId, copNo: req.copNo };
  const businessKey = documentKey(docType, keys);
  if (!businessKey) throw new Error(`${docType}: no business key (${JSON.stringify(keys)})`);
  const reason = (what: string) => {
    if (!extra.reason) throw new Error(`${docType}: extra.reason is required for ${what}`);
    return extra.reason;
  };
  const invtNo = () => {
    if (!extra.invtNo) throw new Error(`${docType}: extra.invtNo is required`);
    return extra.invtNo;
  };

  const xml = ((): string => {
    switch (docType) {
      case 'IMPORT_ORDER':
        return buildCeb311([{
          OrderHead: {
            ...app, orderType: 'I', orderNo: r.orderNo, ...ebp, ...ebc,
            goodsValue: fenText(figures.goodsValueFen), freight: fenText(figures.freightFen), discount: fenText(figures.discountFen),
            taxTotal: fenText(figures.taxTotalFen), acturalPaid: fenText(figures.acturalPaidFen), currency: CNY,
            buyerRegNo: r.buyer.registerNo, ...buyer,
            payCode: r.payment.payCode, payName: r.payment.payName, payTransactionId: r.payment.transactionId,
            consignee: r.consignee.name, consigneeTelephone: r.consignee.telephone, consigneeAddress: r.consignee.address,
            ...(r.consignee.district ? { consigneeDistrict: r.consignee.district } : {}),
          },
          OrderList: r.items.map((i, n) => ({
            gnum: n + 1, itemNo: i.sku, itemName: i.name, gmodel: i.model, ...(i.barCode ? { barCode: i.barCode } : {}),
            unit: i.unit, qty: dec(i.qty), price: dec(i.unitPrice), totalPrice: dec(lineTotal(i.qty, i.unitPrice)), currency: CNY, country: i.country,
          })),
        }], bt, opts);
      case 'IMPORT_PAYMENT':
        return buildCeb411([{
          PaymentHead: {
            ...app, payCode: r.payment.payCode, payName: r.payment.payName, payTransactionId: r.payment.transactionId,
            orderNo: r.orderNo, ...ebp, payerIdType: ID_CARD, payerIdNumber: r.payment.payer.idNumber.toUpperCase(), payerName: r.payment.payer.name,
            amountPaid: dec(r.payment.amountPaid), currency: CNY, payTime: formatAppTime(new Date(r.payment.paidAt)),
          },
        }], bt, opts);
      case 'IMPORT_WAYBILL':
        return buildCeb511([{
          LogisticsHead: {
            ...app, ...carrier, orderNo: r.orderNo, freight: fenText(figures.freightFen), currency: CNY, weight: dec(r.grossWeightKg), packNo: 1,
            goodsInfo: clip(r.items.map((i) => i.name).join(';'), 200),
            consignee: r.consignee.name, consigneeAddress: r.consignee.address, consigneeTelephone: r.consignee.telephone,
          },
        }], bt, opts);
      case 'WAYBILL_STATUS':
        return buildCeb513([{ ...app, ...carrier, logisticsStatus: 'S', logisticsTime: appTime }], bt, opts);
      case 'IMPORT_INVENTORY':
        return buildCeb621([{
          InventoryHead: {
            ...app, orderNo: r.orderNo, ...ebp, ...ebc, ...carrier, copNo: req.copNo,
            // the tax guarantor (担保企业): the declaring e-commerce enterprise
            // bonded (1210): the account book, the warehouse enterprise and each line's item record number (§7.2)
            assureCode: enterprise.customsCode, emsNo: r.warehouse.emsNo, ieFlag: 'I',
            declTime: formatCebDate(sent), customsCode: settings.customsCode, portCode: settings.portCode,
            ...buyer, consigneeAddress: r.consignee.address, ...agent,
            ...(r.warehouse.areaCode ? { areaCode: r.warehouse.areaCode } : {}), ...(r.warehouse.areaName ? { areaName: r.warehouse.areaName } : {}),
            tradeMode: '1210', trafMode: TRAF_MODE_LOGISTICS_CENTRE, country: CNY,
            // insurance actually charged; in the dutiable price with the freight (domain-rules.md §2.2)
            freight: fenText(figures.freightFen), insuredFee: dec(r.insuredFee ?? 0), currency: CNY, packNo: 1,
            grossWeight: dec(r.grossWeightKg), netWeight: dec(r.netWeightKg),
          },
          InventoryList: r.items.map((i, n) => ({
            gnum: n + 1, ...(i.itemRecordNo ? { itemRecordNo: i.itemRecordNo } : {}), itemNo: i.sku, itemName: i.name, gcode: i.hsCode, gname: i.name, gmodel: i.model, ...(i.barCode ? { barCode: i.barCode } : {}),
            country: i.country, currency: CNY, qty: dec(i.qty), unit: i.unit, qty1: dec(i.legalQty), unit1: i.legalUnit,
            price: dec(i.unitPrice), totalPrice: dec(lineTotal(i.qty, i.unitPrice)),
          })),
        }], bt, opts);
      case 'IMPORT_INVENTORY_CANCEL':
        return buildCeb623([{
          ...app, appType: '1', customsCode: settings.customsCode, orderNo: r.orderNo, ...ebp, ...ebc, ...carrier, copNo: req.copNo,
          invtNo: invtNo(), ...buyer, ...agent, reason: clip(reason('a cancellation'), 1000),
        }], bt, opts);
      case 'IMPORT_RETURN':
        return buildCeb625([{
          InvtRefundHead: {
            ...app, customsCode: settings.customsCode, orderNo: r.orderNo, ...ebp, ...ebc, ...carrier, copNo: req.copNo,
            invtNo: invtNo(), ...buyer, ...agent, reason: clip(reason('a return'), 1000),
          },
          InvtRefundList: r.items.map((i, n) => ({ gnum: n + 1, gcode: i.hsCode, gname: i.name, qty: dec(i.qty), unit: i.unit })),
        }], bt, opts);
      default:
        throw new Error(`${docType} is not a document of a 1210 import`);
    }
  })();
  return { messageType: REQUEST_MESSAGE[docType], xml, businessKey };
}

