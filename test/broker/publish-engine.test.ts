import { describe, expect, it } from 'vitest';
import { publishThrough } from '../../src/broker/publish-engine.js';
import type { PublishAck, PublishTarget } from '../../src/broker/publish-engine.js';
import { PublishError } from '../../src/broker/publish-messages.js';
import type { OutgoingMessage } from '../../src/broker/publish-messages.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function messages(n: number): OutgoingMessage[] {
  return Array.from({ length: n }, (_, i) => ({ data: encoder.encode(`m${i + 1}`), samples: 10, label: `lines ${i * 10 + 1}-${i * 10 + 10}` }));
}

type Fault = 'no responders' | 'lost ack' | 'full' | undefined;

/**
 * A stream as nats-server keeps one: msg id dedupe first, then the expected last sequence; every
 * publish is decided when it is sent (in order) and acknowledged a moment later, so a window is in flight.
 */
class FakeStream implements PublishTarget {
  readonly stored: { id: string; data: string }[] = [];
  calls = 0;
  constructor(
    private readonly fault: (call: number, data: string) => Fault = () => undefined,
    public exists = true,
  ) {}

  get contents(): string[] {
    return this.stored.map((m) => m.data);
  }

  async streamOf(): Promise<string | undefined> {
    return this.exists ? 'S' : undefined;
  }

  async lastSequence(): Promise<number> {
    if (!this.exists) throw Object.assign(new Error('stream not found'), { name: 'StreamNotFoundError' });
    return this.stored.length;
  }

  publish(_subject: string, bytes: Uint8Array, o: { msgID: string; timeout: number; expectLastSequence?: number }): Promise<PublishAck> {
    const data = decoder.decode(bytes);
    const fault = this.exists ? this.fault(++this.calls, data) : 'no responders';
    const later = <T>(f: () => T): Promise<T> => new Promise((resolve, reject) => setImmediate(() => { try { resolve(f()); } catch (e) { reject(e); } }));
    if (fault === 'no responders') return later(() => { throw new Error('jetstream is not enabled'); });
    const seen = this.stored.findIndex((m) => m.id === o.msgID);
    if (seen >= 0) return later(() => ({ stream: 'S', seq: seen + 1, duplicate: true }));
    if (fault === 'full') return later(() => { throw new Error('maximum messages exceeded'); });
    if (o.expectLastSequence !== undefined && o.expectLastSequence !== this.stored.length) {
      return later(() => { throw Object.assign(new Error(`wrong last sequence: ${this.stored.length}`), { code: 10071 }); });
    }
    this.stored.push({ id: o.msgID, data });
    const seq = this.stored.length;
    if (fault === 'lost ack') return later(() => { throw Object.assign(new Error('timeout'), { name: 'TimeoutError' }); });
    return later(() => ({ stream: 'S', seq, duplicate: false }));
  }
}

const ALL = Array.from({ length: 10 }, (_, i) => `m${i + 1}`);

