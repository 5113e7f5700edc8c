/**
 * A learner in its own process, for the checkpoint tests (not a test itself):
 *
 *   node --import tsx test/io/checkpoint-child.ts <checkpoint path> crash
 *     learns an endless stream, checkpointing every 2,000 samples, until killed;
 *   node --import tsx test/io/checkpoint-child.ts <checkpoint path> signal <count>
 *     learns <count> samples, prints "ready" and waits for SIGINT or SIGTERM.
 */
import { gaussianClasses } from '../../src/data/gaussian-classes.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';
import { gaussianSamples } from '../../src/stream/sources/gaussian-samples.js';

const [path, mode, count] = process.argv.slice(2);
if (path === undefined || (mode !== 'crash' && mode !== 'signal')) throw new Error('usage: checkpoint-child.ts <path> crash|signal [count]');
const learner = new OnlineLearner({
  inputs: 2,
  schedule: { kind: 'constant', lr: 0.05 },
  checkpoint: { path, everySamples: 2000, onSignals: mode === 'signal' },
});
learner.checkpoints$.subscribe((r) => console.log(r.ok ? `checkpoint ${r.seen}` : `checkpoint failed ${r.error.message}`));
console.log(`resumed ${learner.currentStep().n}`);
if (mode === 'crash') {
  learner.learnFrom(gaussianSamples({ seed: 'child', maxBlockMs: 5 }), { trusted: true });
} else {
  learner.push(gaussianClasses({ seed: 'child', count: Number(count) }));
  console.log('ready');
  setInterval(() => undefined, 1000); // stay alive until the signal
}
