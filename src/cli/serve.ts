import { Subject } from 'rxjs';
import type { Subscription } from 'rxjs';
import { startServer } from '../server/create-server.js';
import type { RunningServer } from '../server/create-server.js';
import { createLogger } from '../server/logger.js';
import type { Logger } from '../server/logger.js';
import { probeCheckpointTarget } from '../io/probe-checkpoint-target.js';
import { OnlineLearner } from '../stream/online-learner.js';
import type { LearnerConfig } from '../stream/learner-config.js';
import { formatHelp, UsageError } from './args.js';
import { logCheckpoints } from './checkpoint-log.js';
import type { CliCommand, CliIo } from './command.js';
import { parseServeArgs, SERVE_OPTIONS } from './serve-options.js';
import type { ServeConfig } from './serve-options.js';
import { generatorSamples, openSource, pacedBatches } from './serve-sources.js';
import { startServeEvents } from './serve-events.js';
import type { ServeEvents } from './serve-events.js';

const USAGE = 'rxlogit serve [options]';
const SUMMARY = `Serves a live learner on one port: the dashboard at /, the WebSocket stream at /ws.
With no options, a seeded two-class stream drifting slowly feeds the learner at
200 samples/s. Clients with the write token (printed in the dashboard's address)
may send samples and controls. Stop with Ctrl-C: clients are closed, a final
checkpoint is written (with --checkpoint), and the exit code is 0.`;

