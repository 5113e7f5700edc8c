import { EVENT_LEARNER_DEFAULTS, TRAINER_DEFAULTS } from '../core/index.js';
import { resolveAllowedHosts } from '../server/host-check.js';
import { normaliseOrigin } from '../server/upgrade-gate.js';
import { parseArgs, UsageError } from './args.js';
import type { OptionSpecs, ParsedOptions } from './args.js';
import { takeRepeated } from './repeated-option.js';
import { readTokenFile } from './token-file.js';

/** Where the served learner's samples come from. */
export type ServeSource = 'generator' | 'jsonl' | 'stdin' | 'none';

/** The options of `rxlogit serve`. */
export const SERVE_OPTIONS = {
  source: {
    kind: 'choice',
    choices: ['generator', 'jsonl', 'stdin', 'none'],
    description: 'samples from the seeded generator, a JSONL file, stdin, or only from clients',
    defaultText: 'generator; jsonl with --input',
  },
  input: { kind: 'string', valueName: 'FILE', description: 'JSONL samples ({"x":[…],"t":0|1} per line) for --source jsonl' },
  rate: { kind: 'number', range: 'positive', max: 1_000_000, description: 'samples per second from the source', defaultText: '200 for the generator; files as fast as read' },
  seed: { kind: 'string', valueName: 'S', description: 'seed of the generator', defaultText: 'rxlogit' },
  'drift-period': { kind: 'integer', range: 'non-negative', max: 1e12, description: 'samples per full turn of the class means, 0 for none', defaultText: '20000' },
  inputs: { kind: 'integer', range: 'positive', max: 1_000_000, description: 'inputs per sample (jsonl, stdin, none)', defaultText: '2' },
  mode: { kind: 'choice', choices: ['sample', 'minibatch'], description: 'a step per sample or per mini-batch', defaultText: 'sample' },
  lr: { kind: 'number', range: 'positive', max: 1e6, description: 'learning rate μ', defaultText: String(TRAINER_DEFAULTS.lr) },
  'batch-size': { kind: 'integer', range: 'positive', max: 1_000_000, description: 'samples per step in minibatch mode', defaultText: String(TRAINER_DEFAULTS.batchSize) },
  bias: { kind: 'flag', description: 'learn a bias term (the default)' },
  'no-bias': { kind: 'flag', description: 'no bias: the boundary passes through the origin, as in the tutorial' },
  checkpoint: { kind: 'string', valueName: 'PATH', description: 'save the model there periodically and on exit; resume from it' },
  'checkpoint-every-ms': { kind: 'integer', range: 'positive', max: 2_147_483_647, description: 'time between checkpoints', defaultText: '30000' },
  'checkpoint-every-samples': { kind: 'integer', range: 'positive', max: 1e12, description: 'also checkpoint every N samples: a crash then loses at most N acknowledged samples', defaultText: 'none' },
  'emit-every-ms': { kind: 'integer', range: 'non-negative', max: 2_147_483_647, description: 'the learner emits at most one step per N ms', defaultText: '50' },
  'steps-rate': { kind: 'number', range: 'positive', max: 60, description: 'steps per second a client gets until it subscribes (≤ 60)', defaultText: '10' },
  port: { kind: 'integer', range: 'non-negative', max: 65_535, description: 'TCP port (0: any free port)', defaultText: '$PORT or 8080' },
  host: { kind: 'string', valueName: 'HOST', description: 'interface to listen on', defaultText: '127.0.0.1' },
  'token-file': { kind: 'string', valueName: 'PATH', description: 'read the write token from this file (preferred: unlike --token, not shown by ps)' },
  token: { kind: 'string', valueName: 'T', description: 'write token (samples, controls); visible in ps: prefer --token-file or $RXLOGIT_TOKEN', defaultText: '$RXLOGIT_TOKEN or a random one' },
  'read-token-file': { kind: 'string', valueName: 'PATH', description: 'read the read token from this file (preferred over --read-token)' },
  'read-token': { kind: 'string', valueName: 'T', description: 'token needed to read the streams; visible in ps: prefer --read-token-file or $RXLOGIT_READ_TOKEN', defaultText: '$RXLOGIT_READ_TOKEN or none' },
  origin: { kind: 'string', valueName: 'ORIGIN', description: "browser Origin(s) allowed besides the server's own page: repeat or separate by commas; * for any", defaultText: 'same origin only' },
  'allowed-host': { kind: 'string', valueName: 'NAME', description: 'Host names to serve besides localhost, IP addresses and --host (stops DNS rebinding): repeat or separate by commas; .example.org with subdomains; * for any', defaultText: 'none' },
  'max-payload': { kind: 'integer', range: 'positive', max: 268_435_456, description: 'largest incoming frame in bytes (larger: close 1009)', defaultText: '1048576' },
  'max-messages-per-second': { kind: 'number', range: 'positive', max: 1_000_000, description: 'per client (more: close 1008)', defaultText: '50' },
  'buffer-limit': { kind: 'integer', range: 'positive', max: 1_073_741_824, description: "unsent bytes before a client's steps are conflated", defaultText: '262144' },
  'stall-timeout-ms': { kind: 'integer', range: 'positive', max: 2_147_483_647, description: 'a client stuck over the buffer limit this long is closed', defaultText: '10000' },
  'heartbeat-ms': { kind: 'integer', range: 'positive', max: 2_147_483_647, description: 'ping interval; no pong by the next ping ends the client', defaultText: '15000' },
  follow: { kind: 'string', valueName: 'URL', description: 'no learner here: follow --model learned elsewhere through NATS (nats://host:port) and serve its dashboard read-only' },
  publish: { kind: 'string', valueName: 'URL', description: "publish this learner's steps and status on NATS (nats://host:port) for gateways (--follow)" },
  model: { kind: 'string', valueName: 'NAME', description: 'the model name on NATS (with --follow or --publish)' },
  bucket: { kind: 'string', valueName: 'B', description: 'the KV bucket of model versions (with --follow)', defaultText: 'rxlogit-models' },
  'nats-token-file': { kind: 'string', valueName: 'FILE', description: 'read the NATS token from this file', defaultText: '$RXLOGIT_NATS_TOKEN' },
  'nats-creds': { kind: 'string', valueName: 'FILE', description: 'a NATS .creds file', defaultText: '$RXLOGIT_NATS_CREDS' },
  'log-format': {
    kind: 'choice',
    choices: ['text', 'json'],
    description: 'stderr lines: plain text, or one JSON object a line (time, level, event, message, fields; never a token)',
    defaultText: 'text',
  },
  'reader-rows-per-second': { kind: 'number', range: 'positive', max: 1e9, description: 'work budget of a client without the write token: prediction rows (a message at least its bytes / 16) per second', defaultText: '10000' },
  'writer-rows-per-second': { kind: 'number', range: 'positive', max: 1e9, description: 'the same for a client with the write token, samples included', defaultText: '2000000' },
  'reader-max-predict-rows': { kind: 'integer', range: 'positive', max: 100_000, description: 'rows one predict of a client without the write token may carry', defaultText: '1000' },
  events: { kind: 'flag', description: 'an event learner beside the model: samples with named features, predict with events (ids remembered for later labels), label messages' },
  'events-checkpoint': { kind: 'string', valueName: 'PATH', description: 'save the event learner there (every --events-checkpoint-every-ms and on exit); resume from it' },
  'events-checkpoint-every-ms': { kind: 'integer', range: 'positive', max: 2_147_483_647, description: 'time between event checkpoints', defaultText: '30000' },
  'max-pending': { kind: 'integer', range: 'positive', max: 100_000_000, description: 'served event predictions waiting for labels at most (the oldest is evicted)', defaultText: String(EVENT_LEARNER_DEFAULTS.maxPending) },
  'pending-ttl-ms': { kind: 'integer', range: 'positive', max: 1e12, description: 'a served event prediction waits at most this long for its label', defaultText: String(EVENT_LEARNER_DEFAULTS.ttlMs) },
  help: { kind: 'flag', description: 'show this help' },
} as const satisfies OptionSpecs;

