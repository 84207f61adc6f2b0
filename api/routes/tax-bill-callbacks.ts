import { parseTaxBills } from '../../adapters/single-window/ceb/index.js';
import type { Db } from '../../db/client.js';
import { taxBillReceived, type TaxBillEvent } from '../../workflows/contract.js';
import type { Client } from '@temporalio/client';
import { deliver, type Outcome } from './callbacks.routes.js';

/** Document type under which an import inventory's number is filed for its e-tax bill. */
export const TAX_BILL_DOC = 'TAX_BILL';

/**
 * E-tax bills (CEB816) customs issues on release of an import inventory: routed by the inventory
 * number, filed when the inventory's logic-check receipt (with invtNo) came in, else found on
 * the shipment row.
 */
export async function taxBillNotice(deps: { db: Db; temporal: Client }, xml: string, bad: (message: string) => Error): Promise<Outcome> {
  let bills;
  try {
    bills = parseTaxBills(xml);
  } catch (err) {
    throw bad(`tax bill XML could not be parsed: ${(err as Error).message}`);
  }
  const outcomes: Outcome[] = [];
  for (const b of bills) {
    const doc = await deps.db.shipmentDocument.findUnique({ where: { system_docType_businessKey: { system: 'single-window', docType: TAX_BILL_DOC, businessKey: b.invtNo } } });
    const shipmentId = doc?.shipmentId ?? (await deps.db.shipment.findFirst({ where: { invtNo: b.invtNo }, select: { id: true } }))?.id;
    if (!shipmentId) {
      outcomes.push('UNMATCHED');
      continue;
    }
    const event: TaxBillEvent = {
      guid: b.guid,
      invtNo: b.invtNo,
      taxNo: b.taxNo,
      customsTax: b.customsTax,
      valueAddedTax: b.valueAddedTax,
      consumptionTax: b.consumptionTax,
      status: b.status,
    };
    outcomes.push(await deliver(() => deps.temporal.workflow.getHandle(shipmentId).signal(taxBillReceived, event)));
  }
  if (outcomes.includes('DELIVERED')) return 'DELIVERED';
  if (outcomes.includes('WORKFLOW_CLOSED')) return 'WORKFLOW_CLOSED';
  return outcomes.length ? 'UNMATCHED' : 'IGNORED';
}
