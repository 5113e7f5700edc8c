import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';

import { connect, isType, makeLearner, sleep } from './helpers.js';

let server: RunningServer;
const learner = makeLearner();
afterEach(async () => {
  await server.close();
  await learner.close();
});

describe('the heartbeat', () => {
  it('terminates a peer that stops answering pings and keeps the ones that answer', async () => {
    server = await startServer({ learner, port: 0, heartbeatMs: 100 });
    const dead = await connect(server.url, { autoPong: false });
    const alive = await connect(server.url);
    await dead.waitFor(isType('snapshot'));
    expect((await dead.closed).code).toBe(1006);
    await sleep(300);
    expect(alive.ws.readyState).toBe(alive.ws.OPEN);
    expect(server.stats().clients).toBe(1);
    alive.close();
  });
});
