import { describe, expect, it } from 'vitest';
import { parseClientMessage } from '../../src/server/parse-client-message.js';

describe('parseClientMessage', () => {
  it('accepts each client message', () => {
    for (const m of [
      { type: 'subscribe', streams: ['steps'], maxRate: 5 },
      { type: 'subscribe', streams: [] },
      { type: 'samples', id: 'a', samples: [{ x: [1, 2], t: 1 }, 'anything: checked by the learner'] },
      { type: 'samples', id: 1, samples: [{ x: [1, 2], t: 1 }], durable: true },
      { type: 'predict', id: 1, x: [[1, 2]] },
      { type: 'control', id: 2, action: 'pause' },
      { type: 'control', id: 3, action: 'set-learning-rate', lr: 0.1 },
    ]) {
      expect(parseClientMessage(JSON.stringify(m))).toEqual({ ok: true, message: m });
    }
  });

  it('reports text that is not JSON', () => {
    const r = parseClientMessage('{"type":');
    expect(r).toMatchObject({ ok: false, code: 'bad-json' });
    expect(r.ok === false && r.reason).toMatch(/^not valid JSON: /);
  });

  it('reports a message that is not an object or has no string type', () => {
    expect(parseClientMessage('[1]')).toMatchObject({ ok: false, code: 'bad-message', reason: 'a message must be a JSON object, got an array' });
    expect(parseClientMessage('3')).toMatchObject({ ok: false, code: 'bad-message' });
    expect(parseClientMessage('{"id":7}')).toEqual({ ok: false, code: 'bad-message', id: 7, reason: 'a message needs a string "type", got nothing' });
  });

  it('reports an unknown type with the id and the known types', () => {
    expect(parseClientMessage('{"type":"fly","id":"z"}')).toEqual({
      ok: false,
      code: 'unknown-type',
      id: 'z',
      reason: 'unknown message type "fly"; expected one of subscribe, samples, predict, control, label',
    });
  });

  it('names the field of a wrong shape', () => {
    const r = parseClientMessage('{"type":"predict","id":1,"x":[[1,"a"]]}');
    expect(r).toMatchObject({ ok: false, code: 'bad-message', id: 1 });
    expect(r.ok === false && r.reason).toMatch(/^bad "predict" message: x\[0\]\[1\]: .*expected number/);
    const s = parseClientMessage('{"type":"subscribe","streams":["steps","weather"]}');
    expect(s.ok === false && s.reason).toMatch(/streams\[1\]/);
    const extra = parseClientMessage('{"type":"control","id":1,"action":"pause","speed":3}');
    expect(extra.ok === false && extra.reason).toMatch(/speed/);
    const noLr = parseClientMessage('{"type":"control","id":1,"action":"set-learning-rate"}');
    expect(noLr.ok === false && noLr.reason).toMatch(/lr: lr is required/);
    const noId = parseClientMessage('{"type":"samples","samples":[]}');
    expect(noId).toMatchObject({ ok: false, code: 'bad-message' });
    expect(noId.ok === false && noId.reason).toMatch(/id: .*; samples: /);
  });

  it('refuses a samples message over 10,000 samples, so one writer cannot stall the server', () => {
    const samples = Array.from({ length: 10_001 }, () => ({ x: [1, 2], t: 1 }));
    const over = parseClientMessage(JSON.stringify({ type: 'samples', id: 'big', samples }));
    expect(over).toMatchObject({ ok: false, code: 'bad-message', id: 'big' });
    const at = parseClientMessage(JSON.stringify({ type: 'samples', id: 'ok', samples: samples.slice(1) }));
    expect(at).toMatchObject({ ok: true });
  });

  it('keeps only a valid id', () => {
    const r = parseClientMessage('{"type":"fly","id":{"a":1}}');
    expect(r).not.toHaveProperty('id');
  });
});
