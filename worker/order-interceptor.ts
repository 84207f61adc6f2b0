import { ApplicationFailure } from '@temporalio/common';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import type { FieldCipher } from '../codec/field-cipher.js';
import { Prisma, type Db } from '../db/client.js';
import { openRequest, type StoredRequest } from '../db/personal-data.js';
import { queryRows } from '../db/sql.js';
import { ORDER_ARG, type OrderInto } from '../domain/order-ref.js';
import type { ShipmentCreate } from '../domain/shipment.schema.js';

/** Why an order reference cannot be served (the ApplicationFailure `type`; non-retryable). */
export const ORDER_UNAVAILABLE = 'ORDER_UNAVAILABLE';

/**
 * Stored orders by shipment id, as stored (a 1210's personal fields still sealed): an order never
 * changes once the API stored it, so the entries never go stale. Bounded, oldest out first.
 */
export class StoredOrders {
  readonly #rows = new Map<string, StoredRequest>();
  constructor(private readonly db: Db, private readonly max = 1000) {}

  async get(shipmentId: string): Promise<StoredRequest> {
    const cached = this.#rows.get(shipmentId);
    if (cached) return cached;
    const [row] = await queryRows<{ request: StoredRequest; personalDataPurgedAt: Date | null }>(
      this.db,
      Prisma.sql`SELECT "request", "personalDataPurgedAt" FROM "Shipment" WHERE "id" = ${shipmentId}`,
    );
    // the retention purge never touches an open shipment (db/personal-data-retention.ts): either is a bug, not a retry
    if (!row) throw ApplicationFailure.nonRetryable(`no stored order for ${shipmentId}`, ORDER_UNAVAILABLE);
    if (row.personalDataPurgedAt) throw ApplicationFailure.nonRetryable(`the order of ${shipmentId} was purged (retention)`, ORDER_UNAVAILABLE);
    const stored = row.request;
    if (this.#rows.size >= this.max) this.#rows.delete(this.#rows.keys().next().value!);
    this.#rows.set(shipmentId, stored);
    return stored;
  }
}

/**
 * Puts the order a shipment workflow referred to (workflows/shipment/order.ts) into the
 * activity's argument before the activity runs: loaded by the argument's `shipmentId`, personal
 * fields opened with the payload keys, placed as `request` or into `input`. Arguments that carry
 * the order (histories from before, corrected orders) pass through untouched.
 */
export function orderInterceptor(orders: StoredOrders, cipher: FieldCipher): ActivityInterceptorsFactory {
  return () => {
    const inbound: ActivityInboundCallsInterceptor = {
      async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
        const [first, ...rest] = input.args;
        if (!first || typeof first !== 'object' || !(ORDER_ARG in first)) return next(input);
        const { [ORDER_ARG]: into, ...arg } = first as Record<string, unknown>;
        const request: ShipmentCreate = openRequest(cipher, await orders.get(String(arg.shipmentId)));
        const filled = (into as OrderInto) === 'input' ? { ...arg, input: { ...(arg.input as object), request } } : { ...arg, request };
        return next({ ...input, args: [filled, ...rest] });
      },
    };
    return { inbound };
  };
}
