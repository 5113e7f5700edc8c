import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFsError, openSampleFile, readSampleFile, SampleSourceError } from '../../src/data/sample-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxlogit-sample-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openSampleFile', () => {
  it('opens a file and reports its size', async () => {
    const path = join(dir, 'a.jsonl');
    await writeFile(path, '{"x":[1],"t":0}\n');
    const source = await openSampleFile(path);
    expect(source.size).toBe(16);
    source.readable.destroy();
  });

  it('fails early with the path and the problem', async () => {
    await expect(openSampleFile(join(dir, 'missing.jsonl'))).rejects.toThrow(`cannot read "${join(dir, 'missing.jsonl')}": no such file`);
    await expect(openSampleFile(dir)).rejects.toThrow(`cannot read "${dir}": it is a directory`);
    await expect(openSampleFile(dir)).rejects.toBeInstanceOf(SampleSourceError);
  });

  it('reads the given stdin for -', async () => {
    const stdin = Readable.from([Buffer.from('{"x":[2],"t":1}')]);
    const source = await openSampleFile('-', { stdin });
    expect(source.readable).toBe(stdin);
    expect(source.size).toBeUndefined();
  });
});

describe('readSampleFile', () => {
  it('reads the samples of a file', async () => {
    const path = join(dir, 'b.csv');
    await writeFile(path, 'a,t\n1,0\n2,1\n');
    const samples = [];
    for await (const chunk of readSampleFile(path, { format: 'csv' })) samples.push(...chunk.samples);
    expect(samples).toEqual([
      { x: [1], t: 0 },
      { x: [2], t: 1 },
    ]);
  });

  it('reports a read error with the path', async () => {
    const stdin = new Readable({
      read() {
        this.destroy(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }));
      },
    });
    const read = async () => {
      for await (const chunk of readSampleFile('-', { stdin })) void chunk;
    };
    await expect(read()).rejects.toThrow('cannot read standard input: EIO: i/o error, read');
  });
});

describe('describeFsError', () => {
  it('names the common problems', () => {
    expect(describeFsError(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('permission denied');
    expect(describeFsError(new Error('odd'))).toBe('odd');
  });
});
