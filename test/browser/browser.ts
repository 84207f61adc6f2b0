import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (the registry's browser downloads are not used); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A/AA rules). */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // colours are judged as they end, not halfway through a fade-in; a spinner's animation never ends, so only
  // animations with an end are waited for, and a timeout names those still running
  try {
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity), undefined, { timeout: 30_000 });
  } catch (e) {
    const still = await page.evaluate(() =>
      document
        .getAnimations()
        .filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => `${(a as CSSAnimation).animationName ?? (a as CSSTransition).transitionProperty ?? 'animation'} on ${String(((a.effect as KeyframeEffect | null)?.target as Element | null)?.className ?? '?')}`),
    );
    throw new Error(`animations still running after 30 s: ${JSON.stringify(still)}`, { cause: e });
  }
  // evaluated through the DevTools protocol: the console's Content-Security-Policy allows no inline script
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
}

/** Whether the page scrolls sideways: its width, and (when it does) the outermost elements that stick out past the screen. */
export async function sidewaysOverflow(page: Page): Promise<{ width: number; outside: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.scrollWidth;
    const screen = document.documentElement.clientWidth;
    if (width <= screen) return { width, outside: [] };
    const sticksOut = (e: Element | null) => e !== null && e.getBoundingClientRect().right > screen + 0.5;
    const outside = Array.from(document.body.querySelectorAll('*'))
      .filter((e) => sticksOut(e) && !sticksOut(e.parentElement) && e.closest('[style*="overflow"]') === null)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).trim().split(/\s+/).slice(0, 2).join('.')} (${Math.round(e.getBoundingClientRect().right)} px)`);
    return { width, outside };
  });
}