/** The options that configure a learner here, refused with --follow. */
const LEARNER_OPTIONS = ['source', 'input', 'rate', 'seed', 'drift-period', 'inputs', 'mode', 'lr', 'batch-size', 'bias', 'no-bias', 'checkpoint', 'checkpoint-every-ms', 'checkpoint-every-samples', 'emit-every-ms', 'publish', 'events', 'events-checkpoint', 'events-checkpoint-every-ms', 'max-pending', 'pending-ttl-ms'] as const;

/** How `serve` reaches NATS (`--follow` or `--publish`). */
export interface ServeNatsConfig {
  /** `follow`: a read-only gateway; `publish`: this learner's streams go out too. */
  readonly role: 'follow' | 'publish';
  readonly url: string;
  readonly model: string;
  readonly bucket: string | undefined;
  readonly tokenFile: string | undefined;
  readonly credsFile: string | undefined;
}

/** The `serve` command's settings, after parsing, checks and defaults. */
export interface ServeConfig {
  readonly port: number;
  readonly host: string;
  readonly source: ServeSource;
  /** The JSONL file of `--source jsonl`. */
  readonly input: string | undefined;
  /** Samples per second from the source; undefined: as fast as it comes (files, stdin). */
  readonly rate: number | undefined;
  readonly seed: string;
  /** Samples per full turn of the generator's class means; 0 for none. */
  readonly driftPeriod: number;
  readonly inputs: number;
  readonly mode: 'sample' | 'minibatch';
  readonly lr: number;
  readonly batchSize: number;
  readonly bias: boolean;
  readonly checkpoint: string | undefined;
  readonly checkpointEveryMs: number;
  /** Also checkpoint every this many samples (bounds what a crash loses of plain acks). */
  readonly checkpointEverySamples: number | undefined;
  /** The learner emits at most one step per this many ms (0: every step). */
  readonly emitEveryMs: number;
  readonly stepsRate: number;
  readonly maxPayload: number;
  readonly maxMessagesPerSecond: number;
  readonly bufferLimit: number;
  readonly stallTimeoutMs: number;
  readonly heartbeatMs: number;
  /** Work budgets (rows per second) of readers and writers, and a reader's most rows a predict (undefined: the server's defaults). */
  readonly readerRowsPerSecond: number | undefined;
  readonly writerRowsPerSecond: number | undefined;
  readonly readerMaxPredictRows: number | undefined;
  readonly token: string | undefined;
  readonly readToken: string | undefined;
  readonly origins: readonly string[];
  /** NATS, when `--follow` or `--publish` is given. */
  readonly nats: ServeNatsConfig | undefined;
  /** How stderr lines are written. */
  readonly logFormat: 'text' | 'json';
  /** More names the `Host` header may give. */
  readonly allowedHosts: readonly string[];
  /** The event learner (`--events`), or undefined. */
  readonly events: ServeEventsConfig | undefined;
  readonly help: boolean;
}

