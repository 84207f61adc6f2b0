/**
 * The console's other create modes and the actions that need a person (issue 19 items 3, 4, 6), in
 * headless Chromium against the real stack: an enterprise person creates a 9710 from the form and
 * watches it complete, uploads shipments from a CSV (per-row errors; the same file again creates
 * nothing twice) and corrects a shipment customs rejected; an ops person releases a risk hold,
 * resolves an inspection and finds each shipment's workflow link to the Temporal Web UI.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/tools.js';
import { shipment9610 } from '../support/fixtures.js';
import { enterBondedStock, example1210, order1210 } from '../support/imports.js';
import { control } from '../support/ledger.js';
import { eventually } from '../support/platform.js';
import { DESKTOP } from './browser.js';
import { consoleStack, expectAccessible, openConsole, problemsOf, signInAsOps, signInAsPerson } from './console-page.js';

const tag = Math.random().toString(36).slice(2, 7).toUpperCase();
const email = `modes-${tag.toLowerCase()}@dazhou.example`;
const password = 'console test password 2';
// ten business days a second; no SLA watch, so no shipment is marked breached while it waits for a person
const stack = consoleStack({ email, password, name: '李娜' }, { timeScale: 864_000, env: { SLA_WATCH_MS: '0' } });
const timings = stack.timings;
/** Long enough for a shipment's whole journey on a loaded 2-core machine. */
const JOURNEY_MS = 150_000;

const idOf = (orderNo: string) => `shipment:${stack.p.enterpriseId}:${orderNo}`;

async function shipment(id: string) {
  return (await stack.p.api.GET('/v1/shipments/{id}', { params: { path: { id } } })).data;
}

async function reaches(id: string, statuses: string[]) {
  return eventually(async () => {
    const s = await shipment(id);
    return s && statuses.includes(s.status) ? s : undefined;
  }, `${id} to reach ${statuses.join('/')}`, JOURNEY_MS);
}

async function asPerson(path = '/console/'): Promise<Page> {
  const { page } = await openConsole(stack.chromium, stack.p.apiUrl, DESKTOP, path);
  await signInAsPerson(page, email, password);
  return page;
}

async function asOps(path = '/console/'): Promise<Page> {
  const { page } = await openConsole(stack.chromium, stack.p.apiUrl, DESKTOP, path);
  await signInAsOps(page, stack.opsKey);
  return page;
}

