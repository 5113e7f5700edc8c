import type { Readable } from 'node:stream';
import { Subject } from 'rxjs';
import type { Observable, Subscription } from 'rxjs';
import type { Sample } from '../core/index.js';
import { openSampleFile } from '../data/sample-file.js';
import { readSampleChunks } from '../data/sample-lines.js';
import type { SampleChunk } from '../data/sample-lines.js';
import { startServer } from '../server/create-server.js';
import type { RunningServer } from '../server/create-server.js';
import { OnlineLearner } from '../stream/online-learner.js';
import type { LearnerConfig } from '../stream/learner-config.js';
import { gaussianSamples } from '../stream/sources/gaussian-samples.js';
import { fromAsyncSamples } from '../stream/sources/from-async-samples.js';
import { formatHelp, UsageError } from './args.js';
import type { CliCommand, CliIo } from './command.js';
import { parseServeArgs, SERVE_OPTIONS } from './serve-options.js';
import type { ServeConfig } from './serve-options.js';

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
  /** Stops the source, closes every client with 1001 and the server, then the learner (final checkpoint). */
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
  const fileChunks = await openSource(config, io.stdin);
  const learner = new OnlineLearner(learnerConfig(config));
  const sourceRejected = new Subject<unknown>();
  let server: RunningServer;
  try {
    server = await startServer({
      learner,
      rejected$: sourceRejected,
      describe: describeConfig(config),
      port: config.port,
      host: config.host,
      ...(config.token === undefined ? {} : { token: config.token }),
      ...(config.readToken === undefined ? {} : { readToken: config.readToken }),
      origins: config.origins,
      maxPayload: config.maxPayload,
      maxMessagesPerSecond: config.maxMessagesPerSecond,
      bufferLimit: config.bufferLimit,
      stallTimeoutMs: config.stallTimeoutMs,
      heartbeatMs: config.heartbeatMs,
      defaultRate: config.stepsRate,
      log: (line) => io.stderr.write(`rxlogit serve: ${line}\n`),
    });
  } catch (error) {
    await fileChunks?.return(undefined);
    await learner.close();
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
            error: (error: unknown) => io.stderr.write(`rxlogit serve: the source failed: ${(error as Error).message}\n`),
            complete: () => io.stderr.write(`rxlogit serve: the source ended (${learner.currentStep().n} samples learned); still serving\n`),
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
      await learner.close();
      throw error;
    }
  }
  io.stdout.write(`rxlogit serve: dashboard at ${server.dashboardUrl}\n`);
  let closed: Promise<void> | undefined;
  return {
    server,
    learner,
    config,
    close: () =>
      (closed ??= (async () => {
        subscription?.unsubscribe();
        await stopPublishing?.();
        await server.close();
        await learner.close();
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
    let session: { close(): Promise<void> } | undefined;
    try {
      const serveIo = { ...io, env: process.env };
      const parsed = parseServeArgs(argv, process.env);
      session = parsed.nats?.role === 'follow' && !parsed.help ? await (await import('./serve-nats.js')).runFollow(parsed, serveIo) : await runServe(argv, serveIo);
    } catch (error) {
      // Expected failures get one clear line and exit code 1, no stack trace.
      if (error instanceof Error && EXPECTED.has(error.name)) {
        io.stderr.write(`rxlogit serve: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    if (session === undefined) return 0;
    await new Promise<void>((resolve) => {
      const onSignal = (signal: NodeJS.Signals): void => {
        io.stderr.write(`rxlogit serve: ${signal}: closing clients and saving…\n`);
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
        process.once('SIGINT', () => process.exit(130));
        resolve();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    await session.close();
    return 0;
  },
};

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

/** Opens the file or stdin before the server starts, so a missing file fails at once. */
async function openSource(c: ServeConfig, stdin: Readable): Promise<AsyncGenerator<SampleChunk, void, undefined> | undefined> {
  if (c.source !== 'jsonl' && c.source !== 'stdin') return undefined;
  const path = c.source === 'stdin' ? '-' : c.input!;
  const { readable } = await openSampleFile(path, { stdin });
  return readSampleChunks(readable, { format: 'jsonl', skipInvalid: true, width: c.inputs });
}

/** The seeded generator, drifting, at its rate. */
function generatorSamples(c: ServeConfig): Observable<Sample> {
  const drift = c.driftPeriod > 0 ? { drift: { period: c.driftPeriod } } : {};
  return gaussianSamples({ seed: c.seed, order: 'shuffled', ...drift, ...(c.rate === undefined ? {} : { rate: c.rate }) });
}

/**
 * A file's (or stdin's) samples as batches of at most 1,000, at `rate`
 * samples per second or as fast as read, pulled from the reader (so the file
 * is never read ahead of the learner). Invalid lines are reported and skipped.
 */
function pacedBatches(chunks: AsyncGenerator<SampleChunk, void, undefined>, rate: number | undefined, rejected: Subject<unknown>): Observable<Sample[]> {
  async function* batches(): AsyncGenerator<Sample[], void, undefined> {
    const start = performance.now();
    let sent = 0;
    for await (const chunk of chunks) {
      for (const invalid of chunk.invalid) rejected.next(invalid);
      const samples = chunk.samples;
      for (let i = 0; i < samples.length; ) {
        let take = 1000;
        if (rate !== undefined) {
          const due = Math.floor(((performance.now() - start) * rate) / 1000);
          if (due - sent > rate) sent = due - Math.ceil(rate); // after a stall, skip ahead rather than burst
          take = Math.min(take, due - sent);
          if (take <= 0) {
            await sleep(Math.max(16, 1000 / rate));
            continue;
          }
        }
        const batch = samples.slice(i, i + take);
        i += batch.length;
        sent += batch.length;
        yield batch;
        if (rate === undefined) await new Promise((resolve) => setImmediate(resolve)); // let the server breathe
      }
    }
  }
  return fromAsyncSamples(batches());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
