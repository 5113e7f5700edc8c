import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Trainer } from '../../src/core/index.js';
import { gaussianClasses } from '../../src/data/gaussian-classes.js';
import { CheckpointError } from '../../src/io/checkpoint-error.js';
import { writeCheckpoint } from '../../src/io/checkpoint-file.js';
import { modelSnapshot, resumeCheckpoint } from '../../src/io/model-snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'rxlogit-model-snapshot-'));

describe('modelSnapshot / resumeCheckpoint', () => {
  it('round-trips a trainer through a checkpoint file: weights, counts, loss and metrics', async () => {
    const trainer = new Trainer({ inputs: 2 });
    for (const s of gaussianClasses({ seed: 'snap', count: 300 })) trainer.learnOne(s);
    const config = { inputs: 2, schedule: { ...trainer.schedule } };
    const snapshot = modelSnapshot(trainer.state(), config);
    expect(snapshot).toMatchObject({ format: 'rxlogit-model', version: 1, seen: 300, modelVersion: 300, config });
    snapshot.weights[0] = 99; // a copy: the live model is untouched
    expect(trainer.model.weights[0]).not.toBe(99);
    const path = join(dir, 'a.ckpt.json');
    await writeCheckpoint(path, modelSnapshot(trainer.state(), config));
    const again = new Trainer({ inputs: 2 });
    expect(resumeCheckpoint(again, path)?.seen).toBe(300);
    expect(again.state()).toEqual(trainer.state());
    expect(again.step(0)).toEqual(trainer.step(0));
  });

  it('returns undefined without a file and refuses a checkpoint of another width', async () => {
    expect(resumeCheckpoint(new Trainer({ inputs: 2 }), join(dir, 'none.json'))).toBeUndefined();
    const path = join(dir, 'wide.ckpt.json');
    const wide = new Trainer({ inputs: 3 });
    await writeCheckpoint(path, modelSnapshot(wide.state(), { inputs: 3 }));
    expect(() => resumeCheckpoint(new Trainer({ inputs: 2 }), path)).toThrow(CheckpointError);
    expect(() => resumeCheckpoint(new Trainer({ inputs: 2 }), path)).toThrow(/refusing checkpoint ".*wide\.ckpt\.json": the state has 3 weights, the model has 2 inputs/);
    writeFileSync(join(dir, 'junk.json'), '{');
    expect(() => resumeCheckpoint(new Trainer({ inputs: 2 }), join(dir, 'junk.json'))).toThrow(CheckpointError);
  });
});
