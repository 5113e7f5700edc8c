import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';
import { browserAvailable, browserRequired, launchBrowser, openPage, skipReason } from './browser.js';

// The page shows a banner while the server's checkpoint fails, and drops it once a write succeeds.
describe.skipIf(!browserAvailable && !browserRequired)(`dashboard checkpoint banner ${skipReason}`, () => {
  let browser: Browser;
  let learner: OnlineLearner;
  let server: RunningServer;
  let folder: string;

  beforeAll(async () => {
    if (!browserAvailable) throw new Error(skipReason.replace('skipped', 'RXLOGIT_REQUIRE_BROWSER=1 but'));
    folder = mkdtempSync(join(tmpdir(), 'rxlogit-banner-'));
    learner = new OnlineLearner({ inputs: 2, checkpoint: { path: join(folder, 'm.json') } });
    server = await startServer({ learner, port: 0, token: 'banner-token-123' });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    mkdirSync(folder, { recursive: true });
    await learner?.close();
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);

  it('says that samples are not saved while the checkpoint fails, on open pages and on pages opened later', { timeout: 90_000 }, async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.waitForFunction(() => document.getElementById('connection')?.dataset.state === 'live');
    expect(await page.isHidden('#checkpoint-banner')).toBe(true);
    rmSync(folder, { recursive: true, force: true });
    learner.push([{ x: [1, 2], t: 1 }]);
    expect(await learner.checkpoint()).toMatchObject({ ok: false });
    await page.waitForSelector('#checkpoint-banner', { state: 'visible', timeout: 15_000 });
    const text = await page.textContent('#checkpoint-banner');
    expect(text).toMatch(/^Checkpoint failing: samples are learned but not saved/);
    expect(text).toContain('m.json');
    expect(text).not.toContain(folder);
    const late = await openPage(browser, server.url);
    await late.page.waitForSelector('#checkpoint-banner', { state: 'visible', timeout: 15_000 });
    mkdirSync(folder);
    expect(await learner.checkpoint()).toMatchObject({ ok: true });
    await page.waitForSelector('#checkpoint-banner', { state: 'hidden', timeout: 15_000 });
    await late.page.waitForSelector('#checkpoint-banner', { state: 'hidden', timeout: 15_000 });
    expect(errors).toEqual([]);
    expect(late.errors).toEqual([]);
    await page.close();
    await late.page.close();
  });
});
