/**
 * The argument field in which a shipment workflow asks the worker for the order instead of
 * sending it (lean payloads, workflows/README.md): the order is `Shipment.request` in
 * PostgreSQL, stored by the API before the workflow starts and never changed after. The worker
 * loads it by the argument's `shipmentId` and puts it where the activity expects it
 * (worker/order-interceptor.ts): `request` (the order) or `input` (the shipment input, sent
 * without its order). Activities never see this field.
 */
export const ORDER_ARG = '_order';

/** Where the worker puts the loaded order in the activity's argument. */
export type OrderInto = 'request' | 'input';
