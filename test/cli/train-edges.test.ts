/**
 * The command line's edges: limits, destinations, hostile input. Every
 * option error exits 2 naming the option and why; bad input exits 1 naming
 * the line.
 */
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

let dir: string;
const path = (name: string): string => join(dir, name);

async function run(argv: string[], stdin: Readable = Readable.from([])) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdin, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxlogit-edges-'));
  await writeFile(path('a.jsonl'), '{"x":[1,2],"t":1}\n{"x":[-1,-2],"t":0}\n');
});
afterAll(async () => {
  await chmod(dir, 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('rxlogit train: limits', () => {
  it('refuses --batch-size and --epochs past their limits with exit 2, and says the limits in --help', async () => {
    for (const [option, value] of [['--batch-size', '10000000'], ['--batch-size', '1e12'], ['--epochs', '1e12'], ['--epochs', '1000001']] as const) {
      const args = ['train', '--input', path('a.jsonl'), ...(option === '--batch-size' ? ['--mode', 'minibatch'] : []), option, value];
      const r = await run(args);
      expect(r.code, `${option} ${value}`).toBe(2);
      expect(r.stderr).toBe(`rxlogit train: ${option}: expected a positive integer at most 1,000,000, got "${value}"\n(see rxlogit train --help)\n`);
    }
    const ok = await run(['train', '--input', path('a.jsonl'), '--mode', 'minibatch', '--batch-size', '1000000', '--json']);
    expect(ok.code).toBe(0);
    const help = (await run(['train', '--help'])).stdout;
    expect(help).toMatch(/--batch-size N +samples per step in minibatch mode \(default 32, at most 1,000,000\)/);
    expect(help).toMatch(/--epochs N +passes over the data \(default 1, at most 1,000,000\)/);
    expect(help).toMatch(/--max-line-bytes BYTES +longest input line accepted.*\(default 8,388,608: 8 MiB, at most 1,073,741,824\)/);
  });

  it('exits 2 naming --init when it does not fit the samples', async () => {
    const r = await run(['train', '--input', path('a.jsonl'), '--init', '1,2,3,4']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rxlogit train: --init has 4 values but the samples have 2 features: give 2 weights/);
  });
});

describe('rxlogit train --save', () => {
  it('checks the destination before training: a missing folder, a path through a file', async () => {
    const never = new PassThrough(); // stdin that never ends: training would never finish
    const missing = await run(['train', '--input', '-', '--save', path('no/such/folder/m.json')], never);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `rxlogit train: --save: cannot save the model to "${path('no/such/folder/m.json')}": the folder "${path('no/such/folder')}" does not exist\n(see rxlogit train --help)\n`,
    );
    const through = await run(['train', '--input', '-', '--save', path('a.jsonl/m.json')], never);
    expect(through.code).toBe(2);
    expect(through.stderr).toMatch(/--save: cannot save the model to ".*a\.jsonl\/m\.json": ".*a\.jsonl" is not a folder/);
    never.destroy();
    expect((await readdir(dir)).filter((f) => f.includes('write-check'))).toEqual([]);
  });

  it('refuses a folder it may not write in (when not root: root writes anywhere)', async () => {
    if (process.getuid?.() === 0) return; // as root, the path-through-a-file case above stands for it
    const locked = path('locked');
    await import('node:fs/promises').then((fs) => fs.mkdir(locked));
    await chmod(locked, 0o500);
    const r = await run(['train', '--input', path('a.jsonl'), '--save', join(locked, 'm.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write in the folder ".*locked": permission denied/);
  });

  it('saves into a writable folder and leaves no probe file behind', async () => {
    const r = await run(['train', '--input', path('a.jsonl'), '--save', path('m.json')]);
    expect(r.code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['a.jsonl', 'locked', 'm.json'].filter((f) => f !== 'locked' || process.getuid?.() !== 0));
  });
});

describe('rxlogit train: input edges', () => {
  it('stops at a line over the maximum length, naming it, and takes it with a higher limit', async () => {
    const long = `{"x":[${Array.from({ length: 400 }, () => '1.5').join(',')}],"t":1}`; // 1,612 bytes
    await writeFile(path('long.jsonl'), `{"x":[1],"t":1}\n{"x":[2],"t":0}\n${long}\n`);
    const r = await run(['train', '--input', path('long.jsonl'), '--max-line-bytes', '1000']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `rxlogit train: ${path('long.jsonl')}: line 3: longer than 1,000 bytes, the maximum line length (raise it with --max-line-bytes, or maxLineBytes)\n`,
    );
    const raised = await run(['train', '--input', path('long.jsonl'), '--max-line-bytes', '2000', '--skip-invalid']);
    expect(raised.code).toBe(0);
    expect(raised.stderr).toMatch(/line 3: has 400 x values, expected 1/);
  });

  it('stops input with no newline (/dev/zero) at the limit instead of growing without end', async () => {
    const r = await run(['train', '--input', '/dev/zero', '--max-line-bytes', '100000']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('rxlogit train: /dev/zero: line 1: longer than 100,000 bytes, the maximum line length (raise it with --max-line-bytes, or maxLineBytes)\n');
  });

  it('takes a CSV first row with a number and a bad field as data, with the usual error', async () => {
    await writeFile(path('nan.csv'), '1,NaN,1\n2,3,0\n');
    const r = await run(['train', '--input', path('nan.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`rxlogit train: ${path('nan.csv')}: line 1: column 2: expected a number, got "NaN"\n`);
    await writeFile(path('header.csv'), 'x1,x2,t\n1,2,1\n');
    expect((await run(['train', '--input', path('header.csv'), '--json'])).code).toBe(0);
  });

  it('never prints an infinite loss (--init 1e308 on {"x":[1e308],"t":0})', async () => {
    await writeFile(path('huge.jsonl'), '{"x":[1e308],"t":0}\n'.repeat(3));
    for (const mode of ['sample', 'batch']) {
      const text = await run(['train', '--input', path('huge.jsonl'), '--init', '1e308', '--mode', mode]);
      expect(text.stdout).toMatch(/^mean loss: 1\.7976931348623157e\+308 /m);
      const json = await run(['train', '--input', path('huge.jsonl'), '--init', '1e308', '--mode', mode, '--json']);
      expect(JSON.parse(json.stdout).loss).toBe(Number.MAX_VALUE);
    }
  });
});
