import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { SearchAttr, type ShipmentState } from '../contract.js';
import type { ShipmentInput } from '../../domain/shipment.js';
import { attributeStatus, ON_TRACK, type ShipmentStatus, type StatusAttribute } from '../../domain/status.js';

/**
 * What Temporal shows of a shipment: the `ShipmentStatus` search attribute (ops' lists) and the
 * current details (the Web UI). Lean history: the attribute moves only when `attributeStatus`
 * says so (ON_TRACK, a status that needs ops, the end); before, it followed every status.
 */
export class ShipmentDisplay {
  /** The value of the ShipmentStatus search attribute (set to ON_TRACK at start by the API). */
  private attribute: StatusAttribute = ON_TRACK;

  constructor(private readonly lean: boolean) {}

  show(state: ShipmentState, input: ShipmentInput, status: ShipmentStatus, changed: boolean, info: string): void {
    if (!this.lean && changed) upsertSearchAttributes([{ key: SearchAttr.ShipmentStatus, value: status }]);
    const attribute = this.lean ? attributeStatus(this.attribute, status) : undefined;
    if (attribute !== undefined) {
      this.attribute = attribute;
      upsertSearchAttributes([{ key: SearchAttr.ShipmentStatus, value: attribute }]);
    }
    setCurrentDetails(details(state, input, info));
  }
}

/** The Web UI's current details: a Markdown table of where the shipment stands. */
function details(s: ShipmentState, input: ShipmentInput, info: string): string {
  const rows = [
    ['Status', s.status],
    ['Stage', s.stage],
    ['Order', input.request.orderNo],
    ['Inventory (invtNo)', s.invtNo ?? '—'],
    ['Booking', s.bookingNo ?? '—'],
    ['Revision', String(s.revision)],
  ];
  return [
    `**${input.request.mode} shipment ${input.request.orderNo}** — ${info}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  ].join('\n');
}
