import { describe, expect, it } from 'vitest';
import { encodeBinarySamples } from '../../src/broker/binary-sample-message.js';
import { InlineMessageTrainer } from '../../src/broker/message-trainer.js';
import type { IncomingMessage, LearnedMessage, MessageTrainer } from '../../src/broker/message-trainer.js';
import type { StreamLearnerSettings } from '../../src/broker/stream-learner-options.js';
import { WorkerMessageTrainer } from '../../src/broker/worker-message-trainer.js';
import { sampleMessages } from './sample-stream.js';

const encoder = new TextEncoder();

/** JSON Lines, binary (aligned and not), a dead message, rejections and a resumed partial message. */
function messages(): IncomingMessage[] {
  const text = sampleMessages('message-trainer', 60, 37);
  const out: IncomingMessage[] = text.map((t, k) => ({ sequence: k + 1, subject: 's.in', data: encoder.encode(t), message: undefined }));
  const binary = encodeBinarySamples(2, Float64Array.of(0.5, -1, 2, Number.NaN, 3, 1.5), Uint8Array.of(1, 0, 1));
  const shifted = new Uint8Array(binary.length + 3);
  shifted.set(binary, 3);
  out.push({ sequence: 61, subject: 's.in', data: binary, message: undefined });
  out.push({ sequence: 62, subject: 's.in', data: shifted.subarray(3), message: undefined });
  out.push({ sequence: 63, subject: 's.in', data: encoder.encode('{"x":[1,2],"t":1}\n{"x":[1'), message: undefined });
  out.push({ sequence: 64, subject: 's.in', data: encoder.encode('{"x":[1,2],"t":2}\n{"x":[3,4],"t":1}\n{"x":[5,6],"t":0}'), message: undefined });
  out.push({ sequence: 65, subject: 's.in', data: encoder.encode(text[0]!), message: undefined, skipThrough: 20 });
  return out;
}

async function run(make: (learned: (m: LearnedMessage) => void) => MessageTrainer): Promise<{ learned: unknown[]; point: unknown }> {
  const learned: unknown[] = [];
  const trainer = make((m) => learned.push({ sequence: m.sequence, dead: m.dead, index: Array.from(m.index), rejected: m.rejected }));
  await trainer.ready();
  const all = messages();
  for (const m of all.slice(0, 30)) trainer.add(m);
  const half = await trainer.point();
  for (const m of all.slice(30)) trainer.add(m);
  const point = await trainer.point();
  trainer.close();
  return { learned, point: { half, point } };
}

describe('message trainers', () => {
  it.each<{ steps: string; settings: StreamLearnerSettings }>([
    { steps: 'per sample', settings: { inputs: 2 } },
    { steps: 'per mini-batch spanning messages', settings: { inputs: 2, mode: 'minibatch', batchSize: 7, schedule: { kind: 'constant', lr: 0.1 } } },
  ])('a worker thread learns exactly what the learner thread learns, reports the same messages in order, and its points are the same ($steps)', async ({ settings }) => {
    const inline = await run((learned) => new InlineMessageTrainer(settings, undefined, learned));
    const worker = await run((learned) => new WorkerMessageTrainer(settings, undefined, learned, (e) => {
      throw e;
    }));
    expect(worker.learned).toEqual(inline.learned);
    expect(worker.point).toEqual(inline.point);
    expect(inline.learned).toHaveLength(65);
    expect(inline.learned[62]).toMatchObject({ sequence: 63, dead: expect.stringMatching(/^line 2 is not JSON/) });
    expect(inline.learned[60]).toMatchObject({ index: [0, 2], rejected: [{ index: 1, reason: 'x[1]: must be a finite number, got NaN' }] });
    expect((inline.learned[64] as { index: number[] }).index[0]).toBe(21);
  });

  it('a point asked of a worker thread that is closed before it answers fails instead of waiting for ever', async () => {
    const t = new WorkerMessageTrainer({ inputs: 2 }, undefined, () => undefined, () => undefined);
    await t.ready();
    t.add(messages()[0]!);
    const point = t.point();
    t.close();
    await expect(point).rejects.toThrow(/closed/);
    await expect(t.point()).rejects.toThrow(/closed/);
  });

  it('refuses a stored state that does not fit, before a thread starts', () => {
    const state = { weights: [1, 2, 3], bias: 0, seen: 1, updates: 1, refused: 0, modelVersion: 1 };
    expect(() => new WorkerMessageTrainer({ inputs: 2 }, state, () => undefined, () => undefined)).toThrow(RangeError);
  });
});