describe('publishThrough', () => {
  it('stores every message once, in order, with msg ids <prefix>:<n>', async () => {
    const stream = new FakeStream();
    const acks: number[] = [];
    const totals = await publishThrough(stream, 's', messages(10), { msgIdPrefix: 'run', maxInFlight: 4, onAck: (t) => acks.push(t.messages) });
    expect(stream.contents).toEqual(ALL);
    expect(stream.stored.map((m) => m.id)).toEqual(ALL.map((_, i) => `run:${i + 1}`));
    expect(totals).toEqual({ messages: 10, samples: 100, stream: 'S', lastSequence: 10 });
    expect(acks).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('a publish that fails with no responders (a leader election) is sent again with the ones after it: the order is kept', async () => {
    let failures = 0;
    const stream = new FakeStream((_, data) => (data === 'm3' && failures++ < 2 ? 'no responders' : undefined));
    const retries: string[] = [];
    const totals = await publishThrough(stream, 's', messages(10), { msgIdPrefix: 'run', maxInFlight: 4, onRetry: (r) => retries.push(r.label) });
    // Messages 4-6, in flight behind the failed 3, expected it before them: none was stored out of order (twice).
    expect(stream.contents).toEqual(ALL);
    expect(totals.messages).toBe(10);
    expect(retries).toEqual(['lines 21-30', 'lines 21-30']);
  });

  it('a message stored whose acknowledgement was lost, and the stored ones after it, are not stored twice', async () => {
    const stream = new FakeStream((call) => (call === 3 ? 'lost ack' : undefined));
    const totals = await publishThrough(stream, 's', messages(10), { msgIdPrefix: 'run', maxInFlight: 4 });
    expect(stream.contents).toEqual(ALL);
    expect(totals).toMatchObject({ messages: 10, samples: 100, lastSequence: 10 });
  });

  it('with sharedStream, no sequence is expected: each message is still stored once, a retried one after later ones', async () => {
    const stream = new FakeStream((call) => (call === 3 ? 'no responders' : undefined));
    await publishThrough(stream, 's', messages(6), { msgIdPrefix: 'run', maxInFlight: 4, sharedStream: true });
    expect([...stream.contents].sort()).toEqual(ALL.slice(0, 6).sort());
    expect(stream.contents.slice(0, 2)).toEqual(['m1', 'm2']);
  });

  it('no stream for the subject: fails at once, naming the first message, from a stream lookup', async () => {
    const stream = new FakeStream(undefined, false);
    const error = await publishThrough(stream, 'nowhere.in', messages(3), { msgIdPrefix: 'run' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as Error).message).toMatch(/^lines 1-10 was not acknowledged: no JetStream stream stores subject "nowhere.in"/);
    expect(stream.calls).toBe(0);
  });

  it('a full stream fails at once, naming the message and what was acknowledged before it', async () => {
    const stream = new FakeStream((_, data) => (data === 'm5' ? 'full' : undefined));
    const retries: string[] = [];
    const error = (await publishThrough(stream, 's', messages(10), { msgIdPrefix: 'run', maxInFlight: 4, onRetry: (r) => retries.push(r.label) }).catch((e: unknown) => e)) as PublishError;
    expect(error.message).toMatch(/^lines 41-50 was not acknowledged: the stream is full \(maximum messages exceeded\)/);
    expect(error.acknowledged).toMatchObject({ messages: 4, samples: 40, lastSequence: 4 });
    expect(stream.contents).toEqual(ALL.slice(0, 4));
    expect(retries).toEqual([]);
  });

  it('another writer in the stream fails the publish with a clear error (the order could not be kept)', async () => {
    let stream!: FakeStream;
    stream = new FakeStream((call) => {
      if (call === 5) stream.stored.push({ id: 'other', data: 'foreign' });
      return undefined;
    });
    const error = (await publishThrough(stream, 's', messages(10), { msgIdPrefix: 'run', maxInFlight: 4 }).catch((e: unknown) => e)) as PublishError;
    expect(error.message).toMatch(/^lines 41-50 was not acknowledged: another writer published to stream S meanwhile .*--shared-stream/);
    expect(error.acknowledged.messages).toBe(4);
  });

  it('a stream deleted mid-run: the no responders that follow are checked with a lookup and fail at once', async () => {
    let stream!: FakeStream;
    stream = new FakeStream((call) => {
      if (call === 5) stream.exists = false;
      return undefined;
    });
    const error = (await publishThrough(stream, 's', messages(10), { msgIdPrefix: 'run', maxInFlight: 2 }).catch((e: unknown) => e)) as PublishError;
    expect(error.message).toMatch(/^lines \d+-\d+ was not acknowledged: stream S no longer exists/);
    const shared = new FakeStream();
    const sharedError = (await publishThrough(shared, 's', (function* () {
      yield* messages(2);
      shared.exists = false;
      yield* messages(2);
    })(), { msgIdPrefix: 'run', maxInFlight: 1, sharedStream: true }).catch((e: unknown) => e)) as PublishError;
    expect(sharedError.message).toMatch(/was not acknowledged: no JetStream stream stores subject "s"/);
    expect(sharedError.acknowledged.messages).toBe(2);
  });

  it('gives up after the patience, naming the message', async () => {
    const stream = new FakeStream(() => 'no responders');
    const error = (await publishThrough(stream, 's', messages(3), { msgIdPrefix: 'run', patienceMs: 0 }).catch((e: unknown) => e)) as PublishError;
    expect(error.message).toMatch(/^lines 1-10 was not acknowledged: stream S: the broker did not answer for 0 s \(last error: no responders \(no stream leader answered\)\); --patience-ms waits longer/);
    expect(error.acknowledged.messages).toBe(0);
  });

  it('a re-run with the same msg id prefix stores only what the failed run did not', async () => {
    let full = true;
    const stream = new FakeStream((_, data) => (full && data === 'm6' ? 'full' : undefined));
    await expect(publishThrough(stream, 's', messages(10), { msgIdPrefix: 'run', maxInFlight: 4 })).rejects.toThrow(/lines 51-60/);
    full = false;
    const totals = await publishThrough(stream, 's', messages(10), { msgIdPrefix: 'run', maxInFlight: 4 });
    expect(stream.contents).toEqual(ALL);
    expect(totals).toMatchObject({ messages: 10, lastSequence: 10 });
  });

  it('a source that throws: what was read before it is acknowledged, then its error', async () => {
    const stream = new FakeStream();
    function* source(): Generator<OutgoingMessage> {
      yield* messages(3);
      throw new Error('bad line');
    }
    await expect(publishThrough(stream, 's', source(), { msgIdPrefix: 'run' })).rejects.toThrow('bad line');
    expect(stream.contents).toEqual(ALL.slice(0, 3));
  });
});
