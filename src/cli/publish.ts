import { BrokerAddressError, parseBrokerAddress } from '../broker/broker-address.js';
import { connectBroker } from '../broker/connect-broker.js';
import { newMsgIdPrefix, publishMessages, PublishError } from '../broker/publish-messages.js';
import type { OutgoingMessage, PublishTotals } from '../broker/publish-messages.js';
import { sampleMessages } from '../broker/sample-messages.js';
import { openSampleFile } from '../data/sample-file.js';
import { readSampleBlocks } from '../data/sample-lines.js';
import { SampleLineError } from '../data/sample-validation.js';
import type { SampleParseError } from '../data/sample-validation.js';
import { formatHelp } from './args.js';
import type { CliCommand, CliIo } from './command.js';
import { createProgressBar } from './progress-bar.js';
import { parsePublishArgs, PUBLISH_OPTIONS } from './publish-options.js';

const USAGE = 'rxlogit publish --to nats://HOST:PORT --subject SUBJ --input FILE|- [options]';
const SUMMARY = `Publishes a sample file to a JetStream subject, as JSON Lines messages of
--samples-per-message samples, waiting for the stream's acknowledgement of each
(at most --max-in-flight unacknowledged). A stream must store the subject
(rxlogit learn --create makes one). Each message is stored once and, unless
--shared-stream, in the file's order: each carries a message id (ID:1, ID:2, …)
and expects the stream to end at its predecessor, so this must be the stream's
only writer. While the stream does not answer (its leader is being re-elected,
the server restarts) publishing pauses and resumes from the first message not
stored, for up to --patience-ms. A failed run prints its message id prefix: a
re-run with --msg-id-prefix stores nothing twice (within the stream's duplicate
window, 2 min by default). Credentials come from the URL, --token-file, --creds
or $RXLOGIT_NATS_TOKEN / $RXLOGIT_NATS_USER + $RXLOGIT_NATS_PASSWORD /
$RXLOGIT_NATS_CREDS, and are never printed. An invalid line stops the run
(exit 1) unless --skip-invalid; the samples before it stay published.
Exit codes: 0 all acknowledged, 1 failed, 2 bad usage.`;

/** Errors that are the user's to fix: one line, no stack trace. */
const EXPECTED = new Set(['BrokerAddressError', 'SampleSourceError', 'PublishError', 'PublishRunError']);

class PublishRunError extends Error {
  override readonly name = 'PublishRunError';
}

/**
 * `rxlogit publish`: reads samples with the project's readers and publishes
 * them to JetStream, printing what was acknowledged (or one JSON object with `--json`).
 *
 * @param argv - the arguments after `publish`
 * @param io - stdin (for `--input -`), stdout, stderr (progress bar on a terminal)
 * @returns 0 when every message was acknowledged, 1 on a failure (printed on stderr)
 * @throws UsageError for bad options (exit 2)
 * @example
 * ```ts
 * await runPublish(['--to', 'nats://127.0.0.1:4222', '--subject', 'samples.in', '--input', 'a.jsonl'], io);
 * ```
 */
