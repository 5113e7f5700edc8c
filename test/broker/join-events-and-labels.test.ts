import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, filter, scan, share, take, toArray } from 'rxjs';
import type { NatsConnection } from '@nats-io/transport-node';
import { parseBrokerAddress } from '../../src/broker/broker-address.js';
import { connectBroker } from '../../src/broker/connect-broker.js';
import { parseEventLines } from '../../src/broker/event-lines.js';
import { joinEventsAndLabels } from '../../src/broker/join-events-and-labels.js';
import type { JoinedMessage } from '../../src/broker/join-events-and-labels.js';
import { prepareStream } from '../../src/broker/prepare-stream.js';
import { EventStreamLearner } from '../../src/stream/event-stream-learner.js';
import { assertNatsAvailable, natsAvailable, natsRequired, natsSkipReason, startNatsServer } from './nats-server.js';
import type { NatsServerProcess } from './nats-server.js';
import { publishMessages } from './sample-stream.js';

const encode = (s: string) => new TextEncoder().encode(s);

describe('parseEventLines', () => {
  it('reads events and labels as JSON Lines, naming each bad line', () => {
    const events = parseEventLines(encode('{"id":"a","features":{"amount":3,"country":"DE"}}\n\n{"features":{"x":1},"t":1}\n{"features":{"x":1}}\nnope\n{"id":"b","features":{"x":[1]}}'), 'events');
    expect(events.items).toEqual([{ id: 'a', features: { amount: 3, country: 'DE' } }, { features: { x: 1 }, t: 1 }]);
    expect(events.lines).toEqual([1, 3]);
    expect(events.rejected.map((r) => r.line)).toEqual([4, 5, 6]);
    expect(events.rejected[0]!.reason).toMatch(/needs an "id"/);
    expect(events.rejected[1]!.reason).toMatch(/^not valid JSON/);
    expect(events.rejected[2]!.reason).toMatch(/^features\.x: expected a finite number/);
    expect(parseEventLines(encode('{"id":"a","t":1}\n{"id":"b","t":7}'), 'labels')).toEqual({ items: [{ id: 'a', t: 1 }], lines: [1], rejected: [{ line: 2, reason: 't: expected 0 or 1, got 7' }] });
    expect(parseEventLines(new Uint8Array([0xff, 0xfe]), 'labels').rejected).toEqual([{ line: 1, reason: 'the message is not valid UTF-8' }]);
  });
});

