import type { KV } from '@nats-io/kv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelBucket } from '../broker/model-bucket.js';
import type { ModelBucket } from '../broker/model-bucket.js';
import { snapshotOf, valueOf } from '../broker/model-values.js';
import { natsAvailable, natsRequired, natsSkipReason } from '../broker/nats-server.js';
import type { NatsServerProcess } from '../broker/nats-server.js';
import { startReplicaProcess } from '../broker/replica-process.js';
import type { ReplicaProcess } from '../broker/replica-process.js';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe.skipIf(!natsAvailable && !natsRequired)(`three prediction replicas against a real nats-server ${natsSkipReason}`, () => {
  let bucket: ModelBucket;
  let nats: NatsServerProcess;
  let kv: KV;
  const replicas: ReplicaProcess[] = [];
  beforeAll(async () => {
    bucket = await startModelBucket();
    ({ nats, kv } = bucket);
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await bucket?.stop();
  });

  it('start from the newest version, follow every new one in order, converge, and answer from it', async () => {
    await kv.put('rep', valueOf(snapshotOf(0.5, 1)));
    const newest = await kv.put('rep', valueOf(snapshotOf(1, 2)));
    replicas.push(...(await Promise.all([0, 1, 2].map(() => startReplicaProcess(nats.url, 'rep')))));
    for (const r of replicas) await expect.poll(() => r.versions.length, { timeout: 20_000 }).toBeGreaterThan(0);
    for (const r of replicas) expect(r.versions[0]).toMatchObject({ revision: newest, modelVersion: 2 });

    const revisions: number[] = [];
    for (let k = 3; k <= 22; k++) {
      revisions.push(await kv.put('rep', valueOf(snapshotOf(k / 10, k))));
      if (k === 10) await kv.put('rep', 'garbage: skipped by every replica');
    }
    const last = revisions.at(-1)!;
    for (const r of replicas) {
      await expect.poll(() => r.versions.at(-1)?.revision, { timeout: 20_000 }).toBe(last);
      // Every version, in order, none skipped but the bad value.
      expect(r.versions.map((v) => v.modelVersion)).toEqual(Array.from({ length: 21 }, (_, i) => i + 2));
      for (const v of r.versions.slice(1)) expect(v.received).toBeGreaterThanOrEqual(v.written - 5); // same machine's clock
      const answer = (await (await fetch(new URL('predict', r.url), { method: 'POST', body: JSON.stringify({ x: [[1, 0], [0, 1]] }) })).json()) as Record<string, unknown>;
      expect(answer).toMatchObject({ revision: last, modelVersion: 22, classes: [1, 0] });
      expect((answer['probabilities'] as number[])[0]).toBeCloseTo(sigmoid(2.2 + 0.25), 12);
      const bad = await fetch(new URL('predict', r.url), { method: 'POST', body: JSON.stringify({ x: [[1, 2, 3]] }) });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/expected 2 inputs, got 3/);
    }
  });
});
