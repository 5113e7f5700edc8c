import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atomicWriteFile, removeStaleTempFiles } from '../../src/io/atomic-write.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxlogit-atomic-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('atomicWriteFile', () => {
  it('creates a file, then replaces it, leaving no temporary file', async () => {
    const path = join(dir, 'model.json');
    await atomicWriteFile(path, 'first');
    expect(await readFile(path, 'utf8')).toBe('first');
    await atomicWriteFile(path, Buffer.from('second'));
    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['model.json']);
  });

  it('applies the mode to a new file', async () => {
    const path = join(dir, 'private.json');
    await atomicWriteFile(path, '{}', { mode: 0o600 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('fails without touching the target or leaving a temporary file', async () => {
    await expect(atomicWriteFile(join(dir, 'no-such-folder', 'm.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    const target = join(dir, 'kept.json');
    await writeFile(target, 'old');
    // Renaming a file over a folder fails after the temporary file is written.
    const folder = join(dir, 'a-folder');
    await mkdir(folder);
    await expect(atomicWriteFile(folder, 'x')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['a-folder', 'kept.json', 'model.json', 'private.json']);
    expect(await readFile(target, 'utf8')).toBe('old');
  });
});

describe('removeStaleTempFiles', () => {
  it("removes a killed writer's temporary files, and only those", () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxlogit-stale-'));
    const target = join(dir, 'm.json');
    // A pid that surely ran and ended: a child that has exited.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dir, `.m.json.${dead}.0123456789ab.tmp`), '{');
    writeFileSync(join(dir, `.m.json.${process.pid}.0123456789ab.tmp`), '{'); // a live writer's
    writeFileSync(join(dir, '.other.json.1.0123456789ab.tmp'), '{'); // another file's
    writeFileSync(join(dir, 'm.json'), '{}');
    expect(removeStaleTempFiles(target)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([`.m.json.${process.pid}.0123456789ab.tmp`, '.other.json.1.0123456789ab.tmp', 'm.json'].sort());
    expect(removeStaleTempFiles(join(dir, 'missing', 'x.json'))).toBe(0);
  });
});
