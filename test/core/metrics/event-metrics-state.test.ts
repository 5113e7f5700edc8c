import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLearner } from '../../../src/core/event-learner.js';
import { restoreEventLearner, saveEventLearner } from '../../../src/core/event-learner-state.js';
import { EventMetrics } from '../../../src/core/metrics/event-metrics.js';
import { RocAuc } from '../../../src/core/metrics/roc-auc.js';
import { EventStreamLearner } from '../../../src/stream/event-stream-learner.js';

let seed = 11;
const random = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
const event = () => {
  const amount = Math.round(random() * 1000);
  const country = random() < 0.3 ? 'NG' : 'DE';
  return { features: { amount, country, hour: Math.floor(random() * 24) }, t: (random() < (amount / 1000) * (country === 'NG' ? 0.9 : 0.3) ? 1 : 0) as 0 | 1 };
};
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('event scores in checkpoints', () => {
  it('RocAuc: a restored instance has the same AUC now and after more predictions (ties included)', () => {
    const a = new RocAuc();
    for (let i = 0; i < 500; i++) a.update(random() < 0.4 ? 1 : 0, Math.round(random() * 40) / 4);
    const b = new RocAuc().load(JSON.parse(JSON.stringify(a.save())));
    expect(b.get()).toBe(a.get());
    for (let i = 0; i < 300; i++) {
      const t = random() < 0.4 ? 1 : 0;
      const z = Math.round(random() * 40) / 4;
      a.update(t, z);
      b.update(t, z);
    }
    expect(b.get()).toBe(a.get());
    expect(() => new RocAuc().load({ scores: [2, 1], positives: [1, 1], negatives: [0, 0], pairs: 0 })).toThrow(/scores\[1\] is not above/);
    expect(() => new RocAuc().load({ scores: [1], positives: [1], negatives: [1], pairs: 3 })).toThrow(/pairs/);
  });

  it('an EventLearner restored from its state reports the same scores, cumulative and rolling, and keeps doing so', () => {
    const learner = new EventLearner({ rollingWindow: 50 });
    for (let i = 0; i < 400; i++) {
      const e = event();
      learner.learnOne(e.features, e.t);
    }
    const restored = restoreEventLearner(JSON.parse(JSON.stringify(saveEventLearner(learner))));
    const before = learner.scores();
    expect(before.n).toBe(400);
    expect(restored.scores()).toEqual(before);
    for (let i = 0; i < 120; i++) {
      const e = event();
      expect(restored.learnOne(e.features, e.t)).toBe(learner.learnOne(e.features, e.t));
    }
    expect(restored.scores()).toEqual(learner.scores());
    expect(restored.scores().rollingConfusion.tp + restored.scores().rollingConfusion.fp + restored.scores().rollingConfusion.fn + restored.scores().rollingConfusion.tn).toBe(50);
  });

  it('a state without scores (written before they were saved) resumes with the scores at zero; a bad one is refused by name', () => {
    const learner = new EventLearner();
    for (let i = 0; i < 20; i++) learner.learnOne(event().features, 1);
    const { metrics, ...old } = saveEventLearner(learner);
    expect(metrics!.progressive.n).toBe(20);
    expect(restoreEventLearner(old).scores().n).toBe(0);
    expect(() => restoreEventLearner({ ...old, metrics: { ...metrics!, recent: { t: [1], z: [] } } })).toThrow(/recent must hold/);
    expect(() => restoreEventLearner({ ...old, metrics: { ...metrics!, calibration: { counts: [1], sumP: [0], sumT: [0] } } })).toThrow(/CalibrationTable state: expected 10 bins/);
    const m = new EventMetrics();
    expect(() => m.load({ ...metrics!, confusion: { counts: [1, 2, 3], total: 6 } })).toThrow(/Confusion state/);
    expect(m.get().n).toBe(0); // left reset
  });

  it('an EventStreamLearner checkpoint carries the scores and the delayed-label counts across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxlogit-scores-'));
    dirs.push(dir);
    const path = join(dir, 'events.json');
    const config = { checkpointPath: path, rollingWindow: 64, optimizer: { kind: 'adagrad' } as const };
    const first = new EventStreamLearner(config);
    const labels: Array<[string, 0 | 1]> = [];
    for (let i = 0; i < 300; i++) {
      const e = event();
      if (i % 3 === 0) first.learn(e.features, e.t);
      else {
        first.predict(`id-${i}`, e.features);
        labels.push([`id-${i}`, e.t]);
      }
    }
    for (const [id, t] of labels.splice(0, 150)) first.label(id, t);
    first.label('nobody', 0);
    await first.checkpoint();
    const second = new EventStreamLearner(config);
    expect(second.scores()).toEqual(first.scores());
    expect(second.scores().auc).toBeGreaterThan(0.5);
    for (const [id, t] of labels) expect(second.label(id, t)).toBe(first.label(id, t));
    expect(second.scores()).toEqual(first.scores());
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { learner: { metrics: unknown } };
    expect(saved.learner.metrics).toBeDefined();
    // A damaged score state is refused when read, naming the field.
    (saved.learner.metrics as { confusion: { total: unknown } }).confusion.total = -1;
    writeFileSync(path, JSON.stringify(saved));
    expect(() => new EventStreamLearner(config)).toThrow(/metrics\.confusion\.total/);
  });
});
