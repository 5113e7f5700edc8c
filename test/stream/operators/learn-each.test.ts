import { blockFromSamples } from '../../../src/core/index.js';
import { asyncScheduler, from, Observable, Subject, take } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createModel, learnOne } from '../../../src/core/index.js';
import { gaussianClasses } from '../../../src/data/gaussian-classes.js';
import { learnEach } from '../../../src/stream/operators/learn-each.js';
import type { Sample, Step } from '../../../src/core/index.js';
import { Trainer } from '../../../src/core/index.js';
import { expectedSteps, S, testScheduler } from './helpers.js';
import { kernelCases } from '../../core/kernel-cases.js';

const options = { inputs: 2, schedule: { kind: 'constant', lr: 0.5 } as const };
const { a, b, c } = S as Required<typeof S>;

describe('learnEach', () => {
  it('takes one step per sample and emits a step after each (marbles)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c|', S);
      const [x, y, z] = expectedSteps(options, [
        { learn: [a], time: 1 },
        { learn: [b], time: 3 },
        { learn: [c], time: 5 },
      ]);
      expectObservable(source.pipe(learnEach(options))).toBe('-x-y-z|', { x, y, z });
    });
  });

  it('emits every k samples, the latest state winning, and a final step on completion', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [y, z] = expectedSteps(options, [
        { learn: [a, b], time: 3 },
        { learn: [c], time: 6 },
      ]);
      expectObservable(cold('-a-b-c|', S).pipe(learnEach(options, { emitEvery: { samples: 2 } }))).toBe('---y--(z|)', { y, z });
    });
  });

  it('emits at most every t ms, t after the first sample held back', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [x, y] = expectedSteps(options, [
        { learn: [a, b], time: 4 },
        { learn: [c], time: 8 },
      ]);
      expectObservable(cold('-a-b-c-------|', S).pipe(learnEach(options, { emitEvery: { ms: 3 } }))).toBe('----x---y----|', { x, y });
    });
  });

  it('unrolls chunks: one step per sample, emission points inside a chunk', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [y, z] = expectedSteps(options, [
        { learn: [a, b], time: 1 },
        { learn: [c], time: 2 },
      ]);
      const chunks = cold('-k|', { k: [a, b, c] });
      expectObservable(chunks.pipe(learnEach(options, { emitEvery: { samples: 2 } }))).toBe('-y(z|)', { y, z });
      const [p, q, r] = expectedSteps(options, [
        { learn: [a], time: 1 },
        { learn: [b], time: 1 },
        { learn: [c], time: 1 },
      ]);
      expectObservable(cold('-k-----|', { k: [a, b, c] }).pipe(learnEach(options))).toBe('-(pqr)-|', { p, q, r });
    });
  });

  it('on a source error, emits the pending step, then the error', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [z] = expectedSteps(options, [{ learn: [a], time: 3 }]);
      expectObservable(cold('-a-#', S, new Error('boom')).pipe(learnEach(options, { emitEvery: { samples: 5 } }))).toBe(
        '---(z#)',
        { z },
        new Error('boom'),
      );
    });
  });

  it('tears down: unsubscribing stops the source and cancels the pending timer', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const trainer = new Trainer(options);
      let built = 0;
      const step = trainer.step.bind(trainer);
      trainer.step = (time: number): Step => {
        built++;
        return step(time);
      };
      const source = cold('-a-b-c-|', S);
      expectObservable(source.pipe(learnEach(trainer, { emitEvery: { ms: 10 } })), '^--!').toBe('----');
      expectSubscriptions(source.subscriptions).toBe('^--!');
      return () => expect(built).toBe(0);
    });
  });

  it('stops an endless synchronous source when downstream takes what it needs', () => {
    function* endless() {
      for (let i = 0; ; i++) yield { x: [i % 3, 1], t: (i % 2) as 0 | 1 };
    }
    const steps: Step[] = [];
    from(endless()).pipe(learnEach(options), take(3)).subscribe((s) => steps.push(s));
    expect(steps.map((s) => s.n)).toEqual([1, 2, 3]);
  });

  it('reaches bit-identical weights to the core learnOne loop', () => {
    const samples = gaussianClasses({ seed: 'parity', count: 2000 });
    const core = createModel({ inputs: 2, bias: true });
    for (const s of samples) learnOne(core, s, { schedule: options.schedule });
    const last: Step[] = [];
    from(samples).pipe(learnEach(options, { emitEvery: { samples: 1000 } })).subscribe((s) => last.push(s));
    expect(last.map((s) => s.n)).toEqual([1000, 2000]);
    expect(last[1]!.weights).toEqual(Array.from(core.weights));
    expect(last[1]!.bias).toBe(core.bias);
  });

  it('gives each subscription its own model when given options, and shares a Trainer', () => {
    const source = from([a, b, c]);
    const op = learnEach(options, { emitEvery: { samples: 3 } });
    const one: Step[] = [];
    const two: Step[] = [];
    source.pipe(op).subscribe((s) => one.push(s));
    source.pipe(op).subscribe((s) => two.push(s));
    expect(one[0]!.weights).toEqual(two[0]!.weights);
    const shared = new Trainer(options);
    source.pipe(learnEach(shared)).subscribe();
    source.pipe(learnEach(shared)).subscribe();
    expect(shared.model.seen).toBe(6);
  });

  it('refuses a bad emitEvery when the operator is made', () => {
    expect(() => learnEach(options, { emitEvery: { samples: 0 } })).toThrow(/emitEvery.samples must be an integer ≥ 1, got 0/);
    expect(() => learnEach(options, { emitEvery: { ms: -1 } })).toThrow(/emitEvery.ms must be a finite number > 0/);
    expect(new Observable()).toBeDefined();
  });

  it('learns blocks as the same samples one by one: same weights, same emission points, same metrics', () => {
    const samples = gaussianClasses({ seed: 'blocks', count: 1000 });
    const config = { inputs: 2, schedule: { kind: 'constant', lr: 0.1 } as const, rollingWindow: 50 };
    for (const every of [1, 7, 1000, 333]) {
      const bySample: Step[] = [];
      from(samples).pipe(learnEach(config, { emitEvery: { samples: every } })).subscribe((s) => bySample.push({ ...s, time: 0 }));
      for (const blockSize of [1, 10, 256, 1000]) {
        const blocks = [];
        for (let i = 0; i < samples.length; i += blockSize) blocks.push(blockFromSamples(samples.slice(i, i + blockSize)));
        const byBlock: Step[] = [];
        from(blocks).pipe(learnEach(config, { emitEvery: { samples: every } })).subscribe((s) => byBlock.push({ ...s, time: 0 }));
        expect(byBlock).toEqual(bySample);
      }
    }
  });

  it('with a step after every sample, blocks give the core step after each row, bit for bit (refused steps, window ends), with or without a timer or heartbeat', () => {
    const numbers = (s: Step): unknown[] => [s.n, s.loss, ...s.weights, s.bias, s.version, s.lr, ...Object.values(s.metrics)];
    for (const c of kernelCases(2, 300, 'each-row')) {
      const config = { inputs: 2, bias: c.bias, schedule: c.schedule, l2: c.l2, rollingWindow: 50 };
      const core = new Trainer(config);
      const want = c.samples.map((s) => {
        core.learnOne(s);
        return numbers(core.step(0));
      });
      const blocks = [c.samples.slice(0, 1), c.samples.slice(1, 120), c.samples.slice(120)].map((part) => blockFromSamples(part));
      for (const emitEvery of [{}, { samples: 1 }, { samples: 1, ms: 50 }, { samples: 1, heartbeatMs: 60_000 }]) {
        const got: unknown[][] = [];
        from(blocks).pipe(learnEach(config, { emitEvery, scheduler: asyncScheduler })).subscribe((s) => got.push(numbers(s)));
        expect(got.length, c.name).toBe(want.length);
        got.forEach((g, k) => expect(g.every((v, i) => Object.is(v, want[k]![i])), `${c.name}, ${JSON.stringify(emitEvery)}, step ${k}`).toBe(true));
      }
    }
  });

  it('with a step after every sample, stops learning a block at the row downstream stops taking', () => {
    const shared = new Trainer(options);
    const steps: Step[] = [];
    from([blockFromSamples(gaussianClasses({ seed: 'take', count: 10 }))]).pipe(learnEach(shared), take(3)).subscribe((s) => steps.push(s));
    expect(steps.map((s) => s.n)).toEqual([1, 2, 3]);
    expect(shared.model.seen).toBe(3);
  });

  it('fails the stream on a block of another width, after a final step', () => {
    const steps: Step[] = [];
    let error: unknown;
    from([blockFromSamples([a, b]), blockFromSamples([{ x: [1, 2, 3], t: 0 }])])
      .pipe(learnEach(options, { emitEvery: { samples: 10 } }))
      .subscribe({ next: (s) => steps.push(s), error: (e: unknown) => (error = e) });
    expect(String(error)).toMatch(/the block has 3 features per sample, the model has 2 inputs/);
    expect(steps.map((s) => s.n)).toEqual([2]);
  });

  it('fails the stream when a single sample cannot be learned, after a final step, and stops the source', () => {
    const source = new Subject<Sample>();
    const steps: Step[] = [];
    let error: unknown;
    source.pipe(learnEach(options, { emitEvery: { samples: 10 } })).subscribe({ next: (s) => steps.push(s), error: (e: unknown) => (error = e) });
    source.next(a);
    source.next(b);
    // No features: the per-sample path throws; the error goes down the stream, not back to the source's caller.
    expect(() => source.next({ t: 1 } as unknown as Sample)).not.toThrow();
    expect(error).toBeInstanceOf(TypeError);
    expect(steps.map((s) => s.n)).toEqual([2]);
    expect(source.observed).toBe(false);
  });
});
