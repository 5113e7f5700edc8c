/**
 * The `rxlogit` command line: dispatches to subcommands.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './args.js';
import type { CliCommand, CliIo } from './command.js';

/**
 * A subcommand as `rxlogit --help` lists it. Its modules are imported only
 * when it runs, so `rxlogit --help` (and every other command) loads no
 * server, no `ws` and no learner it does not use.
 */
export interface CommandEntry {
  /** The word after `rxlogit`; equal to the loaded command's `name` (tested). */
  readonly name: string;
  /** One line for `rxlogit --help`; equal to the loaded command's `summary` (tested). */
  readonly summary: string;
  /** Imports the command's module. */
  load(): Promise<CliCommand>;
}

/** The subcommands. Add one with an entry here: a dynamic `import()`, never a static one. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'train',
    summary: 'learn a logistic model from a JSON Lines or CSV sample file',
    load: async () => (await import('./train.js')).trainCommand,
  },
  {
    name: 'serve',
    summary: 'serve a live learner: the dashboard at /, the WebSocket stream at /ws',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  {
    name: 'publish',
    summary: 'publish a sample file to a NATS JetStream subject, with acknowledgements',
    load: async () => (await import('./publish.js')).publishCommand,
  },
  {
    name: 'learn',
    summary: 'learn a model from a NATS JetStream stream, exactly once, with failover',
    load: async () => (await import('./learn.js')).learnCommand,
  },
];

/**
 * Runs `rxlogit` with the given arguments, in-process.
 *
 * Prints errors on `io.stderr` as `rxlogit <command>: <message>` and returns
 * the exit code: 0 success, 1 failure (bad input, unreadable file…), 2 bad
 * usage (unknown command or option, invalid value).
 *
 * @param argv - the arguments after `rxlogit`, e.g. `['train', '--input', 'a.jsonl']`
 * @param io - stdin, stdout and stderr (default the process's)
 * @example
 * ```ts
 * const code = await runCli(['train', '--input', 'train.jsonl', '--json']);
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const out = name === undefined ? io.stderr : io.stdout;
    out.write(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (entry === undefined) {
    const what = name.startsWith('-') ? 'option' : 'command';
    io.stderr.write(`rxlogit: unknown ${what} ${JSON.stringify(name)}\n\n${mainHelp()}`);
    return 2;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`rxlogit ${name}: ${e.message}\n(see rxlogit ${name} --help)\n`);
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    const known = e instanceof Error && EXPECTED_ERRORS.has(e.name);
    io.stderr.write(`rxlogit ${name}: ${message}\n`);
    if (!known && e instanceof Error && e.stack !== undefined) io.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

/** Errors that describe bad input or files: printed without a stack trace. */
const EXPECTED_ERRORS = new Set(['TrainError', 'SampleLineError', 'SampleSourceError', 'ModelFileError']);

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`);
  return `Usage: rxlogit <command> [options]

Online logistic classification on streams.

Commands:
${lines.join('\n')}

Options:
  --help, -h     show this help (rxlogit <command> --help for a command's options)
  --version, -v  print the version
`;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return String(pkg.version);
}

function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}