export async function runPublish(argv: readonly string[], io: CliIo, env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const config = parsePublishArgs(argv);
  if (config.help) {
    io.stdout.write(formatHelp(USAGE, SUMMARY, PUBLISH_OPTIONS));
    return 0;
  }
  try {
    const address = parseBrokerAddress(config.to, {
      env,
      ...(config.tokenFile === undefined ? {} : { tokenFile: config.tokenFile }),
      ...(config.creds === undefined ? {} : { credsFile: config.creds }),
    });
    const source = await openSampleFile(config.input, { stdin: io.stdin });
    const nc = await connectBroker(address, { name: 'rxlogit publish', reconnectForever: false }).catch((error: unknown) => {
      source.readable.destroy();
      throw new PublishRunError((error as Error).message);
    });
    const started = performance.now();
    const bar = createProgressBar(io.stderr);
    const invalid: SampleParseError[] = [];
    let invalidCount = 0;
    let bytesRead = 0;
    const maxPayload = nc.info?.max_payload ?? Infinity;
    const chunks = readSampleBlocks(source.readable, { format: config.format, skipInvalid: config.skipInvalid });
    const messages = checkSize(
      sampleMessages(chunks, {
        samplesPerMessage: config.samplesPerMessage,
        onInvalid: (lines) => {
          invalidCount += lines.length;
          for (const e of lines) if (invalid.length < 10) invalid.push(e);
        },
        onBytes: (b) => (bytesRead = b),
      }),
      maxPayload,
    );
    const msgIdPrefix = config.msgIdPrefix ?? newMsgIdPrefix();
    let waiting = false;
    let totals: PublishTotals;
    let acked: PublishTotals = { messages: 0, samples: 0, stream: undefined, lastSequence: undefined };
    try {
      totals = await publishMessages(nc, config.subject, messages, {
        maxInFlight: config.maxInFlight,
        ackTimeoutMs: config.ackTimeoutMs,
        patienceMs: config.patienceMs,
        msgIdPrefix,
        sharedStream: config.sharedStream,
        onRetry: ({ label, error }) => {
          if (waiting) return;
          waiting = true;
          bar.clear();
          io.stderr.write(`rxlogit publish: ${label}: the stream does not answer (${error.message}); resending from it, in order, for up to ${Math.round(config.patienceMs / 1000)} s\n`);
        },
        onAck: (t) => {
          if (waiting) io.stderr.write(`rxlogit publish: the stream answers again (${t.messages} messages acknowledged)\n`);
          waiting = false;
          acked = t;
          bar.update(bytesRead, source.size ?? 0, `${t.samples} samples acknowledged`);
        },
      });
    } catch (error) {
      bar.clear();
      await nc.close();
      throw explain(error, config.input, acked, msgIdPrefix);
    }
    bar.clear();
    await nc.drain();
    const seconds = (performance.now() - started) / 1000;
    const rate = totals.samples / Math.max(seconds, 1e-9);
    const result = { subject: config.subject, stream: totals.stream ?? null, msgIdPrefix, messages: totals.messages, samples: totals.samples, lastSequence: totals.lastSequence ?? null, invalid: invalidCount, seconds, samplesPerSecond: rate };
    io.stdout.write(
      config.json
        ? `${JSON.stringify(result)}\n`
        : `published ${totals.samples} samples in ${totals.messages} messages to ${config.subject}` +
            `${totals.stream === undefined ? '' : ` (stream ${totals.stream}, last sequence ${totals.lastSequence})`}` +
            ` in ${seconds.toFixed(2)} s: ${Math.round(rate)} samples/s\n`,
    );
    if (invalidCount > 0) {
      io.stderr.write(`rxlogit publish: skipped ${invalidCount} invalid line${invalidCount === 1 ? '' : 's'}:\n`);
      for (const e of invalid) io.stderr.write(`  line ${e.line}: ${e.reason}\n`);
      if (invalidCount > invalid.length) io.stderr.write(`  … and ${invalidCount - invalid.length} more\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof Error && EXPECTED.has(error.name)) {
      io.stderr.write(`rxlogit publish: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** The `publish` subcommand. */
export const publishCommand: CliCommand = {
  name: 'publish',
  summary: 'publish a sample file to a NATS JetStream subject, with acknowledgements',
  run: (argv, io) => runPublish(argv, io),
};

async function* checkSize(messages: AsyncIterable<OutgoingMessage>, maxPayload: number): AsyncGenerator<OutgoingMessage, void, undefined> {
  for await (const m of messages) {
    if (m.data.length > maxPayload) {
      throw new PublishRunError(`the message of ${m.label} is ${m.data.length} bytes, over the server's max_payload of ${maxPayload}: lower --samples-per-message`);
    }
    yield m;
  }
}

/** One line saying what failed and how much is safely in the stream. */
function explain(error: unknown, input: string, acked: PublishTotals, msgIdPrefix: string): Error {
  if (error instanceof PublishError) {
    const a = error.acknowledged;
    return new PublishRunError(
      `${error.message}; ${a.samples} samples in ${a.messages} messages were acknowledged before it` +
        (a.messages > 0 ? `; to re-run without storing them again: --msg-id-prefix ${msgIdPrefix} (within the stream's duplicate window)` : ''),
    );
  }
  if (error instanceof SampleLineError) {
    return new PublishRunError(`${input === '-' ? 'stdin' : input}: ${error.message} (${acked.samples === 1 ? 'the 1 sample before it was' : `the ${acked.samples} samples before it were`} published and acknowledged; --skip-invalid skips such lines)`);
  }
  if (error instanceof BrokerAddressError || (error instanceof Error && EXPECTED.has(error.name))) return error as Error;
  return error instanceof Error ? error : new Error(String(error));
}
