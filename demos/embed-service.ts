/**
 * Embedding the learner in an event-driven service.
 *
 * A toy "will the user click?" service: each request brings its features
 * and is answered at once with the live model's probability; its label (did
 * they click?) arrives a few requests later, and only then does the learner
 * learn from it. The learner logs its progressive (test-then-train) loss as
 * it goes, and the service's own accuracy on the predictions it served. The
 * world drifts: the class means turn slowly, and the model follows.
 *
 *   npx tsx demos/embed-service.ts [--events 20000] [--delay 50] [--log-every 5000] [--seed demo] [--drift-period 40000]
 *
 * It ends by itself after --events requests.
 */
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastValueFrom } from 'rxjs';
import { OnlineLearner } from '../src/stream/online-learner.js';
import { fromEmitter } from '../src/stream/sources/from-emitter.js';
import { gaussianSamples } from '../src/stream/sources/gaussian-samples.js';

/** Options of {@link runEmbedService}. */
export interface EmbedServiceOptions {
  events: number;
  delay: number;
  logEvery: number;
  seed: string;
  driftPeriod: number;
  log: (line: string) => void;
}

/** What the service did. */
export interface EmbedServiceSummary {
  served: number;
  servedAccuracy: number;
  learned: number;
  progressiveLogLoss: number | null;
}

/**
 * Runs the service until `events` requests have been answered and labelled.
 *
 * @example
 * ```ts
 * const summary = await runEmbedService({ events: 2000, delay: 20, logEvery: 500, seed: 'x', driftPeriod: 10_000, log: console.log });
 * ```
 */
export async function runEmbedService(options: EmbedServiceOptions): Promise<EmbedServiceSummary> {
  const { events, delay, logEvery, seed, driftPeriod, log } = options;
  const bus = new EventEmitter();
  const learner = new OnlineLearner({ inputs: 2, schedule: { kind: 'constant', lr: 0.05 }, emitEvery: { samples: logEvery } });
  learner.metrics$.subscribe((m) =>
    log(`${String(m.n).padStart(8)} labelled  log loss ${m.logLoss.toFixed(4)} (last 500: ${m.rollingLogLoss.toFixed(4)})  accuracy ${m.accuracy.toFixed(3)} (last 500: ${m.rollingAccuracy.toFixed(3)})`),
  );
  learner.rejected$.subscribe((r) => log(`rejected label #${r.index}: ${r.reason}`));
  learner.learnFrom(fromEmitter(bus, 'labelled', { end: 'close' }), { name: 'labels', endWithSource: true });

  // The service: answer each request from the live model, keep its features until the label comes.
  const waiting = new Map<number, { x: readonly number[]; predicted: 0 | 1 }>();
  let served = 0;
  let servedRight = 0;
  bus.on('request', (id: number, x: readonly number[]) => {
    const p = learner.predictProba(x);
    waiting.set(id, { x, predicted: p > 0.5 ? 1 : 0 });
    served++;
  });
  bus.on('label', (id: number, t: 0 | 1) => {
    const request = waiting.get(id);
    if (request === undefined) return;
    waiting.delete(id);
    if (request.predicted === t) servedRight++;
    bus.emit('labelled', { x: request.x, t });
  });

  // The world: requests come in; each label follows `delay` requests later.
  const labels: (0 | 1)[] = [];
  const world = gaussianSamples({ seed, count: events, blocks: false, order: 'shuffled', drift: { period: driftPeriod }, means: [[-1.5, 0], [1.5, 0]] });
  let id = 0;
  world.subscribe({
    next: (s) => {
      bus.emit('request', id, s.x);
      labels.push(s.t);
      if (id >= delay) bus.emit('label', id - delay, labels[id - delay]);
      id++;
    },
    complete: () => {
      for (let k = Math.max(0, id - delay); k < id; k++) bus.emit('label', k, labels[k]);
      bus.emit('close'); // the learner's source completes: a final step, streams end
    },
  });
  const final = await lastValueFrom(learner.steps$);
  await learner.close();
  const summary = { served, servedAccuracy: servedRight / served, learned: final.n, progressiveLogLoss: final.metrics.logLoss };
  log(`served ${served} predictions, ${(100 * summary.servedAccuracy).toFixed(1)}% right; learned from ${final.n} labels; weights [${final.weights.map((w) => w.toFixed(3)).join(', ')}], bias ${final.bias?.toFixed(3)}`);
  return summary;
}

function parseArgs(argv: readonly string[]): EmbedServiceOptions {
  const options: EmbedServiceOptions = { events: 20_000, delay: 50, logEvery: 5000, seed: 'demo', driftPeriod: 40_000, log: (l) => console.log(l) };
  const integer = (name: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < min) throw new Error(`${name} needs an integer ≥ ${min}, got ${value ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--events') options.events = integer(flag, value, 1);
    else if (flag === '--delay') options.delay = integer(flag, value, 0);
    else if (flag === '--log-every') options.logEvery = integer(flag, value, 1);
    else if (flag === '--drift-period') options.driftPeriod = integer(flag, value, 1);
    else if (flag === '--seed' && value !== undefined) options.seed = value;
    else throw new Error(`unknown option ${flag}; options: --events N --delay D --log-every M --seed S --drift-period P`);
  }
  return options;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  try {
    await runEmbedService(parseArgs(process.argv.slice(2)));
  } catch (e) {
    console.error(`embed-service: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  }
}
