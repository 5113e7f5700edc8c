import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/rxlogit.js', import.meta.url));
const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxlogit-bin-'));
  await writeFile(join(dir, 'a.csv'), 'x1,x2,t\n1,2,1\n-1,-2,0\n2,1,1\n-2,-1,0\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bin/rxlogit.js', () => {
  it('trains from a file and prints one JSON object', async () => {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'train', '--input', join(dir, 'a.csv'), '--epochs', '5', '--json']);
    expect(stderr).toBe('');
    const result = JSON.parse(stdout);
    expect(result.n).toBe(20);
    expect(result.weights[0]).toBeGreaterThan(0);
    expect(typeof result.bias).toBe('number'); // a bias by default
  });

  it('reads stdin and exits 2 with a message on bad usage', async () => {
    const child = spawn(process.execPath, [BIN, 'train', '--input', '-', '--json']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end('{"x":[1],"t":1}\n{"x":[-1],"t":0}\n');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ n: 2, weights: [0.05], bias: 0 });
    await expect(run(process.execPath, [BIN, 'train', '--input', 'x', '--lr', 'abc'])).rejects.toMatchObject({
      code: 2,
      stderr: 'rxlogit train: --lr: expected a positive number, got "abc"\n(see rxlogit train --help)\n',
    });
  });
});
