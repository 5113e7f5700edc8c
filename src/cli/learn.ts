import { parseBrokerAddress } from '../broker/broker-address.js';
import { connectBroker } from '../broker/connect-broker.js';
import { whileBrokerUnavailable } from '../broker/broker-unavailable.js';
import { KvModelStore } from '../broker/kv-model-store.js';
import { learnWithFailover } from '../broker/learn-with-failover.js';
import type { FailoverRole } from '../broker/learn-with-failover.js';
import { checkModelName } from '../broker/model-subjects.js';
import { prepareStream } from '../broker/prepare-stream.js';
import { publishStreamLearner } from '../broker/publish-stream-learner.js';
import { formatHelp, UsageError } from './args.js';
import type { CliCommand, CliIo } from './command.js';
import { LEARN_OPTIONS, parseLearnArgs } from './learn-options.js';

const USAGE = 'rxlogit learn --from nats://HOST:PORT --consumer C --model NAME [options]';
const SUMMARY = `Learns a model from a NATS JetStream stream, applying every sample exactly once:
a message is acknowledged only after a checkpoint holding all its samples is
in the KV bucket, and a restarted learner resumes at that checkpoint's stream
position. Run several on one model: one leads (a lease in the bucket), the
others wait and take over within 1.25 × --lease-ms of the leader's death.
A message is JSON Lines ({"x":[…],"t":0|1} per line) or a JSON array of
samples; invalid samples are counted and skipped, unparseable messages go to
rxlogit.<model>.dead with their reason, once per stream message (--create
makes the RXLOGIT_DEAD stream that deduplicates them). Stops cleanly (final checkpoint,
acks, lease released) on SIGINT/SIGTERM, and only then exits 0. A broker that
does not answer (a restart, a cluster electing leaders) is waited for; after
--patience-ms without an answer the learner gives up with exit 1. Credentials come from the URL,
--token-file, --creds or $RXLOGIT_NATS_TOKEN / $RXLOGIT_NATS_USER +
$RXLOGIT_NATS_PASSWORD / $RXLOGIT_NATS_CREDS, and are never printed.
Exit codes: 0 stopped cleanly, 1 failed, 2 bad usage.`;

/** Errors that are the user's to fix: one line, no stack trace. */
const EXPECTED = new Set(['BrokerAddressError', 'StreamSetupError', 'ModelStoreError', 'ModelNameError', 'CheckpointError', 'BrokerUnavailableError']);

/**
 * `rxlogit learn`: one learner process of a model fed by a JetStream consumer.
 *
 * @param argv - the arguments after `learn`
 * @param io - stdout (events with `--json`) and stderr (what happens)
 * @param signal - stops the learner like SIGINT (default: SIGINT and SIGTERM of this process)
 * @returns 0 after a clean stop, 1 on a failure (printed on stderr)
 * @throws UsageError for bad options (exit 2)
 * @example
 * ```ts
 * await runLearn(['--from', 'nats://127.0.0.1:4222', '--consumer', 'learner', '--model', 'demo', '--create'], io);
 * ```
 */
export async function runLearn(argv: readonly string[], io: CliIo, signal?: AbortSignal, env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const config = parseLearnArgs(argv);
  if (config.help) {
    io.stdout.write(formatHelp(USAGE, SUMMARY, LEARN_OPTIONS));
    return 0;
  }
  try {
    checkModelName(config.model);
  } catch (e) {
    throw new UsageError(`--model: ${(e as Error).message}`);
  }
  const event = (e: Record<string, unknown>): void => {
    if (config.json) io.stdout.write(`${JSON.stringify({ ...e, time: Date.now() })}\n`);
  };
  const say = (text: string): void => void io.stderr.write(`rxlogit learn: ${text}\n`);
  try {
    const address = parseBrokerAddress(config.from, {
      env,
      ...(config.tokenFile === undefined ? {} : { tokenFile: config.tokenFile }),
      ...(config.creds === undefined ? {} : { credsFile: config.creds }),
    });
    const nc = await connectBroker(address, { name: `rxlogit learn ${config.holder}` });
    try {
      const patience = { patienceMs: config.patienceMs };
      const prepare = { stream: config.stream, subject: config.subject, consumer: config.consumer, create: config.create, replicas: config.replicas, deadLetterSubject: `rxlogit.${config.model}.dead` };
      await whileBrokerUnavailable(`checking the stream "${config.stream}"`, () => prepareStream(nc, prepare), patience);
      const store = await whileBrokerUnavailable(
        `opening the KV bucket "${config.bucket}"`,
        () => KvModelStore.open(nc, { bucket: config.bucket, create: config.create, replicas: config.replicas }),
        patience,
      );
      // The leader's steps and status go out on rxlogit.<model>.steps|status for gateways (rxlogit serve --follow).
      let publishing: { stop(): void } | undefined;
      const learner = learnWithFailover({
        nc,
        store,
        stream: config.stream,
        consumer: config.consumer,
        model: config.model,
        holder: config.holder,
        leaseMs: config.leaseMs,
        patienceMs: config.patienceMs,
        onStepDown: (why) => say(`stepping down: ${why}`),
        checkpointEveryMessages: config.checkpointEveryMessages,
        checkpointEveryMs: config.checkpointEveryMs,
        worker: config.worker,
        learner: {
          inputs: config.inputs,
          bias: config.bias,
          mode: config.mode,
          batchSize: config.batchSize,
          schedule: { kind: 'constant', lr: config.lr },
        },
        onLeader: (l) => {
          publishing?.stop();
          publishing = publishStreamLearner(nc, l, { model: config.model, holder: config.holder, stream: config.stream, consumer: config.consumer });
          l.checkpoints$.subscribe((c) => event({ event: 'checkpoint', revision: c.revision, sequence: c.source.sequence, seen: c.seen, acked: c.acked }));
          let dead = 0;
          l.steps$.subscribe(() => {
            if (l.deadLetters === dead) return;
            dead = l.deadLetters;
            event({ event: 'dead-letters', count: dead });
          });
        },
      });
      learner.role$.subscribe((role: FailoverRole) => {
        if (role !== 'leader') {
          publishing?.stop();
          publishing = undefined;
        }
        event({ event: role, holder: config.holder });
        say(`${role} (${config.holder}) for model ${config.model} on ${address.display}, stream ${config.stream}, consumer ${config.consumer}`);
      });
      const stop = (): void => void learner.stop();
      const signals = signal === undefined ? (['SIGINT', 'SIGTERM'] as const) : [];
      for (const s of signals) process.once(s, stop);
      signal?.addEventListener('abort', stop, { once: true });
      try {
        await learner.done;
      } finally {
        for (const s of signals) process.off(s, stop);
        signal?.removeEventListener('abort', stop);
        publishing?.stop();
      }
    } finally {
      await nc.drain().catch(() => undefined);
    }
    return 0;
  } catch (error) {
    // Whatever ends a learner that was not told to stop ends it with exit 1 and one line saying why.
    if (error instanceof Error && EXPECTED.has(error.name)) say(error.message);
    else if (error instanceof Error) {
      say(`${error.name}: ${error.message}`);
      if (env.RXLOGIT_DEBUG === '1' && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    } else say(String(error));
    return 1;
  }
}

/** The `learn` subcommand. */
export const learnCommand: CliCommand = {
  name: 'learn',
  summary: 'learn a model from a NATS JetStream stream, exactly once, with failover',
  run: (argv, io) => runLearn(argv, io),
};
