import { EventEmitter } from 'node:events';
import { lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fromAsyncSamples } from '../../../src/stream/sources/from-async-samples.js';
import { fromEmitter } from '../../../src/stream/sources/from-emitter.js';
import { samplePusher } from '../../../src/stream/sources/sample-pusher.js';

describe('fromEmitter', () => {
  it('emits an event\'s values, completes on the end event and removes its listeners', async () => {
    const bus = new EventEmitter();
    const done = lastValueFrom(fromEmitter(bus, 'sample', { end: 'close' }).pipe(toArray()));
    bus.emit('sample', { x: [1], t: 1 });
    bus.emit('sample', 'anything');
    bus.emit('close');
    expect(await done).toEqual([{ x: [1], t: 1 }, 'anything']);
    expect(bus.eventNames()).toEqual([]);
  });

  it('fails on the error event, and unsubscribing removes every listener', async () => {
    const bus = new EventEmitter();
    const failed = lastValueFrom(fromEmitter(bus, 'sample')).catch((e: unknown) => e);
    bus.emit('error', new Error('bus down'));
    expect(((await failed) as Error).message).toBe('bus down');
    const sub = fromEmitter(bus, 'sample', { end: 'close', error: null }).subscribe();
    expect(bus.listenerCount('sample') + bus.listenerCount('close')).toBe(2);
    expect(bus.listenerCount('error')).toBe(0);
    sub.unsubscribe();
    expect(bus.eventNames()).toEqual([]);
  });
});

describe('fromAsyncSamples', () => {
  it('emits an async iterable\'s values in order, and asks it to stop on unsubscribe', async () => {
    let finished = false;
    async function* labelled() {
      try {
        for (let i = 0; ; i++) {
          await new Promise((r) => setTimeout(r, 1));
          yield { x: [i], t: (i % 2) as 0 | 1 };
        }
      } finally {
        finished = true;
      }
    }
    expect(await lastValueFrom(fromAsyncSamples(labelled()).pipe(take(3), toArray()))).toEqual([
      { x: [0], t: 0 },
      { x: [1], t: 1 },
      { x: [2], t: 0 },
    ]);
    await new Promise((r) => setTimeout(r, 10));
    expect(finished).toBe(true);
  });

  it('completes with the iterable and fails with it', async () => {
    async function* two() {
      yield 1;
      yield 2;
    }
    expect(await lastValueFrom(fromAsyncSamples(two()).pipe(toArray()))).toEqual([1, 2]);
    async function* broken(): AsyncGenerator<number> {
      yield 1;
      throw new Error('source broke');
    }
    await expect(lastValueFrom(fromAsyncSamples(broken()))).rejects.toThrow('source broke');
  });
});

describe('samplePusher', () => {
  it('turns push(sample) calls into a stream', async () => {
    const { samples$, push, end } = samplePusher();
    const done = lastValueFrom(samples$.pipe(toArray()));
    push({ x: [1, 2], t: 1 });
    push({ x: [3, 4], t: 0 });
    end();
    expect(await done).toEqual([
      { x: [1, 2], t: 1 },
      { x: [3, 4], t: 0 },
    ]);
    const failing = samplePusher();
    const failed = lastValueFrom(failing.samples$).catch((e: unknown) => e);
    failing.fail(new Error('handler failed'));
    expect(((await failed) as Error).message).toBe('handler failed');
  });
});