describe.skipIf(!natsAvailable && !natsRequired)(`joinEventsAndLabels against a real nats-server ${natsSkipReason}`, () => {
  let nats: NatsServerProcess;
  let nc: NatsConnection;
  beforeAll(async () => {
    assertNatsAvailable();
    nats = await startNatsServer();
    nc = await connectBroker(parseBrokerAddress(nats.url, { env: {} }));
  });
  afterAll(async () => {
    await nc?.drain();
    await nats?.stop();
  });

  it('serves events, learns from labels that come later on their own subject, as one learner fed both in order does', async () => {
    await prepareStream(nc, { stream: 'FRAUD', subject: 'fraud.>', consumer: 'events', create: true });
    // 40 messages of 25 events; the labels of message k come after message k + 3, one line in 10 of them for an unknown id.
    const published: Array<{ subject: string; text: string }> = [];
    let seed = 7;
    const random = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const truth = new Map<string, 0 | 1>();
    const eventsOf = (k: number): string[] =>
      Array.from({ length: 25 }, (_, j) => {
        const id = `tx-${k}-${j}`;
        const amount = Math.round(random() * 1000);
        const country = random() < 0.3 ? 'NG' : 'DE';
        truth.set(id, random() < (amount / 1000) * (country === 'NG' ? 0.9 : 0.3) ? 1 : 0);
        return JSON.stringify({ id, features: { amount, country, device: random() < 0.5 ? 'ios' : 'web' } });
      });
    const labelsOf = (k: number): string[] =>
      Array.from({ length: 25 }, (_, j) => (j % 10 === 9 ? JSON.stringify({ id: `never-${k}-${j}`, t: 1 }) : JSON.stringify({ id: `tx-${k}-${j}`, t: truth.get(`tx-${k}-${j}`) })));
    for (let k = 0; k < 40; k++) {
      published.push({ subject: 'fraud.events', text: eventsOf(k).join('\n') });
      if (k >= 3) published.push({ subject: 'fraud.labels', text: labelsOf(k - 3).join('\n') });
    }
    published.push({ subject: 'fraud.labels', text: `${JSON.stringify({ id: 'tx-0-0', t: 1 })}\n{"id":"tx-39-0","t":"yes"}` }); // a repeat, a bad line
    published.push({ subject: 'fraud.other', text: 'hello' });
    for (const { subject, text } of published) await publishMessages(nc, subject, [text]);

    const learner = new EventStreamLearner();
    const predictions: string[] = [];
    const predictionSub = nc.subscribe('predictions.fraud', { callback: (_e, m) => void predictions.push(m.string()) });
    const joined$ = joinEventsAndLabels({ nc, stream: 'FRAUD', consumer: 'events', eventsSubject: 'fraud.events', labelsSubject: 'fraud.labels', learner, predictionsSubject: 'predictions.fraud' }).pipe(share());
    const all = firstValueFrom(joined$.pipe(take(published.length), toArray()));
    const messages: JoinedMessage[] = await all;
    await nc.flush();
    predictionSub.unsubscribe();

    // The reference: one learner fed the same items in the same order, no broker.
    const reference = new EventStreamLearner();
    const served: string[] = [];
    for (const { subject, text } of published.slice(0, -1)) {
      for (const item of parseEventLines(encode(text), subject === 'fraud.events' ? 'events' : 'labels').items) {
        if ('features' in item && 't' in item) reference.learn(item.features, item.t);
        else if ('features' in item) served.push(JSON.stringify({ id: item.id, p: reference.predict(item.id, item.features) }));
        else reference.label(item.id, item.t);
      }
    }
    expect(learner.scores()).toEqual(reference.scores());
    const scores = learner.scores();
    expect(scores.seen).toBe(37 * 25 - 37 * 2); // 37 messages of labels, 2 of 25 lines each for unknown ids
    expect(scores.delayed).toMatchObject({ pending: 3 * 25 + 2 * 37, unknown: 37 * 2, duplicate: 1, late: 0 });
    expect(messages.at(-2)!.rejected).toEqual([{ line: 2, reason: 't: expected 0 or 1, got "yes"' }]);
    expect(messages.at(-1)).toMatchObject({ kind: 'other', applied: 0, subject: 'fraud.other' });
    expect(messages.at(-1)!.rejected[0]!.reason).toMatch(/neither the events subject/);
    expect(messages.filter((m) => m.kind === 'events').every((m) => m.applied === 25)).toBe(true);
    // The served predictions were published, one message per events message.
    expect(predictions.join('\n')).toBe(served.join('\n'));
    // Every message was acknowledged: nothing waits for redelivery.
    const info = await (await import('@nats-io/jetstream')).jetstreamManager(nc).then((jsm) => jsm.consumers.info('FRAUD', 'events'));
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
  });

  it('fails with the reason when the consumer is missing, and refuses one subject for both', async () => {
    const learner = new EventStreamLearner();
    const failed = firstValueFrom(joinEventsAndLabels({ nc, stream: 'NOPE', consumer: 'c', eventsSubject: 'a', labelsSubject: 'b', learner }).pipe(scan((n) => n + 1, 0), filter(() => false))).catch((e: Error) => e);
    expect(await failed).toBeInstanceOf(Error);
    expect(() => joinEventsAndLabels({ nc, stream: 'S', consumer: 'c', eventsSubject: 'a', labelsSubject: 'a', learner })).toThrow(/must differ/);
  });
});
