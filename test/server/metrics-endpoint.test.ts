import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/create-server.js';
import { EndpointFixture, fetchText } from './endpoint-fixture.js';
import { isType } from './helpers.js';
import { parsePrometheusText, sampleValue } from './prometheus-text.js';

const fixture = new EndpointFixture();
const serve = fixture.serve.bind(fixture);

async function scrape(server: RunningServer, headers: Record<string, string> = {}) {
  const { status, type, body } = await fetchText(server, 'metrics', { headers });
  return { status, type, text: body };
}

describe('GET /metrics', () => {
  it('serves the learner, clients and process in the Prometheus text format', async () => {
    const { server, learner } = await serve();
    const reader = await fixture.connect(server);
    await reader.waitFor(isType('snapshot'));
    learner.push([{ x: [1, 2], t: 1 }, { x: [-1, 0], t: 0 }, { x: [1], t: 0 }]);
    const res = await scrape(server);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(res.text);
    expect(families.get('rxlogit_samples_learned')?.type).toBe('gauge');
    expect(sampleValue(families, 'rxlogit_samples_learned')).toBe(2);
    expect(families.get('rxlogit_samples_rejected_total')?.type).toBe('counter');
    await expect.poll(async () => sampleValue(parsePrometheusText((await scrape(server)).text), 'rxlogit_samples_rejected_total')).toBe(1);
    expect(sampleValue(families, 'rxlogit_model_version')).toBe(learner.currentStep().version);
    expect(sampleValue(families, 'rxlogit_model_loss')).toBe(learner.currentStep().loss);
    expect(sampleValue(families, 'rxlogit_learning_rate')).toBe(0.1);
    expect(sampleValue(families, 'rxlogit_learner_running')).toBe(1);
    expect(sampleValue(families, 'rxlogit_learner_paused')).toBe(0);
    expect(sampleValue(families, 'rxlogit_clients')).toBe(1);
    expect(sampleValue(families, 'rxlogit_clients_writers')).toBe(0);
    for (const name of ['rxlogit_frames_sent_total', 'rxlogit_frames_conflated_total', 'rxlogit_clients_stalled_total']) {
      expect(families.get(name)?.type).toBe('counter');
      expect(sampleValue(families, name)).toBeGreaterThanOrEqual(0);
    }
    // prom-client's default collectors, in the server's own registry.
    expect(families.has('process_cpu_user_seconds_total')).toBe(true);
    expect(families.has('nodejs_eventloop_lag_p99_seconds')).toBe(true);
    expect(families.has('rxlogit_event_loop_delay_seconds')).toBe(true);
    // No checkpoint configured: no checkpoint metrics (absent, not zero).
    expect([...families.keys()].some((k) => k.startsWith('rxlogit_checkpoint_'))).toBe(false);
    expect(await server.metrics()).toMatch(/^# HELP /);
  });

  it('counts checkpoint writes and failures and shows their age', async () => {
    const { server, learner, folder } = await serve({ checkpoint: true });
    let families = parsePrometheusText((await scrape(server)).text);
    expect(sampleValue(families, 'rxlogit_checkpoint_age_seconds')).toBeNaN();
    expect(sampleValue(families, 'rxlogit_checkpoint_last_success_timestamp_seconds')).toBe(0);
    expect(await learner.checkpoint()).toMatchObject({ ok: true });
    families = parsePrometheusText((await scrape(server)).text);
    expect(sampleValue(families, 'rxlogit_checkpoint_writes_total')).toBe(1);
    expect(sampleValue(families, 'rxlogit_checkpoint_failing')).toBe(0);
    expect(sampleValue(families, 'rxlogit_checkpoint_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(families, 'rxlogit_checkpoint_last_success_timestamp_seconds')).toBeGreaterThan(1.7e9);
    rmSync(folder!, { recursive: true, force: true });
    learner.push([{ x: [1, 1], t: 1 }]);
    await learner.checkpoint();
    await learner.checkpoint();
    families = parsePrometheusText((await scrape(server)).text);
    expect(sampleValue(families, 'rxlogit_checkpoint_failing')).toBe(1);
    expect(sampleValue(families, 'rxlogit_checkpoint_failures_total')).toBe(2);
    expect(sampleValue(families, 'rxlogit_checkpoint_writes_total')).toBe(1);
  });

  it('keeps two servers in one process apart (each has its own registry)', async () => {
    const a = await serve();
    const b = await serve();
    a.learner.push([{ x: [1, 2], t: 1 }]);
    const [ta, tb] = await Promise.all([scrape(a.server), scrape(b.server)]);
    expect(sampleValue(parsePrometheusText(ta.text), 'rxlogit_samples_learned')).toBe(1);
    expect(sampleValue(parsePrometheusText(tb.text), 'rxlogit_samples_learned')).toBe(0);
  });

  it('needs the read token when one is set', async () => {
    const { server } = await serve({ readToken: 'read-token-456' });
    expect((await scrape(server)).status).toBe(401);
    expect((await scrape(server, { Authorization: 'Bearer nope-nope-nope' })).status).toBe(401);
    const ok = await scrape(server, { Authorization: 'Bearer read-token-456' });
    expect(ok.status).toBe(200);
    expect(ok.text).not.toContain('read-token-456');
    expect(ok.text).not.toContain('write-token-123');
  });
});

describe('parsePrometheusText (the test helper) is strict', () => {
  it('refuses what the format does not allow', () => {
    expect(() => parsePrometheusText('up 1\n')).toThrow(/before its TYPE/);
    expect(() => parsePrometheusText('# TYPE up gauge\nup one\n')).toThrow(/bad value/);
    expect(() => parsePrometheusText('# TYPE up gauge\nup 1\nup 2\n')).toThrow(/twice/);
    expect(() => parsePrometheusText('# TYPE up gauge\nup{a="x} 1\n')).toThrow(/unterminated|not a sample/);
    expect(() => parsePrometheusText('# TYPE up gauge\nup 1')).toThrow(/newline/);
    expect(() => parsePrometheusText('# TYPE up nonsense\n')).toThrow(/unknown type/);
    const ok = parsePrometheusText('# HELP h a\\nb\n# TYPE h histogram\nh_bucket{le="+Inf",x="a\\"b"} 3\nh_sum 1.5e3\nh_count 3\n');
    expect(ok.get('h')).toMatchObject({ type: 'histogram', help: 'a\nb' });
    expect(sampleValue(ok, 'h_bucket', { x: 'a"b' })).toBe(3);
  });
});