/** Where `serve` reads stdin and writes, and the environment it reads. */
export interface ServeIo extends CliIo {
  /** `PORT`, `RXLOGIT_TOKEN`, `RXLOGIT_READ_TOKEN` (default none). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A running `serve`: the server, the learner, and how to stop both. */
export interface ServeSession {
  readonly server: RunningServer;
  readonly learner: OnlineLearner;
  readonly config: ServeConfig;
  /** Where the session logs (stderr, as text or JSON). */
  readonly logger: Logger;
  /**
   * Stops the source, closes every client with 1001 and the server, then the
   * learner (final checkpoint).
   *
   * @throws CheckpointError (as a rejection) when the final checkpoint cannot be written
   */
  close(): Promise<void>;
}

/**
 * Starts `rxlogit serve` in-process and prints the dashboard's address (with
 * the write token, the only place it is ever printed) on stdout. Resolves once
 * the server listens; `close()` shuts it down.
 *
 * @param argv - the arguments after `serve`
 * @param io - stdin (for `--source stdin`), stdout, stderr and env
 * @returns the session, or `undefined` after printing `--help`
 * @throws UsageError for bad options; an Error with `code: 'EADDRINUSE'` when the port is taken
 * @example
 * ```ts
 * const session = await runServe(['--port', '0', '--source', 'none'], { stdin, stdout, stderr, env: {} });
 * await session?.close();
 * ```
 */
export async function runServe(argv: readonly string[], io: ServeIo): Promise<ServeSession | undefined> {
  const config = parseServeArgs(argv, io.env ?? {});
  if (config.help) {
    io.stdout.write(formatHelp(USAGE, SUMMARY, SERVE_OPTIONS));
    return undefined;
  }
  if (config.nats?.role === 'follow') throw new UsageError('--follow starts a gateway without a learner: use runFollow (rxlogit serve does)');
  const logger = createLogger({ format: config.logFormat, write: (line) => io.stderr.write(line), prefix: 'rxlogit serve' });
  // Acknowledging samples that cannot be saved would lose them silently: refuse to start instead.
  if (config.checkpoint !== undefined) await probeCheckpointTarget(config.checkpoint);
  // Before anything listens: an event checkpoint that cannot be read or written stops the start.
  const events: ServeEvents | undefined = config.events === undefined ? undefined : await startServeEvents(config.events, logger);
  const fileChunks = await openSource(config, io.stdin).catch(async (error: unknown) => {
    await events?.stop().catch(() => undefined);
    throw error;
  });
  const learner = new OnlineLearner(learnerConfig(config));
  const checkpointLog = logCheckpoints(learner.checkpoints$, logger);
  const sourceRejected = new Subject<unknown>();
  let server: RunningServer;
  try {
    server = await startServer({
      learner,
      ...(events === undefined ? {} : { events: events.learner }),
      rejected$: sourceRejected,
      describe: describeConfig(config),
      port: config.port,
      host: config.host,
      ...(config.token === undefined ? {} : { token: config.token }),
      ...(config.readToken === undefined ? {} : { readToken: config.readToken }),
      origins: config.origins,
      allowedHosts: config.allowedHosts,
      maxPayload: config.maxPayload,
      maxMessagesPerSecond: config.maxMessagesPerSecond,
      bufferLimit: config.bufferLimit,
      stallTimeoutMs: config.stallTimeoutMs,
      heartbeatMs: config.heartbeatMs,
      ...(config.readerRowsPerSecond === undefined ? {} : { readerRowsPerSecond: config.readerRowsPerSecond }),
      ...(config.writerRowsPerSecond === undefined ? {} : { writerRowsPerSecond: config.writerRowsPerSecond }),
      ...(config.readerMaxPredictRows === undefined ? {} : { readerMaxPredictRows: config.readerMaxPredictRows }),
      defaultRate: config.stepsRate,
      log: (line) => logger.log('error', 'server-error', line),
      onEvent: (e) => logger.log(e.level, e.event, e.message, e.fields),
    });
  } catch (error) {
    await fileChunks?.return(undefined);
    await learner.close().catch(() => undefined); // the listen error is the one to report
    await events?.stop().catch(() => undefined);
    checkpointLog.unsubscribe();
    throw error;
  }
  // The generator is endless: the learner learns from it directly. A file or
  // stdin ends, and the learner must outlive it (clients may still send
  // samples), so its batches are pushed instead.
  const subscription: Subscription | undefined =
    config.source === 'generator'
      ? learner.learnFrom(generatorSamples(config), { trusted: true, name: 'generator' })
      : fileChunks === undefined
        ? undefined
        : pacedBatches(fileChunks, config.rate, sourceRejected).subscribe({
            next: (batch) => learner.push(batch),
            error: (error: unknown) => logger.log('error', 'source-failed', `the source failed: ${(error as Error).message}`, { source: config.source }),
            complete: () =>
              logger.log('info', 'source-ended', `the source ended (${learner.currentStep().n} samples learned); still serving`, {
                source: config.source,
                n: learner.currentStep().n,
              }),
          });
  let stopPublishing: (() => Promise<void>) | undefined;
  if (config.nats?.role === 'publish') {
    try {
      // Loaded only here: a plain serve never loads the NATS client.
      const { startPublishing } = await import('./serve-nats.js');
      stopPublishing = await startPublishing(config.nats, learner, io);
    } catch (error) {
      subscription?.unsubscribe();
      await server.close();
      checkpointLog.unsubscribe();
      await learner.close().catch(() => undefined); // the NATS error is the one to report
      await events?.stop().catch(() => undefined);
      throw error;
    }
  }
  io.stdout.write(`rxlogit serve: dashboard at ${server.dashboardUrl}\n`);
  logger.log('info', 'start', `listening on ${server.url} (source ${config.source}${config.checkpoint === undefined ? '' : `, checkpoint ${config.checkpoint}`})`, {
    url: server.url,
    port: server.port,
    host: server.host,
    source: config.source,
    checkpoint: config.checkpoint ?? null,
    n: learner.currentStep().n,
  });
  let closed: Promise<void> | undefined;
  return {
    server,
    learner,
    config,
    logger,
    close: () =>
      (closed ??= (async () => {
        subscription?.unsubscribe();
        await stopPublishing?.();
        await server.close();
        // A failing final write is the caller's to report (close rejects), once.
        checkpointLog.unsubscribe();
        // Both final checkpoints are attempted; the first failure is the one reported.
        const results = await Promise.allSettled([learner.close(), events?.stop()]);
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed !== undefined) throw failed.reason;
      })()),
  };
}

/** Failures that are the user's to fix (a port in use, a missing file, a foreign checkpoint). */
const EXPECTED = new Set(['ListenError', 'SampleSourceError', 'CheckpointError', 'BrokerAddressError', 'ServeNatsError']);

