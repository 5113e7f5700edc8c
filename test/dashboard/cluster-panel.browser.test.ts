import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, browserRequired, launchBrowser, openPage, skipReason } from './browser.js';
import { startFakeServer } from './fake-server.js';
import type { FakeServer } from './fake-server.js';

// A gateway (`serve --follow`) says it is read-only in `hello` and sends `cluster`
// messages; a server with its own learner sends neither, and the row stays hidden.

const hello = (extra: Record<string, unknown> = {}) => ({
  type: 'hello', protocol: 1, server: 'fake/0', config: {}, model: { inputs: 2, bias: true }, canWrite: false,
  limits: { maxPayload: 1048576, maxMessagesPerSecond: 50, maxRate: 60, defaultRate: 10 }, ...extra,
});
const snapshot = { type: 'snapshot', paused: false, view: null, samples: [], steps: [] };
const cluster = (extra: Record<string, unknown> = {}) => ({
  type: 'cluster', model: 'demo', holder: 'host-a:4242', pending: 12345, modelVersion: 99, modelRevision: 7, modelAgeMs: 65_000, statusAgeMs: 200, sequence: 10, ...extra,
});

describe.skipIf(!browserAvailable && !browserRequired)(`dashboard cluster row ${skipReason}`, () => {
  let browser: Browser;
  let fake: FakeServer;
  let gateway = true;

  beforeAll(async () => {
    if (!browserAvailable) throw new Error(skipReason.replace('skipped', 'RXLOGIT_REQUIRE_BROWSER=1 but'));
    fake = await startFakeServer((ws) => {
      ws.send(JSON.stringify(gateway ? hello({ readOnly: 'this server follows model "demo" learned elsewhere' }) : hello()));
      ws.send(JSON.stringify(snapshot));
      if (gateway) ws.send(JSON.stringify(cluster()));
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await fake?.close();
  });

  it('shows the leader, the lag and the model age, and marks a silent learner', async () => {
    gateway = true;
    const { page, errors } = await openPage(browser, fake.url);
    await page.waitForSelector('#cluster:not([hidden])');
    const field = (name: string) => page.textContent(`#cluster [data-field="${name}"]`);
    expect(await field('model')).toBe('demo');
    expect(await field('leader')).toBe('host-a:4242');
    expect(await field('lag')).toMatch(/^12[,  ]?345 msgs$/);
    expect(await field('model-age')).toMatch(/^1 min \d+ s$/);
    expect(await page.textContent('#read-only-why')).toContain('follows model "demo"');
    expect(await page.isHidden('#controls')).toBe(true);
    fake.broadcast(cluster({ statusAgeMs: 9000, pending: null }));
    await page.waitForFunction(() => document.getElementById('cluster')!.dataset.silent === 'true');
    expect(await field('leader')).toMatch(/^host-a:4242 \(silent for \d+ s\)$/);
    expect(await field('lag')).toBe('–');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('stays hidden on a server with its own learner', async () => {
    gateway = false;
    const { page, errors } = await openPage(browser, fake.url);
    await page.waitForFunction(() => document.getElementById('connection')!.dataset.state === 'live');
    expect(await page.isHidden('#cluster')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
