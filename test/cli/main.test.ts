import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/rxlogit.js', import.meta.url));

describe('the command table', () => {
  it('lists each command with the name and summary of the module it loads', async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.summary).toBe(entry.summary);
    }
  });

  it('loads no command module for --help: no learner, server, ws or RxJS', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rxlogit-main-'));
    try {
      const hooks = join(dir, 'hooks.mjs');
      await writeFile(hooks, `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write(r.url + '\\n'); return r; }`);
      await writeFile(join(dir, 'trace.mjs'), `import { register } from 'node:module'; register(${JSON.stringify(`file://${hooks}`)});`);
      const { stdout, stderr } = await run(process.execPath, ['--import', join(dir, 'trace.mjs'), BIN, '--help'], { timeout: 60_000 });
      expect(stdout).toMatch(/^Usage: rxlogit <command>/);
      const loaded = stderr.split('\n').filter((l) => l.startsWith('file:'));
      expect(loaded.some((u) => u.endsWith('/dist/cli/main.js'))).toBe(true);
      for (const heavy of ['/dist/cli/train.js', '/dist/cli/serve.js', '/dist/server/', '/dist/stream/', '/node_modules/ws/', '/node_modules/rxjs/', '/node_modules/zod/']) {
        expect(loaded.filter((u) => u.includes(heavy)), heavy).toEqual([]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
