/**
 * The `rxlogit` process: runs {@link runCli} on the process's arguments and
 * sets the exit code. `bin/rxlogit.js` imports the compiled copy of this file.
 * The only module of the package with a top-level `await`: the library's
 * entry points never import it, so `require('rxlogit')` works.
 *
 * @module
 */
import { runCli } from './main.js';

// A closed pipe (`rxlogit train … | head -1`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = await runCli(process.argv.slice(2));
