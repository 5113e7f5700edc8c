import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { firstValueFrom, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBrokerAddress } from '../../src/broker/broker-address.js';
import { checkModelName, modelSubjects } from '../../src/broker/model-subjects.js';
import { watchModel } from '../../src/broker/watch-model.js';
import type { InvalidModelValue, ModelVersion } from '../../src/broker/watch-model.js';
import { startModelBucket } from './model-bucket.js';
import type { ModelBucket } from './model-bucket.js';
import { snapshotOf, valueOf } from './model-values.js';
import { natsAvailable, natsRequired, natsSkipReason } from './nats-server.js';
import type { NatsServerProcess } from './nats-server.js';

describe('model names and subjects', () => {
  it('builds the subjects and refuses names that are not one subject token', () => {
    expect(modelSubjects('demo')).toEqual({ steps: 'rxlogit.demo.steps', status: 'rxlogit.demo.status', samples: 'rxlogit.demo.samples' });
    expect(checkModelName('fraud_v-2')).toBe('fraud_v-2');
    for (const bad of ['', 'a.b', 'a*', 'x>', 'a b']) expect(() => checkModelName(bad)).toThrow(/bad model name/);
  });
});

describe.skipIf(!natsAvailable && !natsRequired)(`watchModel against a real nats-server ${natsSkipReason}`, () => {
  let bucket: ModelBucket;
  let nats: NatsServerProcess;
  let nc: NatsConnection;
  let kv: KV;
  beforeAll(async () => {
    bucket = await startModelBucket();
    ({ nats, nc, kv } = bucket);
  });
  afterAll(async () => {
    await bucket?.stop();
  });

  it('starts from the newest version at once, then follows every new one, skipping bad values', async () => {
    await kv.put('m1', valueOf(snapshotOf(1, 1)));
    await kv.put('m1', valueOf(snapshotOf(2, 2)));
    await kv.put('m1.lease', JSON.stringify({ holder: 'x', expires: 0 })); // another key: not a version
    await kv.put('other', valueOf(snapshotOf(9, 9)));
    const invalid: InvalidModelValue[] = [];
    const seen: ModelVersion[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const sub = watchModel({ connection: nc, model: 'm1', onInvalid: (e) => invalid.push(e) }).subscribe({
        next: (v) => {
          seen.push(v);
          if (seen.length === 1) {
            void (async () => {
              await kv.put('m1', '{"format":"rxlogit-model","version":1,"weights":"oops"}');
              await kv.put('m1', 'not json');
              await kv.put('m1', valueOf(snapshotOf(3, 3)));
            })();
          }
          if (seen.length === 2) {
            sub.unsubscribe();
            resolve();
          }
        },
        error: reject,
      });
    });
    await done;
    expect(seen.map((v) => v.snapshot.modelVersion)).toEqual([2, 3]);
    expect(seen[1]!.snapshot.weights).toEqual([3, -3]);
    expect(seen[1]!.revision).toBeGreaterThan(seen[0]!.revision);
    expect(seen[0]!.written).toBeGreaterThan(0);
    expect(invalid.map((e) => e.error.name)).toEqual(['CheckpointError', 'CheckpointError']);
    expect(invalid[1]!.error.message).toMatch(/not valid JSON/);
  });

  it('waits for the first version of a model that has none yet, and connects by address', async () => {
    const versions = firstValueFrom(watchModel({ address: parseBrokerAddress(nats.url, { env: {} }), model: 'fresh' }).pipe(take(2), toArray()));
    await new Promise((r) => setTimeout(r, 200));
    await kv.put('fresh', valueOf(snapshotOf(4, 10)));
    await kv.put('fresh', valueOf(snapshotOf(5, 11)));
    expect((await versions).map((v) => v.snapshot.modelVersion)).toEqual([10, 11]);
  });

  it('fails clearly when the bucket does not exist', async () => {
    await expect(firstValueFrom(watchModel({ connection: nc, bucket: 'missing', model: 'm1' }))).rejects.toThrow(/KV bucket "missing" does not exist/);
  });
});
