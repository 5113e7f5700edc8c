import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Debian's Chromium, the only browser the dashboard tests drive. */
export const CHROMIUM = '/usr/bin/chromium';

/** Whether the browser tests can run, and whether they must (`RXLOGIT_REQUIRE_BROWSER=1`, as in CI). */
export const browserAvailable = existsSync(CHROMIUM);
export const browserRequired = process.env.RXLOGIT_REQUIRE_BROWSER === '1';

/** Why the browser tests are skipped, or '' when they run. */
export const skipReason = browserAvailable ? '' : `skipped: ${CHROMIUM} is missing (install Debian's chromium; set RXLOGIT_REQUIRE_BROWSER=1 to fail instead)`;

/**
 * Starts headless Chromium with the flags that keep it quiet and offline.
 *
 * @example
 * ```ts
 * const browser = await launchBrowser();
 * ```
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A new page at 1280×800 that records uncaught errors and console errors,
 * so a test can assert the dashboard never threw.
 */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { page, errors };
}

/** A hash of a canvas's pixels (its PNG data URL), to tell whether a chart changed. */
export async function canvasHash(page: Page, selector: string): Promise<string> {
  const url = await page.$eval(selector, (c) => (c as HTMLCanvasElement).toDataURL());
  return createHash('sha1').update(url).digest('hex');
}

/** How many distinct colours a canvas holds (sampled on a grid): a blank canvas has 1. */
export async function canvasColours(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    const step = Math.max(1, Math.floor(c.width / 80));
    for (let y = 0; y < c.height; y += step) {
      for (let x = 0; x < c.width; x += step) {
        const i = (y * c.width + x) * 4;
        seen.add((data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!);
      }
    }
    return seen.size;
  });
}

/** Whether a canvas holds a pixel close to the colour [r, g, b] (within `tolerance` per channel). */
export async function canvasHasColour(page: Page, selector: string, rgb: [number, number, number], tolerance = 6): Promise<boolean> {
  return page.$eval(
    selector,
    (el, [target, tol]) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! > 200 && [0, 1, 2].every((k) => Math.abs(data[i + k]! - target[k]!) <= tol)) return true;
      }
      return false;
    },
    [rgb, tolerance] as const,
  );
}

/** A header counter as a number (`12,345` → 12345; NaN while it shows `–`). */
export async function counter(page: Page, id: string): Promise<number> {
  const text = (await page.textContent(`#${id}`)) ?? '';
  return Number(text.replace(/,/g, '').replace('−', '-').replace(/\s*%$/, ''));
}

/** A numeric `data-*` attribute of an element. */
export async function dataNumber(page: Page, selector: string, name: string): Promise<number> {
  return Number(await page.getAttribute(selector, `data-${name}`));
}

if (skipReason && !browserRequired) console.warn(`rxlogit dashboard browser tests ${skipReason}`);
