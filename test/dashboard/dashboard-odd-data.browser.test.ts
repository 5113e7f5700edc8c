import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, browserRequired, canvasColours, dataNumber, launchBrowser, openPage, skipReason } from './browser.js';
import { startFakeServer } from './fake-server.js';
import type { FakeServer } from './fake-server.js';

// The real learner never sends broken data, so a scripted fake server does:
// the page must keep drawing whatever is usable and say what it ignored.

const hello = {
  type: 'hello', protocol: 1, server: 'fake/0', config: { mode: 'sample' }, model: { inputs: 2, bias: true }, canWrite: false,
  limits: { maxPayload: 1048576, maxMessagesPerSecond: 50, maxRate: 60, defaultRate: 10 },
};
const metrics = { n: 0, logLoss: null, accuracy: null, rollingLogLoss: null, rollingAccuracy: null };
const step = (n: number, extra: Record<string, unknown> = {}) => ({
  n, loss: 0.5, weights: [n / 100, -n / 100], bias: 0, version: n, lr: 0.05, metrics, time: 0, rejected: 0, samplesPerSecond: 0, paused: false, ...extra,
});
const grid = (n: number, f: (i: number, j: number) => number) => Array.from({ length: n * n }, (_, k) => f(k % n, Math.floor(k / n)));
const goodView = {
  type: 'view', version: 1, n: 1,
  samples: [{ x: [1, 1], t: 1 }, { x: [-1, -1], t: 0 }, { x: [0.5], t: 1 }],
  surface: { w1: [-2, 2, 20], w2: [-2, 2, 20], loss: grid(20, (i, j) => (i - 10) ** 2 + (j - 8) ** 2) },
  plane: { x1: [-3, 3, 20], x2: [-3, 3, 20], proba: grid(20, (i, j) => 1 / (1 + Math.exp(-(i + j - 19)))) },
};

describe.skipIf(!browserAvailable && !browserRequired)(`dashboard on odd data ${skipReason}`, () => {
  let browser: Browser;
  let fake: FakeServer;

  beforeAll(async () => {
    if (!browserAvailable) throw new Error(skipReason.replace('skipped', 'RXLOGIT_REQUIRE_BROWSER=1 but'));
    fake = await startFakeServer((ws) => {
      ws.send(JSON.stringify(hello));
      ws.send(JSON.stringify({
        type: 'snapshot', paused: false, view: null, samples: [],
        steps: [step(1, { loss: null }), step(2, { loss: 'NaN' }), { loss: 1 }, step(3, { weights: [] }), step(4, { metrics: null })],
      }));
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await fake?.close();
  });

  it('skips what it cannot draw, shows placeholders, logs errors, and never throws', async () => {
    const { page, errors } = await openPage(browser, fake.url);
    await page.waitForFunction(() => document.getElementById('loss-chart')!.dataset.points === '4');
    expect(fake.received).toContainEqual({ type: 'subscribe', id: 'subscribe', streams: ['steps', 'view'], maxRate: 20 });
    expect(await page.isHidden('#controls')).toBe(true);
    expect(await page.isHidden('#loss-placeholder')).toBe(true);
    expect(await dataNumber(page, '#surface-chart', 'contours')).toBe(0);

    fake.broadcast('this is not JSON');
    fake.broadcast({ type: 'mystery' });
    fake.broadcast({ type: 'error', code: 'bad-message', message: 'something odd' });
    fake.broadcast({ ...goodView, surface: { w1: [-2, 2, 20], w2: [-2, 2, 20], loss: [1, 2, 3] }, plane: null });
    fake.broadcast(step(5, { weights: [1] }));
    fake.broadcast({ type: 'step', ...step(6, { weights: [null, 2], bias: null, loss: null }) });
    await page.waitForFunction(() => document.getElementById('log')!.textContent!.includes('view.surface unusable'));
    const log = (await page.textContent('#log')) ?? '';
    expect(log).toContain('server error bad-message: something odd');
    expect(log).toContain('ignored messages of unknown type "mystery"');
    expect(log).toMatch(/ignored a message from the server: not JSON/);
    expect(log).toContain('view.surface unusable: loss: 3 values for a 20×20 grid');
    expect(await dataNumber(page, '#surface-chart', 'contours')).toBe(0);
    expect(await dataNumber(page, '#plane-chart', 'samples')).toBe(2);

    fake.broadcast(goodView);
    await page.waitForFunction(() => Number(document.getElementById('surface-chart')!.dataset.contours) > 5);
    expect(await canvasColours(page, '#surface-chart')).toBeGreaterThan(15);
    expect(await canvasColours(page, '#plane-chart')).toBeGreaterThan(4);
    expect(errors).toEqual([]);
  });

  it('holds bounded memory however many steps arrive', async () => {
    const { page, errors } = await openPage(browser, fake.url);
    await page.waitForSelector('#connection[data-state="live"]');
    for (let chunk = 0; chunk < 20; chunk++) {
      for (let k = 0; k < 1000; k++) fake.broadcast({ type: 'step', ...step(10 + chunk * 1000 + k) });
      await new Promise((r) => setTimeout(r, 20));
    }
    // generous: 20,000 frames take a while to draw on a machine shared with other work
    await page.waitForFunction(() => document.getElementById('c-seen')!.textContent === '20,009', undefined, { timeout: 100_000 });
    await page.waitForTimeout(100);
    expect(await dataNumber(page, '#loss-chart', 'points')).toBeLessThanOrEqual(3000);
    expect(await dataNumber(page, '#loss-chart', 'points')).toBeGreaterThan(1000);
    expect(await dataNumber(page, '#surface-chart', 'path-points')).toBeLessThanOrEqual(2000);
    expect(errors).toEqual([]);
  }, 120_000);
});
