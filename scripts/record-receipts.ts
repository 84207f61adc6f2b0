/**
 * Records the Single Window receipts corpus (test/receipts-corpus/*.json): runs the simulator's
 * scenarios for one 9610 export each, filing the documents in the workflow's order, reads the
 * receipts the simulator sent from its `GET /_callbacks` log and writes them with the
 * shipment-specific values replaced by placeholders (see test/receipts-corpus/README.md).
 *
 *   npx tsx scripts/record-receipts.ts [outDir]      (default test/receipts-corpus)
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { SubmitDocumentRequest } from '../adapters/single-window/port.js';
import { parseReceipts, type CebReceipt } from '../adapters/single-window/ceb/index.js';
import { createSingleWindowClient } from '../adapters/single-window/client.js';
import { buildCustomsMessage, guidFor } from '../adapters/single-window/mapping.js';
import { routeReceipt } from '../adapters/single-window/routing.js';
import { createSingleWindowSimulator } from '../adapters/single-window/simulator.js';
import { documentRequest, exampleShipment } from '../adapters/single-window/fixtures.js';
import { copNo, REQUEST_MESSAGE, type DocExtra, type DocType } from '../domain/customs.js';
import type { ShipmentInput } from '../domain/shipment.js';

export interface CorpusReceipt { docType: DocType; messageType: string; returnStatus: string; xml: string }
export interface CorpusFile { description: string; scenario: string | null; receipts: CorpusReceipt[] }

const outDir = path.resolve(process.argv[2] ?? 'test/receipts-corpus');
const TIME_SCALE = 86_400_000; // a business day lasts a millisecond: receipts come at once, still in order
const BOOKING = { bookingNo: 'BK20240301007', conveyanceRef: 'X8001' };

// A receiver standing in for the platform's /v1/callbacks/single-window: answers SUCCESS.
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end('SUCCESS'));
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const callback = { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/callbacks/single-window`, secret: 'record' };
const sim = createSingleWindowSimulator({ timeScale: TIME_SCALE, callback });
await sim.app.listen({ host: '127.0.0.1', port: 0 });
const baseUrl = `http://127.0.0.1:${(sim.app.server.address() as AddressInfo).port}`;
const port = createSingleWindowClient({ baseUrl });

const TEA = { sku: 'SJ-TEA-02', name: '竹叶青绿茶', hsCode: '0902109000', model: '250g/罐|峨眉山', unit: '011', legalUnit: '035', legalQty: 0.5, qty: 2, unitPrice: 18.35 };
const example = (): ShipmentInput => exampleShipment({ items: [TEA] });
const request = (input: ShipmentInput, docType: DocType, extra: DocExtra, revision: number): SubmitDocumentRequest =>
  documentRequest(input, docType, extra, revision, new Date().toISOString());

/** One recording: files documents like the workflow and waits for the receipts it needs. */
class Recording {
  readonly input = example();
  readonly xml: { receipt: CebReceipt; xml: string }[] = [];
  private seen = 0;
  constructor(readonly scenario: string | null) {}

