/**
 * `rxlogit publish` speed: a --lines JSON Lines file (2 M by default) to a
 * local nats-server's JetStream, 1,000 samples a message, against the same
 * client publishing the same messages pre-built in memory (no reading, no
 * parsing) with the same window of unacknowledged messages, and that
 * again with `sharedStream` (msg ids only, no expected last sequence: the
 * cost of keeping the order). Runs are interleaved; prints one JSON object
 * with the medians (samples per second) and their ratios.
 *
 *   npx tsx bench/publish.ts [--lines 2000000] [--runs 3]
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { parseBrokerAddress } from '../src/broker/broker-address.js';
import { connectBroker } from '../src/broker/connect-broker.js';
import { publishMessages } from '../src/broker/publish-messages.js';
import type { OutgoingMessage } from '../src/broker/publish-messages.js';
import { encodeSamples } from '../src/broker/sample-messages.js';
import { runPublish } from '../src/cli/publish.js';
import { startNatsServer } from '../test/broker/nats-server.js';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '2000000' }, runs: { type: 'string', default: '3' } } });
const lines = Number(values.lines);
const runs = Number(values.runs);
const PER_MESSAGE = 1000;

const sampleAt = (i: number) => ({ x: [Math.round(Math.sin(i) * 1e6) / 1e6, Math.round(Math.cos(i * 0.7) * 1e6) / 1e6], t: (i % 2) as 0 | 1 });
const median = (v: readonly number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

const dir = await mkdtemp(join(tmpdir(), 'rxlogit-bench-publish-'));
const file = join(dir, 'samples.jsonl');
await new Promise<void>((resolve, reject) => {
  const out = createWriteStream(file);
  out.on('error', reject);
  let i = 0;
  const write = (): void => {
    while (i < lines) {
      let chunk = '';
      for (let k = 0; k < 10_000 && i < lines; k++, i++) chunk += `${JSON.stringify(sampleAt(i))}\n`;
      if (!out.write(chunk)) return void out.once('drain', write);
    }
    out.end(resolve);
  };
  write();
});
const prebuilt: OutgoingMessage[] = [];
for (let i = 0; i < lines; i += PER_MESSAGE) {
  const batch = Array.from({ length: Math.min(PER_MESSAGE, lines - i) }, (_, k) => sampleAt(i + k));
  prebuilt.push({ data: encodeSamples(batch), samples: batch.length, label: `lines ${i + 1}-${i + batch.length}` });
}

const nats = await startNatsServer();
const nc = await connectBroker(parseBrokerAddress(nats.url, { env: {} }));
const jsm = await jetstreamManager(nc);
await jsm.streams.add({ name: 'SAMPLES', subjects: ['samples.>'], max_bytes: 1 << 30 });
const sink = () => ({ write: () => true });
const results = { cli: [] as number[], prebuilt: [] as number[], shared: [] as number[] };
try {
  for (let r = 0; r < runs; r++) {
    for (const kind of r % 2 === 0 ? (['cli', 'prebuilt', 'shared'] as const) : (['shared', 'prebuilt', 'cli'] as const)) {
      await jsm.streams.purge('SAMPLES');
      const start = performance.now();
      if (kind === 'cli') {
        const code = await runPublish(['--to', nats.url, '--subject', 'samples.bench', '--input', file, '--samples-per-message', String(PER_MESSAGE)], { stdin: new PassThrough(), stdout: sink(), stderr: sink() }, {});
        if (code !== 0) throw new Error(`rxlogit publish exited with ${code}`);
      } else {
        const totals = await publishMessages(nc, 'samples.bench', prebuilt, { sharedStream: kind === 'shared' });
        if (totals.samples !== lines) throw new Error(`published ${totals.samples} of ${lines}`);
      }
      results[kind].push(lines / ((performance.now() - start) / 1000));
      const stored = (await jsm.streams.info('SAMPLES')).state.messages;
      if (stored !== prebuilt.length) throw new Error(`${kind}: the stream holds ${stored} messages, expected ${prebuilt.length}`);
    }
  }
  const cli = median(results.cli);
  const baseline = median(results.prebuilt);
  const shared = median(results.shared);
  console.log(
    JSON.stringify(
      {
        bench: 'publish',
        lines,
        samplesPerMessage: PER_MESSAGE,
        runs,
        cliSamplesPerSecond: Math.round(cli),
        prebuiltSamplesPerSecond: Math.round(baseline),
        sharedStreamSamplesPerSecond: Math.round(shared),
        ratio: Math.round((cli / baseline) * 1000) / 1000,
        orderedOverShared: Math.round((baseline / shared) * 1000) / 1000,
        runsSamplesPerSecond: { cli: results.cli.map(Math.round), prebuilt: results.prebuilt.map(Math.round), shared: results.shared.map(Math.round) },
      },
      null,
      2,
    ),
  );
} finally {
  await nc.close();
  await nats.stop();
  await rm(dir, { recursive: true, force: true });
}
