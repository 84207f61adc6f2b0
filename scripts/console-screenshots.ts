import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, launchChromium, PHONE } from '../test/browser/browser.js';
import { DEMO_OPS, DEMO_PERSON } from './lib/demo-people.js';
import { repoRoot } from './lib/tools.js';

/**
 * `npm run console:screenshots`: pictures of each console page for docs/console.md, taken from a
 * running console (after `npm start` and `npm run demo -- --wait`) in headless Chromium, written to
 * docs/console/*.png. Who signs in: CONSOLE_EMAIL and CONSOLE_PASSWORD (an enterprise person) and
 * CONSOLE_OPS_KEY (an ops person's key); by default the demo people `npm start` creates in development.
 * CONSOLE_URL: default http://127.0.0.1:3000. CONSOLE_LANG: zh-CN (default) or en.
 * So that the products page and a batch trace have something to show, the script first registers
 * the demo tea as a product with a batch and sends one 9610 carrying it, through the public API with
 * the enterprise's key (CONSOLE_API_KEY, default the demo key of `npm start`); again, it adds nothing.
 */
const base = process.env.CONSOLE_URL ?? 'http://127.0.0.1:3000';
const lang = process.env.CONSOLE_LANG === 'en' ? 'en' : 'zh-CN';
const out = join(repoRoot(), 'docs/console');
const email = process.env.CONSOLE_EMAIL ?? DEMO_PERSON.email;
const password = process.env.CONSOLE_PASSWORD ?? DEMO_PERSON.password;
const opsKey = process.env.CONSOLE_OPS_KEY ?? DEMO_OPS.key;
const apiKey = process.env.CONSOLE_API_KEY ?? 'cbec-demo-key-dazhou-0001';
const TEA = { sku: 'DZ-TEA-001', batchNo: 'DZ-TEA-2026-11' };

/** A product with a batch and one shipment that carries it (each step a no-op when done before: 409). */
async function ensureTracedBatch(): Promise<string> {
  const call = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok && res.status !== 409) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id?: string };
  };
  await call('POST', '/v1/products', { sku: TEA.sku, hsCode: '0902300000', name: '达州乌梅茶', spec: '250g/盒', origin: '142', manufacturer: '达州市通川区茶叶合作社' });
  const product = (await (await fetch(`${base}/v1/products?sku=${TEA.sku}`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as { items: { id: string }[] };
  const id = product.items[0]!.id;
  await call('POST', `/v1/products/${encodeURIComponent(id)}/batches`, { batchNo: TEA.batchNo, producedOn: '2026-11-02', expiresOn: '2028-11-01', quantity: 500 });
  const shipment = JSON.parse(readFileSync(join(repoRoot(), 'examples/shipment-9610.json'), 'utf8'));
  shipment.orderNo = 'DZ-TRACE-0001';
  shipment.logistics.waybillNo = 'WBTRACE0001';
  shipment.items[0].batchNo = TEA.batchNo;
  await call('POST', '/v1/shipments', shipment);
  return id;
}

async function shoot(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await page.getByRole('status').waitFor({ state: 'detached' }).catch(() => undefined);
  // a table still loading shows a spinner over its empty state
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' }).catch(() => undefined);
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 10_000 }).catch(() => undefined);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  console.log(`docs/console/${name}.png`);
}

async function session(browser: Browser, viewport: { width: number; height: number }, signIn: (page: Page) => Promise<void>): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: lang, deviceScaleFactor: 1 });
  await context.addInitScript((l) => localStorage.setItem('cbec.console.lang', l), lang);
  const page = await context.newPage();
  await page.goto(`${base}/console/`);
  await signIn(page);
  await page.getByTestId('whoami').waitFor();
  return page;
}

const enterprise = async (page: Page) => {
  await page.locator('input[type=email]').fill(email);
  await page.locator('input[type=password]').first().fill(password);
  await page.locator('input[type=password]').first().press('Enter');
};
const ops = async (page: Page) => {
  await page.getByRole('tab').nth(1).click();
  const key = page.locator('input[type=password]').last();
  await key.fill(opsKey);
  await key.press('Enter');
};

/** The summaries page shows last month; the demo's shipments are this month's: declare it now (POST /v1/ops/summaries) and wait for its row. */
async function runThisMonthsSummary(page: Page) {
  const now = new Date();
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  await page.getByRole('combobox', { name: lang === 'en' ? 'Month' : '月份' }).click();
  await page.getByTitle(month, { exact: true }).click();
  await page.getByRole('button', { name: new RegExp(month) }).click();
  await page.locator('td').filter({ hasText: 'ent-' }).first().waitFor({ timeout: 60_000 });
}

