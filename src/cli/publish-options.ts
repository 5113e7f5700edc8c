import { formatFromPath, SAMPLE_FORMATS } from '../data/sample-format.js';
import type { SampleFormat } from '../data/sample-format.js';
import { parseArgs, UsageError } from './args.js';
import type { OptionSpecs } from './args.js';
import { DEFAULT_BROKER_PATIENCE_MS } from '../broker/broker-unavailable.js';

/** The options of `rxlogit publish`. */
export const PUBLISH_OPTIONS = {
  to: { kind: 'string', valueName: 'URL', description: 'the NATS server: nats://[user:pass@|token@]host:port (secrets are never printed)' },
  subject: { kind: 'string', valueName: 'SUBJ', description: 'the subject to publish on (a JetStream stream must store it)' },
  input: { kind: 'string', valueName: 'FILE', description: 'the samples: a JSON Lines or CSV file, or - for stdin' },
  format: { kind: 'choice', choices: SAMPLE_FORMATS, description: 'the input format', defaultText: 'csv for *.csv, else jsonl' },
  'samples-per-message': { kind: 'integer', range: 'positive', description: 'samples per message (JSON Lines)', defaultText: '1000' },
  'max-in-flight': { kind: 'integer', range: 'positive', description: 'messages published and not yet acknowledged, at most', defaultText: '64' },
  'ack-timeout-ms': { kind: 'integer', range: 'positive', description: 'time to wait for each acknowledgement', defaultText: '10000' },
  'patience-ms': { kind: 'integer', range: 'positive', description: 'while the stream does not answer (a leader election, a restart), keep retrying this long', defaultText: String(DEFAULT_BROKER_PATIENCE_MS) },
  'msg-id-prefix': { kind: 'string', valueName: 'ID', description: "message ids are ID:1, ID:2, …: a failed run's ID (printed) makes a re-run skip what it stored", defaultText: 'new each run' },
  'shared-stream': { kind: 'flag', description: 'let other writers publish to the stream meanwhile (a retried message may then be stored after later ones)' },
  'skip-invalid': { kind: 'flag', description: 'skip invalid lines (counted and reported) instead of stopping at the first' },
  'token-file': { kind: 'string', valueName: 'FILE', description: 'read the NATS token from this file', defaultText: '$RXLOGIT_NATS_TOKEN' },
  creds: { kind: 'string', valueName: 'FILE', description: 'a NATS .creds file', defaultText: '$RXLOGIT_NATS_CREDS' },
  json: { kind: 'flag', description: 'print the result as one JSON object' },
  help: { kind: 'flag', description: 'show this help' },
} as const satisfies OptionSpecs;

/** The most samples one message may carry (a message must stay under the server's max_payload, 1 MB by default). */
export const MAX_SAMPLES_PER_MESSAGE = 100_000;

/** `rxlogit publish`'s settings, checked. */
export interface PublishConfig {
  readonly to: string;
  readonly subject: string;
  readonly input: string;
  readonly format: SampleFormat;
  readonly samplesPerMessage: number;
  readonly maxInFlight: number;
  readonly ackTimeoutMs: number;
  readonly patienceMs: number;
  readonly msgIdPrefix: string | undefined;
  readonly sharedStream: boolean;
  readonly skipInvalid: boolean;
  readonly tokenFile: string | undefined;
  readonly creds: string | undefined;
  readonly json: boolean;
  readonly help: boolean;
}

/**
 * Parses and checks `rxlogit publish`'s arguments.
 *
 * @throws UsageError naming the option and what is wrong
 * @example
 * ```ts
 * parsePublishArgs(['--to', 'nats://127.0.0.1:4222', '--subject', 'samples.in', '--input', 'a.jsonl']).samplesPerMessage; // 1000
 * ```
 */
export function parsePublishArgs(argv: readonly string[]): PublishConfig {
  const { options: o, positionals } = parseArgs(argv, PUBLISH_OPTIONS);
  const help = o.help === true;
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])} (use --input FILE)`);
  if (!help) {
    for (const name of ['to', 'subject', 'input'] as const) if (o[name] === undefined) throw new UsageError(`--${name} is required`);
  }
  const subject = o.subject ?? '';
  if (!help && !/^[^\s.*>]+(\.[^\s.*>]+)*$/.test(subject)) {
    throw new UsageError(`--subject: ${JSON.stringify(subject)} is not a subject to publish on (dot-separated tokens, no spaces, no * or >)`);
  }
  const samplesPerMessage = o['samples-per-message'] ?? 1000;
  if (samplesPerMessage > MAX_SAMPLES_PER_MESSAGE) throw new UsageError(`--samples-per-message: at most ${MAX_SAMPLES_PER_MESSAGE}, got ${samplesPerMessage}`);
  const input = o.input ?? '-';
  if (o['msg-id-prefix'] !== undefined && !/^[\x21-\x7e]{1,200}$/.test(o['msg-id-prefix'])) {
    throw new UsageError('--msg-id-prefix: 1 to 200 printable characters, no spaces');
  }
  return {
    to: o.to ?? '',
    subject,
    input,
    format: (o.format as SampleFormat | undefined) ?? formatFromPath(input),
    samplesPerMessage,
    maxInFlight: o['max-in-flight'] ?? 64,
    ackTimeoutMs: o['ack-timeout-ms'] ?? 10_000,
    patienceMs: o['patience-ms'] ?? DEFAULT_BROKER_PATIENCE_MS,
    msgIdPrefix: o['msg-id-prefix'],
    sharedStream: o['shared-stream'] === true,
    skipInvalid: o['skip-invalid'] === true,
    tokenFile: o['token-file'],
    creds: o.creds,
    json: o.json === true,
    help,
  };
}
