// `serve`'s access options: token files (a --token shows in `ps`), the
// allowed browser origins and Host names, and the warning when the learner is
// readable by anyone who can reach the port.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { runServe } from '../../src/cli/serve.js';
import { parseServeArgs } from '../../src/cli/serve-options.js';
import { upgradeStatus } from '../server/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'rxlogit-serve-access-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const sink = () => ({ text: '', write(t: string) { this.text += t; return true; } });

describe('serve access options', () => {
  it('reads the tokens from files (first line, trimmed), before the environment', () => {
    const write = file('write', '  file-token-1  \nsecond line\n');
    const read = file('read', 'file-read-1\r\n');
    const env = { RXLOGIT_TOKEN: 'env-token-1', RXLOGIT_READ_TOKEN: 'env-read-1' };
    expect(parseServeArgs(['--token-file', write, '--read-token-file', read], env)).toMatchObject({ token: 'file-token-1', readToken: 'file-read-1' });
    expect(parseServeArgs([], env)).toMatchObject({ token: 'env-token-1', readToken: 'env-read-1' });
  });

  it('says what is wrong with a token file, an origin or a host name', () => {
    const cases: [string[], RegExp][] = [
      [['--token-file', join(dir, 'missing')], /--token-file: cannot read ".*missing": ENOENT/],
      [['--read-token-file', dir], /--read-token-file: cannot read .*EISDIR/],
      [['--token-file', file('empty', '\n\n')], /--token-file: ".*empty" holds no token on its first line/],
      [['--token-file', file('short', 'abc\n')], /at least 8 characters/],
      [['--token', 'flag-token-1', '--token-file', file('w2', 'file-token-2')], /--token and --token-file: give one of them/],
      [['--origin', 'evil.example'], /--origin: expected an origin such as http:\/\/host:port \(or \*\), got "evil.example"/],
      [['--allowed-host', 'http://x'], /--allowed-host: expected a host name/],
      [['--allowed-host', 'a,,b'], /--allowed-host: empty value/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseServeArgs(argv), argv.join(' ')).toThrow(UsageError);
      expect(() => parseServeArgs(argv), argv.join(' ')).toThrow(message);
    }
    expect(parseServeArgs(['--allowed-host', 'a.lan', '--allowed-host=.b.lan,c.lan', '--origin', '*']).allowedHosts).toEqual(['a.lan', '.b.lan', 'c.lan']);
  });

  it('says in --help to prefer the token file or the environment over --token', async () => {
    const out = sink();
    await runServe(['--help'], { stdin: process.stdin, stdout: out, stderr: sink() });
    expect(out.text).toMatch(/--token-file PATH/);
    expect(out.text).toMatch(/--token T\s+write token.*visible in ps: prefer --token-file or \$RXLOGIT_TOKEN/);
    expect(out.text).toMatch(/--allowed-host NAME/);
    expect(out.text).toMatch(/--origin ORIGIN.*\(default same origin only\)/);
  });

  it('serves with the token from the file, and passes the allowed hosts and origins to the server', async () => {
    const session = (await runServe(['--port', '0', '--source', 'none', '--token-file', file('w3', 'file-token-3\n'), '--origin', 'http://app.test'], { stdin: process.stdin, stdout: sink(), stderr: sink() }))!;
    try {
      expect(session.server.token).toBe('file-token-3');
      expect(await upgradeStatus(session.server.url, { origin: 'http://app.test' })).toBe(101);
      expect(await upgradeStatus(session.server.url, { origin: 'http://other.test' })).toBe(403);
    } finally {
      await session.close();
    }
  });
});
