import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The reader thread runs from the compiled dist/ (a worker does not inherit a TypeScript loader): test it through the bin.
const BIN = fileURLToPath(new URL('../../bin/rxlogit.js', import.meta.url));
let dir: string;

/** Runs `rxlogit train` and returns what a user sees: the exit code, stdout and stderr. */
function train(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'train', ...args], { maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Lines of samples: about 50 bytes each, so 60,000 of them span several of the reader's 1 MiB chunks. */
function lines(count: number, seed: string): string[] {
  const rng = seedrandom(seed);
  return Array.from({ length: count }, () => {
    const t = rng() < 0.5 ? 0 : 1;
    return JSON.stringify({ x: [(t === 1 ? 1 : -1) + (rng() * 4 - 2), rng() * 4 - 2], t });
  });
}

const FILES: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxlogit-threads-'));
  const base = lines(60_000, 'threads');
  const withAt = (edits: Record<number, string>): string => base.map((l, i) => edits[i] ?? l).join('\n');
  const files: Record<string, string> = {
    valid: `${base.join('\n')}\n`,
    'no final newline, CRLF, BOM, blank lines, other keys, non-ASCII': `\uFEFF${withAt({ 5: '', 20_000: '  \t', 40_001: '{"x":[1,2],"t":1,"name":"é€😀"}', 50_000: '{"t":0,"id":7,"x":[1e3,-2E-2]}' }).replaceAll('\n', '\r\n')}`,
    'an invalid line late': withAt({ 45_123: '{"x":[1,2],"t":2}' }),
    'invalid lines, skipped': withAt({ 3: 'nope', 30_000: '{"x":[1],"t":0}', 59_999: '{"x":[1,"a"],"t":0}' }),
    'a width change late': withAt({ 41_000: '{"x":[1,2,3],"t":0}' }),
    'a long line': withAt({ 33_333: `{"x":[${'1,'.repeat(600)}1],"t":0}` }),
    'no samples': '\n\n  \n',
  };
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, `${name.replace(/[^a-z]+/g, '-')}.jsonl`);
    await writeFile(path, text);
    FILES[name] = path;
  }
  await mkdir(join(dir, 'folder.jsonl'));
  FILES.folder = join(dir, 'folder.jsonl');
  FILES.missing = join(dir, 'missing.jsonl');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rxlogit train --threads 2 (parsing on a second thread) ≡ --threads 1', () => {
  const cases: [string, string[]][] = [
    ['valid', ['--json']],
    ['valid', ['--epochs', '2', '--mode', 'minibatch', '--batch-size', '7']],
    ['no final newline, CRLF, BOM, blank lines, other keys, non-ASCII', ['--json']],
    ['an invalid line late', ['--json']],
    ['invalid lines, skipped', ['--skip-invalid']],
    ['a width change late', ['--json']],
    ['a long line', ['--max-line-bytes', '1000', '--json']],
    ['a long line', ['--max-line-bytes', '1000', '--skip-invalid', '--json']],
    ['no samples', ['--json']],
    ['folder', ['--json']],
    ['missing', ['--json']],
  ];
  for (const [file, args] of cases) {
    it(`${file} ${args.join(' ')}: same exit code, output and errors`, async () => {
      const one = await train(['--input', FILES[file]!, ...args, '--threads', '1']);
      const two = await train(['--input', FILES[file]!, ...args, '--threads', '2']);
      expect(two).toEqual(one);
      if (file === 'valid') expect(one.code).toBe(0);
      if (file === 'an invalid line late') expect(one.stderr).toMatch(/line 45124: "t" must be 0 or 1, got 2/);
    });
  }
});
