import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/entry.ts', import.meta.url));

/** One event a `rxlogit learn --json` process printed. */
export interface LearnEvent {
  event: string;
  time: number;
  sequence?: number;
  seen?: number;
  revision?: number;
  holder?: string;
}

/** A `rxlogit learn` child process (run with `node --import tsx`), its events and its stderr. */
export interface LearnerChild {
  readonly child: ChildProcess;
  readonly events: LearnEvent[];
  stderr: string;
  /** Resolves with the first event (from the start) that matches; rejects after `timeoutMs` or when the process exits first. */
  waitFor(match: (e: LearnEvent) => boolean, timeoutMs?: number): Promise<LearnEvent>;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (clean stop: final checkpoint, lease released), and wait for the exit code. */
  stop(): Promise<number | null>;
  readonly exited: Promise<number | null>;
}

/**
 * Starts `rxlogit learn --json ARGS` in a child process.
 *
 * @example
 * ```ts
 * const l = startLearner(['--from', url, '--consumer', 'c', '--model', 'm']);
 * await l.waitFor((e) => e.event === 'leader');
 * await l.kill();
 * ```
 */
export function startLearner(args: readonly string[], env: NodeJS.ProcessEnv = process.env): LearnerChild {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'learn', '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const events: LearnEvent[] = [];
  const waiters: { match: (e: LearnEvent) => boolean; resolve: (e: LearnEvent) => void }[] = [];
  let buffer = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buffer += d;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let e: LearnEvent;
      try {
        e = JSON.parse(line) as LearnEvent;
      } catch {
        continue;
      }
      events.push(e);
      for (const w of waiters.slice()) {
        if (w.match(e)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(e);
        }
      }
    }
  });
  const self: LearnerChild = {
    child,
    events,
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    waitFor(match, timeoutMs = 60_000) {
      const found = events.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`learner: no matching event in ${timeoutMs} ms; stderr:\n${self.stderr}`)), timeoutMs);
        waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
        void self.exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`learner exited (${code}) before the event; stderr:\n${self.stderr}`));
        });
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await self.exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return self.exited;
    },
  };
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    if (self.stderr.length < 100_000) self.stderr += d;
  });
  return self;
}
