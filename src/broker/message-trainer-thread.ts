/**
 * The worker thread of a `WorkerMessageTrainer`: parses and learns the
 * messages it is sent, in order, and answers with what it learned (per batch)
 * and with its state when asked (a checkpoint's point). Its protocol is
 * private to the two files.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Sample, TrainerState } from '../core/index.js';
import { SampleRing } from '../stream/sample-ring.js';
import { BlockTrainer } from './block-trainer.js';
import { learnMessage, streamTrainer } from './message-trainer.js';
import { MAX_PUBLISHED_SAMPLES } from './model-subjects.js';
import type { StreamLearnerSettings } from './stream-learner-options.js';
import type { FromThread, ToThread } from './message-trainer-protocol.js';

const { settings, restore } = workerData as { settings: StreamLearnerSettings; restore?: TrainerState };
const port = parentPort!;
const TAIL_EVERY_MS = 100;
const send = (m: FromThread, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

try {
  const trainer = streamTrainer(settings, restore);
  const feeder = new BlockTrainer(trainer);
  const ring = new SampleRing(MAX_PUBLISHED_SAMPLES, settings.inputs);
  let learnedSinceTail = 0;
  let tailSent = 0;
  port.on('message', (m: ToThread) => {
    try {
      if (m.type === 'point') {
        // A point also brings the recent samples up to date.
        if (learnedSinceTail > 0) send({ type: 'tail', tail: ring.toArray().slice(-Math.min(learnedSinceTail, MAX_PUBLISHED_SAMPLES)) });
        learnedSinceTail = 0;
        send({ type: 'point', id: m.id, state: trainer.state(), applied: feeder.applied });
        return;
      }
      const n = m.items.length / 3;
      const counts = new Uint32Array(n);
      const special: Extract<FromThread, { type: 'learned' }>['special'] = [];
      for (let i = 0; i < n; i++) {
        const skip = m.items[3 * i + 2]!;
        const r = learnMessage(feeder, ring, new Uint8Array(m.buffer, m.items[3 * i]!, m.items[3 * i + 1]!), settings.inputs, Number.isNaN(skip) ? undefined : skip);
        counts[i] = r.index.length;
        learnedSinceTail += r.index.length;
        // The index goes back only when it is not 0 … count − 1 (rejections, a skipped head, a dead message).
        if (r.dead !== undefined || r.rejected.length > 0 || (r.index.length > 0 && r.index[0] !== 0)) {
          special.push({ at: i, index: Float64Array.from(r.index), rejected: r.rejected, ...(r.dead === undefined ? {} : { dead: r.dead }) });
        }
      }
      // The recent samples feed dashboards (read every 500 ms): sent at most every 100 ms, not with every batch.
      const now = Date.now();
      let tail: Sample[] = [];
      if (now - tailSent >= TAIL_EVERY_MS && learnedSinceTail > 0) {
        tail = ring.toArray().slice(-Math.min(learnedSinceTail, MAX_PUBLISHED_SAMPLES));
        learnedSinceTail = 0;
        tailSent = now;
      }
      // Nothing learned keeps a view of the buffer (the trainer and the ring copy what they keep): give it back.
      send({ type: 'learned', buffer: m.buffer, counts, special, step: trainer.step(Date.now()), tail }, [m.buffer, counts.buffer]);
    } catch (e) {
      send({ type: 'error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  });
  send({ type: 'ready' });
} catch (e) {
  send({ type: 'error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
}