/** The event learner of `serve --events`. */
export interface ServeEventsConfig {
  readonly checkpoint: string | undefined;
  readonly checkpointEveryMs: number;
  readonly maxPending: number;
  readonly ttlMs: number;
}

/**
 * Parses the `serve` command's arguments, with `PORT`, `RXLOGIT_TOKEN` and
 * `RXLOGIT_READ_TOKEN` from the environment as defaults. `--origin` and
 * `--allowed-host` may be repeated (the values are merged) or hold a
 * comma-separated list. `--token-file` and `--read-token-file` are read here
 * (the first line, without surrounding white space).
 *
 * @param argv - the arguments after `serve`, e.g. `['--port', '9000', '--no-bias']`
 * @param env - the environment (default none)
 * @throws UsageError naming the option and what is wrong
 * @example
 * ```ts
 * parseServeArgs(['--source', 'none', '--lr', '0.1']).lr; // 0.1
 * ```
 */
export function parseServeArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): ServeConfig {
  const { rest: afterOrigins, values: origins } = takeRepeated(argv, 'origin');
  const { rest, values: allowedHosts } = takeRepeated(afterOrigins, 'allowed-host');
  const { options: o, positionals } = parseArgs(rest, SERVE_OPTIONS);
  for (const origin of origins) {
    if (origin !== '*' && normaliseOrigin(origin) === undefined) throw new UsageError(`--origin: expected an origin such as http://host:port (or *), got ${JSON.stringify(origin)}`);
  }
  try {
    resolveAllowedHosts('localhost', allowedHosts);
  } catch (error) {
    throw new UsageError(`--allowed-host: ${(error as Error).message.replace(/^allowed host must be/, 'expected')}`);
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const nats = natsConfig(o);
  if (o.bias === true && o['no-bias'] === true) throw new UsageError('--bias and --no-bias contradict each other');
  const source = (o.source ?? (o.input === undefined ? 'generator' : 'jsonl')) as ServeSource;
  if (source === 'jsonl' && o.input === undefined) throw new UsageError('--source jsonl needs --input FILE');
  if (o.input !== undefined && source !== 'jsonl') throw new UsageError(`--input only applies with --source jsonl, not ${source}`);
  const generatorOnly = (name: 'seed' | 'drift-period'): void => {
    if (o[name] !== undefined && source !== 'generator') throw new UsageError(`--${name} only applies with --source generator`);
  };
  generatorOnly('seed');
  generatorOnly('drift-period');
  if (source === 'generator' && o.inputs !== undefined && o.inputs !== 2) {
    throw new UsageError('--inputs must be 2 with --source generator (its two classes live in a plane)');
  }
  if (o.rate !== undefined && source === 'none') throw new UsageError('--rate does not apply with --source none');
  const mode = (o.mode ?? 'sample') as ServeConfig['mode'];
  if (o['batch-size'] !== undefined && mode !== 'minibatch') throw new UsageError('--batch-size only applies with --mode minibatch');
  for (const name of ['checkpoint-every-ms', 'checkpoint-every-samples'] as const) {
    if (o[name] !== undefined && o.checkpoint === undefined) throw new UsageError(`--${name} needs --checkpoint PATH`);
  }
  for (const name of ['events-checkpoint', 'events-checkpoint-every-ms', 'max-pending', 'pending-ttl-ms'] as const) {
    if (o[name] !== undefined && o.events !== true) throw new UsageError(`--${name} needs --events`);
  }
  if (o['events-checkpoint-every-ms'] !== undefined && o['events-checkpoint'] === undefined) throw new UsageError('--events-checkpoint-every-ms needs --events-checkpoint PATH');
  const events: ServeEventsConfig | undefined =
    o.events === true
      ? {
          checkpoint: o['events-checkpoint'],
          checkpointEveryMs: o['events-checkpoint-every-ms'] ?? 30_000,
          maxPending: o['max-pending'] ?? EVENT_LEARNER_DEFAULTS.maxPending,
          ttlMs: o['pending-ttl-ms'] ?? EVENT_LEARNER_DEFAULTS.ttlMs,
        }
      : undefined;
  const stepsRate = o['steps-rate'] ?? 10;
  if (stepsRate > 60) throw new UsageError(`--steps-rate: at most 60 steps per second, got ${stepsRate}`);
  const port = o.port ?? portFromEnv(env['PORT']);
  if (port > 65535) throw new UsageError(`--port: at most 65535, got ${port}`);
  for (const name of ['token', 'read-token'] as const) {
    if (o[name] !== undefined && o[`${name}-file`] !== undefined) throw new UsageError(`--${name} and --${name}-file: give one of them`);
  }
  const token = o.token ?? readTokenFile('token-file', o['token-file']) ?? nonEmpty(env['RXLOGIT_TOKEN']);
  const readToken = o['read-token'] ?? readTokenFile('read-token-file', o['read-token-file']) ?? nonEmpty(env['RXLOGIT_READ_TOKEN']);
  for (const [name, t] of [['token ($RXLOGIT_TOKEN)', token], ['read-token ($RXLOGIT_READ_TOKEN)', readToken]] as const) {
    if (t !== undefined && t.length < 8) throw new UsageError(`--${name}: a token must be at least 8 characters`);
  }
  if (token !== undefined && token === readToken) throw new UsageError('--read-token must differ from the write token');
  return {
    port,
    host: o.host ?? '127.0.0.1',
    source,
    input: o.input,
    rate: o.rate ?? (source === 'generator' ? 200 : undefined),
    seed: o.seed ?? 'rxlogit',
    driftPeriod: o['drift-period'] ?? 20_000,
    inputs: o.inputs ?? 2,
    mode,
    lr: o.lr ?? TRAINER_DEFAULTS.lr,
    batchSize: o['batch-size'] ?? TRAINER_DEFAULTS.batchSize,
    bias: o['no-bias'] === true ? false : TRAINER_DEFAULTS.bias,
    checkpoint: o.checkpoint,
    checkpointEveryMs: o['checkpoint-every-ms'] ?? 30_000,
    checkpointEverySamples: o['checkpoint-every-samples'],
    emitEveryMs: o['emit-every-ms'] ?? 50,
    stepsRate,
    maxPayload: o['max-payload'] ?? 1024 * 1024,
    maxMessagesPerSecond: o['max-messages-per-second'] ?? 50,
    bufferLimit: o['buffer-limit'] ?? 256 * 1024,
    stallTimeoutMs: o['stall-timeout-ms'] ?? 10_000,
    heartbeatMs: o['heartbeat-ms'] ?? 15_000,
    readerRowsPerSecond: o['reader-rows-per-second'],
    writerRowsPerSecond: o['writer-rows-per-second'],
    readerMaxPredictRows: o['reader-max-predict-rows'],
    token,
    readToken,
    origins,
    nats,
    logFormat: (o['log-format'] ?? 'text') as ServeConfig['logFormat'],
    allowedHosts,
    events,
    help: o.help === true,
  };
}

function natsConfig(o: ServeOptions): ServeNatsConfig | undefined {
  const url = o.follow ?? o.publish;
  if (o.follow !== undefined) {
    const clash = LEARNER_OPTIONS.find((name) => o[name] !== undefined);
    if (clash !== undefined) throw new UsageError(`--${clash} does not apply with --follow: the learner runs elsewhere`);
  }
  if (url === undefined) {
    for (const name of ['model', 'bucket', 'nats-token-file', 'nats-creds'] as const) {
      if (o[name] !== undefined) throw new UsageError(`--${name} needs --follow URL or --publish URL`);
    }
    return undefined;
  }
  if (o.model === undefined) throw new UsageError(`--${o.follow === undefined ? 'publish' : 'follow'} needs --model NAME`);
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(o.model)) throw new UsageError(`--model: ${JSON.stringify(o.model)} is not a model name (letters, digits, "_" or "-")`);
  if (o.bucket !== undefined && o.follow === undefined) throw new UsageError('--bucket only applies with --follow');
  return {
    role: o.follow === undefined ? 'publish' : 'follow',
    url,
    model: o.model,
    bucket: o.bucket,
    tokenFile: o['nats-token-file'],
    credsFile: o['nats-creds'],
  };
}

/** Parsed `rxlogit serve` options, before checks. */
export type ServeOptions = ParsedOptions<typeof SERVE_OPTIONS>;

function portFromEnv(text: string | undefined): number {
  if (text === undefined || text === '') return 8080;
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(port <= 65535)) throw new UsageError(`$PORT must be an integer from 0 to 65535, got ${JSON.stringify(text)}`);
  return port;
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text;
}
