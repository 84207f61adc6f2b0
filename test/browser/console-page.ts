import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createOpsPerson } from '../../api/ops-people.service.js';
import { ensurePersonWithPassword } from '../../api/people.service.js';
import { startPlatform, type Platform } from '../support/platform.js';
import { launchChromium, seriousAxeViolations } from './browser.js';

export interface ConsoleStack {
  p: Platform;
  chromium: Browser;
  /** An ops person's key (role OPERATOR). */
  opsKey: string;
  /** Named durations of the file's steps, printed when it ends (docs/console.md quotes them). */
  timings: Record<string, number>;
}

/**
 * A browser test file's stack, started before its tests and stopped after them: the platform
 * (test/support/platform.ts), headless Chromium, an enterprise person (OPERATOR) who signs in with
 * `person.email` and `person.password`, and an ops person. Its fields are set once the tests run.
 */
export function consoleStack(person: { email: string; password: string; name: string }, platform?: Parameters<typeof startPlatform>[0]): ConsoleStack {
  const stack = { timings: {} } as ConsoleStack;
  beforeAll(async () => {
    const started = performance.now();
    [stack.p, stack.chromium] = await Promise.all([startPlatform(platform), launchChromium()]);
    await ensurePersonWithPassword(stack.p.db, { enterpriseId: stack.p.enterpriseId, ...person, role: 'OPERATOR', actor: 'test' });
    stack.opsKey = (await createOpsPerson(stack.p.db, { name: `ops-${person.email.split('@')[0]}`, role: 'OPERATOR', actor: 'test' })).key;
    stack.timings.setupMs = performance.now() - started;
  });
  afterAll(async () => {
    await stack.chromium?.close();
    await stack.p?.stop();
    console.log(`browser test timings (ms): ${JSON.stringify(Object.fromEntries(Object.entries(stack.timings).map(([k, v]) => [k, Math.round(v)])))}`);
  });
  return stack;
}

/**
 * A console page in its own browser context, in Chinese, that records what would be a defect: a
 * script error, a refusal by the Content-Security-Policy, or an API answer the page did not expect.
 */
export async function openConsole(chromium: Browser, apiUrl: string, viewport: { width: number; height: number }, path = '/console/'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(msg.text());
  });
  page.on('response', (res) => {
    const signedOutCheck = res.status() === 401 && res.request().method() === 'GET' && res.url().endsWith('/v1/session');
    if (res.status() >= 400 && !signedOutCheck) problems.push(`${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`);
  });
  (page as Page & { problems: string[] }).problems = problems;
  await page.goto(`${apiUrl}${path}`);
  return { context, page };
}

export const problemsOf = (page: Page) => (page as Page & { problems: string[] }).problems;

export async function expectAccessible(page: Page, where: string) {
  const violations = await seriousAxeViolations(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/** Waits for the signed-in header; on failure keeps a screenshot in .data/ and says what the page logged. */
export async function signedIn(page: Page) {
  try {
    await page.getByTestId('whoami').waitFor({ timeout: 15_000 });
  } catch (err) {
    await page.screenshot({ path: `.data/browser-failure-${Date.now()}.png` });
    throw new Error(`not signed in: ${String(err)}; page problems: ${problemsOf(page).join(' | ')}`);
  }
}

/** An enterprise person signs in through the form. */
export async function signInAsPerson(page: Page, email: string, password: string) {
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /^登\s?录$/ }).click();
  await signedIn(page);
}

/** An ops person signs in with their ops key. */
export async function signInAsOps(page: Page, key: string) {
  await page.getByRole('tab', { name: '运营人员' }).click();
  await page.getByLabel('运营密钥').fill(key);
  await page.getByLabel('运营密钥').press('Enter');
  await signedIn(page);
}
