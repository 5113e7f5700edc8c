import type { Readable } from 'node:stream';
import type { ProgressOutput } from './progress-bar.js';

/** A writable text stream: `process.stdout`, `process.stderr`, or a test's collector. */
export type CliOutput = ProgressOutput;

/** The streams a CLI run uses, so that tests can run commands in-process. */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
}

/**
 * One subcommand of `rxlogit`. Adding a subcommand is one import and one
 * entry in the table of `src/cli/main.ts`.
 *
 * @example
 * ```ts
 * const hello: CliCommand = { name: 'hello', summary: 'greet', run: async (argv, io) => (io.stdout.write('hi\n'), 0) };
 * ```
 */
export interface CliCommand {
  /** The word after `rxlogit`. */
  readonly name: string;
  /** One line for `rxlogit --help`. */
  readonly summary: string;
  /**
   * Runs the command with its arguments. Throws `UsageError` for bad usage
   * (exit 2) and any other error for a failure (exit 1); returns the exit code
   * otherwise. Handles its own `--help`.
   */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
