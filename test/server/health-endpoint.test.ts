import { mkdirSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { healthReport } from '../../src/server/health-endpoint.js';
import { EndpointFixture, fetchText } from './endpoint-fixture.js';
import { isType } from './helpers.js';

const fixture = new EndpointFixture();
const serve = fixture.serve.bind(fixture);

describe('GET /healthz', () => {
  it('is 200 and says what runs when all is well, without a checkpoint', async () => {
    const { server, learner } = await serve();
    learner.push([{ x: [1, 2], t: 1 }]);
    const res = await fetchText(server, 'healthz');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ status: 'ok', live: true, ready: true, learner: { running: true, paused: false, n: 1 }, checkpoint: null });
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(server.health()).toMatchObject({ status: 'ok' });
  });

  it('is 503 with the error while the checkpoint fails, and 200 again once it is written', async () => {
    const { server, learner, folder } = await serve({ checkpoint: true });
    expect(await learner.checkpoint()).toMatchObject({ ok: true });
    let body = JSON.parse((await fetchText(server, 'healthz')).body);
    expect(body.checkpoint).toMatchObject({ failing: false, error: null, writes: 1, failures: 0, savedN: 0 });
    expect(body.checkpoint.ageSeconds).toBeGreaterThanOrEqual(0);
    rmSync(folder!, { recursive: true, force: true });
    learner.push([{ x: [1, 2], t: 1 }]);
    expect(await learner.checkpoint()).toMatchObject({ ok: false });
    const res = await fetchText(server, 'healthz');
    expect(res.status).toBe(503);
    body = JSON.parse(res.body);
    expect(body).toMatchObject({ status: 'checkpoint-failing', live: true, ready: false, checkpoint: { failing: true, failures: 1, writes: 1, savedN: 0 } });
    // The error names the file but not the server's folders.
    expect(body.checkpoint.error).toMatch(/m\.json/);
    expect(body.checkpoint.error).not.toContain(folder);
    // Repaired: the next write succeeds and the server is ready again.
    mkdirSync(folder!);
    expect(await learner.checkpoint()).toMatchObject({ ok: true });
    const again = await fetchText(server, 'healthz');
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body).checkpoint).toMatchObject({ failing: false, error: null, failures: 1, writes: 2, savedN: 1 });
  });

  it('is 503 once the learner has stopped', async () => {
    const { server, learner } = await serve();
    await learner.close();
    const res = await fetchText(server, 'healthz');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'learner-stopped', ready: false, learner: { running: false } });
  });

  it('needs the read (or write) token when one is set, refuses a wrong token, and answers GET and HEAD only', async () => {
    const { server } = await serve({ readToken: 'read-token-456' });
    expect((await fetchText(server, 'healthz')).status).toBe(401);
    expect((await fetchText(server, 'healthz?token=wrong-token-789')).status).toBe(401);
    expect((await fetchText(server, 'healthz', { headers: { Authorization: 'Bearer read-token-456' } })).status).toBe(200);
    expect((await fetchText(server, 'healthz?token=write-token-123')).status).toBe(200);
    const head = await fetch(`${server.url}healthz?token=read-token-456`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetch(`${server.url}healthz?token=read-token-456`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('a failing checkpoint reaches the clients', () => {
  it('plain acks carry checkpointError, every client gets a status message, and a new client gets it on connecting', async () => {
    const { server, learner, folder } = await serve({ checkpoint: true, everySamples: 5 });
    const writer = await fixture.connect(server, { token: 'write-token-123' });
    const reader = await fixture.connect(server);
    await writer.waitFor(isType('snapshot'));
    const ok = await writer.request({ type: 'samples', id: 1, samples: [{ x: [1, 2], t: 1 }] });
    expect(ok).toMatchObject({ type: 'ack', accepted: 1 });
    expect(ok).not.toHaveProperty('checkpointError');
    rmSync(folder!, { recursive: true, force: true });
    // Enough samples to be due for a checkpoint, which fails: the ack says so.
    const six = Array.from({ length: 6 }, (_, i) => ({ x: [i, 1], t: (i % 2) as 0 | 1 }));
    const failed = await writer.request({ type: 'samples', id: 2, samples: six });
    expect(failed).toMatchObject({ type: 'ack', accepted: 6, checkpointError: expect.stringMatching(/cannot save checkpoint "m\.json"/) });
    const later = await writer.request({ type: 'samples', id: 3, samples: [{ x: [0, 0], t: 0 }] });
    expect(later).toMatchObject({ type: 'ack', checkpointError: expect.any(String) });
    // A durable ack still fails outright.
    const durable = await writer.request({ type: 'samples', id: 4, samples: [{ x: [0, 1], t: 0 }], durable: true });
    expect(durable).toMatchObject({ type: 'error', id: 4, message: expect.stringMatching(/the checkpoint failed/) });
    for (const c of [writer, reader]) {
      const status = await c.waitFor(isType('status'));
      expect(status.checkpoint).toMatchObject({ failing: true, error: expect.stringMatching(/m\.json/) });
      expect(status.checkpoint!.error).not.toContain(folder);
    }
    const late = await fixture.connect(server);
    expect((await late.waitFor(isType('status'))).checkpoint).toMatchObject({ failing: true });
    expect(late.messages.map((m) => m.type).slice(0, 3)).toEqual(['hello', 'snapshot', 'status']);
    // Recovery is announced too, and acks are plain again.
    mkdirSync(folder!);
    expect(await learner.checkpoint()).toMatchObject({ ok: true });
    await reader.waitFor((m) => m.type === 'status' && m.checkpoint?.failing === false);
    const clean = await writer.request({ type: 'samples', id: 5, samples: [{ x: [1, 1], t: 1 }] });
    expect(clean).not.toHaveProperty('checkpointError');
  });
});

describe('healthReport', () => {
  const learner = { running: true, paused: false, n: 10, version: 12 };
  it('puts shutting down before a stopped learner before a failing checkpoint', () => {
    const failing = { failing: true, error: 'x', failures: 1, writes: 0, savedAt: null, savedN: null };
    expect(healthReport({ closing: true, uptimeSeconds: 1, learner: { ...learner, running: false }, checkpoint: failing, now: 0 }).status).toBe('shutting-down');
    expect(healthReport({ closing: false, uptimeSeconds: 1, learner: { ...learner, running: false }, checkpoint: failing, now: 0 }).status).toBe('learner-stopped');
    expect(healthReport({ closing: false, uptimeSeconds: 1, learner, checkpoint: failing, now: 0 })).toMatchObject({ status: 'checkpoint-failing', checkpoint: { ageSeconds: null } });
    const saved = { ...failing, failing: false, error: null, savedAt: 1000, savedN: 5 };
    expect(healthReport({ closing: false, uptimeSeconds: 1, learner, checkpoint: saved, now: 3500 })).toMatchObject({ status: 'ok', ready: true, checkpoint: { ageSeconds: 2.5 } });
  });
});
