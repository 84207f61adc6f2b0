/**
 * Every enterprise and ops page of the console beyond shipments (issue 19 items 3 and 4), in
 * headless Chromium against the real stack: each visited as the role it is for, checked with
 * axe-core (no serious or critical violations) and for answers the page did not expect; figures
 * checked against the API (credit score, a dashboard figure and its drill-down), and an API key
 * issued from the page works.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpsPerson } from '../../api/ops-people.service.js';
import { ensurePersonWithPassword } from '../../api/people.service.js';
import { createCbecClient } from '../../api/client/index.js';
import { shipment9610 } from '../support/fixtures.js';
import { callApi, startPlatform, type Platform } from '../support/platform.js';
import { DESKTOP, launchChromium, PHONE, seriousAxeViolations, sidewaysOverflow } from './browser.js';

let p: Platform;
let chromium: Browser;
let opsKey: string;
let productId: string;
const tag = Math.random().toString(36).slice(2, 7).toUpperCase();
const email = `admin-${tag.toLowerCase()}@dazhou.example`;
const password = 'console pages password 1';
const batchNo = `B-${tag}`;
const timings: Record<string, number> = {};

beforeAll(async () => {
  const started = performance.now();
  // no worker: the shipments stay RECEIVED, which the statistics count all the same
  [p, chromium] = await Promise.all([startPlatform({ worker: false }), launchChromium()]);
  await ensurePersonWithPassword(p.db, { enterpriseId: p.enterpriseId, email, name: '王芳', role: 'ADMIN', password, actor: 'test' });
  opsKey = (await createOpsPerson(p.db, { name: `pages-ops-${tag.toLowerCase()}`, role: 'OPERATOR', actor: 'test' })).key;
  const product = await p.api.POST('/v1/products', { body: { sku: `TEA-${tag}`, hsCode: '0902300000', name: '达州乌梅茶', spec: '250g/盒', origin: '142', manufacturer: '达州市通川区茶叶合作社' } });
  productId = product.data!.id;
  await p.api.POST('/v1/products/{id}/batches', { params: { path: { id: productId } }, body: { batchNo, producedOn: '2026-11-02', quantity: 500 } });
  for (const n of [1, 2]) {
    const body = shipment9610(`PAGES-${tag}-${n}`);
    body.items[0] = { ...body.items[0]!, sku: `TEA-${tag}`, batchNo };
    expect((await p.api.POST('/v1/shipments', { body })).response.status).toBe(202);
  }
  timings.setupMs = performance.now() - started;
});
afterAll(async () => {
  await chromium?.close();
  await p?.stop();
  console.log(`browser test timings (ms): ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])))}`);
});

/** A fresh page that records script errors and every 4xx/5xx answer it gets. */
async function open(viewport = DESKTOP): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const context = await chromium.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('response', (res) => {
    const signedOutCheck = res.status() === 401 && res.url().endsWith('/v1/session');
    if (res.status() >= 400 && !signedOutCheck) problems.push(`${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`);
  });
  await page.goto(`${p.apiUrl}/console/`);
  return { page, problems, close: () => context.close() };
}

async function signInAsAdmin(page: Page): Promise<void> {
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /^登\s?录$/ }).click();
  await page.getByTestId('whoami').waitFor({ timeout: 15_000 });
}

async function signInAsOps(page: Page): Promise<void> {
  await page.getByRole('tab', { name: '运营人员' }).click();
  await page.getByLabel('运营密钥').fill(opsKey);
  await page.getByLabel('运营密钥').press('Enter');
  await page.getByTestId('whoami').waitFor({ timeout: 15_000 });
}

