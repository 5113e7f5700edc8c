/**
 * The server of the crash tests, run as a child process:
 *
 *   node --import tsx test/hostile/crash-server.ts --checkpoint PATH --every-samples N --token T --lr MU [--max-messages-per-second R]
 *
 * An `OnlineLearner` (2 inputs, a bias, constant μ = MU, per-sample steps)
 * that resumes from PATH and saves to it every N samples, served by
 * `startServer` on 127.0.0.1, port 0. Prints `PORT <port>` once listening.
 * SIGTERM closes the server, then the learner (a final checkpoint), and exits 0;
 * SIGKILL is what the crash tests send.
 *
 * @module
 */
import { parseArgs } from '../../src/cli/args.js';
import { startServer } from '../../src/server/create-server.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';

const OPTIONS = {
  checkpoint: { kind: 'string', description: 'the checkpoint file' },
  'every-samples': { kind: 'integer', range: 'positive', description: 'samples between checkpoints' },
  token: { kind: 'string', description: 'the write token' },
  lr: { kind: 'number', range: 'positive', description: 'the constant learning rate' },
  'max-messages-per-second': { kind: 'number', range: 'positive', description: 'per client (default 50)' },
} as const;

async function main(): Promise<void> {
  const { options } = parseArgs(process.argv.slice(2), OPTIONS);
  if (options.checkpoint === undefined || options.token === undefined || options.lr === undefined) {
    throw new Error('crash-server needs --checkpoint PATH, --token T and --lr MU');
  }
  const learner = new OnlineLearner({
    inputs: 2,
    bias: true,
    mode: 'sample',
    schedule: { kind: 'constant', lr: options.lr },
    checkpoint: { path: options.checkpoint, ...(options['every-samples'] === undefined ? {} : { everySamples: options['every-samples'] }) },
  });
  const server = await startServer({
    learner,
    port: 0,
    token: options.token,
    ...(options['max-messages-per-second'] === undefined ? {} : { maxMessagesPerSecond: options['max-messages-per-second'] }),
  });
  process.once('SIGTERM', () => {
    void (async () => {
      await server.close();
      await learner.close();
      process.exit(0);
    })();
  });
  process.stdout.write(`PORT ${server.port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`crash-server: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
