import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Kvm } from '@nats-io/kv';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBrokerAddress } from '../../src/broker/broker-address.js';
import { connectBroker } from '../../src/broker/connect-broker.js';
import { FollowedLearner } from '../../src/broker/followed-learner.js';
import { publishLearnerStreams } from '../../src/broker/publish-learner-streams.js';
import type { LearnerStreamsPublisher } from '../../src/broker/publish-learner-streams.js';
import type { OnlineLearner } from '../../src/stream/online-learner.js';
import { connect, isType, keepLearning, makeLearner } from '../server/helpers.js';
import { snapshotOf, valueOf } from './model-values.js';
import { assertNatsAvailable, natsAvailable, natsRequired, natsSkipReason, startNatsServer } from './nats-server.js';
import type { NatsServerProcess } from './nats-server.js';

const BIN = fileURLToPath(new URL('../../bin/rxlogit.js', import.meta.url));

describe.skipIf(!natsAvailable && !natsRequired)(`dashboard gateway (serve --follow) against a real nats-server ${natsSkipReason}`, () => {
  let nats: NatsServerProcess;
  let nc: NatsConnection;
  let kv: KV;
  let learner: OnlineLearner;
  let publisher: LearnerStreamsPublisher;
  beforeAll(async () => {
    assertNatsAvailable();
    nats = await startNatsServer();
    nc = await connectBroker(parseBrokerAddress(nats.url, { env: {} }));
    kv = await new Kvm(nc).create('rxlogit-models', { history: 5 });
    learner = makeLearner();
    const modelTime = Date.now();
    publisher = publishLearnerStreams(nc, {
      model: 'g1',
      learner,
      stepsPerSecond: 20,
      statusEveryMs: 200,
      samplesEveryMs: 100,
      status: { holder: () => 'learner-A', pending: async () => 7, modelTime: () => modelTime, sequence: () => 1234 },
    });
  });
  afterAll(async () => {
    publisher?.stop();
    await learner?.close();
    await nc?.close();
    await nats?.stop();
  });

  it('a FollowedLearner mirrors the steps, samples and status, skips bad messages, and refuses writes', async () => {
    await kv.put('g1', valueOf(snapshotOf(2, 5)));
    const invalid: string[] = [];
    const follower = await FollowedLearner.start({ connection: nc, model: 'g1', clusterEveryMs: 100, onInvalid: (w) => invalid.push(w) });
    try {
      const stop = keepLearning(learner);
      await expect.poll(() => follower.currentStep().n, { timeout: 10_000 }).toBeGreaterThan(50);
      nc.publish('rxlogit.g1.steps', 'not json');
      nc.publish('rxlogit.g1.steps', JSON.stringify({ type: 'step', n: 'x' }));
      nc.publish('rxlogit.g1.status', JSON.stringify({ holder: 5 }));
      stop();
      await expect.poll(() => follower.currentStep().n, { timeout: 10_000 }).toBe(learner.currentStep().n);
      expect(follower.currentStep().weights).toEqual(learner.currentStep().weights);
      expect(invalid.length).toBeGreaterThanOrEqual(3);
      expect(follower.recentSamples().length).toBeGreaterThan(0);
      // The samples subject runs on its own timer: its last message may come after the last step.
      await expect.poll(() => follower.recentSamples().at(-1), { timeout: 10_000 }).toEqual(learner.recentSamples().at(-1));
      await expect.poll(() => follower.clusterStatus().holder, { timeout: 10_000 }).toBe('learner-A');
      expect(follower.clusterStatus()).toMatchObject({ model: 'g1', pending: 7, sequence: 1234, modelRevision: expect.any(Number) });
      // Predictions come from the model in KV, not from the steps.
      expect(follower.predictProba([1, 1])).toBeCloseTo(1 / (1 + Math.exp(-(2 - 2 + 0.25))), 12);
      expect(() => follower.push()).toThrow(/follows model "g1"/);
      expect(() => follower.pause()).toThrow(/rxlogit publish/);
    } finally {
      follower.close();
    }
  });

  it('serve --follow as a process: a WebSocket client sees the learner’s steps, the cluster status and KV predictions; writes are refused', async () => {
    await kv.put('g1', valueOf(snapshotOf(3, 9)));
    const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--follow', nats.url, '--model', 'g1', '--port', '0', '--token', 'gateway-token-1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /dashboard at (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve --follow exited with ${code}: ${stderr}`)));
      });
      expect(url).toContain('token=gateway-token-1');
      const client = await connect(url, { token: 'gateway-token-1' });
      const hello = await client.waitFor(isType('hello'));
      expect(hello.canWrite).toBe(false);
      expect(hello.readOnly).toMatch(/follows model "g1"/);
      expect(hello.model).toEqual({ inputs: 2, bias: true });
      const stop = keepLearning(learner);
      const before = learner.currentStep().n;
      const step = await client.waitFor((m) => m.type === 'step' && m.n > before + 20, 15_000);
      stop();
      expect(step.type).toBe('step');
      const cluster = await client.waitFor(isType('cluster'), 10_000);
      expect(cluster).toMatchObject({ model: 'g1', holder: 'learner-A', pending: 7, sequence: 1234 });
      expect(cluster.modelAgeMs).toBeGreaterThanOrEqual(0);
      const refused = await client.request({ type: 'samples', id: 's1', samples: [{ x: [1, 2], t: 1 }] });
      expect(refused).toMatchObject({ type: 'error', code: 'bad-request' });
      expect((refused as { message: string }).message).toMatch(/samples are refused: this server follows model "g1"/);
      const control = await client.request({ type: 'control', id: 'c1', action: 'pause' });
      expect(control).toMatchObject({ type: 'error', code: 'bad-request' });
      const prediction = await client.request({ type: 'predict', id: 'p1', x: [[1, 1]] });
      expect(prediction).toMatchObject({ type: 'prediction', probabilities: [expect.closeTo(1 / (1 + Math.exp(-0.25)), 12)] });
      client.close();
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
