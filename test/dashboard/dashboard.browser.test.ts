import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer, ServerOptions } from '../../src/server/create-server.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';
import { gaussianSamples } from '../../src/stream/sources/gaussian-samples.js';
import {
  browserAvailable, browserRequired, canvasColours, canvasHasColour, canvasHash, counter, dataNumber, launchBrowser, openPage, skipReason,
} from './browser.js';

// The dashboard against the real server and a real learner fed by the
// seeded generator: live drawing, the controls, a late joiner, a read-only
// page, a narrow window, and reconnecting after the server restarts.

const TOKEN = 'dashboard-test-token';
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const LOSS_CANVAS = '#loss-chart canvas';

/** Waits until a page's condition holds (a counter moved, a chart redrew…), failing with `what` after 15 s. */
async function until(page: Page, what: string, check: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; ; waited += 100) {
    if (await check()) return;
    if (waited > 15_000) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(100);
  }
}

describe.skipIf(!browserAvailable && !browserRequired)(`dashboard in Chromium against the real server ${skipReason}`, () => {
  let browser: Browser;
  let learner: OnlineLearner;
  let server: RunningServer;
  let options: ServerOptions;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    if (!browserAvailable) throw new Error(skipReason.replace('skipped', 'RXLOGIT_REQUIRE_BROWSER=1 but'));
    learner = new OnlineLearner({ inputs: 2, bias: true, schedule: { kind: 'constant', lr: 0.05 }, init: [-2, 2] });
    learner.learnFrom(gaussianSamples({ seed: 7, rate: 400, drift: { period: 6000 } }), { trusted: true });
    options = {
      learner,
      port: 0,
      host: '127.0.0.1',
      token: TOKEN,
      viewIntervalMs: 400,
      describe: { source: 'gaussian', mode: 'sample', schedule: { kind: 'constant', lr: 0.05 } },
    };
    server = await startServer(options);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await learner?.close();
  });

  it('draws live data and keeps changing', async () => {
    ({ page, errors } = await openPage(browser, `${server.url}?token=${TOKEN}`));
    await page.waitForSelector('#connection[data-state="live"]');
    await until(page, 'loss points, a surface and a plane', async () =>
      (await dataNumber(page, '#loss-chart', 'points')) > 10 && (await dataNumber(page, '#surface-chart', 'contours')) > 5,
    );
    expect(await page.textContent('#connection-text')).toBe('live');
    expect(await page.textContent('#log')).toContain('subscribed to steps + view at ≤ 20 steps/s');
    expect(await page.isHidden('#loss-placeholder')).toBe(true);
    // drawn: many colours, viridis in the surface, the tutorial's red/blue regions in the plane
    expect(await canvasColours(page, LOSS_CANVAS)).toBeGreaterThan(5);
    expect(await canvasColours(page, '#surface-chart')).toBeGreaterThan(15);
    expect(await canvasHasColour(page, '#plane-chart', [255, 179, 179])).toBe(true);
    expect(await canvasHasColour(page, '#plane-chart', [179, 179, 255])).toBe(true);
    expect(await canvasHasColour(page, '#plane-chart', [255, 0, 0], 10)).toBe(true); // red stars
    expect(await canvasHasColour(page, '#plane-chart', [0, 0, 255], 10)).toBe(true); // blue circles
    expect(await dataNumber(page, '#plane-chart', 'samples')).toBeGreaterThan(10);

    const before = {
      seen: await counter(page, 'c-seen'),
      points: await dataNumber(page, '#loss-chart', 'points'),
      loss: await canvasHash(page, LOSS_CANVAS),
      surface: await canvasHash(page, '#surface-chart'),
      plane: await canvasHash(page, '#plane-chart'),
    };
    await page.waitForTimeout(1200);
    expect(await counter(page, 'c-seen')).toBeGreaterThan(before.seen);
    expect(await dataNumber(page, '#loss-chart', 'points')).toBeGreaterThan(before.points);
    expect(await canvasHash(page, LOSS_CANVAS)).not.toBe(before.loss);
    expect(await canvasHash(page, '#surface-chart')).not.toBe(before.surface);
    expect(await canvasHash(page, '#plane-chart')).not.toBe(before.plane);
    expect(await counter(page, 'c-rate')).toBeGreaterThan(0);
    expect(await counter(page, 'c-lr')).toBe(0.05);
    expect(errors).toEqual([]);
  });

  it('saves a full-page screenshot once the curves have grown', async () => {
    await until(page, 'a few hundred loss points', async () => (await dataNumber(page, '#loss-chart', 'points')) > 200);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('dashboard.png', ARTIFACTS).pathname, fullPage: true });
  });

  it('shows a late joiner the history at once, and no controls without the token', async () => {
    const late = await openPage(browser, server.url);
    await late.page.waitForFunction(() => Number(document.getElementById('loss-chart')!.dataset.points) > 0);
    // the first drawing already holds the snapshot's steps, not a lone live step
    expect(await dataNumber(late.page, '#loss-chart', 'points')).toBeGreaterThan(100);
    await late.page.waitForFunction(() => Number(document.getElementById('surface-chart')!.dataset.contours) > 5);
    expect(await dataNumber(late.page, '#surface-chart', 'path-points')).toBeGreaterThan(100);
    expect(await late.page.getAttribute('body', 'data-can-write')).toBe('false');
    expect(await late.page.isHidden('#controls')).toBe(true);
    expect(await late.page.textContent('#read-only')).toContain('read-only: this address carries no write token');
    expect(await late.page.isVisible('#access-badge')).toBe(true);
    expect(await late.page.isHidden('#token-alert')).toBe(true);
    expect(late.errors).toEqual([]);
    await late.page.close();
  });

  it('wraps into one column in a narrow window without overflowing', async () => {
    const narrow = await browser.newPage({ viewport: { width: 600, height: 900 } });
    await narrow.goto(server.url);
    await narrow.waitForFunction(() => Number(document.getElementById('surface-chart')!.dataset.contours) > 5);
    const layout = await narrow.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      lefts: ['loss-chart', 'surface-chart', 'plane-chart'].map((id) => Math.round(document.getElementById(id)!.getBoundingClientRect().left)),
    }));
    expect(layout.overflow).toBeLessThanOrEqual(0);
    expect(new Set(layout.lefts).size).toBe(1); // stacked
    await narrow.screenshot({ path: new URL('dashboard-narrow.png', ARTIFACTS).pathname, fullPage: true });
    await narrow.close();
  });

  it('reconnects by itself when the server restarts, and redraws the history', async () => {
    const port = server.port;
    await server.close();
    await page.waitForSelector('#connection[data-state="reconnecting"]');
    expect(await page.textContent('#connection-text')).toMatch(/reconnecting in \d+\.\d s \(attempt \d+\)/);
    server = await startServer({ ...options, port });
    await page.waitForSelector('#connection[data-state="live"]', { timeout: 20_000 });
    await until(page, 'samples seen to grow after reconnecting', async () => {
      const before = await counter(page, 'c-seen');
      await page.waitForTimeout(300);
      return (await counter(page, 'c-seen')) > before;
    });
    // the new server's snapshot is short, the page keeps the older points of the same run
    expect(await dataNumber(page, '#loss-chart', 'points')).toBeGreaterThan(100);
    // while the server is down, each failed attempt logs a WebSocket error and the page's failed `GET access`
    expect(errors.filter((e) => !e.includes('WebSocket') && !e.includes('Failed to load resource'))).toEqual([]);
    errors.length = 0; // those were expected; the next test starts clean
  });

  it('pauses, resumes, sets the learning rate and resets with the token', async () => {
    expect(await page.getAttribute('body', 'data-can-write')).toBe('true');
    expect(await page.isVisible('#controls')).toBe(true);

    await page.click('#pause');
    await page.waitForSelector('#control-status:has-text("pause: done")');
    await page.waitForSelector('#paused-badge', { state: 'visible' });
    expect(await page.isDisabled('#pause')).toBe(true);
    // steps already on the wire may still land: wait until the counter settles
    let pausedAt = Number.NaN;
    await until(page, 'the samples-seen counter to settle', async () => {
      const a = await counter(page, 'c-seen');
      await page.waitForTimeout(400);
      pausedAt = await counter(page, 'c-seen');
      return a === pausedAt;
    });
    await page.waitForTimeout(1000);
    expect(await counter(page, 'c-seen')).toBe(pausedAt);

    await page.fill('#lr-input', '0.123');
    await page.click('#lr-form button[type="submit"]');
    await page.waitForSelector('#control-status:has-text("set-learning-rate 0.123: done")');
    await until(page, 'the shown learning rate', async () => (await counter(page, 'c-lr')) === 0.123);

    // reset says what it does, and returns to the configured rate, not the 0.123 set above
    expect(await page.textContent('#reset-note')).toContain('learning rate back to μ = 0.05 (constant), as configured at start');
    const version = await counter(page, 'c-version');
    await page.click('#reset');
    await page.waitForSelector('#control-status:has-text("reset: done")');
    await until(page, 'the reset model', async () => (await counter(page, 'c-seen')) === 0);
    await until(page, 'the configured learning rate after reset', async () => (await counter(page, 'c-lr')) === 0.05);
    expect(await page.inputValue('#lr-input')).toBe('0.05');
    expect(await counter(page, 'c-version')).not.toBe(version);
    expect(await page.textContent('#log')).toContain('the model was reset');

    await page.click('#resume');
    await page.waitForSelector('#control-status:has-text("resume: done")');
    await until(page, 'samples seen to grow again', async () => (await counter(page, 'c-seen')) > 100);
    expect(await page.isHidden('#paused-badge')).toBe(true);

    await page.fill('#lr-input', '-1');
    await page.click('#lr-form button[type="submit"]');
    expect(await page.textContent('#control-status')).toContain('learning rate must be a number above 0');
    await page.fill('#lr-input', '0.05');
    await page.click('#lr-form button[type="submit"]');
    await until(page, 'the learning rate back at 0.05', async () => (await counter(page, 'c-lr')) === 0.05);
    expect(errors).toEqual([]);
  });
}, 120_000);
