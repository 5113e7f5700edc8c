import { hostname } from 'node:os';
import { parseArgs, UsageError } from './args.js';
import type { OptionSpecs } from './args.js';
import { DEFAULT_BROKER_PATIENCE_MS } from '../broker/broker-unavailable.js';

/** The options of `rxlogit learn`. */
export const LEARN_OPTIONS = {
  from: { kind: 'string', valueName: 'URL', description: 'the NATS server: nats://[user:pass@|token@]host:port[,host:port…] (secrets are never printed)' },
  stream: { kind: 'string', valueName: 'S', description: 'the JetStream stream of samples', defaultText: 'SAMPLES' },
  consumer: { kind: 'string', valueName: 'C', description: 'the durable pull consumer the learners share' },
  model: { kind: 'string', valueName: 'NAME', description: 'the model: its key in the KV bucket (letters, digits, _ and -)' },
  subject: { kind: 'string', valueName: 'SUBJ', description: 'the subject filter (stream and consumer, with --create)', defaultText: 'samples.>' },
  create: { kind: 'flag', description: 'create the stream, the consumer and the KV bucket when missing' },
  bucket: { kind: 'string', valueName: 'B', description: 'the KV bucket of models and leases', defaultText: 'rxlogit-models' },
  replicas: { kind: 'integer', range: 'positive', description: 'replicas of the stream and the bucket, with --create', defaultText: '1' },
  inputs: { kind: 'integer', range: 'positive', description: 'inputs per sample', defaultText: '2' },
  mode: { kind: 'choice', choices: ['sample', 'minibatch'], description: 'a step per sample or per mini-batch (batches may span messages)', defaultText: 'sample' },
  lr: { kind: 'number', range: 'positive', description: 'learning rate μ', defaultText: '0.05' },
  'batch-size': { kind: 'integer', range: 'positive', description: 'samples per step in minibatch mode', defaultText: '32' },
  bias: { kind: 'flag', description: 'learn a bias term (the default)' },
  'no-bias': { kind: 'flag', description: 'no bias: the boundary passes through the origin' },
  'checkpoint-every-messages': { kind: 'integer', range: 'positive', description: 'checkpoint (then ack) after this many messages', defaultText: '100' },
  'checkpoint-every-ms': { kind: 'integer', range: 'positive', description: 'checkpoint at least this often while learning', defaultText: '1000' },
  worker: { kind: 'flag', description: 'parse and learn on a worker thread: two cores, one consuming and acking, one learning' },
  'lease-ms': { kind: 'integer', range: 'positive', description: 'leader lease: a standby takes over at most 1.25 leases after a leader dies', defaultText: '5000' },
  'patience-ms': { kind: 'integer', range: 'positive', description: 'give up (exit 1) after the broker has not answered for this long', defaultText: String(DEFAULT_BROKER_PATIENCE_MS) },
  holder: { kind: 'string', valueName: 'ID', description: "this process's name in the lease", defaultText: 'host:pid' },
  'token-file': { kind: 'string', valueName: 'FILE', description: 'read the NATS token from this file', defaultText: '$RXLOGIT_NATS_TOKEN' },
  creds: { kind: 'string', valueName: 'FILE', description: 'a NATS .creds file', defaultText: '$RXLOGIT_NATS_CREDS' },
  json: { kind: 'flag', description: 'print events (leader, standby, checkpoint, dead letters) as JSON lines on stdout' },
  help: { kind: 'flag', description: 'show this help' },
} as const satisfies OptionSpecs;

/** `rxlogit learn`'s settings, checked. */
export interface LearnConfig {
  readonly from: string;
  readonly stream: string;
  readonly consumer: string;
  readonly model: string;
  readonly subject: string;
  readonly create: boolean;
  readonly bucket: string;
  readonly replicas: number;
  readonly inputs: number;
  readonly mode: 'sample' | 'minibatch';
  readonly lr: number;
  readonly batchSize: number;
  readonly bias: boolean;
  readonly checkpointEveryMessages: number;
  readonly checkpointEveryMs: number;
  readonly worker: boolean;
  readonly leaseMs: number;
  readonly patienceMs: number;
  readonly holder: string;
  readonly tokenFile: string | undefined;
  readonly creds: string | undefined;
  readonly json: boolean;
  readonly help: boolean;
}

/**
 * Parses `rxlogit learn`'s arguments.
 *
 * @throws UsageError naming the option and what is wrong
 * @example
 * ```ts
 * parseLearnArgs(['--from', 'nats://127.0.0.1:4222', '--consumer', 'c', '--model', 'm']).stream; // 'SAMPLES'
 * ```
 */
export function parseLearnArgs(argv: readonly string[]): LearnConfig {
  const { options: o, positionals } = parseArgs(argv, LEARN_OPTIONS);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const help = o.help === true;
  if (!help) {
    for (const name of ['from', 'consumer', 'model'] as const) if (o[name] === undefined) throw new UsageError(`--${name} is required`);
  }
  if (o.bias === true && o['no-bias'] === true) throw new UsageError('--bias and --no-bias contradict each other');
  const mode = (o.mode ?? 'sample') as LearnConfig['mode'];
  if (o['batch-size'] !== undefined && mode !== 'minibatch') throw new UsageError('--batch-size only applies with --mode minibatch');
  if (o.replicas !== undefined && o.create !== true) throw new UsageError('--replicas only applies with --create');
  const leaseMs = o['lease-ms'] ?? 5_000;
  if (leaseMs < 100) throw new UsageError(`--lease-ms: at least 100, got ${leaseMs}`);
  for (const name of ['stream', 'consumer'] as const) {
    const v = o[name];
    if (v !== undefined && !/^[A-Za-z0-9_-]+$/.test(v)) throw new UsageError(`--${name}: use letters, digits, "_" and "-", got ${JSON.stringify(v)}`);
  }
  return {
    from: o.from ?? '',
    stream: o.stream ?? 'SAMPLES',
    consumer: o.consumer ?? '',
    model: o.model ?? '',
    subject: o.subject ?? 'samples.>',
    create: o.create === true,
    bucket: o.bucket ?? 'rxlogit-models',
    replicas: o.replicas ?? 1,
    inputs: o.inputs ?? 2,
    mode,
    lr: o.lr ?? 0.05,
    batchSize: o['batch-size'] ?? 32,
    bias: o['no-bias'] !== true,
    checkpointEveryMessages: o['checkpoint-every-messages'] ?? 100,
    checkpointEveryMs: o['checkpoint-every-ms'] ?? 1_000,
    worker: o.worker === true,
    leaseMs,
    patienceMs: o['patience-ms'] ?? DEFAULT_BROKER_PATIENCE_MS,
    holder: o.holder ?? `${hostname()}:${process.pid}`,
    tokenFile: o['token-file'],
    creds: o.creds,
    json: o.json === true,
    help,
  };
}
