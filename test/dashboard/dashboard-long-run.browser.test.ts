import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, browserRequired, canvasHasColour, dataNumber, launchBrowser, openPage, skipReason } from './browser.js';
import { startFakeServer } from './fake-server.js';
import type { FakeServer } from './fake-server.js';

// What a person sees after a long run (150,000 samples, 3,000 steps kept):
// a loss line rather than a solid band, the spikes above the axis marked and
// counted, the legend beside the samples rather than on them, and the
// weights' whole path inside the surface's view.

const STEPS = 3000;
const hello = {
  type: 'hello', protocol: 1, server: 'fake/0', config: { mode: 'sample' }, model: { inputs: 2, bias: true }, canWrite: false,
  limits: { maxPayload: 1048576, maxMessagesPerSecond: 50, maxRate: 60, defaultRate: 10 },
};
const metrics = { n: 0, logLoss: 0.3, accuracy: 0.9, rollingLogLoss: 0.3, rollingAccuracy: 0.85 };
/** Noisy per-step losses with a spike every 97th step (8 to 12); weights from (−6, 6) to circles around (2, −1). */
const step = (i: number) => {
  const noise = Math.abs(Math.sin(i * 12.9898) * 43758.5453) % 1;
  const loss = i % 97 === 50 ? 8 + (i % 5) : 0.05 + 0.6 * noise;
  const t = Math.min(1, i / 100);
  const weights = [-6 + 8 * t + 0.5 * Math.cos(i / 40) * t, 6 - 7 * t + 0.5 * Math.sin(i / 40) * t];
  return { n: (i + 1) * 50, loss, weights, bias: 0, version: i + 1, lr: 0.05, metrics, time: 0, rejected: 0, samplesPerSecond: 1000, paused: false };
};
const grid = (n: number, f: (i: number, j: number) => number) => Array.from({ length: n * n }, (_, k) => f(k % n, Math.floor(k / n)));
// samples everywhere, corners included, where an inside legend would cover some
const samples = grid(15, (i, j) => i * 100 + j).map((k) => ({ x: [-3 + (6 * Math.floor(k / 100)) / 14, -3 + (6 * (k % 100)) / 14], t: (k % 2) as 0 | 1 }));
// the server's grid around the recent part of the path only, as it was computed before
const view = {
  type: 'view', version: STEPS, n: STEPS * 50, samples,
  surface: { w1: [0, 4, 20], w2: [-3, 1, 20], loss: grid(20, (i, j) => (i - 10) ** 2 + (j - 10) ** 2) },
  plane: { x1: [-3, 3, 20], x2: [-3, 3, 20], proba: grid(20, (i, j) => 1 / (1 + Math.exp(-(i + j - 19)))) },
};

describe.skipIf(!browserAvailable && !browserRequired)(`dashboard after a long run ${skipReason}`, () => {
  let browser: Browser;
  let fake: FakeServer;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    if (!browserAvailable) throw new Error(skipReason.replace('skipped', 'RXLOGIT_REQUIRE_BROWSER=1 but'));
    fake = await startFakeServer((ws) => {
      ws.send(JSON.stringify(hello));
      ws.send(JSON.stringify({ type: 'snapshot', paused: false, view, samples, steps: Array.from({ length: STEPS }, (_, i) => step(i)) }));
    });
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, fake.url));
    await page.waitForFunction((n) => Number(document.getElementById('loss-chart')!.dataset.points) === n, STEPS, { timeout: 30_000 });
    await page.waitForFunction(() => Number(document.getElementById('surface-chart')!.dataset.contours) > 5, undefined, { timeout: 30_000 });
  }, 120_000); // generous: Chromium starts slowly on a machine shared with other work

  afterAll(async () => {
    await browser?.close();
    await fake?.close();
  });

  it('thins the per-step loss to about one point per 3 pixels', async () => {
    const width = await page.$eval('#loss-chart canvas', (c) => c.getBoundingClientRect().width);
    const drawn = await dataNumber(page, '#loss-chart', 'drawn');
    expect(drawn).toBeGreaterThan(30);
    expect(drawn).toBeLessThanOrEqual(width / 3 + 2);
  });

  it('marks and counts the losses above the axis', async () => {
    const clipped = await dataNumber(page, '#loss-chart', 'clipped');
    expect(clipped).toBeGreaterThanOrEqual(Math.floor(STEPS / 97)); // every spike, at least
    expect(await page.isVisible('#loss-clipped')).toBe(true);
    expect(await page.textContent('#loss-clipped')).toMatch(new RegExp(`^▲ ${clipped} of 3,000 step losses are above the axis \\(largest ξ = 12\\)$`));
    expect(await canvasHasColour(page, '#loss-chart canvas', [214, 51, 108], 12)).toBe(true); // the marks
  });

  it('puts the decision plane’s legend outside the plot', async () => {
    expect(await page.isVisible('#plane-legend')).toBe(true);
    const overlap = await page.evaluate(() => {
      const a = document.getElementById('plane-legend')!.getBoundingClientRect();
      const b = document.getElementById('plane-chart')!.getBoundingClientRect();
      return Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
    });
    expect(overlap).toBe(0);
    expect(await page.textContent('#plane-legend')).toContain('boundary p = 0.5');
  });

  it('widens the surface’s view to hold the whole path, with a margin', async () => {
    const domain = JSON.parse((await page.getAttribute('#surface-chart', 'data-domain')) ?? 'null') as [[number, number], [number, number]];
    const path = Array.from({ length: STEPS }, (_, i) => step(i).weights);
    const [lo1, hi1] = [Math.min(...path.map((w) => w[0]!)), Math.max(...path.map((w) => w[0]!))];
    const [lo2, hi2] = [Math.min(...path.map((w) => w[1]!)), Math.max(...path.map((w) => w[1]!))];
    expect(domain[0][0]).toBeLessThan(lo1 - 0.2);
    expect(domain[0][1]).toBeGreaterThanOrEqual(Math.max(hi1, 4));
    expect(domain[1][0]).toBeLessThanOrEqual(Math.min(lo2, -3));
    expect(domain[1][1]).toBeGreaterThan(hi2 + 0.2);
    await page.screenshot({ path: new URL('../../test-artifacts/dashboard-long-run.png', import.meta.url).pathname, fullPage: true });
    expect(errors).toEqual([]);
  });
}, 120_000);
