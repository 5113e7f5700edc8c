// Regressions: numeric options had no upper bound: --heartbeat-ms 3000000000
// overflowed Node's timer to 1 ms and dropped every client,
// --checkpoint-every-ms 3000000000 wrote thousands of checkpoints a second,
// --rate 1e308 spun at 100 % CPU. Every numeric option is now bounded, with a
// usage error naming it.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { runServe } from '../../src/cli/serve.js';
import { parseServeArgs } from '../../src/cli/serve-options.js';
import { resolveServerOptions } from '../../src/server/server-options.js';
import { makeLearner } from '../server/helpers.js';

describe('bounded serve options', () => {
  it('refuses a value over the maximum of every numeric option, naming it (timers, rates, sizes, counts)', () => {
    const cases: [string[], RegExp][] = [
      [['--heartbeat-ms', '3000000000'], /--heartbeat-ms/],
      [['--stall-timeout-ms', '2147483648'], /--stall-timeout-ms/],
      [['--checkpoint', 'm.json', '--checkpoint-every-ms', '3000000000'], /--checkpoint-every-ms/],
      [['--emit-every-ms', '2147483648'], /--emit-every-ms/],
      [['--rate', '1e308'], /--rate/],
      [['--rate', '1000001'], /--rate/],
      [['--lr', '1e7'], /--lr/],
      [['--steps-rate', '61'], /--steps-rate/],
      [['--max-payload', '268435457'], /--max-payload/],
      [['--buffer-limit', '1073741825'], /--buffer-limit/],
      [['--max-messages-per-second', '1e7'], /--max-messages-per-second/],
      [['--reader-rows-per-second', '1e10'], /--reader-rows-per-second/],
      [['--reader-max-predict-rows', '100001'], /--reader-max-predict-rows/],
      [['--drift-period', '1e13'], /--drift-period/],
      [['--port', '65536'], /--port/],
    ];
    for (const [argv, name] of cases) {
      expect(() => parseServeArgs(argv), argv.join(' ')).toThrow(UsageError);
      expect(() => parseServeArgs(argv), argv.join(' ')).toThrow(name);
    }
    // The largest values pass.
    expect(parseServeArgs(['--heartbeat-ms', '2147483647', '--rate', '1000000']).heartbeatMs).toBe(2147483647);
  });

  it('states the maxima in --help', async () => {
    const out = { text: '', write(t: string) { this.text += t; return true; } };
    await runServe(['--help'], { stdin: process.stdin, stdout: out, stderr: { write: () => true } });
    expect(out.text).toMatch(/--heartbeat-ms N[^\n]*at most 2,147,483,647/);
    expect(out.text).toMatch(/--rate X[^\n]*at most 1,000,000/);
  });

  it('bounds the server options API the same way', () => {
    const learner = makeLearner();
    for (const [name, value] of [['heartbeatMs', 3e9], ['stallTimeoutMs', 2 ** 31], ['viewIntervalMs', 1e10], ['maxPayload', 2 ** 29], ['gridSize', 401], ['historySize', 2e6], ['maxClients', 2e6], ['readerRowsPerSecond', 1e10]] as const) {
      expect(() => resolveServerOptions({ learner, [name]: value }), name).toThrow(new RegExp(`^${name} must be`));
    }
    expect(resolveServerOptions({ learner, heartbeatMs: 2 ** 31 - 1 }).heartbeatMs).toBe(2 ** 31 - 1);
    void learner.close();
  });
});