  async start(): Promise<this> {
    if (this.scenario) {
      await fetch(`${baseUrl}/_control/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: this.input.request.orderNo, scenario: this.scenario, params: {} }) });
    }
    return this;
  }

  async file(docType: DocType, revision = 0, extra: DocExtra = {}, mangle?: (xml: string) => string): Promise<void> {
    const msg = buildCustomsMessage(request(this.input, docType, extra, revision));
    const ack = await port.submit({ messageType: msg.messageType, xml: mangle ? mangle(msg.xml) : msg.xml }, `${this.input.shipmentId}:${docType}:r${revision}`);
    if (ack.syncStatus !== '5') throw new Error(`${docType}: synchronous answer ${ack.syncStatus} ${ack.syncInfo}`);
  }

  /** Waits until the document (by docType, revision) has these statuses, in this order. */
  async expect(docType: DocType, statuses: string[], revision = 0): Promise<void> {
    const key = buildCustomsMessage(request(this.input, docType, docType === 'ARRIVAL' || docType === 'DEPARTURE' ? BOOKING : {}, revision)).businessKey;
    const deadline = Date.now() + 10_000;
    for (;;) {
      await this.collect();
      const got = this.xml.map((x) => x.receipt).filter((r) => { const to = routeReceipt(r); return to?.docType === docType && to.businessKey === key; }).map((r) => r.returnStatus);
      if (got.length >= statuses.length) {
        if (got.join() !== statuses.join()) throw new Error(`${docType} r${revision}: expected ${statuses.join()}, got ${got.join()}`);
        return;
      }
      if (Date.now() > deadline) throw new Error(`${docType} r${revision}: timed out at ${got.join()} (expected ${statuses.join()})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Receipts of this recording's order, waybill and copNos, in the order they were sent. */
  private async collect(): Promise<void> {
    const res = await fetch(`${baseUrl}/_callbacks`);
    const { callbacks: log } = (await res.json()) as { callbacks: { body: string }[] };
    const mine = new Set([this.input.request.orderNo, this.input.request.logistics.waybillNo]);
    const copNos = new Set((['INVENTORY', 'ARRIVAL', 'DEPARTURE', 'INVENTORY_CANCEL'] as const).flatMap((d) => [0, 1, 2].map((r) => copNo(this.input.shipmentId, d, r))));
    for (const c of log.slice(this.seen)) {
      const xml = new URLSearchParams(c.body).get('message') ?? '';
      for (const receipt of parseReceipts(xml)) {
        if (mine.has(receipt.orderNo ?? '') || mine.has(receipt.logisticsNo ?? '') || copNos.has(receipt.copNo ?? '')) this.xml.push({ receipt, xml });
      }
    }
    this.seen = log.length;
  }

  /** The corpus entries: every shipment-specific value replaced by its placeholder. */
  corpus(): CorpusReceipt[] {
    const { input } = this;
    const r = input.request;
    const values = new Map<string, string>([
      [r.orderNo, '{{orderNo}}'], [r.logistics.waybillNo, '{{logisticsNo}}'], [r.platform.code, '{{ebpCode}}'],
      [input.enterprise.customsCode, '{{ebcCode}}'], [r.logistics.code, '{{logisticsCode}}'], [BOOKING.bookingNo, '{{bookingNo}}'],
    ]);
    for (const d of ['ORDER', 'WAYBILL', 'INVENTORY', 'ARRIVAL', 'DEPARTURE'] as const) {
      for (const rev of [0, 1, 2]) {
        values.set(guidFor(`${input.shipmentId}:${REQUEST_MESSAGE[d]}:r${rev}`), `{{requestGuid:${d}:${rev}}}`);
        if (d !== 'ORDER' && d !== 'WAYBILL') values.set(copNo(input.shipmentId, d, rev), `{{copNo:${d}:${rev}}}`);
      }
    }
    const guids = new Map<string, number>();
    for (const { receipt } of this.xml) {
      const to = routeReceipt(receipt)!;
      const rev = to.businessKey.match(/R(\d+)$/)?.[1] ?? '0';
      if (receipt.preNo) values.set(receipt.preNo, `{{preNo:${to.docType}:${rev}}}`);
      if (receipt.invtNo) values.set(receipt.invtNo, `{{invtNo:${rev}}}`);
    }
    const byLength = [...values].sort(([a], [b]) => b.length - a.length);
    return this.xml.map(({ receipt, xml }) => {
      const n = guids.get(receipt.guid) ?? guids.size;
      guids.set(receipt.guid, n);
      const messageGuid = /<ceb:CEB\d+Message guid="([^"]+)"/.exec(xml)?.[1];
      let text = messageGuid ? xml.split(messageGuid).join(`{{messageGuid:${n}}}`) : xml;
      text = text.split(receipt.guid).join(`{{guid:${n}}}`).split(receipt.returnTime).join(`{{returnTime:${n}}}`);
      for (const [value, placeholder] of byLength) text = text.split(value).join(placeholder);
      return { docType: routeReceipt(receipt)!.docType, messageType: receipt.messageType, returnStatus: receipt.returnStatus, xml: text };
    });
  }
}

/** Files a whole export: order + waybill → inventory (revisions) → arrival → departure. */
async function fullExport(rec: Recording, inventory: string[][], releaseStatuses: string[]): Promise<void> {
  await rec.file('ORDER');
  await rec.file('WAYBILL');
  await rec.expect('ORDER', ['2']);
  await rec.expect('WAYBILL', ['2']);
  for (const [revision, statuses] of inventory.entries()) {
    await rec.file('INVENTORY', revision);
    await rec.expect('INVENTORY', statuses, revision);
  }
  const last = inventory.length - 1;
  await rec.expect('ORDER', ['2', '120']);
  await rec.expect('WAYBILL', ['2', '120']);
  // later documents carry the shipment's current revision, as the workflow files them
  await rec.file('ARRIVAL', last, BOOKING);
  await rec.expect('ARRIVAL', ['2', '399'], last);
  await rec.expect('INVENTORY', [...inventory[last]!, ...releaseStatuses], last);
  await rec.file('DEPARTURE', last, BOOKING);
  await rec.expect('DEPARTURE', ['2', '399'], last);
  await rec.expect('INVENTORY', [...inventory[last]!, ...releaseStatuses, '899'], last);
}

const files: Record<string, CorpusFile> = {};

const accepted = await new Recording(null).start();
await fullExport(accepted, [['2', '120']], ['800']);
files['accepted.json'] = {
  description: 'Everything accepted: order and waybill 2 → 120, inventory 2 → 120 (invtNo) → 800 released after the arrival report (2, 399) → 899 closed after the departure report (2, 399).',
  scenario: null,
  receipts: accepted.corpus(),
};

const rejected = await new Recording('reject-inventory').start();
await fullExport(rejected, [['2', '100'], ['2', '120']], ['800']);
files['inventory-rejected-then-corrected.json'] = {
  description: 'The first inventory (copNo r0) is accepted (2) then sent back by customs (100 人工退单，商品编码有误); the corrected inventory (copNo r1) passes 120 and is released (800) and closed (899).',
  scenario: 'reject-inventory',
  receipts: rejected.corpus(),
};

const inspected = await new Recording('inspect').start();
await fullExport(inspected, [['2', '120', '500']], ['800']);
files['inspection-then-release.json'] = {
  description: 'The inventory passes the logic check (120) and is selected for inspection (500 查验); after the arrival report it is released (800) and, after departure, closed (899).',
  scenario: 'inspect',
  receipts: inspected.corpus(),
};

const malformed = await new Recording(null).start();
await malformed.file('ORDER');
await malformed.expect('ORDER', ['2']);
await malformed.file('WAYBILL', 0, {}, (xml) => xml.replace(/<ceb:packNo>\d+<\/ceb:packNo>/, '<ceb:packNo>one</ceb:packNo>'));
await malformed.expect('WAYBILL', ['-504000']);
files['format-error.json'] = {
  description: 'The order is accepted (2); the waybill CEB505 was sent malformed (packNo "one") and is answered with a negative status (-504000) listing the problem.',
  scenario: null,
  receipts: malformed.corpus(),
};

// Out of order and duplicates: the receipts of a fresh accepted recording, re-sequenced as a
// gateway may deliver them (the simulator itself always sends one document's receipts in order).
const shuffled = await new Recording(null).start();
await fullExport(shuffled, [['2', '120']], ['800']);
const all = shuffled.corpus();
const find = (docType: DocType, status: string) => {
  const r = all.find((x) => x.docType === docType && x.returnStatus === status);
  if (!r) throw new Error(`no ${docType} ${status} recorded`);
  return r;
};
files['out-of-order.json'] = {
  description: 'Receipts of an accepted export delivered out of order and repeated: the inventory release (800) before its logic-check receipt (120), the 120 and 2 after it, and exact duplicates (same guid and bytes) of order, inventory and arrival receipts. The shipment must never move backwards.',
  scenario: null,
  receipts: [
    find('ORDER', '2'), find('WAYBILL', '2'), find('ORDER', '2'),
    find('INVENTORY', '2'), find('ORDER', '120'), find('WAYBILL', '120'),
    find('INVENTORY', '800'), find('INVENTORY', '120'), find('INVENTORY', '2'),
    find('ARRIVAL', '2'), find('ARRIVAL', '2'), find('ARRIVAL', '399'), find('INVENTORY', '800'),
    find('DEPARTURE', '2'), find('DEPARTURE', '399'), find('INVENTORY', '899'), find('INVENTORY', '120'),
  ],
};

for (const [name, file] of Object.entries(files)) {
  writeFileSync(path.join(outDir, name), `${JSON.stringify(file, null, 2)}\n`);
  console.log(`${name}: ${file.receipts.length} receipts`);
}
await sim.app.close();
receiver.close();
