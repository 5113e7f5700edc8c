/**
 * Fan-out latency: three prediction replicas (demos/prediction-replica.ts,
 * separate processes) follow one model in a local nats-server's KV bucket; a
 * writer puts --versions model versions, one every --interval-ms. For each
 * version and replica: the time from the KV write (the server's timestamp) to
 * the replica serving it (its own clock, same machine). Prints one JSON
 * object: median, p99 and max over all (version, replica) pairs, and per replica.
 *
 *   npx tsx bench/replica-latency.ts [--versions 300] [--interval-ms 20]
 */
import { parseArgs } from 'node:util';
import { Kvm } from '@nats-io/kv';
import { parseBrokerAddress } from '../src/broker/broker-address.js';
import { connectBroker } from '../src/broker/connect-broker.js';
import { snapshotOf, valueOf } from '../test/broker/model-values.js';
import { startNatsServer } from '../test/broker/nats-server.js';
import { startReplicaProcess } from '../test/broker/replica-process.js';

const { values } = parseArgs({ options: { versions: { type: 'string', default: '300' }, 'interval-ms': { type: 'string', default: '20' } } });
const versions = Number(values.versions);
const intervalMs = Number(values['interval-ms']);

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
function summary(latencies: number[]): { median: number; p99: number; max: number; count: number } {
  const s = [...latencies].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p99: quantile(s, 0.99), max: s.at(-1)!, count: s.length };
}

const nats = await startNatsServer();
const nc = await connectBroker(parseBrokerAddress(nats.url, { env: {} }));
const kv = await new Kvm(nc).create('rxlogit-models', { history: 5 });
await kv.put('bench', valueOf(snapshotOf(0, 0)));
const replicas = await Promise.all([0, 1, 2].map(() => startReplicaProcess(nats.url, 'bench')));
try {
  for (const r of replicas) while (r.versions.length === 0) await new Promise((res) => setTimeout(res, 20));
  let last = 0;
  for (let k = 1; k <= versions; k++) {
    last = await kv.put('bench', valueOf(snapshotOf(k / versions, k)));
    await new Promise((res) => setTimeout(res, intervalMs));
  }
  const deadline = Date.now() + 30_000;
  for (const r of replicas) while (r.versions.at(-1)?.revision !== last && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
  const per = replicas.map((r) => r.versions.slice(1).map((v) => v.received - v.written));
  const converged = replicas.every((r) => r.versions.at(-1)?.revision === last);
  console.log(
    JSON.stringify(
      {
        bench: 'replica-latency',
        replicas: replicas.length,
        versions,
        intervalMs,
        converged,
        missed: replicas.map((r) => versions - (r.versions.length - 1)),
        latencyMs: summary(per.flat()),
        perReplicaMs: per.map(summary),
      },
      null,
      2,
    ),
  );
} finally {
  await Promise.all(replicas.map((r) => r.stop()));
  await nc.close();
  await nats.stop();
}
