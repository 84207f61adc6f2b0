import type { createCbecClient } from '../../api/client/index.js';

type Api = ReturnType<typeof createCbecClient>;
type Product = 'REFUND_BACKED' | 'RECEIVABLE_9810_SALES';
const beneficiary = { accountName: '达州示范跨境电商有限公司', accountNo: '6222020200112233', bankCode: '102651000015' };
const LENDER = 'lender-bank';

/**
 * The demo's financing (issue 20, docs/finance.md §7, §8): the enterprise consents to lender-bank
 * seeing its 9710 consignment's refund and its 9810 consignment's sales, then applies for a
 * refund-backed loan once the refund is filed and for receivable financing once a 9810 sales batch
 * is reported and not yet settled (a batch settled before the application: the next one), and
 * accepts both offers. Each loan then closes itself when the refund is paid or the batch's FX settles.
 * Returns the loan ids, once both are accepted.
 */
export async function financeDemo(api: Api, o: { shipment9710: string; shipment9810: string; deadline: number }): Promise<string[]> {
  const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString();
  for (const [subject, facts] of [[o.shipment9710, ['TIMELINE', 'REFUND']], [o.shipment9810, ['TIMELINE', 'GOODS', 'FX']]] as const) {
    const consent = await api.POST('/v1/finance/consents', { body: { recipient: LENDER, purpose: 'FINANCING', subjectIds: [subject], allSubjects: false, facts: [...facts], validUntil } });
    if (!consent.data) throw new Error(`consent for ${subject}: ${consent.response.status} ${JSON.stringify(consent.error)}`);
  }
  console.log(`consented: ${LENDER} may see the refund of ${o.shipment9710} and the sales of ${o.shipment9810}`);
  return Promise.all([
    loanWhen(api, o, o.shipment9710, 'REFUND_BACKED', '300.00', (types) => types.includes('REFUND_APPLIED')),
    loanWhen(api, o, o.shipment9810, 'RECEIVABLE_9810_SALES', '20.00', (types) => count(types, 'SALES_REPORTED') > count(types, 'FX_SETTLED')),
  ]);
}

const count = (types: string[], type: string) => types.filter((t) => t === type).length;
const pause = () => new Promise((r) => setTimeout(r, 300));

/** Applies for `product` on the shipment once its timeline is `ready`, then accepts the offer; returns the loan id. */
async function loanWhen(api: Api, o: { deadline: number }, shipmentId: string, product: Product, requestedAmount: string, ready: (types: string[]) => boolean): Promise<string> {
  let id: string | undefined;
  while (!id) {
    if (Date.now() > o.deadline) throw new Error(`${shipmentId}: no ${product} loan in time`);
    const types = (await api.GET('/v1/shipments/{id}', { params: { path: { id: shipmentId } } })).data?.timeline.map((e) => e.type) ?? [];
    if (!ready(types)) {
      await pause();
      continue;
    }
    const applied = await api.POST('/v1/loans', { body: { product, shipmentId, requestedAmount, lender: LENDER, beneficiary } });
    if (applied.data) id = applied.data.id;
    else if (applied.response.status === 422 && applied.error?.code === 'NO_UNCOLLECTED_SALES') await pause(); // the batch settled first: wait for the next
    else throw new Error(`${product} on ${shipmentId}: ${applied.response.status} ${JSON.stringify(applied.error)}`);
  }
  console.log(`applied for ${product} on ${shipmentId}: ${id}`);
  for (;;) {
    if (Date.now() > o.deadline) throw new Error(`${id}: no offer in time`);
    const status = (await api.GET('/v1/loans/{id}', { params: { path: { id } } })).data?.status;
    if (status === 'OFFERED') break;
    if (status !== 'APPLIED' && status !== 'DOCUMENTS_REQUIRED') throw new Error(`${id}: ${status}`);
    await pause();
  }
  const accepted = await api.POST('/v1/loans/{id}/accept', { params: { path: { id } } });
  if (!accepted.data) throw new Error(`accepting ${id}: ${accepted.response.status} ${JSON.stringify(accepted.error)}`);
  console.log(`accepted ${id}: ${accepted.data.status}`);
  return id;
}
