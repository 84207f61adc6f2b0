/**
 * Test fixtures for the import (1210), summary and customs-issued messages: every field
 * populated with a distinct, valid value, like fixtures.ts for the export ones. Test-only.
 * Fake person data (测试姓名, 000… ID numbers) as in the reference samples.
 */
import type {
  Ceb311Order, Ceb411Payment, Ceb511Logistics, Ceb513LogisticsStatus, Ceb621Inventory, Ceb623InvtCancel,
  Ceb625InvtRefund, Ceb701SummaryApply, Ceb792SummaryResult, Ceb816Tax, Ceb818Tax,
} from './types.js';

const G1 = '1B4E28BA-2FA1-11D2-883F-0016D3CCA427';
const G2 = '6FA459EA-EE8A-3CA4-894E-DB77E160355E';
const G3 = '886313E1-3B8A-5372-9B90-0C9AEE199E5D';

export const order311: Ceb311Order = {
  OrderHead: {
    guid: G1, appType: '1', appTime: '20250301093005', appStatus: '2', orderType: 'I', orderNo: 'IO-2025-0001',
    ebpCode: '5101960PLT', ebpName: '达州跨境商城', ebcCode: '5101960EBC', ebcName: '达州测试电商企业',
    goodsValue: '410', freight: '10', discount: '5', taxTotal: '38.22', acturalPaid: '453.22', currency: '142',
    buyerRegNo: 'user-0001', buyerName: '测试姓名', buyerTelephone: '13800000000', buyerIdType: '1',
    buyerIdNumber: '110101199003070015', payCode: '3101960PAY', payName: '测试支付公司', payTransactionId: 'TX2025030100001',
    batchNumbers: 'BATCH-01', consignee: '测试收货人', consigneeTelephone: '13900000000', consigneeAddress: '四川省达州市通川区测试路1号',
    consigneeDistrict: '511702', note: '订单备注',
  },
  OrderList: [
    {
      gnum: 1, itemNo: 'SKU-MILK-01', itemName: '婴儿配方奶粉', gmodel: '900g/罐|1段', itemDescribe: '荷兰原装', barCode: '8712345678906',
      unit: '122', qty: '2', price: '180', totalPrice: '360', currency: '142', country: '309', note: '第一行',
    },
    { gnum: 2, itemName: '面霜', gmodel: '50ml/瓶', unit: '007', qty: '1', price: '50', totalPrice: '50', currency: '142', country: '305' },
  ],
};

export const payment411: Ceb411Payment = {
  PaymentHead: {
    guid: G2, appType: '1', appTime: '20250301093100', appStatus: '2', payCode: '3101960PAY', payName: '测试支付公司',
    payTransactionId: 'TX2025030100001', orderNo: 'IO-2025-0001', ebpCode: '5101960PLT', ebpName: '达州跨境商城',
    payerIdType: '1', payerIdNumber: '110101199003070015', payerName: '测试姓名', telephone: '13800000000',
    amountPaid: '453.22', currency: '142', payTime: '20250301093010', note: '支付备注',
  },
};

export const logistics511: Ceb511Logistics = {
  LogisticsHead: {
    guid: G3, appType: '1', appTime: '20250301100000', appStatus: '2', logisticsCode: '5101960LGS',
    logisticsName: '达州测试物流', logisticsNo: 'DZ1234567890CN', billNo: 'BILL-0001', orderNo: 'IO-2025-0001',
    freight: '10', insuredFee: '0.5', currency: '142', weight: '2.1', packNo: 1, goodsInfo: '奶粉、面霜',
    consignee: '测试收货人', consigneeAddress: '四川省达州市通川区测试路1号', consigneeTelephone: '13900000000', note: '运单备注',
  },
};

export const status513: Ceb513LogisticsStatus = {
  guid: G1, appType: '1', appTime: '20250303180000', appStatus: '2', logisticsCode: '5101960LGS',
  logisticsName: '达州测试物流', logisticsNo: 'DZ1234567890CN', logisticsStatus: 'S', logisticsTime: '20250303175500',
  note: '已签收',
};

export const inventory621: Ceb621Inventory = {
  InventoryHead: {
    guid: G2, appType: '1', appTime: '20250301110000', appStatus: '2', orderNo: 'IO-2025-0001', ebpCode: '5101960PLT',
    ebpName: '达州跨境商城', ebcCode: '5101960EBC', ebcName: '达州测试电商企业', logisticsNo: 'DZ1234567890CN',
    logisticsCode: '5101960LGS', logisticsName: '达州测试物流', copNo: 'MI-2025-0001', preNo: 'B20250301000000021',
    assureCode: '5101960AGT', emsNo: 'T7912W000001', invtNo: '79122025I000000042', ieFlag: 'I', declTime: '20250301',
    customsCode: '7912', portCode: '7912', ieDate: '20250302', buyerIdType: '1', buyerIdNumber: '110101199003070015',
    buyerName: '测试姓名', buyerTelephone: '13800000000', consigneeAddress: '四川省达州市通川区测试路1号',
    agentCode: '5101960AGT', agentName: '达州测试报关行', areaCode: '5101960WHS', areaName: '达州保税物流中心仓储企业',
    tradeMode: '1210', trafMode: 'W', trafNo: 'TRAF-01', voyageNo: 'V001', billNo: 'BILL-0001', loctNo: '7912A',
    licenseNo: 'LIC-01', country: '142', freight: '10', insuredFee: '0.5', currency: '142', wrapType: '2', packNo: 1,
    grossWeight: '2.1', netWeight: '1.9', note: '清单备注',
  },
  InventoryList: [
    {
      gnum: 1, itemRecordNo: 'REC-MILK-01', itemNo: 'SKU-MILK-01', itemName: '婴儿配方奶粉', gcode: '1901101000',
      gname: '婴儿配方奶粉', gmodel: '900g/罐|1段', barCode: '8712345678906', country: '309', tradeCountry: '309',
      currency: '142', qty: '2', unit: '122', qty1: '1.8', unit1: '035', qty2: '2', unit2: '122', price: '180',
      totalPrice: '360', note: '第一行',
    },
    {
      gnum: 2, itemRecordNo: 'REC-CREAM-02', gcode: '3304990099', gname: '面霜', gmodel: '50ml/瓶', country: '305', currency: '142', qty: '1', unit: '007',
      qty1: '0.05', unit1: '035', price: '50', totalPrice: '50',
    },
  ],
};

