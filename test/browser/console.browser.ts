/**
 * The web console in headless Chromium against the real stack (issue 19 item 6): Temporal dev
 * server, database, simulators over HTTP, a worker and the API serving /console. A person signs in
 * through the page, creates a 9610 from the form and watches it reach COMPLETED; an ops person
 * approves a registration and reads the dashboard's figures, checked against the statistics API.
 * At 1280 px and at 390×844, by keyboard, and with axe-core (no serious or critical violations).
 */
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { callApi, type Platform } from '../support/platform.js';
import { DESKTOP, PHONE, sidewaysOverflow } from './browser.js';
import { consoleStack, expectAccessible, openConsole, problemsOf, signedIn, signInAsOps, signInAsPerson } from './console-page.js';

const tag = Math.random().toString(36).slice(2, 7).toUpperCase();
const email = `seller-${tag.toLowerCase()}@dazhou.example`;
const password = 'console test password 1';
const stack = consoleStack({ email, password, name: '张敏' });
const timings = stack.timings;
let p: Platform;
let chromium: Browser;
let opsKey: string;
beforeAll(() => {
  ({ p, chromium, opsKey } = stack);
});

const open = (viewport: { width: number; height: number }) => openConsole(chromium, p.apiUrl, viewport);
const signInByForm = (page: Page) => signInAsPerson(page, email, password);

describe('an enterprise person', () => {
  it('signs in, creates a 9610 from the form and watches it reach COMPLETED on the detail page with its four phases', async () => {
    const started = performance.now();
    const { context, page } = await open(DESKTOP);
    await expectAccessible(page, 'sign-in page');
    await signInByForm(page);
    expect(await page.getByTestId('whoami').textContent()).toContain('OPERATOR');
    await expectAccessible(page, 'overview');

    await page.getByRole('link', { name: '新建运单' }).click();
    const orderNo = `WEB-${tag}-1`;
    const fields: Record<string, string> = {
      orderNo, platform_code: 'P000000003', platform_name: 'Global Marketplace EU', logistics_code: 'L000000003', logistics_name: '达州国际物流有限公司',
      logistics_waybillNo: `WBWEB${tag}1`, grossWeightKg: '3.2', netWeightKg: '2.9', items_0_sku: 'DZ-TEA-001', items_0_name: '达州乌梅茶',
      items_0_hsCode: '0902300000', items_0_model: '250g/盒', items_0_legalQty: '0.5', items_0_qty: '2', items_0_unitPrice: '18.9',
    };
    for (const [id, value] of Object.entries(fields)) await page.locator(`#${id}`).fill(value);
    await expectAccessible(page, 'create form');
    await page.getByRole('button', { name: /^提\s?交$/ }).click();

    await page.waitForURL(/\/console\/shipments\/shipment/);
    expect(decodeURIComponent(page.url())).toContain(`shipment:${p.enterpriseId}:${orderNo}`);
    await page.getByTestId('shipment-status').getByText('已完成').waitFor({ timeout: 120_000 });
    timings.createToCompletedMs = performance.now() - started;
    for (const phase of ['海关', '运输', '税务', '外汇']) await page.getByText(phase, { exact: true }).first().waitFor();
    expect(await page.getByText(/^用时 /).count()).toBe(4);
    // the same shipment through the API
    const api = await p.api.GET('/v1/shipments/{id}', { params: { path: { id: `shipment:${p.enterpriseId}:${orderNo}` } } });
    expect(api.data!.status).toBe('COMPLETED');
    expect(await page.getByText(api.data!.declaration.invtNo!, { exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'shipment detail');
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('on a phone, signs in by keyboard alone, finds the shipment by its order number, and the page never scrolls sideways', async () => {
    const started = performance.now();
    const { context, page } = await open(PHONE);
    // the form first (under load the session check can take seconds): keys pressed before it exist go nowhere
    await page.locator('input[type=email]').waitFor();
    await page.keyboard.press('Tab'); // the language switch
    let guard = 0;
    while (!(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'email')) && guard++ < 10) await page.keyboard.press('Tab');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await signedIn(page);

    // the skip link is the first stop, and it moves focus to the main content
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    await page.goto(`${p.apiUrl}/console/shipments`);
    const search = page.getByRole('searchbox', { name: '按订单编号搜索' }).or(page.getByLabel('按订单编号搜索')).first();
    await search.fill(`WEB-${tag}`);
    await search.press('Enter');
    await page.getByRole('link', { name: `WEB-${tag}-1` }).waitFor();
    const sideways = await sidewaysOverflow(page);
    expect(sideways.outside).toEqual([]);
    expect(sideways.width).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'shipment list on a phone');
    timings.phoneMs = performance.now() - started;
    await context.close();
  });
});

describe('an ops person', () => {
  it('approves a registration and reads the dashboard figures the statistics API gives, in English too', async () => {
    const started = performance.now();
    const pending = `ent-web-${tag.toLowerCase()}`;
    await p.db.enterprise.create({ data: { id: pending, name: `网页审核测试 ${tag}`, customsCode: `57${tag}`.slice(0, 10), status: 'PENDING' } });
    const { context, page } = await open(DESKTOP);
    await signInAsOps(page, opsKey);

    const stats = await callApi(p.apiUrl, 'GET', '/v1/statistics/trade?groupBy=month', opsKey);
    expect(stats.status).toBe(200);
    const totals = (stats.body as { totals: { shipments: number; valueCny: string } }).totals;
    expect(totals.shipments).toBeGreaterThan(0);
    await page.getByTestId('total-shipments').getByText(String(totals.shipments)).waitFor();
    expect((await page.getByTestId('total-value').textContent())!.replace(/[,\s]/g, '')).toContain(totals.valueCny.replace(/\.?0+$/, '').split('.')[0]);
    // progress against the plan's targets and the active enterprises, as GET /v1/statistics/targets gives them
    const targets = await callApi(p.apiUrl, 'GET', '/v1/statistics/targets', opsKey);
    expect(targets.status).toBe(200);
    const figures = (targets.body as { figures: { activeEnterprises: number; registeredEnterprises: number } }).figures;
    await page.getByTestId('active-enterprises').getByText(String(figures.activeEnterprises), { exact: true }).waitFor();
    expect(await page.getByTestId('active-enterprises').textContent()).toContain(`/ ${figures.registeredEnterprises}`);
    await expectAccessible(page, 'dashboard');

    await page.getByRole('link', { name: '企业注册审核' }).click();
    const approve = page.getByRole('row', { name: new RegExp(`网页审核测试 ${tag}`) }).getByRole('button', { name: /^批\s?准$/ });
    await approve.waitFor();
    await expectAccessible(page, 'registrations');
    await approve.click();
    await page.getByText('已批准').waitFor();
    await approve.waitFor({ state: 'detached' });
    expect((await p.db.enterprise.findUniqueOrThrow({ where: { id: pending } })).status).toBe('APPROVED');

    await page.getByRole('combobox', { name: '语言' }).click();
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Registrations to approve' }).waitFor();
    expect(problemsOf(page)).toEqual([]);
    timings.opsMs = performance.now() - started;
    await context.close();
  });
});
