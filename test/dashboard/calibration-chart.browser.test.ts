import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import { EventStreamLearner } from '../../src/stream/event-stream-learner.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';
import { browserAvailable, browserRequired, launchBrowser, openPage, skipReason } from './browser.js';

// The events card against the real server and a real event learner: hidden
// until a step carries event scores, then the calibration plot follows the
// learner's own table, bin for bin, as predictions are served and labelled.

type Dot = { series: string; predicted: number; observed: number; count: number };

async function dots(page: Page): Promise<Dot[]> {
  return page.$$eval('#events-card svg.calibration-plot circle', (nodes) =>
    nodes.map((n) => ({ series: n.getAttribute('data-series')!, predicted: Number(n.getAttribute('data-predicted')), observed: Number(n.getAttribute('data-observed')), count: Number(n.getAttribute('data-count')) })),
  );
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; ; waited += 100) {
    if (await check()) return;
    if (waited > 15_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!browserAvailable && !browserRequired)(`dashboard calibration plot ${skipReason}`, () => {
  let browser: Browser;
  let learner: OnlineLearner;
  let plain: OnlineLearner;
  let events: EventStreamLearner;
  let server: RunningServer;
  let bare: RunningServer;

  beforeAll(async () => {
    if (!browserAvailable) throw new Error(skipReason.replace('skipped', 'RXLOGIT_REQUIRE_BROWSER=1 but'));
    learner = new OnlineLearner({ inputs: 2 });
    plain = new OnlineLearner({ inputs: 2 });
    events = new EventStreamLearner({ rollingWindow: 100 });
    server = await startServer({ learner, events, port: 0 });
    bare = await startServer({ learner: plain, port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await bare?.close();
    await learner?.close();
    await plain?.close();
  });

  it('draws the learner’s calibration table live, cumulative and rolling, with the delayed-label counts', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.waitForSelector('#events-card:not([hidden])');
    expect(await dots(page)).toEqual([]); // nothing scored yet
    // A skewed world: P(fraud) rises with the amount; labels come 50 predictions late.
    let seed = 1;
    const random = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const served: Array<{ id: string; t: 0 | 1 }> = [];
    for (let i = 0; i < 600; i++) {
      const amount = random() * 1000;
      const country = random() < 0.3 ? 'NG' : 'DE';
      const t: 0 | 1 = random() < amount / 1000 * (country === 'NG' ? 0.9 : 0.4) ? 1 : 0;
      events.predict(`tx-${i}`, { amount, country });
      served.push({ id: `tx-${i}`, t });
      if (served.length > 50) {
        const { id, t: label } = served.shift()!;
        events.label(id, label);
      }
    }
    events.label('never-served', 1);
    const want = events.scores();
    await until('the plot to follow the learner', async () => (await dots(page)).length === want.calibration.filter((b) => b.count > 0).length + want.rollingCalibration.filter((b) => b.count > 0).length);
    const drawn = await dots(page);
    const expected = (series: string, bins: typeof want.calibration): Dot[] => bins.filter((b) => b.count > 0).map((b) => ({ series, predicted: b.predicted, observed: b.observed, count: b.count }));
    expect(drawn.filter((d) => d.series === 'cumulative')).toEqual(expected('cumulative', want.calibration));
    expect(drawn.filter((d) => d.series === 'rolling')).toEqual(expected('rolling', want.rollingCalibration));
    expect(drawn.filter((d) => d.series === 'rolling').reduce((s, d) => s + d.count, 0)).toBe(100);
    expect(await page.$$('#events-card svg.calibration-plot path[data-series]')).toHaveLength(2);
    const field = (name: string) => page.textContent(`#events-card [data-field="${name}"]`);
    expect(await field('seen')).toBe('550');
    expect(await field('pending')).toBe('50');
    expect(await field('unknown')).toBe('1');
    expect(Number(await field('auc'))).toBeCloseTo(want.auc, 2);
    // More labels: the plot moves with them.
    for (const { id, t } of served.splice(0)) events.label(id, t);
    await until('the counts to follow the new labels', async () => (await field('pending')) === '0');
    expect(await field('seen')).toBe('600');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('stays hidden on a server without an event learner', async () => {
    const { page, errors } = await openPage(browser, bare.url);
    await page.waitForFunction(() => document.getElementById('connection')!.dataset.state === 'live');
    await page.waitForTimeout(300);
    expect(await page.isHidden('#events-card')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