/** Opens a page by its path, waits for its heading and its tables to load, and runs axe-core on it. */
async function visit(page: Page, path: string, heading: string) {
  await page.goto(`${p.apiUrl}/console${path}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 30_000 });
  await page.getByRole('status').first().waitFor({ state: 'detached' });
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
  const violations = await seriousAxeViolations(page);
  expect(violations, `${path}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

describe('an enterprise ADMIN', () => {
  it('reads products with a batch trace, stock, credit (as the API scores it), reconciliation and people, and issues an API key that works', async () => {
    const started = performance.now();
    const { page, problems, close } = await open();
    await signInAsAdmin(page);

    await visit(page, '/products', '商品与批次');
    await page.getByRole('row', { name: new RegExp(`TEA-${tag}`) }).getByRole('button').first().click(); // expand: its batches
    await page.getByRole('link', { name: `追溯批次 ${batchNo}` }).click();
    await page.getByRole('heading', { level: 1, name: `TEA-${tag} 批次 ${batchNo} 的追溯` }).waitFor();
    for (const n of [1, 2]) await page.getByRole('link', { name: `PAGES-${tag}-${n}` }).waitFor();
    expect((await seriousAxeViolations(page))).toEqual([]);

    await visit(page, '/stock', '保税库存');
    await visit(page, '/credit', '信用评分');
    const credit = await p.api.GET('/v1/credit/me');
    expect((await page.getByTestId('credit-score').textContent())!.replace(/[^\d.]/g, '')).toBe(String(credit.data!.score));
    await visit(page, '/reconciliation', '三流对账');
    await visit(page, '/people', '人员');
    await page.getByRole('cell', { name: email }).waitFor();

    await visit(page, '/api-keys', 'API 密钥');
    await page.getByLabel('标签').fill(`erp-${tag}`);
    await page.getByRole('button', { name: '签发密钥' }).click();
    const key = (await page.getByTestId('shown-once').textContent())!.trim();
    expect(key).toMatch(/^cbec_/);
    const me = await createCbecClient(p.apiUrl, key).GET('/v1/enterprises/me');
    expect(me.data!.apiKeys.map((k) => k.label)).toContain(`erp-${tag}`);
    await page.getByRole('row', { name: new RegExp(`erp-${tag}`) }).waitFor();
    expect((await seriousAxeViolations(page))).toEqual([]);

    expect(problems).toEqual([]);
    timings.enterpriseMs = performance.now() - started;
    await close();
  });
});

describe('an ops OPERATOR', () => {
  it('drills from a dashboard figure to its shipments (the API’s figure) and reads every work queue, the negative list, the finance exposure (the API’s figures) and the audit trail with its chain verified', async () => {
    const started = performance.now();
    const { page, problems, close } = await open();
    await signInAsOps(page);

    await page.getByTestId('figures-mode').getByRole('link', { name: '9610 的运单' }).click();
    await page.getByRole('heading', { level: 1, name: '数据对应的运单' }).waitFor();
    const api = await callApi(p.apiUrl, 'GET', '/v1/statistics/drilldown?mode=9610', opsKey);
    const figure = (api.body as { figure: { shipments: number } }).figure;
    expect(figure.shipments).toBeGreaterThanOrEqual(2);
    await page.getByTestId('drill-shipments').getByText(String(figure.shipments)).waitFor();
    for (const n of [1, 2]) await page.getByRole('cell', { name: `PAGES-${tag}-${n}`, exact: true }).waitFor();
    expect((await seriousAxeViolations(page))).toEqual([]);

    for (const [path, heading] of [
      ['/ops/sla-breaches', '超出服务时限的运单'],
      ['/ops/summaries', '9610 汇总申报'],
      ['/ops/reconciliation-alerts', '未处理的对账预警'],
      ['/ops/dead-letters', '投递失败的回执'],
      ['/ops/negative-list', '失信名单'],
    ] as const) {
      await visit(page, path, heading);
    }
    // the finance exposure: the page shows the API's per-currency totals and one row per group
    await visit(page, '/ops/finance-exposure', '供应链金融敞口');
    const exposure = (await callApi(p.apiUrl, 'GET', '/v1/ops/finance/exposure', opsKey)).body as { groups: unknown[]; totals: { currency: string; balances: { principal: { outstanding: string } } }[] };
    for (const x of exposure.totals) await page.getByTestId(`exposure-total-${x.currency}`).getByText(x.balances.principal.outstanding, { exact: true }).first().waitFor();
    await expect.poll(() => page.locator('tbody tr.ant-table-row').count()).toBe(exposure.groups.length);
    await visit(page, '/ops/audit', '审计日志');
    await page.getByRole('button', { name: '校验哈希链' }).click();
    const verification = await callApi(p.apiUrl, 'GET', '/v1/ops/audit/verification', opsKey);
    expect((verification.body as { ok: boolean }).ok).toBe(true);
    await page.getByTestId('audit-verification').getByText(/^哈希链完整/).waitFor();
    expect(problems).toEqual([]);
    timings.opsMs = performance.now() - started;
    await close();
  });
});

describe('on a phone', () => {
  it('every enterprise and ops page fits the screen: the page never scrolls sideways (wide tables scroll in their own frame) and stays accessible', async () => {
    const started = performance.now();
    const shipment = (n: number) => encodeURIComponent(`shipment:${p.enterpriseId}:PAGES-${tag}-${n}`);
    const pages = {
      admin: ['/', '/shipments', '/shipments/new', '/shipments/bulk', `/shipments/${shipment(1)}`, '/products', `/products/${productId}/batches/${batchNo}`, '/stock', '/credit', '/reconciliation', '/people', '/api-keys'],
      ops: ['/ops/dashboard', '/ops/registrations', '/ops/holds', '/ops/inspections', '/ops/sla-breaches', '/ops/summaries', '/ops/reconciliation-alerts', '/ops/dead-letters', '/ops/negative-list', '/ops/finance-exposure', '/ops/audit', '/ops/drilldown?mode=9610', `/ops/shipments/${shipment(2)}`],
    };
    const wide: string[] = [];
    for (const [role, paths] of Object.entries(pages)) {
      const { page, problems, close } = await open(PHONE);
      await (role === 'admin' ? signInAsAdmin(page) : signInAsOps(page));
      for (const path of paths) {
        await page.goto(`${p.apiUrl}/console${path}`);
        await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 30_000 });
        await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
        const { width, outside } = await sidewaysOverflow(page);
        if (width > PHONE.width) wide.push(`${path}: ${width} px, past the screen: ${outside.join(', ')}`);
        expect(await seriousAxeViolations(page), path).toEqual([]);
      }
      expect(problems, role).toEqual([]);
      await close();
    }
    expect(wide).toEqual([]);
    timings.phoneMs = performance.now() - started;
  });
});