mkdirSync(out, { recursive: true });
const browser = await launchChromium();
try {
  const signedOut = await (await browser.newContext({ viewport: DESKTOP, locale: lang })).newPage();
  await signedOut.goto(`${base}/console/`);
  await shoot(signedOut, 'sign-in');

  const page = await session(browser, DESKTOP, enterprise);
  await shoot(page, 'overview');
  await page.goto(`${base}/console/shipments`);
  await page.locator('td a').first().waitFor();
  await shoot(page, 'shipments');
  // a 9610: all four phases of the timeline
  await page.goto(`${base}/console/shipments?mode=9610`);
  await page.locator('td a').first().click();
  await page.getByTestId('shipment-status').waitFor();
  await shoot(page, 'shipment-detail');
  const shipmentPath = new URL(page.url()).pathname.replace(/^\/console/, '');
  await page.goto(`${base}/console/shipments/new`);
  await page.locator('#orderNo').waitFor();
  await shoot(page, 'create-shipment');
  for (const mode of ['9710', '9810', '1210']) {
    await page.goto(`${base}/console/shipments/new?mode=${mode}`);
    await page.locator('#orderNo').waitFor();
    await shoot(page, `create-shipment-${mode}`);
  }
  // the example file with one broken row (an HS code too short): the per-row errors
  const example = readFileSync(join(repoRoot(), 'examples/shipments.csv'), 'utf8').trim().split('\n');
  const broken = example[1]!.replaceAll('DZ-CSV-0001', 'DZ-CSV-0009').replace('0902300000', '09023');
  await page.goto(`${base}/console/shipments/bulk`);
  await page.locator('input[type=file]').setInputFiles({ name: 'shipments.csv', mimeType: 'text/csv', buffer: Buffer.from([...example, broken].join('\n')) });
  await page.getByTestId('bulk-errors').waitFor();
  await shoot(page, 'bulk-upload');

  const productId = await ensureTracedBatch();
  for (const [path, name] of [['products', 'products'], [`products/${encodeURIComponent(productId)}/batches/${TEA.batchNo}`, 'batch-trace'], ['stock', 'stock'], ['credit', 'credit'], ['reconciliation', 'reconciliation'], ['api-keys', 'api-keys'], ['people', 'people']] as const) {
    await page.goto(`${base}/console/${path}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await shoot(page, name);
  }

  const phone = await session(browser, PHONE, enterprise);
  await phone.goto(`${base}/console/shipments`);
  await phone.locator('td a').first().waitFor();
  await shoot(phone, 'shipments-phone');

  const opsPage = await session(browser, DESKTOP, ops);
  await opsPage.getByTestId('total-shipments').waitFor();
  await opsPage.getByRole('img').locator('svg').first().waitFor();
  await opsPage.getByTestId('figures-partnerCountry').getByRole('link').first().waitFor();
  await shoot(opsPage, 'ops-dashboard');
  // a figure opens its shipments: the first mode on the dashboard
  await opsPage.getByTestId('figures-mode').getByRole('link').first().click();
  await opsPage.getByTestId('drill-shipments').waitFor();
  await shoot(opsPage, 'ops-drilldown');
  const opsPages = [
    ['registrations', 'ops-registrations'], ['holds', 'ops-risk-holds'], ['inspections', 'ops-inspections'], ['sla-breaches', 'ops-sla-breaches'], ['summaries', 'ops-summaries'],
    ['reconciliation-alerts', 'ops-reconciliation-alerts'], ['dead-letters', 'ops-dead-letters'], ['negative-list', 'ops-negative-list'],
  ] as const;
  for (const [path, name] of opsPages) {
    await opsPage.goto(`${base}/console/ops/${path}`);
    if (path === 'summaries') await runThisMonthsSummary(opsPage);
    await shoot(opsPage, name);
  }
  await opsPage.goto(`${base}/console/ops/audit`);
  await opsPage.getByRole('button', { name: lang === 'en' ? 'Verify the chain' : '校验哈希链' }).click();
  await opsPage.getByTestId('audit-verification').waitFor();
  await shoot(opsPage, 'ops-audit');
  // the same 9610 as ops see it, with the link to its workflow in the Temporal Web UI
  await opsPage.goto(`${base}/console/ops${shipmentPath}`);
  await opsPage.getByTestId('shipment-status').waitFor();
  await shoot(opsPage, 'ops-shipment-detail');
} finally {
  await browser.close();
}