const cancelOrRefund = {
  appTime: '20250301120000', appStatus: '2' as const, customsCode: '7912', orderNo: 'IO-2025-0001', ebpCode: '5101960PLT',
  ebpName: '达州跨境商城', ebcCode: '5101960EBC', ebcName: '达州测试电商企业', logisticsNo: 'DZ1234567890CN',
  logisticsCode: '5101960LGS', logisticsName: '达州测试物流', preNo: 'B20250301000000021', invtNo: '79122025I000000042',
  buyerIdType: '1' as const, buyerIdNumber: '110101199003070015', buyerName: '测试姓名', buyerTelephone: '13800000000',
  agentCode: '5101960AGT', agentName: '达州测试报关行',
};

export const cancel623: Ceb623InvtCancel = {
  guid: G3, appType: '1', ...cancelOrRefund, copNo: 'MC-2025-0001', reason: '买家取消订单', note: '撤单备注',
};

export const refund625: Ceb625InvtRefund = {
  InvtRefundHead: { guid: G1, appType: '1', ...cancelOrRefund, copNo: 'MR-2025-0001', reason: '七天无理由退货', note: '退货备注' },
  InvtRefundList: [
    { gnum: 2, gcode: '3304990099', gname: '面霜', qty: '1', unit: '007', note: '只退第二项' },
  ],
};

export const summary701: Ceb701SummaryApply = {
  SummaryApplyHead: {
    guid: G2, appType: '1', appTime: '20250402090000', appStatus: '2', customsCode: '7901', copNo: 'S-2025-03',
    preNo: 'B20250402000000031', sumNo: 'S20250402000000001', agentCode: '5101960AGT', agentName: '成都测试报关行',
    ebcCode: '5101960EBC', ebcName: '成都测试电商企业', declAgentCode: '5101960DCL', declAgentName: '成都测试报关单位',
    startTime: '20250301000000', endTime: '20250331235959', loctNo: '7901A', summaryFlag: '2', itemNameFlag: '1',
    msgCount: 1, msgSeqNo: 1, note: '三月汇总',
  },
  SummaryApplyList: [{ invtNo: '79012025E000000101' }, { invtNo: '79012025E00000000102' }],
};

export const tax816: Ceb816Tax = {
  TaxHeadRd: {
    guid: G3, returnTime: '20250302101500123', invtNo: '79122025I000000042', taxNo: '79122025I000000042_0',
    customsTax: '0', valueAddedTax: '37.31', consumptionTax: '0', status: '1', entDutyNo: 'DUTY-0001', note: '税单备注',
    assureCode: '5101960AGT', ebcCode: '5101960EBC', logisticsCode: '5101960LGS', agentCode: '5101960AGT', customsCode: '7912',
  },
  TaxListRd: [
    { gnum: 1, gcode: '1901101000', taxPrice: '360', customsTax: '0', valueAddedTax: '32.76', consumptionTax: '0' },
    { gnum: 2, gcode: '3304990099', taxPrice: '50', customsTax: '0', valueAddedTax: '4.55', consumptionTax: '0' },
  ],
};

export const taxStatus818: Ceb818Tax = {
  TaxHeadStatus: {
    guid: G1, returnTime: '20250320090000456', invtNo: '79122025I000000042', taxNo: '79122025I000000042_0', status: '2',
    entDutyNo: 'DUTY-0001', assureCode: '5101960AGT',
  },
};

export const summaryResult792: Ceb792SummaryResult = {
  SummaryResultHead: {
    guid: G2, customsCode: '7901', sumNo: 'S20250402000000001', opDate: '20250402100000789', declSeqNo: 'S20257901000000001',
    decTmpNo: 'T20257901000000001', decPreNo: 'P20257901000000001', entryId: '790120250000000001', decState: 'A',
    agentCode: '5101960AGT', agentName: '成都测试报关行', ebcCode: '5101960EBC', ebcName: '成都测试电商企业',
    declAgentCode: '5101960DCL', declAgentName: '成都测试报关单位', grossWeight: '4.7', netWeight: '4.2', msgCount: 1,
    msgSeqNo: 1, note: '结果备注',
  },
  SummaryResultList: [
    { invtNo: '79012025E000000101', logisticsNo: 'CR0000000101', gseqno: 1, gnum: 1, gcode: '6214100010' },
    { invtNo: '79012025E000000101', logisticsNo: 'CR0000000101', gseqno: 2, gnum: 2, gcode: '0902109000' },
    { invtNo: '79012025E00000000102', logisticsNo: 'CR0000000102', gseqno: 3, gnum: 1, gcode: '6214100010' },
  ],
};