/**
 * `rxlogit serve` for the command table: runs until SIGINT or SIGTERM, then
 * shuts down gracefully and returns 0. A second signal exits at once. A port
 * in use, a missing input file or a foreign checkpoint is one line on stderr
 * and exit code 1; bad options throw `UsageError` (exit 2 in `runCli`).
 *
 * @example
 * ```ts
 * const COMMANDS: readonly CliCommand[] = [trainCommand, serveCommand];
 * ```
 */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve a live learner: the dashboard at /, the WebSocket stream at /ws',
  run: async (argv, io) => {
    // A gateway (--follow) has no learner of its own, hence no checkpoint and no count to report.
    let session: { close(): Promise<void>; readonly logger?: Logger; readonly learner?: { currentStep(): { readonly n: number } }; readonly config?: ServeConfig } | undefined;
    try {
      const serveIo = { ...io, env: process.env };
      const parsed = parseServeArgs(argv, process.env);
      session = parsed.nats?.role === 'follow' && !parsed.help ? await (await import('./serve-nats.js')).runFollow(parsed, serveIo) : await runServe(argv, serveIo);
    } catch (error) {
      // Expected failures get one clear line and exit code 1, no stack trace.
      if (error instanceof Error && EXPECTED.has(error.name)) {
        startLogger(argv, io).log('error', 'start-failed', error.message, { error: error.name });
        return 1;
      }
      throw error;
    }
    if (session === undefined) return 0;
    const logger = session.logger ?? startLogger(argv, io);
    const learned = (): number | undefined => session.learner?.currentStep().n;
    await new Promise<void>((resolve) => {
      const onSignal = (signal: NodeJS.Signals): void => {
        logger.log('info', 'stop', `${signal}: closing clients and saving…`, { signal });
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
        process.once('SIGINT', () => process.exit(130));
        resolve();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    try {
      await session.close();
    } catch (error) {
      // The one thing a stop can fail at: the final checkpoint. Say it in one line, exit 1.
      if (!(error instanceof Error && error.name === 'CheckpointError')) throw error;
      const n = learned();
      logger.log('error', 'stop-failed', `stopped, but the final checkpoint failed: ${error.message}; the samples learned since the last checkpoint written are lost (${n} learned in all)`, {
        n,
        error: error.message,
      });
      return 1;
    }
    const n = learned();
    const saved = session.config?.checkpoint === undefined ? '' : ', final checkpoint written';
    logger.log('info', 'stopped', n === undefined ? 'stopped' : `stopped: ${n} samples learned${saved}`, { n: n ?? null });
    return 0;
  },
};

/** A logger for failures before the session has one: JSON when the arguments ask for it. */
function startLogger(argv: readonly string[], io: CliIo): Logger {
  const at = argv.findIndex((a) => a === '--log-format' || a.startsWith('--log-format='));
  const value = at < 0 ? undefined : argv[at]!.includes('=') ? argv[at]!.split('=')[1] : argv[at + 1];
  return createLogger({ format: value === 'json' ? 'json' : 'text', write: (line) => io.stderr.write(line), prefix: 'rxlogit serve' });
}

function learnerConfig(c: ServeConfig): LearnerConfig {
  return {
    inputs: c.inputs,
    bias: c.bias,
    mode: c.mode,
    batchSize: c.batchSize,
    schedule: { kind: 'constant', lr: c.lr },
    ...(c.emitEveryMs > 0 ? { emitEvery: { ms: c.emitEveryMs } } : {}),
    ...(c.checkpoint === undefined
      ? {}
      : {
          checkpoint: {
            path: c.checkpoint,
            everyMs: c.checkpointEveryMs,
            ...(c.checkpointEverySamples === undefined ? {} : { everySamples: c.checkpointEverySamples }),
          },
        }),
  };
}

/** What `hello.config` tells clients (no tokens, no paths). */
function describeConfig(c: ServeConfig): Record<string, unknown> {
  return {
    source: c.source,
    ...(c.rate === undefined ? {} : { rate: c.rate }),
    ...(c.source === 'generator' ? { seed: c.seed, driftPeriod: c.driftPeriod } : {}),
    mode: c.mode,
    ...(c.mode === 'minibatch' ? { batchSize: c.batchSize } : {}),
    lr: c.lr,
    schedule: { kind: 'constant', lr: c.lr },
    bias: c.bias,
    inputs: c.inputs,
    emitEveryMs: c.emitEveryMs,
    checkpoint: c.checkpoint !== undefined,
  };
}
