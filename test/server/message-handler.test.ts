import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';

import { connect, isType, keepLearning, makeLearner, sleep } from './helpers.js';
import type { OnlineLearner } from '../../src/stream/online-learner.js';
import type { TestClient } from './helpers.js';

let server: RunningServer;
let learner: OnlineLearner;
const clients: TestClient[] = [];
let stop = (): void => {};

async function setUp(options: { maxPayload?: number; maxMessagesPerSecond?: number } = {}): Promise<void> {
  learner = makeLearner();
  server = await startServer({ learner, port: 0, defaultRate: 20, ...options });
}
async function client(token?: string): Promise<TestClient> {
  const c = await connect(server.url, token === undefined ? {} : { bearer: token });
  clients.push(c);
  await c.waitFor(isType('snapshot'));
  return c;
}

afterEach(async () => {
  stop();
  for (const c of clients.splice(0)) c.close();
  await server.close();
  await learner.close();
});

describe('bad input', () => {
  it('answers each bad message with an error and keeps the connection open', async () => {
    await setUp();
    const c = await client(server.token);
    const errors = async (text: string | Buffer): Promise<unknown> => {
      const from = c.messages.length;
      c.ws.send(text);
      return c.waitFor(isType('error'), 5000, from);
    };
    expect(await errors('{"type": "samples", ')).toMatchObject({ code: 'bad-json', message: expect.stringMatching(/^not valid JSON/) });
    expect(await errors('"hello"')).toMatchObject({ code: 'bad-message', message: 'a message must be a JSON object, got a string' });
    expect(await errors('{"type":"teleport","id":"t1"}')).toEqual({
      type: 'error', code: 'unknown-type', id: 't1',
      message: 'unknown message type "teleport"; expected one of subscribe, samples, predict, control, label',
    });
    expect(await errors('{"type":"samples","id":"s1","samples":"all of them"}')).toMatchObject({
      code: 'bad-message', id: 's1', message: expect.stringMatching(/^bad "samples" message: samples: .*expected array/),
    });
    expect(await errors('{"type":"subscribe","streams":["steps"],"maxRate":1000}')).toMatchObject({
      code: 'bad-message', message: expect.stringMatching(/maxRate/),
    });
    expect(await errors(Buffer.from([1, 2, 3]))).toMatchObject({ code: 'bad-json', message: expect.stringMatching(/binary/) });
    // Still open and working.
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    expect(await c.request({ type: 'samples', id: 'ok', samples: [{ x: [1, 1], t: 1 }] })).toMatchObject({ type: 'ack', accepted: 1 });
  });

  it('tells a writer what to do once the learner has stopped, for samples and controls, and keeps serving reads', async () => {
    await setUp();
    const c = await client(server.token);
    await learner.close();
    for (const message of [{ type: 'samples', id: 's', samples: [{ x: [1, 1], t: 1 }] }, { type: 'control', id: 'c', action: 'pause' }]) {
      expect(await c.request(message)).toMatchObject({
        type: 'error',
        code: 'bad-request',
        id: message.id,
        message: expect.stringMatching(/the learner has stopped .* Restart the server to learn again \(with --checkpoint it resumes/),
      });
    }
    expect(await c.request({ type: 'predict', id: 'p', x: [[1, 1]] })).toMatchObject({ type: 'prediction', id: 'p' });
  });

  it('refuses writes without the write token with `unauthorized`', async () => {
    await setUp();
    const reader = await client();
    expect(await reader.request({ type: 'samples', id: 1, samples: [{ x: [1, 1], t: 1 }] })).toMatchObject({
      type: 'error', code: 'unauthorized', id: 1, message: expect.stringMatching(/write token/),
    });
    expect(await reader.request({ type: 'control', id: 2, action: 'reset' })).toMatchObject({ type: 'error', code: 'unauthorized', id: 2 });
    expect(learner.currentStep().n).toBe(0);
    expect(reader.ws.readyState).toBe(reader.ws.OPEN);
  });

  it('closes a frame over maxPayload with 1009', async () => {
    await setUp({ maxPayload: 4096 });
    const c = await client(server.token);
    c.send({ type: 'samples', id: 1, samples: Array.from({ length: 500 }, () => ({ x: [1, 1], t: 1 })) });
    expect((await c.closed).code).toBe(1009);
    expect(learner.currentStep().n).toBe(0);
  });

  it('closes a client over its message rate with 1008', async () => {
    await setUp({ maxMessagesPerSecond: 5 });
    const c = await client();
    for (let i = 0; i < 20; i++) c.send({ type: 'predict', id: i, x: [[0, 0]] });
    const closed = await c.closed;
    expect(closed).toEqual({ code: 1008, reason: 'rate limit exceeded: at most 5 messages per second' });
    // The burst allowance was answered before the close.
    expect(c.ofType('prediction').length).toBe(5);
  });

  it('disturbs neither the learner nor the other clients', async () => {
    await setUp({ maxPayload: 4096, maxMessagesPerSecond: 5 });
    stop = keepLearning(learner, 5);
    const bystander = await client();
    const rude = await client();
    const big = await client(server.token);
    rude.ws.send('not json');
    rude.ws.send('{"type":"control","id":1,"action":"reset"}');
    for (let i = 0; i < 10; i++) rude.ws.send('{}');
    big.send({ type: 'samples', id: 1, samples: Array.from({ length: 500 }, () => ({ x: [1, 1], t: 1 })) });
    expect((await rude.closed).code).toBe(1008);
    expect((await big.closed).code).toBe(1009);
    const from = bystander.messages.length;
    const seenBefore = learner.currentStep().n;
    await sleep(300);
    const steps = bystander.messages.slice(from).filter(isType('step'));
    expect(steps.length).toBeGreaterThan(0);
    expect(learner.currentStep().n).toBeGreaterThan(seenBefore);
    expect(bystander.ws.readyState).toBe(bystander.ws.OPEN);
    expect(server.stats().clients).toBe(1);
  });
});