describe('an enterprise person', () => {
  it('creates a 9710 B2B export from the form and watches it reach COMPLETED', async () => {
    const started = performance.now();
    const page = await asPerson('/console/shipments/new?mode=9710');
    const orderNo = `B2B-${tag}-1`;
    // the mode comes from the address: its radio is the checked one, and the form asks for a 9710's own fields
    await page.locator('#buyer_name').waitFor();
    expect(await page.getByRole('radio', { name: '9710 B2B 直接出口' }).isChecked()).toBe(true);
    const fields: Record<string, string> = {
      orderNo, platform_code: 'P000000003', platform_name: 'Global Marketplace EU', logistics_code: 'L000000003', logistics_name: '达州国际物流有限公司',
      logistics_waybillNo: `WBB2B${tag}1`, grossWeightKg: '120', netWeightKg: '110', buyer_name: 'Müller Handels GmbH', declaredValueCny: '4800',
      items_0_sku: 'DZ-LIB-18650', items_0_name: '锂离子电池组', items_0_hsCode: '8507600010', items_0_model: '18650 48V 20Ah', items_0_legalUnit: '011',
      items_0_legalQty: '4', items_0_qty: '4', items_0_unitPrice: '165',
    };
    // a field the schema refuses is marked before anything is sent
    for (const [id, value] of Object.entries({ ...fields, items_0_hsCode: '85076' })) await page.locator(`#${id}`).fill(value);
    await page.getByRole('button', { name: /^提\s?交$/ }).click();
    await page.getByText('10-digit HS code').waitFor();
    expect(await stack.p.db.shipment.count({ where: { orderNo } })).toBe(0);
    await page.locator('#items_0_hsCode').fill(fields.items_0_hsCode!);
    await expectAccessible(page, '9710 form');
    await page.getByRole('button', { name: /^提\s?交$/ }).click();

    await page.waitForURL(/\/console\/shipments\/shipment/);
    await page.getByTestId('shipment-status').getByText('已完成').waitFor({ timeout: JOURNEY_MS });
    timings.create9710ToCompletedMs = performance.now() - started;
    const done = await shipment(idOf(orderNo));
    expect(done).toMatchObject({ mode: '9710', status: 'COMPLETED' });
    expect(done!.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['FX_SETTLED', 'REFUND_APPLIED']));
    // an enterprise never sees the ops-only workflow link
    expect(await page.getByTestId('temporal-link').count()).toBe(0);
    expect(problemsOf(page)).toEqual([]);
    await page.context().close();
  });

  it('uploads shipments from a CSV: bad rows named by row and field, valid ones created, the same file again creates nothing twice', async () => {
    const started = performance.now();
    const example = readFileSync(`${repoRoot()}examples/shipments.csv`, 'utf8').trim().split('\n');
    const [header, tea, basket] = example as [string, string, string];
    const order = (n: number) => `CSV-${tag}-${n}`;
    const rows = [
      header,
      tea.replace('DZ-CSV-0001', order(1)).replace('WBDZCSV0001', `WBCSV${tag}1`),
      basket.replace('DZ-CSV-0001', order(1)).replace('WBDZCSV0001', `WBCSV${tag}1`),
      tea.replace('DZ-CSV-0001', order(2)).replace('WBDZCSV0001', `WBCSV${tag}2`),
      tea.replace('DZ-CSV-0001', order(3)).replace('WBDZCSV0001', `WBCSV${tag}3`).replace('0902300000', '09023'),
    ];
    const file = { name: 'shipments.csv', mimeType: 'text/csv', buffer: Buffer.from(`${rows.join('\n')}\n`) };
    const page = await asPerson();
    await page.getByRole('link', { name: '批量导入' }).first().click();
    await page.getByRole('heading', { name: '批量导入运单（CSV）' }).waitFor();

    const upload = async () => {
      await page.locator('input[type=file]').setInputFiles(file);
      await page.getByTestId('bulk-summary').getByText('已读取 3 票运单（4 行）：2 票有效，1 票有错误').waitFor();
    };
    await upload();
    const errorRow = page.getByTestId('bulk-errors').getByRole('row', { name: /item\.hsCode/ });
    expect(await errorRow.getByRole('cell').allTextContents()).toEqual(['5', 'item.hsCode', '10-digit HS code']);
    await expectAccessible(page, 'bulk upload with errors');

    await page.getByRole('button', { name: '创建 2 票有效运单' }).click();
    const results = page.getByTestId('bulk-results');
    await results.getByRole('row', { name: new RegExp(`${order(2)}.*已创建`) }).waitFor({ timeout: 30_000 });
    expect(await results.getByRole('row', { name: new RegExp(`${order(1)}\\s*2, 3\\s*已创建`) }).count()).toBe(1);
    const lines = await stack.p.db.shipmentLine.groupBy({ by: ['shipmentId'], where: { shipmentId: { in: [idOf(order(1)), idOf(order(2))] } }, _count: true });
    expect(Object.fromEntries(lines.map((l) => [l.shipmentId, l._count]))).toEqual({ [idOf(order(1))]: 2, [idOf(order(2))]: 1 });

    // the same file again: both answered "already there", nothing new written or started
    await upload();
    await page.getByRole('button', { name: '创建 2 票有效运单' }).click();
    await results.getByRole('row', { name: new RegExp(`${order(2)}.*已存在`) }).waitFor({ timeout: 30_000 });
    expect(await results.getByText('已存在（未重复创建）').count()).toBe(2);
    expect(await stack.p.db.shipment.count({ where: { enterpriseId: stack.p.enterpriseId, orderNo: { startsWith: `CSV-${tag}-` } } })).toBe(2);
    let runs = 0;
    for await (const run of stack.p.temporal.workflow.list({ query: `WorkflowId = '${idOf(order(1))}'` })) runs += run.workflowId === idOf(order(1)) ? 1 : 0;
    expect(runs).toBe(1);
    expect(problemsOf(page)).toEqual([]);
    timings.csvMs = performance.now() - started;
    await page.context().close();
  });

  it('corrects a shipment customs rejected, from its detail page, and it goes on to COMPLETED', async () => {
    const started = performance.now();
    const orderNo = `REJ-${tag}-1`;
    await control(stack.p.simUrls.singleWindow, 'scenarios', { key: orderNo, scenario: 'reject-inventory', params: {} });
    const created = await stack.p.api.POST('/v1/shipments', { body: shipment9610(orderNo) });
    expect(created.response.status).toBe(202);
    const id = created.data!.id;
    await reaches(id, ['REJECTED']);

    const page = await asPerson(`/console/shipments/${encodeURIComponent(id)}`);
    await page.getByTestId('shipment-status').getByText('退单').waitFor();
    await page.getByRole('heading', { name: '退单更正' }).waitFor();
    await expectAccessible(page, 'rejected shipment with the correction form');
    await page.getByLabel('更正原因').fill('毛重按复核结果更正');
    await page.getByLabel('毛重（千克）').fill('3.3');
    await page.getByRole('button', { name: '提交更正' }).click();
    await page.getByText('已提交更正').waitFor();
    await page.getByTestId('shipment-status').getByText('已完成').waitFor({ timeout: JOURNEY_MS });
    const done = await shipment(id);
    expect(done!.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['REJECTED', 'CORRECTED', 'COMPLETED']));
    expect(problemsOf(page)).toEqual([]);
    timings.correctionMs = performance.now() - started;
    await page.context().close();
  });
});

