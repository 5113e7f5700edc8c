/**
 * The `rxlogit` command line: dispatches to subcommands.
 *
 * @module
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from './args.js';
import type { CliCommand, CliIo } from './command.js';
import { serveCommand } from './serve.js';
import { publishCommand } from './publish.js';
import { trainCommand } from './train.js';

/** The subcommands. Add one with an import and an entry here. */
export const COMMANDS: readonly CliCommand[] = [trainCommand, serveCommand, publishCommand];

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
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    const what = name.startsWith('-') ? 'option' : 'command';
    io.stderr.write(`rxlogit: unknown ${what} ${JSON.stringify(name)}\n\n${mainHelp()}`);
    return 2;
  }
  try {
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

/** True when this process was started as the CLI (bin/rxlogit.js or this file), not imported by a test. */
function startedAsCli(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    const real = realpathSync(script);
    const here = fileURLToPath(import.meta.url);
    const bin = fileURLToPath(new URL('../../bin/rxlogit.js', import.meta.url));
    return real === here || real === bin || real === here.replace(/\.ts$/, '.js');
  } catch {
    return false;
  }
}

if (startedAsCli()) {
  // A closed pipe (`rxlogit train … | head -1`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = await runCli(process.argv.slice(2));
}
