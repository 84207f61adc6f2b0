import type { Config } from '../config/config.js';
import type { ShipmentSettings } from '../domain/shipment.js';
import { chinaDate } from '../domain/time.js';

/** Settings frozen into a shipment when it starts (see ShipmentSettings). */
export function shipmentSettings(config: Config, acceptedAt: Date, statisticsFlag?: 'A' | 'B'): ShipmentSettings {
  return {
    timeScale: config.TIME_SCALE,
    customsCode: config.CUSTOMS_CODE,
    portCode: config.PORT_CODE,
    statisticsFlag: statisticsFlag ?? config.STATISTICS_FLAG,
    // the rule date is a China date (GACC Ann. 2024 No. 167 from 2024-12-15, domain-rules.md §1.3 step 3)
    requirePaymentReceipt: chinaDate(acceptedAt) < config.PAYMENT_RECEIPT_REQUIRED_UNTIL,
    dxp: { copCode: config.DXP_COP_CODE, copName: config.DXP_COP_NAME, dxpId: config.DXP_ID },
    overseasPreRefundFrom: config.OVERSEAS_PRE_REFUND_FROM,
    overseasSalesWindowDays: config.OVERSEAS_SALES_WINDOW_DAYS,
    importReturnDays: config.IMPORT_RETURN_DAYS,
    importReturnGoodsDays: config.IMPORT_RETURN_GOODS_DAYS,
  };
}
