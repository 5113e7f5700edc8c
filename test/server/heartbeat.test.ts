import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClientChannel } from '../../src/server/client-channel.js';
import { startServer } from '../../src/server/create-server.js';
import { startHeartbeat } from '../../src/server/heartbeat.js';
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

/** A channel whose peer answers pings as `answers` says (ping number k, from 1). */
function peer(answers: (k: number) => boolean): { channel: ClientChannel; terminated: () => boolean; pings: () => number } {
  let pings = 0;
  let terminated = false;
  const channel = {
    alive: true,
    open: true,
    ws: {
      ping: () => {
        pings++;
        if (answers(pings)) channel.alive = true; // the pong, as ws.on('pong') sets it
      },
      terminate: () => void (terminated = true),
    },
  } as unknown as ClientChannel & { alive: boolean };
  return { channel, terminated: () => terminated, pings: () => pings };
}

/** One beat: the interval fires (it only queues the beat), then the queued beat runs. */
function beat(times = 1): void {
  for (let i = 0; i < times; i++) {
    vi.advanceTimersToNextTimer();
    vi.advanceTimersToNextTimer();
  }
}

describe('startHeartbeat (fake timers)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends a peer that answers no ping at the second beat without a pong, keeps one that answers, and forgives one late pong', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'] });
    const dead = peer(() => false);
    const live = peer(() => true);
    const late = peer((k) => k % 2 === 0); // misses every other ping: never two in a row
    const stop = startHeartbeat(new Set([dead.channel, live.channel, late.channel]), 100);
    beat(); // beat 1: everyone pinged
    expect([dead.pings(), live.pings(), late.pings()]).toEqual([1, 1, 1]);
    beat(); // beat 2: dead missed one pong, forgiven, pinged again
    expect(dead.terminated()).toBe(false);
    expect(dead.pings()).toBe(2);
    beat(); // beat 3: dead missed two in a row
    expect(dead.terminated()).toBe(true);
    beat(10);
    expect(live.terminated()).toBe(false);
    expect(late.terminated()).toBe(false);
    expect(live.pings()).toBe(13);
    stop();
    vi.advanceTimersByTime(1000);
    expect(live.pings()).toBe(13);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('judges after the I/O already waiting: a beat runs through setImmediate, so a pong read in that turn counts', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'] });
    const p = peer(() => false);
    const stop = startHeartbeat(new Set([p.channel]), 100);
    beat(2); // one pong missed
    // The timer fires; before its beat runs, the pong to the last ping is read (ws.on('pong')).
    vi.advanceTimersToNextTimer(); // the interval only queues the beat
    (p.channel as unknown as { alive: boolean }).alive = true;
    vi.advanceTimersToNextTimer(); // the beat
    expect(p.terminated()).toBe(false);
    expect(p.pings()).toBe(3);
    stop();
  });
});
