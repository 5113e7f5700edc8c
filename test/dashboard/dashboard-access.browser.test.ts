import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer, ServerOptions } from '../../src/server/create-server.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';
import { gaussianSamples } from '../../src/stream/sources/gaussian-samples.js';
import { browserAvailable, browserRequired, counter, dataNumber, launchBrowser, openPage, skipReason } from './browser.js';

// A tab whose token the server refuses (mistyped, or from before a restart,
// which makes a new one) says so, reads without it, and shows "read-only"
// where the controls were; a server that needs a token to read says that.

const WAIT = { timeout: 20_000 };

describe.skipIf(!browserAvailable && !browserRequired)(`dashboard access in Chromium ${skipReason}`, () => {
  let browser: Browser;
  let learner: OnlineLearner;
  const servers: RunningServer[] = [];
  const pages: Page[] = [];

  async function serve(options: Partial<ServerOptions>): Promise<RunningServer> {
    const server = await startServer({ learner, port: 0, host: '127.0.0.1', viewIntervalMs: 400, ...options });
    servers.push(server);
    return server;
  }
  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const opened = await openPage(browser, url);
    pages.push(opened.page);
    return opened;
  }
  /** The page read-only, saying why, with data arriving and no write controls. */
  async function expectReadOnlyWithData(page: Page): Promise<void> {
    await page.waitForSelector('#connection[data-state="live"]', WAIT);
    await page.waitForFunction(() => Number(document.getElementById('loss-chart')!.dataset.points) > 0, undefined, WAIT);
    expect(await page.isHidden('#controls')).toBe(true);
    expect(await page.isVisible('#read-only')).toBe(true);
    expect(await page.textContent('#read-only')).toContain('read-only');
    expect(await page.isVisible('#access-badge')).toBe(true);
    expect(await page.getAttribute('body', 'data-can-write')).toBe('false');
  }

  beforeAll(async () => {
    if (!browserAvailable) throw new Error(skipReason.replace('skipped', 'RXLOGIT_REQUIRE_BROWSER=1 but'));
    learner = new OnlineLearner({ inputs: 2, bias: true });
    learner.learnFrom(gaussianSamples({ seed: 3, rate: 300 }), { trusted: true });
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close();
    for (const s of servers.splice(0)) await s.close();
  });
  afterAll(async () => {
    await browser?.close();
    await learner?.close();
  });

  it('says a wrong token was refused, how to get a fresh one, and shows the data read-only', async () => {
    const server = await serve({ token: 'the-right-token-123' });
    const { page, errors } = await open(`${server.url}?token=a-stale-token-456`);
    await page.waitForSelector('#token-alert', { state: 'visible', ...WAIT });
    const alert = (await page.textContent('#token-alert')) ?? '';
    expect(alert).toContain('The token in this address was refused (the token is not valid)');
    expect(alert).toContain('showing the data read-only');
    expect(alert).toContain('dashboard at http://…/?token=…');
    await expectReadOnlyWithData(page);
    expect(await page.textContent('#read-only')).toContain('was refused');
    expect(await page.getAttribute('body', 'data-access')).toBe('refused');
    // it keeps reading: the counter moves
    const seen = await counter(page, 'c-seen');
    await page.waitForFunction((before) => Number(document.getElementById('c-seen')!.textContent!.replace(/,/g, '')) > before, seen, WAIT);
    expect(errors.filter((e) => !e.includes('WebSocket') && !e.includes('401'))).toEqual([]);
  });

  it('falls back to read-only when a restarted server made a new token', async () => {
    const first = await serve({ token: 'first-run-token-123' });
    const { page } = await open(`${first.url}?token=first-run-token-123`);
    await page.waitForSelector('#controls', { state: 'visible', ...WAIT });
    expect(await page.isHidden('#read-only')).toBe(true);
    expect(await page.isHidden('#access-badge')).toBe(true);
    const port = first.port;
    await first.close();
    await serve({ token: 'second-run-token-456', port });
    await page.waitForSelector('#token-alert', { state: 'visible', ...WAIT });
    await expectReadOnlyWithData(page);
    expect(await dataNumber(page, '#loss-chart', 'points')).toBeGreaterThan(0);
  });

  it('stops retrying and says so when reading needs a token the address lacks', async () => {
    const server = await serve({ token: 'write-token-0123', readToken: 'read-token-0123' });
    const { page } = await open(server.url);
    await page.waitForSelector('#connection[data-state="closed"]', WAIT);
    expect(await page.textContent('#token-alert')).toContain('This server needs a token to read');
    expect(await page.textContent('#connection-reason')).toContain('this server needs a token to read');
    expect(await page.getAttribute('body', 'data-access')).toBe('token-required');

    const stale = await open(`${server.url}?token=a-stale-token-456`);
    await stale.page.waitForSelector('#connection[data-state="closed"]', WAIT);
    expect(await stale.page.textContent('#token-alert')).toContain('was refused (the token is not valid), and this server needs a token to read');

    const reader = await open(`${server.url}?token=read-token-0123`);
    await expectReadOnlyWithData(reader.page);
    expect(await reader.page.textContent('#read-only')).toContain('allows reading only');
    expect(await reader.page.isHidden('#token-alert')).toBe(true);
  });
}, 120_000);