describe('an ops person', () => {
  it('releases a risk hold and resolves an inspection from the work queues, and opens each shipment’s workflow in the Temporal Web UI', async () => {
    const started = performance.now();
    // two orders of one buyer that together pass the CNY 5,000 single-transaction limit: the second is held
    await enterBondedStock(stack.p, `HOLD-${tag}`, [{ sku: 'FR-SERUM-30', name: '精华液', qty: 20 }]);
    const serum = (orderNo: string) => order1210(orderNo, 7, { items: [{ ...example1210.items[1]!, qty: 4 }] });
    expect((await stack.p.api.POST('/v1/shipments', { body: serum(`HOLD-${tag}-A`) })).response.status).toBe(202);
    const held = (await stack.p.api.POST('/v1/shipments', { body: serum(`HOLD-${tag}-B`) })).data!.id;
    const inspectedNo = `INS-${tag}-1`;
    await control(stack.p.simUrls.singleWindow, 'scenarios', { key: inspectedNo, scenario: 'inspect', params: {} });
    const inspected = (await stack.p.api.POST('/v1/shipments', { body: shipment9610(inspectedNo) })).data!.id;
    await Promise.all([reaches(held, ['RISK_HOLD']), reaches(inspected, ['INSPECTION'])]);

    const page = await asOps();
    await page.getByRole('link', { name: '风险暂扣' }).click();
    const holdRow = page.getByRole('row', { name: new RegExp(`HOLD-${tag}-B`) });
    await holdRow.waitFor();
    await expectAccessible(page, 'risk holds');
    // the shipment's own page for ops links to its workflow
    await holdRow.getByRole('link', { name: `HOLD-${tag}-B` }).click();
    const link = page.getByTestId('temporal-link');
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`http://127.0.0.1:8233/namespaces/${stack.p.config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(held)}`);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect((await stack.p.temporal.workflow.getHandle(held).describe()).workflowId).toBe(held);
    await expectAccessible(page, 'shipment page for ops');
    await page.goBack();

    await holdRow.getByRole('button', { name: /^放\s?行$/ }).click();
    await page.getByText('已处理').first().waitFor();
    await holdRow.waitFor({ state: 'detached', timeout: 30_000 });
    expect((await reaches(held, ['COMPLETED', 'CANCELLED', 'FAILED'])).status).toBe('COMPLETED');

    await page.getByRole('link', { name: '查验处理' }).click();
    const inspectionRow = page.getByRole('row', { name: new RegExp(inspectedNo) });
    await inspectionRow.getByRole('button', { name: '查验通过' }).click();
    await inspectionRow.waitFor({ state: 'detached', timeout: 30_000 });
    const cleared = await reaches(inspected, ['COMPLETED', 'CANCELLED', 'FAILED']);
    expect(cleared.status).toBe('COMPLETED');
    expect(cleared.timeline.map((e) => e.type)).toContain('INSPECTION_CLEARED');
    expect(problemsOf(page)).toEqual([]);
    timings.opsMs = performance.now() - started;
    await page.context().close();
  });
});
